/*
 * acme_venue.c — an example venue plugin for the Gateway, in plain C99.
 *
 * "acme" is a local venue: it matches orders itself, without any network, so it can trade in
 * `gateway simulate`. It needs nothing but gateway_plugin.h and libc, and exports one symbol,
 * gw_plugin_entry.
 *
 *   MARKET orders fill at once: at the price bound (limit_price) if one is given, else at 0.50 for a
 *          binary outcome (YES/NO) and at 100 otherwise.
 *   LIMIT  GTC orders rest (OPEN) until cancelled; IOC and FOK orders fill at their limit price.
 *
 * Every operation completes inline. The host serialises calls into one instance, so the instance
 * needs no lock; strings handed to the host point into the instance's tables or the caller's stack
 * and stay valid until the completion (or emit_event) returns. No global mutable state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The header's nullability qualifiers are a Clang extension that `clang -pedantic` warns about. */
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-extension"
#endif
#include "gateway_plugin.h"
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

#if defined(__GNUC__)
#define ACME_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define ACME_PRINTF(fmt, args)
#endif

/* ---- Limits ---------------------------------------------------------------------------------- */

#define ACME_MAX_ORDERS    4096                  /* order table; oldest finished orders are forgotten */
#define ACME_EVICT_BATCH   (ACME_MAX_ORDERS / 4) /* how many finished orders to forget when it is full */
#define ACME_MAX_POSITIONS 1024                  /* distinct market + outcome pairs */
#define ACME_ID_MAX        64                    /* client order id, also client_order_id_max_len */
#define ACME_MARKET_MAX    128                   /* bytes of a market id */
#define ACME_DECIMAL_MAX   40                    /* characters of a decimal string */
#define ACME_INT_DIGITS    10                    /* integer digits of a quantity or price */
#define ACME_FRAC_DIGITS   8                     /* decimal places of a quantity or price */
#define ACME_SCALE         100000000LL           /* 10^ACME_FRAC_DIGITS: positions are kept in these units */
#define ACME_MSG_MAX       320

/* ---- State ----------------------------------------------------------------------------------- */

typedef struct acme_order {
    unsigned long long seq;                   /* n of the venue order id "acme-<n>" */
    char client_id[ACME_ID_MAX + 1];
    char venue_id[32];
    char market[ACME_MARKET_MAX];             /* not NUL-terminated: market_len bytes */
    size_t market_len;
    gw_side side;
    gw_outcome outcome;
    gw_order_type type;
    gw_time_in_force tif;
    char quantity[ACME_DECIMAL_MAX + 1];
    char limit_price[ACME_DECIMAL_MAX + 1];   /* "" for market orders */
    char fill_price[ACME_DECIMAL_MAX + 1];    /* "" until filled */
    gw_order_state state;
    int64_t updated_ms;
} acme_order;

typedef struct acme_position {
    char market[ACME_MARKET_MAX];
    size_t market_len;
    gw_outcome outcome;
    long long units;                          /* net signed size in 1e-8 units */
} acme_position;

typedef struct acme_instance {
    const gw_host_api *host;
    void *host_ctx;
    char venue[ACME_ID_MAX + 1];
    char trade_prefix[40];                    /* "acme-<16 hex>": makes trade ids unique across instances */
    unsigned long long next_order;
    unsigned long long next_trade;
    size_t order_count;                       /* orders[0..order_count) in placement order */
    acme_order orders[ACME_MAX_ORDERS];
    size_t position_count;
    acme_position positions[ACME_MAX_POSITIONS];
    /* Scratch space for results with many entries (valid until the completion returns). */
    gw_order_report report_buf[ACME_MAX_ORDERS];
    gw_position position_buf[ACME_MAX_POSITIONS];
    char position_text[ACME_MAX_POSITIONS][24];
} acme_instance;

/* ---- Small helpers --------------------------------------------------------------------------- */

static gw_str acme_str(const char *text) {
    gw_str s;
    s.ptr = text;
    s.len = strlen(text);
    return s;
}

static gw_str acme_strn(const char *text, size_t len) {
    gw_str s;
    s.ptr = text;
    s.len = len;
    return s;
}

static int acme_equal(gw_str a, const char *b, size_t b_len) {
    return a.len == b_len && (b_len == 0 || memcmp(a.ptr, b, b_len) == 0);
}

static int64_t acme_now_ms(const acme_instance *in) {
    return in->host->now_unix_ns(in->host_ctx) / 1000000;
}

static void acme_log(const acme_instance *in, gw_log_level level, const char *text) {
    in->host->log(in->host_ctx, level, acme_str(text));
}

/* A printable preview of untrusted text for messages: ASCII only, at most 40 characters. */
static const char *acme_preview(char *out, size_t capacity, gw_str s) {
    size_t i, n = 0, limit = s.len < 40 ? s.len : 40;
    for (i = 0; i < limit && n + 1 < capacity; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        out[n++] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
    }
    if (s.len > limit && n + 4 < capacity) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
    return out;
}

static void acme_format(char *out, size_t capacity, const char *fmt, ...) ACME_PRINTF(3, 4);
static void acme_format(char *out, size_t capacity, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    vsnprintf(out, capacity, fmt, args);
    va_end(args);
}

