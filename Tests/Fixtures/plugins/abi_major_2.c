/*
 * Loader fixture: the descriptor reports abi_major 2 (this header is major 1).
 * The host must refuse it and name both versions.
 * Otherwise a minimal valid plugin: it trades nothing (orders are rejected), and is always healthy.
 */
#include "fixture_common.h"

static const gw_str fx_venues[] = { FX_STR("abimajor2") };

static const gw_plugin fx_descriptor = {
    .struct_size = sizeof(gw_plugin),
    .abi_major = 2,
    .abi_minor = GW_ABI_MINOR,
    .name = FX_STR("abimajor2"),
    .version = FX_STR("0.0.1"),
    .description = FX_STR("Fixture: descriptor of ABI major 2"),
    .venues = fx_venues,
    .venue_count = 1,
    .capabilities = GW_CAP_LIMIT_ORDERS,
    .client_order_id_max_len = 32,
    .client_order_id_charset = FX_STR("-_"),
    .rate_limits = NULL,
    .rate_limit_count = 0,
    .create = fx_create,
    .destroy = fx_destroy,
    .place_order = fx_place_order,
    .cancel_order = fx_cancel_order,
    .health = fx_health,
};

GW_PLUGIN_EXPORT const gw_plugin *gw_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor);

GW_PLUGIN_EXPORT const gw_plugin *gw_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &fx_descriptor;
}
