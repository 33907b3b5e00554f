/* A plugin that breaks the completion rule on purpose, to test the host's enforcement.
 * Config "mode": "twice" completes every operation two times; "never" never completes. */
#include <gateway_plugin.h>
#include <string.h>

typedef struct { int twice; } instance_t;
static instance_t instances[8];
static int used;

static gw_str s(const char *text) { gw_str r = { text, strlen(text) }; return r; }

static gw_status create(const gw_host_api *host, void *host_ctx, gw_str config, void **out, char *err, size_t cap) {
    (void)host; (void)host_ctx; (void)err; (void)cap;
    if (used >= 8) return GW_ERR_INTERNAL;
    instance_t *inst = &instances[used++];
    inst->twice = 0;
    for (size_t i = 0; i + 7 <= config.len; i++)
        if (memcmp(config.ptr + i, "\"twice\"", 7) == 0) inst->twice = 1;
    *out = inst;
    return GW_OK;
}

static void destroy(void *instance) { (void)instance; }

static void answer(void *instance, gw_completion_fn done, void *ctx) {
    instance_t *inst = instance;
    if (!inst->twice) return; /* "never" */
    gw_order_report report;
    memset(&report, 0, sizeof report);
    report.struct_size = sizeof report;
    report.client_order_id = s("x");
    report.venue_order_id = s("v-1");
    report.market = s("M");
    report.side = GW_SIDE_BUY;
    report.state = GW_STATE_FILLED;
    report.quantity = s("1");
    report.filled_quantity = s("1");
    report.average_fill_price = s("1");
    gw_result result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    result.status = GW_OK;
    result.orders = &report;
    result.order_count = 1;
    done(ctx, &result);
    done(ctx, &result); /* the contract violation under test */
}

static void place(void *i, const gw_order *o, gw_completion_fn d, void *c) { (void)o; answer(i, d, c); }
static void cancel(void *i, const gw_cancel *w, gw_completion_fn d, void *c) { (void)w; answer(i, d, c); }
static void health(void *i, gw_completion_fn d, void *c) { answer(i, d, c); }

static const gw_str venues[] = { { "misbehaving", 11 } };

static const gw_plugin descriptor = {
    sizeof(gw_plugin), GW_ABI_MAJOR, GW_ABI_MINOR,
    { "misbehaving", 11 }, { "1.0.0", 5 }, { "breaks the exactly-once rule", 28 },
    venues, 1, GW_CAP_MARKET_ORDERS | GW_CAP_LIMIT_ORDERS, 16, { "", 0 }, NULL, 0,
    create, destroy, place, cancel, NULL, NULL, NULL, NULL, NULL, health,
};

GW_PLUGIN_EXPORT const gw_plugin *gw_plugin_entry(uint32_t major, uint32_t minor) {
    (void)major; (void)minor;
    return &descriptor;
}
