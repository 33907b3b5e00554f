/*
 * Test fixture plugin "recorder" (venue "recorder").
 *
 * It appends every byte it receives through the contract to the file named by the config member
 * "record_path": the whole config_json, every field of every gw_order and gw_cancel, the market of
 * cancel_all / open_orders, and every HTTP response (status, each header, body, transport status
 * and message). What the host returns from its functions (signatures, public keys, digests) is
 * recorded too. Tests grep the file to prove, for example, that no secret ever reaches a plugin.
 *
 * One record per item, binary-safe:  <label> TAB <byte count> TAB <bytes> LF
 *
 * Config: {"record_path": "...", "base_url": "http://...", "credentials": {"hmac": 1, "ed25519": 2,
 * "rsa": 3, "secp": 4, "apikey": 5}, ...}. Missing credentials are skipped (their signature, public
 * key and header are left out).
 *
 * place_order signs the client order id through the host with every key it has, then sends
 *   POST <base_url>/orders   X-API-KEY: <apikey handle, inserted by the host>   X-Sig: <hex HMAC>
 *   {"client_order_id":"..","hmac":"..","ed25519":"..","ed25519_pub":"..","rsa":"..","rsa_pub":"..",
 *    "secp":"..","secp_address":".."}
 * and completes when the reply arrives: 200 -> FILLED; another status -> GW_ERR_VENUE_REJECTED with
 * the body as message; no reply -> the transport status. Other operations answer GW_OK with nothing.
 */
#include <stdio.h>
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

#define RC_STR(literal) { literal, sizeof(literal) - 1 }
#define RC_TEXT_MAX 2048

typedef struct rc_instance {
    const gw_host_api *host;
    void *host_ctx;
    char record_path[RC_TEXT_MAX];
    char base_url[RC_TEXT_MAX];
    gw_key hmac, ed25519, rsa, secp, apikey;
    unsigned long long sequence;
} rc_instance;

/* An order waiting for its HTTP reply; the strings live in the same allocation, after the struct. */
typedef struct rc_pending {
    rc_instance *in;
    gw_completion_fn done;
    void *op_ctx;
    gw_str client_order_id, market, quantity, limit_price;
    gw_side side;
    gw_outcome outcome;
    gw_order_type type;
    char venue_order_id[40];
} rc_pending;

/* ---- Recording ------------------------------------------------------------------------------- */

static void rc_record(const rc_instance *in, const char *label, const void *data, size_t len) {
    FILE *f = fopen(in->record_path, "ab");
    if (f == NULL) return;
    fprintf(f, "%s\t%lu\t", label, (unsigned long)len);
    if (len > 0 && data != NULL) fwrite(data, 1, len, f);
    fputc('\n', f);
    fclose(f);
}

static void rc_record_str(const rc_instance *in, const char *label, gw_str s) {
    rc_record(in, label, s.ptr, s.len);
}

static void rc_record_num(const rc_instance *in, const char *label, long long value) {
    char text[32];
    int n = sprintf(text, "%lld", value);
    rc_record(in, label, text, (size_t)n);
}

static void rc_record_key(const rc_instance *in, const char *label, gw_key value) {
    char text[32];
    int n = sprintf(text, "%llu", (unsigned long long)value);
    rc_record(in, label, text, (size_t)n);
}

static void rc_record_cancel(const rc_instance *in, const char *op, const gw_cancel *c) {
    char label[64];
    sprintf(label, "%s.struct_size", op);
    rc_record_num(in, label, (long long)c->struct_size);
    sprintf(label, "%s.market", op);
    rc_record_str(in, label, c->market);
    sprintf(label, "%s.venue_order_id", op);
    rc_record_str(in, label, c->venue_order_id);
    sprintf(label, "%s.client_order_id", op);
    rc_record_str(in, label, c->client_order_id);
}

/* ---- Helpers --------------------------------------------------------------------------------- */

static gw_str rc_str(const char *text) {
    gw_str s;
    s.ptr = text;
    s.len = strlen(text);
    return s;
}