static int acme_is_open(const acme_order *o) {
    return o->state == GW_STATE_OPEN || o->state == GW_STATE_PARTIALLY_FILLED;
}

static const char *acme_state_name(gw_order_state state) {
    switch (state) {
    case GW_STATE_OPEN: return "open";
    case GW_STATE_PARTIALLY_FILLED: return "partially filled";
    case GW_STATE_FILLED: return "filled";
    case GW_STATE_CANCELLED: return "cancelled";
    case GW_STATE_REJECTED: return "rejected";
    case GW_STATE_EXPIRED: return "expired";
    default: return "unknown";
    }
}

/* ---- Completions ----------------------------------------------------------------------------- */

static void acme_fail(gw_completion_fn done, void *op_ctx, gw_status status, const char *venue_code,
                      const char *message) {
    gw_result r;
    memset(&r, 0, sizeof r);
    r.struct_size = (uint32_t)sizeof r;
    r.status = status;
    r.venue_code = acme_str(venue_code);
    r.message = acme_str(message);
    done(op_ctx, &r);
}

static void acme_failf(gw_completion_fn done, void *op_ctx, gw_status status, const char *venue_code,
                       const char *fmt, ...) ACME_PRINTF(5, 6);
static void acme_failf(gw_completion_fn done, void *op_ctx, gw_status status, const char *venue_code,
                       const char *fmt, ...) {
    char message[ACME_MSG_MAX];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    acme_fail(done, op_ctx, status, venue_code, message);
}

static gw_result acme_ok(void) {
    gw_result r;
    memset(&r, 0, sizeof r);
    r.struct_size = (uint32_t)sizeof r;
    r.status = GW_OK;
    r.venue_code = acme_str("");
    r.message = acme_str("");
    return r;
}

static void acme_succeed_orders(gw_completion_fn done, void *op_ctx, const gw_order_report *reports, size_t count) {
    gw_result r = acme_ok();
    r.orders = count > 0 ? reports : NULL;
    r.order_count = count;
    done(op_ctx, &r);
}

static gw_order_report acme_report(const acme_order *o) {
    gw_order_report rep;
    memset(&rep, 0, sizeof rep);
    rep.struct_size = (uint32_t)sizeof rep;
    rep.client_order_id = acme_str(o->client_id);
    rep.venue_order_id = acme_str(o->venue_id);
    rep.market = acme_strn(o->market, o->market_len);
    rep.side = o->side;
    rep.outcome = o->outcome;
    rep.state = o->state;
    rep.quantity = acme_str(o->quantity);
    rep.filled_quantity = acme_str(o->state == GW_STATE_FILLED ? o->quantity : "0");
    rep.average_fill_price = acme_str(o->fill_price);
    rep.limit_price = acme_str(o->limit_price);
    rep.fee = acme_str("0");
    rep.updated_at_unix_ms = o->updated_ms;
    return rep;
}

/* ---- Decimal strings ------------------------------------------------------------------------- */

enum { ACME_DEC_OK, ACME_DEC_EMPTY, ACME_DEC_SYNTAX, ACME_DEC_TOO_LONG, ACME_DEC_RANGE, ACME_DEC_PRECISION };

/*
 * Parses a plain decimal "-?digits(.digits)?" (no exponent, no '+', no spaces) into 1e-8 units.
 * At most ACME_INT_DIGITS significant integer digits and ACME_FRAC_DIGITS non-zero decimals.
 */
static int acme_parse_decimal(gw_str s, long long *out) {
    size_t i = 0, int_digits = 0, frac_digits = 0, significant = 0;
    unsigned long long whole = 0, frac = 0;
    int negative = 0, too_big = 0, too_fine = 0;
    if (s.len == 0 || s.ptr == NULL) return ACME_DEC_EMPTY;
    if (s.len > ACME_DECIMAL_MAX) return ACME_DEC_TOO_LONG;
    if (s.ptr[0] == '-') {
        negative = 1;
        i = 1;
    }
    for (; i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9'; i++) {
        int digit = s.ptr[i] - '0';
        int_digits++;
        if (significant == 0 && digit == 0) continue;
        if (++significant > ACME_INT_DIGITS) too_big = 1;
        else whole = whole * 10 + (unsigned long long)digit;
    }
    if (int_digits == 0) return ACME_DEC_SYNTAX;
    if (i < s.len) {
        if (s.ptr[i] != '.') return ACME_DEC_SYNTAX;
        for (i++; i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9'; i++) {
            int digit = s.ptr[i] - '0';
            frac_digits++;
            if (frac_digits <= ACME_FRAC_DIGITS) frac = frac * 10 + (unsigned long long)digit;
            else if (digit != 0) too_fine = 1;
        }
        if (frac_digits == 0 || i < s.len) return ACME_DEC_SYNTAX;
    }
    if (too_big) return ACME_DEC_RANGE;
    if (too_fine) return ACME_DEC_PRECISION;
    for (; frac_digits < ACME_FRAC_DIGITS; frac_digits++) frac *= 10;
    *out = (long long)(whole * (unsigned long long)ACME_SCALE + frac);
    if (negative) *out = -*out;
    return ACME_DEC_OK;
}

