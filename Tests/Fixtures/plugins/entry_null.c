/*
 * Loader fixture: gw_plugin_entry exists but returns NULL (the plugin declines this host).
 */
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-extension"
#endif
#include "gateway_plugin.h"
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

GW_PLUGIN_EXPORT const gw_plugin *gw_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor);

GW_PLUGIN_EXPORT const gw_plugin *gw_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return NULL;
}