static void rc_complete(gw_completion_fn done, void *op_ctx, gw_status status, gw_str venue_code, gw_str message,
                        const gw_order_report *report, const gw_health *health) {
    gw_result r;
    memset(&r, 0, sizeof r);
    r.struct_size = (uint32_t)sizeof r;
    r.status = status;
    r.venue_code = venue_code;
    r.message = message;
    r.orders = report;
    r.order_count = report != NULL ? 1 : 0;
    r.health = health;
    done(op_ctx, &r);
}

static void rc_fail(gw_completion_fn done, void *op_ctx, gw_status status, const char *message) {
    rc_complete(done, op_ctx, status, rc_str(""), rc_str(message), NULL, NULL);
}

static char *rc_hex(char *out, const uint8_t *data, size_t len) {
    static const char digits[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < len; i++) {
        *out++ = digits[data[i] >> 4];
        *out++ = digits[data[i] & 15];
    }
    *out = '\0';
    return out;
}

/* ---- A small JSON reader (enough for the config) ---------------------------------------------- */

typedef struct rc_json {
    const char *p;
    const char *end;
} rc_json;

static void rc_ws(rc_json *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

static int rc_skip(rc_json *j, int depth);

static int rc_skip_string(rc_json *j) {
    if (j->p >= j->end || *j->p != '"') return 0;
    for (j->p++; j->p < j->end; j->p++) {
        if (*j->p == '"') {
            j->p++;
            return 1;
        }
        if ((unsigned char)*j->p < 0x20) return 0;
        if (*j->p == '\\' && ++j->p >= j->end) return 0;
    }
    return 0;
}

static int rc_skip(rc_json *j, int depth) {
    if (depth > 64 || j->p >= j->end) return 0;
    if (*j->p == '"') return rc_skip_string(j);
    if (*j->p == '{' || *j->p == '[') {
        char close = *j->p == '{' ? '}' : ']';
        int object = close == '}';
        j->p++;
        rc_ws(j);
        if (j->p < j->end && *j->p == close) {
            j->p++;
            return 1;
        }
        for (;;) {
            if (object) {
                if (!rc_skip_string(j)) return 0;
                rc_ws(j);
                if (j->p >= j->end || *j->p++ != ':') return 0;
                rc_ws(j);
            }
            if (!rc_skip(j, depth + 1)) return 0;
            rc_ws(j);
            if (j->p >= j->end) return 0;
            if (*j->p == close) {
                j->p++;
                return 1;
            }
            if (*j->p++ != ',') return 0;
            rc_ws(j);
        }
    }
    {
        const char *start = j->p;
        while (j->p < j->end && strchr("+-.0123456789eEtruefalsn", *j->p) != NULL && *j->p != '\0') j->p++;
        return j->p > start;
    }
}

/*
 * Finds member `key` of the object at [p, end). 1: found, [*value, *value_end) is the raw value;
 * 0: absent; -1: not a JSON object.
 */
static int rc_member(const char *p, const char *end, const char *key, const char **value, const char **value_end) {
    rc_json j;
    size_t key_len = strlen(key);
    int found = 0;
    j.p = p;
    j.end = end;
    rc_ws(&j);
    if (j.p >= j.end || *j.p != '{') return -1;
    j.p++;
    rc_ws(&j);
    if (j.p < j.end && *j.p == '}') return 0;
    for (;;) {
        const char *name = j.p + 1;
        if (!rc_skip_string(&j)) return -1;
        if (!found && (size_t)(j.p - 1 - name) == key_len && memcmp(name, key, key_len) == 0) found = 1;
        rc_ws(&j);
        if (j.p >= j.end || *j.p++ != ':') return -1;
        rc_ws(&j);
        if (found == 1) *value = j.p;
        if (!rc_skip(&j, 1)) return -1;
        if (found == 1) {
            *value_end = j.p;
            found = 2;
        }
        rc_ws(&j);
        if (j.p >= j.end) return -1;
        if (*j.p == '}') break;
        if (*j.p++ != ',') return -1;
        rc_ws(&j);
    }
    return found ? 1 : 0;
}

static int rc_hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t rc_utf8(char *out, unsigned long cp) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes a JSON string value into a NUL-terminated buffer. 0 if it is not a string or too long. */
static int rc_string(const char *v, const char *end, char *out, size_t capacity) {
    size_t n = 0;
    if (end - v < 2 || *v != '"' || end[-1] != '"') return 0;
    for (v++, end--; v < end;) {
        char c = *v++;
        unsigned long cp;
        if (n + 5 > capacity) return 0;
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        if (v >= end) return 0;
        c = *v++;
        switch (c) {
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            int k;
            if (end - v < 4) return 0;
            for (cp = 0, k = 0; k < 4; k++) {
                int h = rc_hex_value(*v++);
                if (h < 0) return 0;
                cp = cp * 16 + (unsigned long)h;
            }
            if (cp >= 0xD800 && cp < 0xDC00 && end - v >= 6 && v[0] == '\\' && v[1] == 'u') {
                unsigned long low = 0;
                for (k = 2; k < 6; k++) {
                    int h = rc_hex_value(v[k]);
                    if (h < 0) return 0;
                    low = low * 16 + (unsigned long)h;
                }
                if (low >= 0xDC00 && low < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    v += 6;
                }
            }
            if (cp == 0) return 0; /* a NUL cannot be part of a path */
            n += rc_utf8(out + n, cp);
            break;
        }
        default: out[n++] = c; break; /* \" \\ \/ */
        }
    }
    out[n] = '\0';
    return 1;
}