/* Checks that `s` is a positive decimal; on failure writes a message naming `field`. */
static int acme_positive_decimal(gw_str s, const char *field, long long *units, char *message, size_t capacity) {
    char preview[48];
    long long value = 0;
    switch (acme_parse_decimal(s, &value)) {
    case ACME_DEC_OK:
        if (value > 0) {
            *units = value;
            return 1;
        }
        acme_format(message, capacity, "%s '%s' must be greater than zero", field, acme_preview(preview, sizeof preview, s));
        return 0;
    case ACME_DEC_EMPTY:
        acme_format(message, capacity, "%s is empty", field);
        return 0;
    case ACME_DEC_TOO_LONG:
        acme_format(message, capacity, "%s is longer than %d characters", field, ACME_DECIMAL_MAX);
        return 0;
    case ACME_DEC_RANGE:
        acme_format(message, capacity, "%s '%s' has more than %d integer digits", field,
                    acme_preview(preview, sizeof preview, s), ACME_INT_DIGITS);
        return 0;
    case ACME_DEC_PRECISION:
        acme_format(message, capacity, "%s '%s' has more than %d decimal places", field,
                    acme_preview(preview, sizeof preview, s), ACME_FRAC_DIGITS);
        return 0;
    default:
        acme_format(message, capacity, "%s '%s' is not a plain decimal number (digits, optionally '.' and digits)",
                    field, acme_preview(preview, sizeof preview, s));
        return 0;
    }
}

/* Formats 1e-8 units as a plain decimal string without trailing zeros. */
static void acme_format_units(long long units, char *out, size_t capacity) {
    unsigned long long magnitude = units < 0 ? (unsigned long long)(-(units + 1)) + 1u : (unsigned long long)units;
    unsigned long long whole = magnitude / (unsigned long long)ACME_SCALE;
    unsigned long long frac = magnitude % (unsigned long long)ACME_SCALE;
    const char *sign = units < 0 ? "-" : "";
    if (frac == 0) {
        acme_format(out, capacity, "%s%llu", sign, whole);
    } else {
        int digits = ACME_FRAC_DIGITS;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        acme_format(out, capacity, "%s%llu.%0*llu", sign, whole, digits, frac);
    }
}

/* ---- Lookups --------------------------------------------------------------------------------- */

static acme_order *acme_find_client(acme_instance *in, gw_str id) {
    size_t i;
    for (i = 0; i < in->order_count; i++) {
        if (acme_equal(id, in->orders[i].client_id, strlen(in->orders[i].client_id))) return &in->orders[i];
    }
    return NULL;
}

static acme_order *acme_find_venue(acme_instance *in, gw_str id) {
    size_t i;
    for (i = 0; i < in->order_count; i++) {
        if (acme_equal(id, in->orders[i].venue_id, strlen(in->orders[i].venue_id))) return &in->orders[i];
    }
    return NULL;
}

/* The minimum struct sizes of ABI 1.0: a host of major 1 always sends at least these fields. */
#define ACME_ORDER_MIN_SIZE  (offsetof(gw_order, expire_at_unix_ms) + sizeof(int64_t))
#define ACME_CANCEL_MIN_SIZE (offsetof(gw_cancel, client_order_id) + sizeof(gw_str))

/*
 * Finds the order a gw_cancel names: every identifier given (venue id, client id, market) must
 * match it. Completes the operation with an error and returns NULL if there is none.
 */
static acme_order *acme_resolve(acme_instance *in, const gw_cancel *which, gw_completion_fn done, void *op_ctx) {
    char p1[48], p2[48];
    acme_order *o;
    if (which->struct_size < ACME_CANCEL_MIN_SIZE) {
        acme_failf(done, op_ctx, GW_ERR_INTERNAL, "", "gw_cancel is %u bytes, ABI 1.0 needs at least %u",
                   (unsigned)which->struct_size, (unsigned)ACME_CANCEL_MIN_SIZE);
        return NULL;
    }
    if (which->venue_order_id.len == 0 && which->client_order_id.len == 0) {
        acme_fail(done, op_ctx, GW_ERR_INVALID_ORDER, "", "venue_order_id and client_order_id are both empty");
        return NULL;
    }
    o = which->venue_order_id.len > 0 ? acme_find_venue(in, which->venue_order_id)
                                      : acme_find_client(in, which->client_order_id);
    if (o != NULL && which->client_order_id.len > 0
        && !acme_equal(which->client_order_id, o->client_id, strlen(o->client_id))) {
        o = NULL;
    }
    if (o == NULL) {
        acme_failf(done, op_ctx, GW_ERR_NOT_FOUND, "order_not_found", "no order with venue_order_id '%s' and client_order_id '%s'",
                   acme_preview(p1, sizeof p1, which->venue_order_id), acme_preview(p2, sizeof p2, which->client_order_id));
        return NULL;
    }
    if (which->market.len > 0 && !acme_equal(which->market, o->market, o->market_len)) {
        acme_failf(done, op_ctx, GW_ERR_NOT_FOUND, "order_not_found", "order '%s' is not on market '%s'", o->client_id,
                   acme_preview(p1, sizeof p1, which->market));
        return NULL;
    }
    return o;
}

