/*
 * Loader fixture: the descriptor reports abi_major 2 (this header is major 1).
 * The host must refuse it and name both versions.
 * Otherwise a minimal valid plugin: it trades nothing (orders are rejected), and is always healthy.
 */
#include <stdlib.h>
#include <string.h>

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-extension"
#endif
#include "gateway_plugin.h"
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

#define FX_STR(literal) { literal, sizeof(literal) - 1 }

static gw_str fx_str(const char *text) {
    gw_str s;
    s.ptr = text;
    s.len = strlen(text);
    return s;
}

static void fx_complete(gw_completion_fn done, void *op_ctx, gw_status status, const char *message,
                        const gw_health *health) {
    gw_result r;
    memset(&r, 0, sizeof r);
    r.struct_size = (uint32_t)sizeof r;
    r.status = status;
    r.venue_code = fx_str("");
    r.message = fx_str(message);
    r.health = health;
    done(op_ctx, &r);
}

static gw_status fx_create(const gw_host_api *host, void *host_ctx, gw_str config_json, void **out_instance,
                           char *error_message, size_t error_capacity) {
    (void)host;
    (void)host_ctx;
    (void)config_json;
    *out_instance = malloc(1);
    if (*out_instance == NULL) {
        if (error_capacity > 0) {
            strncpy(error_message, "out of memory", error_capacity - 1);
            error_message[error_capacity - 1] = '\0';
        }
        return GW_ERR_INTERNAL;
    }
    return GW_OK;
}

static void fx_destroy(void *instance) {
    free(instance);
}

static void fx_place_order(void *instance, const gw_order *order, gw_completion_fn done, void *op_ctx) {
    (void)instance;
    (void)order;
    fx_complete(done, op_ctx, GW_ERR_VENUE_REJECTED, "abimajor2 is a test fixture and does not trade", NULL);
}

static void fx_cancel_order(void *instance, const gw_cancel *cancel, gw_completion_fn done, void *op_ctx) {
    (void)instance;
    (void)cancel;
    fx_complete(done, op_ctx, GW_ERR_NOT_FOUND, "abimajor2 has no orders", NULL);
}

static void fx_health(void *instance, gw_completion_fn done, void *op_ctx) {
    gw_health health;
    (void)instance;
    memset(&health, 0, sizeof health);
    health.struct_size = (uint32_t)sizeof health;
    health.healthy = 1;
    health.latency_us = -1;
    health.detail = fx_str("fixture");
    fx_complete(done, op_ctx, GW_OK, "", &health);
}

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