/* A key handle: a non-negative JSON integer. */
static int rc_key(const char *v, const char *end, gw_key *out) {
    unsigned long long value = 0;
    if (v >= end) return 0;
    for (; v < end; v++) {
        if (*v < '0' || *v > '9' || value > (~0ULL - 9) / 10) return 0;
        value = value * 10 + (unsigned long long)(*v - '0');
    }
    *out = value;
    return 1;
}

static gw_status rc_configure(rc_instance *in, gw_str config, char *error, size_t capacity) {
    static const char *const names[] = { "hmac", "ed25519", "rsa", "secp", "apikey" };
    gw_key *slots[5];
    const char *p = config.ptr != NULL ? config.ptr : "", *end = p + config.len, *v, *v_end;
    const char *credentials = NULL, *credentials_end = NULL;
    rc_json whole;
    int found, i;

    whole.p = p;
    whole.end = end;
    rc_ws(&whole);
    if (whole.p >= end || *whole.p != '{' || !rc_skip(&whole, 0) || (rc_ws(&whole), whole.p != end)) {
        snprintf(error, capacity, "config: must be a JSON object");
        return GW_ERR_INVALID_ORDER;
    }
    found = rc_member(p, end, "record_path", &v, &v_end);
    if (found != 1 || !rc_string(v, v_end, in->record_path, sizeof in->record_path) || in->record_path[0] == '\0') {
        snprintf(error, capacity, "config: 'record_path' (a file path string) is missing");
        return GW_ERR_INVALID_ORDER;
    }
    found = rc_member(p, end, "base_url", &v, &v_end);
    if (found == 1 && !rc_string(v, v_end, in->base_url, sizeof in->base_url)) {
        snprintf(error, capacity, "config: 'base_url' must be a string");
        return GW_ERR_INVALID_ORDER;
    }
    found = rc_member(p, end, "credentials", &credentials, &credentials_end);
    if (found == 1) {
        slots[0] = &in->hmac;
        slots[1] = &in->ed25519;
        slots[2] = &in->rsa;
        slots[3] = &in->secp;
        slots[4] = &in->apikey;
        for (i = 0; i < 5; i++) {
            int member = rc_member(credentials, credentials_end, names[i], &v, &v_end);
            if (member < 0) {
                snprintf(error, capacity, "config: 'credentials' must be an object");
                return GW_ERR_INVALID_ORDER;
            }
            if (member == 1 && !rc_key(v, v_end, slots[i])) {
                snprintf(error, capacity, "config: 'credentials.%s' must be a key handle (a number)", names[i]);
                return GW_ERR_INVALID_ORDER;
            }
        }
    }
    return GW_OK;
}

/* ---- Lifecycle ------------------------------------------------------------------------------- */