/* ---- Positions ------------------------------------------------------------------------------- */

static acme_position *acme_find_position(acme_instance *in, const char *market, size_t market_len, gw_outcome outcome) {
    size_t i;
    for (i = 0; i < in->position_count; i++) {
        acme_position *p = &in->positions[i];
        if (p->outcome == outcome && p->market_len == market_len && memcmp(p->market, market, market_len) == 0) return p;
    }
    return NULL;
}

/* 1 if a fill of `delta` units fits in the position table and in the position's range. */
static int acme_position_fits(acme_instance *in, const char *market, size_t market_len, gw_outcome outcome,
                              long long delta, char *message, size_t capacity) {
    const long long max = 0x7fffffffffffffffLL;
    acme_position *p = acme_find_position(in, market, market_len, outcome);
    long long current = p != NULL ? p->units : 0;
    if (p == NULL && in->position_count >= ACME_MAX_POSITIONS) {
        acme_format(message, capacity, "position table is full (%d markets and outcomes)", ACME_MAX_POSITIONS);
        return 0;
    }
    if ((delta > 0 && current > max - delta) || (delta < 0 && current < -max - delta)) {
        acme_format(message, capacity, "position limit exceeded");
        return 0;
    }
    return 1;
}

static void acme_position_add(acme_instance *in, const char *market, size_t market_len, gw_outcome outcome, long long delta) {
    acme_position *p = acme_find_position(in, market, market_len, outcome);
    if (p == NULL) {
        p = &in->positions[in->position_count++];
        memcpy(p->market, market, market_len);
        p->market_len = market_len;
        p->outcome = outcome;
        p->units = 0;
    }
    p->units += delta;
}

/* Forgets the oldest finished orders when the table is full. 0 if every order is still open. */
static int acme_make_room(acme_instance *in) {
    size_t read, write = 0, dropped = 0;
    char line[96];
    if (in->order_count < ACME_MAX_ORDERS) return 1;
    for (read = 0; read < in->order_count; read++) {
        if (dropped < ACME_EVICT_BATCH && !acme_is_open(&in->orders[read])) {
            dropped++;
            continue;
        }
        if (write != read) in->orders[write] = in->orders[read];
        write++;
    }
    in->order_count = write;
    if (dropped > 0) {
        acme_format(line, sizeof line, "order table full: forgot the %lu oldest finished orders", (unsigned long)dropped);
        acme_log(in, GW_LOG_INFO, line);
    }
    return dropped > 0;
}

/* ---- Operations ------------------------------------------------------------------------------ */

