/*
 * Loader fixture: a valid shared object that exports a function, but not gw_plugin_entry.
 * The host must refuse it, naming the missing symbol.
 */
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-extension"
#endif
#include "gateway_plugin.h"
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

GW_PLUGIN_EXPORT int gw_fixture_not_an_entry(int x);

GW_PLUGIN_EXPORT int gw_fixture_not_an_entry(int x) {
    return x + 1;
}