static gw_status rc_create(const gw_host_api *host, void *host_ctx, gw_str config_json, void **out_instance,
                           char *error_message, size_t error_capacity) {
    rc_instance *in;
    gw_status status;
    char line[96];
    *out_instance = NULL;
    if (host->struct_size < sizeof(gw_host_api)) {
        snprintf(error_message, error_capacity, "host service table is %u bytes, recorder needs %u",
                 (unsigned)host->struct_size, (unsigned)sizeof(gw_host_api));
        return GW_ERR_UNSUPPORTED;
    }
    in = (rc_instance *)calloc(1, sizeof *in);
    if (in == NULL) {
        snprintf(error_message, error_capacity, "out of memory");
        return GW_ERR_INTERNAL;
    }
    in->host = host;
    in->host_ctx = host_ctx;
    status = rc_configure(in, config_json, error_message, error_capacity);
    if (status != GW_OK) {
        free(in);
        return status;
    }
    rc_record_str(in, "create.config_json", config_json);
    sprintf(line, "%u.%u/%u", (unsigned)host->abi_major, (unsigned)host->abi_minor, (unsigned)host->struct_size);
    rc_record(in, "create.host_api", line, strlen(line));
    host->log(host_ctx, GW_LOG_INFO, rc_str("recorder ready"));
    *out_instance = in;
    return GW_OK;
}

static void rc_destroy(void *instance) {
    free(instance);
}

/* ---- Orders over HTTP ------------------------------------------------------------------------ */

static void rc_on_reply(void *cb_ctx, const gw_http_response *response) {
    rc_pending *pending = (rc_pending *)cb_ctx;
    const rc_instance *in = pending->in;
    size_t i;
    char code[16];

    rc_record_num(in, "response.struct_size", (long long)response->struct_size);
    rc_record_num(in, "response.status_code", (long long)response->status_code);
    for (i = 0; i < response->header_count; i++) {
        rc_record_str(in, "response.header.name", response->headers[i].name);
        rc_record_str(in, "response.header.value", response->headers[i].value);
        rc_record_key(in, "response.header.value_key", response->headers[i].value_key);
    }
    rc_record(in, "response.body", response->body.ptr, response->body.len);
    rc_record_num(in, "response.transport_status", (long long)response->transport_status);
    rc_record_str(in, "response.transport_message", response->transport_message);
    rc_record_num(in, "response.elapsed_us", (long long)response->elapsed_us);

    if (response->status_code == 0) {
        gw_status status = response->transport_status != GW_OK ? response->transport_status : GW_ERR_OUTCOME_UNKNOWN;
        rc_complete(pending->done, pending->op_ctx, status, rc_str(""), response->transport_message, NULL, NULL);
    } else if (response->status_code == 200) {
        gw_order_report report;
        memset(&report, 0, sizeof report);
        report.struct_size = (uint32_t)sizeof report;
        report.client_order_id = pending->client_order_id;
        report.venue_order_id = rc_str(pending->venue_order_id);
        report.market = pending->market;
        report.side = pending->side;
        report.outcome = pending->outcome;
        report.state = GW_STATE_FILLED;
        report.quantity = pending->quantity;
        report.filled_quantity = pending->quantity;
        report.average_fill_price = pending->limit_price;
        report.limit_price = pending->type == GW_ORDER_LIMIT ? pending->limit_price : rc_str("");
        report.fee = rc_str("0");
        report.updated_at_unix_ms = in->host->now_unix_ns(in->host_ctx) / 1000000;
        rc_complete(pending->done, pending->op_ctx, GW_OK, rc_str(""), rc_str(""), &report, NULL);
    } else {
        gw_str message;
        sprintf(code, "%d", (int)response->status_code);
        message.ptr = (const char *)response->body.ptr;
        message.len = response->body.len;
        rc_complete(pending->done, pending->op_ctx, GW_ERR_VENUE_REJECTED, rc_str(code), message, NULL, NULL);
    }
    free(pending);
}

/* Appends `"name":"<hex>"` to the body. */
static char *rc_json_hex(char *out, const char *name, const uint8_t *data, size_t len) {
    out += sprintf(out, ",\"%s\":\"", name);
    out = rc_hex(out, data, len);
    *out++ = '"';
    *out = '\0';
    return out;
}

static gw_str rc_copy(char **cursor, gw_str s) {
    gw_str copy;
    copy.ptr = *cursor;
    copy.len = s.len;
    if (s.len > 0) memcpy(*cursor, s.ptr, s.len);
    *cursor += s.len;
    return copy;
}