static void acme_place_order(void *instance, const gw_order *order, gw_completion_fn done, void *op_ctx) {
    acme_instance *in = (acme_instance *)instance;
    char message[ACME_MSG_MAX], preview[48];
    long long quantity_units = 0, price_units = 0;
    gw_str price_text;
    int fills, binary;
    size_t i;
    acme_order *o;
    gw_order_report report;

    if (order->struct_size < ACME_ORDER_MIN_SIZE) {
        acme_failf(done, op_ctx, GW_ERR_INTERNAL, "", "gw_order is %u bytes, ABI 1.0 needs at least %u",
                   (unsigned)order->struct_size, (unsigned)ACME_ORDER_MIN_SIZE);
        return;
    }

    /* Client order id: the idempotency key, [A-Za-z0-9_-]{1,64}. */
    if (order->client_order_id.len == 0) {
        acme_fail(done, op_ctx, GW_ERR_INVALID_ORDER, "", "client_order_id is empty");
        return;
    }
    if (order->client_order_id.len > ACME_ID_MAX) {
        acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "", "client_order_id is longer than %d characters", ACME_ID_MAX);
        return;
    }
    for (i = 0; i < order->client_order_id.len; i++) {
        char c = order->client_order_id.ptr[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
            acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "",
                       "client_order_id '%s' may only contain A-Z, a-z, 0-9, '-' and '_'",
                       acme_preview(preview, sizeof preview, order->client_order_id));
            return;
        }
    }

    /* Market. */
    if (order->market.len == 0) {
        acme_fail(done, op_ctx, GW_ERR_INVALID_ORDER, "", "market is empty");
        return;
    }
    if (order->market.len > ACME_MARKET_MAX) {
        acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "", "market is longer than %d bytes", ACME_MARKET_MAX);
        return;
    }
    for (i = 0; i < order->market.len; i++) {
        unsigned char c = (unsigned char)order->market.ptr[i];
        if (c < 0x20 || c == 0x7f) {
            acme_fail(done, op_ctx, GW_ERR_INVALID_ORDER, "", "market contains a control character");
            return;
        }
    }

    /* Enumerations and flags. */
    if (order->side != GW_SIDE_BUY && order->side != GW_SIDE_SELL) {
        acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "", "side %d is not buy (1) or sell (2)", (int)order->side);
        return;
    }
    if (order->outcome != GW_OUTCOME_NONE && order->outcome != GW_OUTCOME_YES && order->outcome != GW_OUTCOME_NO) {
        acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "", "outcome %d is not none (0), yes (1) or no (2)", (int)order->outcome);
        return;
    }
    if (order->type != GW_ORDER_MARKET && order->type != GW_ORDER_LIMIT) {
        acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "", "order type %d is not market (1) or limit (2)", (int)order->type);
        return;
    }
    if (order->time_in_force == GW_TIF_GTD) {
        acme_fail(done, op_ctx, GW_ERR_UNSUPPORTED, "", "time_in_force GTD is not supported by acme");
        return;
    }
    if (order->time_in_force != GW_TIF_GTC && order->time_in_force != GW_TIF_IOC && order->time_in_force != GW_TIF_FOK) {
        acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "", "time_in_force %d is not GTC (1), IOC (2), FOK (3) or GTD (4)",
                   (int)order->time_in_force);
        return;
    }
    if ((order->flags & ~(uint32_t)(GW_ORDER_FLAG_REDUCE_ONLY | GW_ORDER_FLAG_POST_ONLY)) != 0) {
        acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "", "flags 0x%x has unknown bits", (unsigned)order->flags);
        return;
    }
    if (order->flags & GW_ORDER_FLAG_POST_ONLY) {
        acme_fail(done, op_ctx, GW_ERR_UNSUPPORTED, "", "post-only orders are not supported by acme");
        return;
    }
    if (order->flags & GW_ORDER_FLAG_REDUCE_ONLY) {
        acme_fail(done, op_ctx, GW_ERR_UNSUPPORTED, "", "reduce-only orders are not supported by acme");
        return;
    }

    /* Numbers. */
    if (!acme_positive_decimal(order->quantity, "quantity", &quantity_units, message, sizeof message)) {
        acme_fail(done, op_ctx, GW_ERR_INVALID_ORDER, "", message);
        return;
    }
    binary = order->outcome != GW_OUTCOME_NONE;
    if (order->type == GW_ORDER_LIMIT || order->limit_price.len > 0) {
        const char *field = order->type == GW_ORDER_LIMIT ? "limit_price" : "limit_price (price bound)";
        if (!acme_positive_decimal(order->limit_price, field, &price_units, message, sizeof message)) {
            acme_fail(done, op_ctx, GW_ERR_INVALID_ORDER, "", message);
            return;
        }
        if (binary && price_units >= ACME_SCALE) {
            acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "", "%s '%s' must be below 1 for a binary outcome", field,
                       acme_preview(preview, sizeof preview, order->limit_price));
            return;
        }
    }

    /* Idempotency: a client order id is accepted once. */
    if (acme_find_client(in, order->client_order_id) != NULL) {
        acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "duplicate_client_order_id", "duplicate client order id '%s'",
                   acme_preview(preview, sizeof preview, order->client_order_id));
        return;
    }

    /* Matching: market orders and IOC/FOK limits fill now, GTC limits rest. */
    fills = order->type == GW_ORDER_MARKET || order->time_in_force == GW_TIF_IOC || order->time_in_force == GW_TIF_FOK;
    if (fills) {
        long long delta = order->side == GW_SIDE_BUY ? quantity_units : -quantity_units;
        if (!acme_position_fits(in, order->market.ptr, order->market.len, order->outcome, delta, message, sizeof message)) {
            acme_fail(done, op_ctx, GW_ERR_VENUE_REJECTED, "position_limit", message);
            return;
        }
    }
    if (!acme_make_room(in)) {
        acme_failf(done, op_ctx, GW_ERR_VENUE_REJECTED, "too_many_open_orders", "too many open orders (%d)", ACME_MAX_ORDERS);
        return;
    }

    /* Record the order. */
    o = &in->orders[in->order_count++];
    memset(o, 0, sizeof *o);
    o->seq = ++in->next_order;
    memcpy(o->client_id, order->client_order_id.ptr, order->client_order_id.len);
    acme_format(o->venue_id, sizeof o->venue_id, "acme-%llu", o->seq);
    memcpy(o->market, order->market.ptr, order->market.len);
    o->market_len = order->market.len;
    o->side = order->side;
    o->outcome = order->outcome;
    o->type = order->type;
    o->tif = order->time_in_force;
    memcpy(o->quantity, order->quantity.ptr, order->quantity.len);
    if (order->type == GW_ORDER_LIMIT) memcpy(o->limit_price, order->limit_price.ptr, order->limit_price.len);
    o->state = GW_STATE_OPEN;
    o->updated_ms = acme_now_ms(in);

    if (fills) {
        char trade_id[64];
        gw_fill fill;
        gw_event event;
        /* The limit price (or a market order's price bound) if given, else the house price. */
        price_text = order->limit_price.len > 0 ? order->limit_price : acme_str(binary ? "0.50" : "100");
        memcpy(o->fill_price, price_text.ptr, price_text.len);
        o->state = GW_STATE_FILLED;
        acme_position_add(in, o->market, o->market_len, o->outcome, o->side == GW_SIDE_BUY ? quantity_units : -quantity_units);

        acme_format(trade_id, sizeof trade_id, "%s-%llu", in->trade_prefix, ++in->next_trade);
        memset(&fill, 0, sizeof fill);
        fill.struct_size = (uint32_t)sizeof fill;
        fill.client_order_id = acme_str(o->client_id);
        fill.venue_order_id = acme_str(o->venue_id);
        fill.trade_id = acme_str(trade_id);
        fill.market = acme_strn(o->market, o->market_len);
        fill.side = o->side;
        fill.outcome = o->outcome;
        fill.quantity = acme_str(o->quantity);
        fill.price = acme_str(o->fill_price);
        fill.fee = acme_str("0");
        fill.filled_at_unix_ms = o->updated_ms;
        memset(&event, 0, sizeof event);
        event.struct_size = (uint32_t)sizeof event;
        event.kind = GW_EVENT_FILL;
        event.fill = &fill;
        event.message = acme_str("");
        in->host->emit_event(in->host_ctx, &event);
    }

    report = acme_report(o);
    acme_succeed_orders(done, op_ctx, &report, 1);
}

