/*
 * Shared stubs for the loader fixtures: a minimal valid plugin that trades nothing (orders are
 * rejected) and is always healthy. Each fixture defines only its descriptor and entry point and
 * breaks one rule of the contract on purpose.
 */
#ifndef FIXTURE_COMMON_H
#define FIXTURE_COMMON_H
#include <stdlib.h>
#include <string.h>

#include "gateway_plugin.h"

#define FX_STR(literal) { literal, sizeof(literal) - 1 }

static inline gw_str fx_str(const char *text) {
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

__attribute__((unused)) static gw_status fx_create(const gw_host_api *host, void *host_ctx, gw_str config_json, void **out_instance,
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
    fx_complete(done, op_ctx, GW_ERR_VENUE_REJECTED, "this plugin is a test fixture and does not trade", NULL);
}

static void fx_cancel_order(void *instance, const gw_cancel *cancel, gw_completion_fn done, void *op_ctx) {
    (void)instance;
    (void)cancel;
    fx_complete(done, op_ctx, GW_ERR_NOT_FOUND, "this fixture has no orders", NULL);
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

#endif /* FIXTURE_COMMON_H */