static void rc_place_order(void *instance, const gw_order *order, gw_completion_fn done, void *op_ctx) {
    rc_instance *in = (rc_instance *)instance;
    uint8_t hmac[32], ed25519[64], ed25519_pub[64], rsa[1024], rsa_pub[2048], digest[32], secp[65], secp_address[64];
    size_t rsa_len = 0, rsa_pub_len = 0, ed25519_pub_len = 0, secp_address_len = 0, i, body_cap, url_len;
    char *body, *w, *url, *cursor, error[128];
    char hmac_hex[65];
    gw_bytes message;
    gw_status status;
    gw_http_header headers[3];
    size_t header_count = 0;
    gw_http_request request;
    rc_pending *pending;

    /* (0) Record every field received. */
    rc_record_num(in, "order.struct_size", (long long)order->struct_size);
    rc_record_str(in, "order.client_order_id", order->client_order_id);
    rc_record_str(in, "order.market", order->market);
    rc_record_num(in, "order.side", (long long)order->side);
    rc_record_num(in, "order.outcome", (long long)order->outcome);
    rc_record_num(in, "order.type", (long long)order->type);
    rc_record_num(in, "order.time_in_force", (long long)order->time_in_force);
    rc_record_num(in, "order.flags", (long long)order->flags);
    rc_record_str(in, "order.quantity", order->quantity);
    rc_record_str(in, "order.limit_price", order->limit_price);
    rc_record_num(in, "order.expire_at_unix_ms", (long long)order->expire_at_unix_ms);

    /* (a) Sign the client order id with every key configured. */
    message.ptr = (const uint8_t *)order->client_order_id.ptr;
    message.len = order->client_order_id.len;
#define RC_CALL(call, what)                                                     \
    do {                                                                        \
        status = (call);                                                        \
        if (status != GW_OK) {                                                  \
            snprintf(error, sizeof error, "%s failed with status %d", what, (int)status); \
            rc_fail(done, op_ctx, status, error);                               \
            return;                                                             \
        }                                                                       \
    } while (0)
    if (in->hmac != 0) {
        RC_CALL(in->host->hmac_sha256(in->host_ctx, in->hmac, message, hmac), "hmac_sha256");
        rc_record(in, "host.hmac_sha256", hmac, sizeof hmac);
        rc_hex(hmac_hex, hmac, sizeof hmac);
    }
    if (in->ed25519 != 0) {
        RC_CALL(in->host->ed25519_sign(in->host_ctx, in->ed25519, message, ed25519), "ed25519_sign");
        rc_record(in, "host.ed25519_sign", ed25519, sizeof ed25519);
        RC_CALL(in->host->public_key(in->host_ctx, in->ed25519, ed25519_pub, sizeof ed25519_pub, &ed25519_pub_len),
                "public_key(ed25519)");
        if (ed25519_pub_len > sizeof ed25519_pub) ed25519_pub_len = sizeof ed25519_pub;
        rc_record(in, "host.public_key.ed25519", ed25519_pub, ed25519_pub_len);
    }
    if (in->rsa != 0) {
        RC_CALL(in->host->rsa_pss_sha256_sign(in->host_ctx, in->rsa, message, rsa, sizeof rsa, &rsa_len), "rsa_pss_sha256_sign");
        if (rsa_len > sizeof rsa) rsa_len = sizeof rsa;
        rc_record(in, "host.rsa_pss_sha256_sign", rsa, rsa_len);
        RC_CALL(in->host->public_key(in->host_ctx, in->rsa, rsa_pub, sizeof rsa_pub, &rsa_pub_len), "public_key(rsa)");
        if (rsa_pub_len > sizeof rsa_pub) rsa_pub_len = sizeof rsa_pub;
        rc_record(in, "host.public_key.rsa", rsa_pub, rsa_pub_len);
    }
    if (in->secp != 0) {
        in->host->keccak256(message, digest);
        rc_record(in, "host.keccak256", digest, sizeof digest);
        RC_CALL(in->host->secp256k1_sign(in->host_ctx, in->secp, digest, secp), "secp256k1_sign");
        rc_record(in, "host.secp256k1_sign", secp, sizeof secp);
        RC_CALL(in->host->public_key(in->host_ctx, in->secp, secp_address, sizeof secp_address, &secp_address_len),
                "public_key(secp256k1)");
        if (secp_address_len > sizeof secp_address) secp_address_len = sizeof secp_address;
        rc_record(in, "host.public_key.secp256k1", secp_address, secp_address_len);
    }
#undef RC_CALL

    if (in->base_url[0] == '\0') {
        rc_fail(done, op_ctx, GW_ERR_INVALID_ORDER, "config: 'base_url' is missing, so orders cannot be sent");
        return;
    }

    /* (b) Build the request: the body is a JSON object of hex strings. */
    body_cap = 64 + 6 * order->client_order_id.len + 2 * (sizeof hmac + sizeof ed25519 + sizeof ed25519_pub + sizeof rsa
               + sizeof rsa_pub + sizeof secp + sizeof secp_address) + 256;
    url_len = strlen(in->base_url);
    while (url_len > 0 && in->base_url[url_len - 1] == '/') url_len--;
    body = (char *)malloc(body_cap + url_len + 8);
    pending = (rc_pending *)malloc(sizeof *pending + order->client_order_id.len + order->market.len + order->quantity.len
                                   + order->limit_price.len + 1);
    if (body == NULL || pending == NULL) {
        free(body);
        free(pending);
        rc_fail(done, op_ctx, GW_ERR_INTERNAL, "out of memory");
        return;
    }
    w = body + sprintf(body, "{\"client_order_id\":\"");
    for (i = 0; i < order->client_order_id.len; i++) {
        unsigned char c = (unsigned char)order->client_order_id.ptr[i];
        if (c == '"' || c == '\\') {
            *w++ = '\\';
            *w++ = (char)c;
        } else if (c < 0x20) {
            w += sprintf(w, "\\u%04x", c);
        } else {
            *w++ = (char)c;
        }
    }
    *w++ = '"';
    *w = '\0';
    if (in->hmac != 0) w = rc_json_hex(w, "hmac", hmac, sizeof hmac);
    if (in->ed25519 != 0) {
        w = rc_json_hex(w, "ed25519", ed25519, sizeof ed25519);
        w = rc_json_hex(w, "ed25519_pub", ed25519_pub, ed25519_pub_len);
    }
    if (in->rsa != 0) {
        w = rc_json_hex(w, "rsa", rsa, rsa_len);
        w = rc_json_hex(w, "rsa_pub", rsa_pub, rsa_pub_len);
    }
    if (in->secp != 0) {
        w = rc_json_hex(w, "secp", secp, sizeof secp);
        w = rc_json_hex(w, "secp_address", secp_address, secp_address_len);
    }
    *w++ = '}';
    *w = '\0';
    url = w + 1;
    memcpy(url, in->base_url, url_len);
    memcpy(url + url_len, "/orders", 8);

    if (in->apikey != 0) {
        headers[header_count].name = rc_str("X-API-KEY");
        headers[header_count].value = rc_str("");
        headers[header_count].value_key = in->apikey;
        header_count++;
    }
    if (in->hmac != 0) {
        headers[header_count].name = rc_str("X-Sig");
        headers[header_count].value = rc_str(hmac_hex);
        headers[header_count].value_key = 0;
        header_count++;
    }
    headers[header_count].name = rc_str("Content-Type");
    headers[header_count].value = rc_str("application/json");
    headers[header_count].value_key = 0;
    header_count++;

    memset(&request, 0, sizeof request);
    request.struct_size = (uint32_t)sizeof request;
    request.method = rc_str("POST");
    request.url = rc_str(url);
    request.headers = headers;
    request.header_count = header_count;
    request.body.ptr = (const uint8_t *)body;
    request.body.len = (size_t)(w - body);
    request.timeout_ms = 0;
    request.flags = 0;
    request.rate_limit_bucket = rc_str("");
    request.rate_limit_cost = 0;

    /* What the reply needs, copied: the order is only borrowed for this call. */
    pending->in = in;
    pending->done = done;
    pending->op_ctx = op_ctx;
    cursor = (char *)(pending + 1);
    pending->client_order_id = rc_copy(&cursor, order->client_order_id);
    pending->market = rc_copy(&cursor, order->market);
    pending->quantity = rc_copy(&cursor, order->quantity);
    pending->limit_price = rc_copy(&cursor, order->limit_price);
    pending->side = order->side;
    pending->outcome = order->outcome;
    pending->type = order->type;
    sprintf(pending->venue_order_id, "recorder-%llu", ++in->sequence);

    /* (c) The reply completes the order in rc_on_reply. */
    status = in->host->http_request(in->host_ctx, &request, rc_on_reply, pending);
    free(body);
    if (status != GW_OK) {
        free(pending);
        snprintf(error, sizeof error, "http_request refused with status %d", (int)status);
        rc_fail(done, op_ctx, status, error);
    }
}