static void acme_cancel_order(void *instance, const gw_cancel *cancel, gw_completion_fn done, void *op_ctx) {
    acme_instance *in = (acme_instance *)instance;
    gw_order_report report;
    acme_order *o = acme_resolve(in, cancel, done, op_ctx);
    if (o == NULL) return;
    if (!acme_is_open(o)) {
        acme_failf(done, op_ctx, GW_ERR_INVALID_ORDER, "order_not_open", "order is not open: '%s' is %s", o->client_id,
                   acme_state_name(o->state));
        return;
    }
    o->state = GW_STATE_CANCELLED;
    o->updated_ms = acme_now_ms(in);
    report = acme_report(o);
    acme_succeed_orders(done, op_ctx, &report, 1);
}

static void acme_cancel_all(void *instance, gw_str market, gw_completion_fn done, void *op_ctx) {
    acme_instance *in = (acme_instance *)instance;
    size_t i, n = 0;
    int64_t now = acme_now_ms(in);
    for (i = 0; i < in->order_count; i++) {
        acme_order *o = &in->orders[i];
        if (!acme_is_open(o) || (market.len > 0 && !acme_equal(market, o->market, o->market_len))) continue;
        o->state = GW_STATE_CANCELLED;
        o->updated_ms = now;
        in->report_buf[n++] = acme_report(o);
    }
    acme_succeed_orders(done, op_ctx, in->report_buf, n);
}

static void acme_open_orders(void *instance, gw_str market, gw_completion_fn done, void *op_ctx) {
    acme_instance *in = (acme_instance *)instance;
    size_t i, n = 0;
    for (i = 0; i < in->order_count; i++) {
        const acme_order *o = &in->orders[i];
        if (!acme_is_open(o) || (market.len > 0 && !acme_equal(market, o->market, o->market_len))) continue;
        in->report_buf[n++] = acme_report(o);
    }
    acme_succeed_orders(done, op_ctx, in->report_buf, n);
}

static void acme_query_order(void *instance, const gw_cancel *which, gw_completion_fn done, void *op_ctx) {
    acme_instance *in = (acme_instance *)instance;
    gw_order_report report;
    acme_order *o = acme_resolve(in, which, done, op_ctx);
    if (o == NULL) return;
    report = acme_report(o);
    acme_succeed_orders(done, op_ctx, &report, 1);
}

static void acme_positions(void *instance, gw_completion_fn done, void *op_ctx) {
    acme_instance *in = (acme_instance *)instance;
    gw_result r = acme_ok();
    size_t i, n = 0;
    for (i = 0; i < in->position_count; i++) {
        const acme_position *p = &in->positions[i];
        gw_position *out = &in->position_buf[n];
        if (p->units == 0) continue;
        acme_format_units(p->units, in->position_text[n], sizeof in->position_text[n]);
        memset(out, 0, sizeof *out);
        out->struct_size = (uint32_t)sizeof *out;
        out->market = acme_strn(p->market, p->market_len);
        out->outcome = p->outcome;
        out->size = acme_str(in->position_text[n]);
        out->average_entry_price = acme_str("");
        out->mark_price = acme_str("");
        out->unrealized_pnl = acme_str("");
        n++;
    }
    r.positions = n > 0 ? in->position_buf : NULL;
    r.position_count = n;
    done(op_ctx, &r);
}

static void acme_balances(void *instance, gw_completion_fn done, void *op_ctx) {
    gw_result r = acme_ok();
    gw_balance balance;
    (void)instance;
    memset(&balance, 0, sizeof balance);
    balance.struct_size = (uint32_t)sizeof balance;
    balance.currency = acme_str("USD");
    balance.total = acme_str("10000");
    balance.available = acme_str("10000");
    r.balances = &balance;
    r.balance_count = 1;
    done(op_ctx, &r);
}

static void acme_health(void *instance, gw_completion_fn done, void *op_ctx) {
    gw_result r = acme_ok();
    gw_health health;
    (void)instance;
    memset(&health, 0, sizeof health);
    health.struct_size = (uint32_t)sizeof health;
    health.healthy = 1;
    health.latency_us = -1;
    health.clock_offset_ms = 0;
    health.detail = acme_str("local");
    r.health = &health;
    done(op_ctx, &r);
}

/* ---- Configuration: a minimal JSON reader ---------------------------------------------------- */

typedef struct acme_json {
    const char *p;
    const char *end;
} acme_json;

static void acme_json_ws(acme_json *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

static int acme_is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A string at j->p; [*start, *stop) is its raw content (escapes not decoded). */
static int acme_json_string(acme_json *j, const char **start, const char **stop) {
    if (j->p >= j->end || *j->p != '"') return 0;
    *start = ++j->p;
    while (j->p < j->end) {
        unsigned char c = (unsigned char)*j->p;
        if (c == '"') {
            *stop = j->p++;
            return 1;
        }
        if (c < 0x20) return 0;
        if (c == '\\') {
            if (++j->p >= j->end) return 0;
            if (*j->p == 'u') {
                int k;
                for (k = 0; k < 4; k++) {
                    if (++j->p >= j->end || !acme_is_hex(*j->p)) return 0;
                }
            } else if (!strchr("\"\\/bfnrt", *j->p) || *j->p == '\0') {
                return 0;
            }
        }
        j->p++;
    }
    return 0;
}

static int acme_json_digits(acme_json *j) {
    const char *start = j->p;
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
    return j->p > start;
}

static int acme_json_number(acme_json *j) {
    if (j->p < j->end && *j->p == '-') j->p++;
    if (j->p < j->end && *j->p == '0') j->p++;
    else if (!acme_json_digits(j)) return 0;
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        if (!acme_json_digits(j)) return 0;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-')) j->p++;
        if (!acme_json_digits(j)) return 0;
    }
    return 1;
}

static int acme_json_literal(acme_json *j, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0) return 0;
    j->p += n;
    return 1;
}

static int acme_json_value(acme_json *j, int depth) {
    const char *a, *b;
    if (depth > 64 || j->p >= j->end) return 0;
    switch (*j->p) {
    case '"': return acme_json_string(j, &a, &b);
    case 't': return acme_json_literal(j, "true");
    case 'f': return acme_json_literal(j, "false");
    case 'n': return acme_json_literal(j, "null");
    case '[':
        j->p++;
        acme_json_ws(j);
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            return 1;
        }
        for (;;) {
            if (!acme_json_value(j, depth + 1)) return 0;
            acme_json_ws(j);
            if (j->p >= j->end) return 0;
            if (*j->p == ']') {
                j->p++;
                return 1;
            }
            if (*j->p++ != ',') return 0;
            acme_json_ws(j);
        }
    case '{':
        j->p++;
        acme_json_ws(j);
        if (j->p < j->end && *j->p == '}') {
            j->p++;
            return 1;
        }
        for (;;) {
            if (!acme_json_string(j, &a, &b)) return 0;
            acme_json_ws(j);
            if (j->p >= j->end || *j->p++ != ':') return 0;
            acme_json_ws(j);
            if (!acme_json_value(j, depth + 1)) return 0;
            acme_json_ws(j);
            if (j->p >= j->end) return 0;
            if (*j->p == '}') {
                j->p++;
                return 1;
            }
            if (*j->p++ != ',') return 0;
            acme_json_ws(j);
        }
    default: return acme_json_number(j);
    }
}

/*
 * Checks that the configuration is one JSON object and reads its optional "venue" member (the
 * venue id the host asks this instance to serve). Other members (settings, credentials) are
 * accepted and ignored: acme has no settings and needs no keys.
 */
static int acme_parse_config(gw_str config, char *venue, size_t venue_capacity, char *error, size_t error_capacity) {
    acme_json j;
    const char *key, *key_end, *value, *value_end, *c;
    int closed = 0;
    j.p = config.ptr != NULL ? config.ptr : "";
    j.end = j.p + config.len;
    acme_json_ws(&j);
    if (j.p >= j.end || *j.p != '{') {
        acme_format(error, error_capacity, "config: must be a JSON object");
        return 0;
    }
    j.p++;
    acme_json_ws(&j);
    if (j.p < j.end && *j.p == '}') {
        j.p++;
        closed = 1;
    }
    while (!closed) {
        if (!acme_json_string(&j, &key, &key_end)) break;
        acme_json_ws(&j);
        if (j.p >= j.end || *j.p++ != ':') break;
        acme_json_ws(&j);
        value = j.p;
        if (!acme_json_value(&j, 1)) break;
        value_end = j.p;
        if (key_end - key == 5 && memcmp(key, "venue", 5) == 0) {
            size_t n = (size_t)(value_end - value);
            int ok = n >= 3 && n - 2 < venue_capacity && value[0] == '"';
            for (c = value + 1; ok && c < value_end - 1; c++) {
                ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_';
            }
            if (!ok) {
                acme_format(error, error_capacity, "config: 'venue' must be a venue id string ([a-z0-9_-]+)");
                return 0;
            }
            memcpy(venue, value + 1, n - 2);
            venue[n - 2] = '\0';
        }
        acme_json_ws(&j);
        if (j.p >= j.end) break;
        if (*j.p == '}') closed = 1;
        else if (*j.p != ',') break;
        j.p++;
        acme_json_ws(&j);
    }
    if (!closed) {
        acme_format(error, error_capacity, "config: not valid JSON (at byte %lu)", (unsigned long)(config.len - (size_t)(j.end - j.p)));
        return 0;
    }
    acme_json_ws(&j);
    if (j.p != j.end) {
        acme_format(error, error_capacity, "config: unexpected text after the JSON object (at byte %lu)",
                    (unsigned long)(config.len - (size_t)(j.end - j.p)));
        return 0;
    }
    return 1;
}