/* ---- The other operations: record, then answer GW_OK with nothing ---------------------------- */

static void rc_ok(gw_completion_fn done, void *op_ctx) {
    rc_complete(done, op_ctx, GW_OK, rc_str(""), rc_str(""), NULL, NULL);
}

static void rc_cancel_order(void *instance, const gw_cancel *cancel, gw_completion_fn done, void *op_ctx) {
    rc_record_cancel((const rc_instance *)instance, "cancel", cancel);
    rc_ok(done, op_ctx);
}

static void rc_query_order(void *instance, const gw_cancel *which, gw_completion_fn done, void *op_ctx) {
    rc_record_cancel((const rc_instance *)instance, "query", which);
    rc_ok(done, op_ctx);
}

static void rc_cancel_all(void *instance, gw_str market, gw_completion_fn done, void *op_ctx) {
    rc_record_str((const rc_instance *)instance, "cancel_all.market", market);
    rc_ok(done, op_ctx);
}

static void rc_open_orders(void *instance, gw_str market, gw_completion_fn done, void *op_ctx) {
    rc_record_str((const rc_instance *)instance, "open_orders.market", market);
    rc_ok(done, op_ctx);
}

static void rc_positions(void *instance, gw_completion_fn done, void *op_ctx) {
    (void)instance;
    rc_ok(done, op_ctx);
}

static void rc_balances(void *instance, gw_completion_fn done, void *op_ctx) {
    (void)instance;
    rc_ok(done, op_ctx);
}

static void rc_health(void *instance, gw_completion_fn done, void *op_ctx) {
    gw_health health;
    (void)instance;
    memset(&health, 0, sizeof health);
    health.struct_size = (uint32_t)sizeof health;
    health.healthy = 1;
    health.latency_us = -1;
    health.detail = rc_str("recorder");
    rc_complete(done, op_ctx, GW_OK, rc_str(""), rc_str(""), NULL, &health);
}

/* ---- Descriptor ------------------------------------------------------------------------------ */

static const gw_str rc_venues[] = { RC_STR("recorder") };

static const gw_plugin rc_descriptor = {
    .struct_size = sizeof(gw_plugin),
    .abi_major = GW_ABI_MAJOR,
    .abi_minor = GW_ABI_MINOR,
    .name = RC_STR("recorder"),
    .version = RC_STR("0.0.1"),
    .description = RC_STR("Fixture: records every byte it receives and signs through the host"),
    .venues = rc_venues,
    .venue_count = 1,
    .capabilities = GW_CAP_MARKET_ORDERS | GW_CAP_LIMIT_ORDERS | GW_CAP_IOC | GW_CAP_FOK | GW_CAP_GTD | GW_CAP_POST_ONLY
        | GW_CAP_REDUCE_ONLY | GW_CAP_CLIENT_ORDER_ID | GW_CAP_CANCEL_ALL | GW_CAP_OPEN_ORDERS | GW_CAP_POSITIONS
        | GW_CAP_BALANCES | GW_CAP_QUERY_ORDER | GW_CAP_BINARY_OUTCOMES,
    .client_order_id_max_len = 64,
    .client_order_id_charset = RC_STR("-_"),
    .rate_limits = NULL,
    .rate_limit_count = 0,
    .create = rc_create,
    .destroy = rc_destroy,
    .place_order = rc_place_order,
    .cancel_order = rc_cancel_order,
    .cancel_all = rc_cancel_all,
    .open_orders = rc_open_orders,
    .query_order = rc_query_order,
    .positions = rc_positions,
    .balances = rc_balances,
    .health = rc_health,
};

GW_PLUGIN_EXPORT const gw_plugin *gw_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor);

GW_PLUGIN_EXPORT const gw_plugin *gw_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &rc_descriptor;
}