/* ---- Instance lifecycle ---------------------------------------------------------------------- */

static gw_status acme_create(const gw_host_api *host, void *host_ctx, gw_str config_json, void **out_instance,
                             char *error_message, size_t error_capacity) {
    static const char hex[] = "0123456789abcdef";
    char venue[ACME_ID_MAX + 1] = "acme";
    char line[160];
    uint8_t nonce[8];
    acme_instance *in;
    size_t i;

    *out_instance = NULL;
    if (error_capacity > 0) error_message[0] = '\0';
    if (host->abi_major != GW_ABI_MAJOR || host->struct_size < sizeof(gw_host_api)) {
        acme_format(error_message, error_capacity, "host ABI %u.%u with a %u-byte service table; acme needs %d.x and %u bytes",
                    (unsigned)host->abi_major, (unsigned)host->abi_minor, (unsigned)host->struct_size, GW_ABI_MAJOR,
                    (unsigned)sizeof(gw_host_api));
        return GW_ERR_UNSUPPORTED;
    }
    if (!acme_parse_config(config_json, venue, sizeof venue, error_message, error_capacity)) return GW_ERR_INVALID_CONFIG;
    if (strcmp(venue, "acme") != 0) {
        acme_format(error_message, error_capacity, "config: venue '%s' is not served by this plugin (it serves 'acme')", venue);
        return GW_ERR_INVALID_ORDER;
    }
    in = (acme_instance *)calloc(1, sizeof *in);
    if (in == NULL) {
        acme_format(error_message, error_capacity, "out of memory (%lu bytes for the order table)", (unsigned long)sizeof *in);
        return GW_ERR_INTERNAL;
    }
    in->host = host;
    in->host_ctx = host_ctx;
    memcpy(in->venue, venue, strlen(venue) + 1);
    host->random_bytes(host_ctx, nonce, sizeof nonce);
    memcpy(in->trade_prefix, "acme-", 5);
    for (i = 0; i < sizeof nonce; i++) {
        in->trade_prefix[5 + 2 * i] = hex[nonce[i] >> 4];
        in->trade_prefix[6 + 2 * i] = hex[nonce[i] & 15];
    }
    in->trade_prefix[5 + 2 * sizeof nonce] = '\0';

    acme_format(line, sizeof line, "acme venue '%s' ready: local matching, up to %d orders, balance 10000 USD", in->venue,
                ACME_MAX_ORDERS);
    acme_log(in, GW_LOG_INFO, line);
    *out_instance = in;
    return GW_OK;
}

static void acme_destroy(void *instance) {
    free(instance);
}

/* ---- Descriptor and entry point -------------------------------------------------------------- */

#define ACME_STR(literal) { literal, sizeof(literal) - 1 }

static const gw_str acme_venue_ids[] = { ACME_STR("acme") };

static const gw_rate_limit acme_rate_limits[] = { { ACME_STR("orders"), 50, 50 } };

static const gw_plugin acme_descriptor = {
    .struct_size = sizeof(gw_plugin),
    .abi_major = GW_ABI_MAJOR,
    .abi_minor = GW_ABI_MINOR,
    .name = ACME_STR("acme"),
    .version = ACME_STR("1.0.0"),
    .description = ACME_STR("Acme example venue (C): a local matching venue that fills orders itself, for simulation"),
    .venues = acme_venue_ids,
    .venue_count = sizeof acme_venue_ids / sizeof acme_venue_ids[0],
    .capabilities = GW_CAP_MARKET_ORDERS | GW_CAP_LIMIT_ORDERS | GW_CAP_IOC | GW_CAP_FOK | GW_CAP_CLIENT_ORDER_ID
        | GW_CAP_CANCEL_ALL | GW_CAP_OPEN_ORDERS | GW_CAP_POSITIONS | GW_CAP_BALANCES | GW_CAP_QUERY_ORDER
        | GW_CAP_BINARY_OUTCOMES | GW_CAP_FILL_EVENTS | GW_CAP_SIMULATED,
    .client_order_id_max_len = ACME_ID_MAX,
    .client_order_id_charset = ACME_STR("-_"),
    .rate_limits = acme_rate_limits,
    .rate_limit_count = sizeof acme_rate_limits / sizeof acme_rate_limits[0],
    .create = acme_create,
    .destroy = acme_destroy,
    .place_order = acme_place_order,
    .cancel_order = acme_cancel_order,
    .cancel_all = acme_cancel_all,
    .open_orders = acme_open_orders,
    .query_order = acme_query_order,
    .positions = acme_positions,
    .balances = acme_balances,
    .health = acme_health,
};

GW_PLUGIN_EXPORT const gw_plugin *gw_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor);

/*
 * The descriptor is returned whatever the host's version: the host compares abi_major itself and
 * names both versions when they differ, which it can only do if it gets the descriptor.
 */
GW_PLUGIN_EXPORT const gw_plugin *gw_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &acme_descriptor;
}
