/*
 * gateway_plugin.h — the Gateway venue-plugin contract (C ABI).
 *
 * A venue plugin is a shared library that exports exactly one symbol, `gw_plugin_entry`.
 * The host (the `gateway` executable) loads it with dlopen(RTLD_NOW | RTLD_LOCAL), calls the
 * entry function, and reaches everything else through two tables:
 *
 *   gw_plugin    what the plugin offers: name, version, venue ids, capabilities, operations.
 *   gw_host_api  what the host offers:   log, clocks, timers, HTTP, events, and the key store.
 *
 * PLUGINS NEVER SEE A SECRET. Credentials named in the plugin's manifest are loaded by the host
 * into its key store; the plugin receives opaque key handles (gw_key) in its configuration and
 * signs through the host (HMAC-SHA256, Ed25519, RSA-PSS-SHA256, recoverable secp256k1). A header
 * value such as an API key id is inserted by the host at send time (gw_http_header.value_key).
 *
 * PLUGINS DO NO I/O. The host performs HTTP on the plugin's behalf (pooling, timeouts, rate
 * limits, redacted logs, base-URL overrides). A plugin translates orders into signed requests and
 * venue replies into results. A C plugin needs nothing but this header and libc.
 *
 * ---------------------------------------------------------------------------------------------
 * VERSION RULES
 *   - GW_ABI_MAJOR changes when anything existing changes meaning, size or position. The host
 *     refuses a plugin whose descriptor reports another major, naming both versions.
 *   - GW_ABI_MINOR grows when fields are APPENDED to a struct or constants are added. Every struct
 *     that crosses the boundary starts with `struct_size` (sizeof at the writer's build time); a
 *     reader never touches a field that lies beyond `struct_size`, and treats it as zero / NULL.
 *     So a host of minor N loads plugins built against minors 0..N, and a plugin built against
 *     minor N runs on a host of an older minor if it checks gw_host_api.struct_size before using
 *     a newer host function.
 *   - Nothing is ever reordered or removed within a major version.
 *   - The first three fields of gw_plugin (struct_size, abi_major, abi_minor) are frozen across ALL
 *     majors, so any host can read them and name both versions when it refuses a plugin.
 *
 * OWNERSHIP (who frees what, and until when a pointer is valid)
 *   - No allocator is shared and no free() crosses the boundary.
 *   - Every pointer the host passes INTO a plugin call (gw_str, gw_bytes, structs, arrays) is
 *     BORROWED: valid only until that call returns. Copy what you keep.
 *   - Every pointer a plugin passes to a host callback (gw_result, gw_event, gw_http_request) is
 *     borrowed by the host only until that callback returns; the host copies what it keeps.
 *   - The descriptor returned by gw_plugin_entry, and everything it points to, is owned by the
 *     plugin and must stay valid and unchanged for the life of the process (static storage).
 *   - An instance belongs to the plugin from create() until destroy(); `host_ctx` belongs to the
 *     host and stays valid until destroy() has returned.
 *   - Strings are UTF-8, pointer + length, never relying on a terminating NUL.
 *
 * THREADING
 *   - gw_plugin_entry and create() run on the host's loader thread.
 *   - The host SERIALISES every call into one instance: operations, HTTP callbacks and timer
 *     callbacks for an instance never run concurrently, so instance state needs no lock. Different
 *     instances may be called in parallel from different threads.
 *   - A plugin must not block, sleep or spawn threads. It must not longjmp, throw or abort across
 *     the boundary: every failure becomes a gw_status.
 *   - Host functions (gw_host_api) are thread-safe and never call back into the plugin before they
 *     return: callbacks (HTTP completion, timer) always arrive later, as separate serialised calls.
 *   - An operation's completion (gw_completion_fn) must be called EXACTLY ONCE, either inline
 *     before the operation returns or later from a serialised callback. The host ignores (and logs
 *     as a contract violation) a second call; an operation that never completes is resolved by
 *     the host as GW_ERR_OUTCOME_UNKNOWN after its deadline.
 *
 * NUMBERS
 *   - Prices, quantities, fees and balances cross as decimal strings ("0.55", "12", "-3.5"):
 *     never floating point. No exponent, '.' as separator, an optional leading '-'.
 * ---------------------------------------------------------------------------------------------
 */
#ifndef GATEWAY_PLUGIN_H
#define GATEWAY_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Nullability annotations for clang (and Swift's importer); empty elsewhere. */
#if defined(__clang__)
#define GW_NULLABLE _Nullable
#define GW_NONNULL _Nonnull
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-extension"
#else
#define GW_NULLABLE
#define GW_NONNULL
#endif

/* ---- Version ------------------------------------------------------------------------------ */

#define GW_ABI_MAJOR 1
#define GW_ABI_MINOR 0

/** The one symbol a plugin library exports. */
#define GW_PLUGIN_ENTRY_SYMBOL "gw_plugin_entry"

/* ---- Basic types -------------------------------------------------------------------------- */

/** A borrowed UTF-8 string: `len` bytes at `ptr`, not NUL-terminated. `ptr` may be NULL if len is 0. */
typedef struct gw_str {
    const char *GW_NULLABLE ptr;
    size_t len;
} gw_str;

/** Borrowed bytes. */
typedef struct gw_bytes {
    const uint8_t *GW_NULLABLE ptr;
    size_t len;
} gw_bytes;

/** An opaque handle to a credential held in the host's key store. 0 is never a valid handle. */
typedef uint64_t gw_key;

/* ---- Status codes ------------------------------------------------------------------------- */

/** Result of every operation and host function. An int32 (not a C enum) so every language agrees on its size. */
typedef int32_t gw_status;
#define GW_OK                        0
#define GW_ERR_INVALID_ORDER         1  /* the order or argument is malformed or breaks a venue rule */
#define GW_ERR_INSUFFICIENT_BALANCE  2
#define GW_ERR_RATE_LIMITED          3  /* see gw_result.retry_after_ms */
#define GW_ERR_AUTH                  4  /* bad or missing credentials, signature refused */
#define GW_ERR_NOT_FOUND             5  /* order or market unknown to the venue */
#define GW_ERR_CLOCK_SKEW            6  /* the venue refused the timestamp */
#define GW_ERR_VENUE_UNAVAILABLE     7  /* the request certainly did not take effect (connect failed, 5xx before processing) */
#define GW_ERR_UNSUPPORTED           8  /* the plugin or venue does not offer this */
#define GW_ERR_INTERNAL              9  /* a bug or an unparseable venue reply */
#define GW_ERR_OUTCOME_UNKNOWN      10  /* the request may or may not have reached the venue: look the
                                           client order id up, never resend blindly */
#define GW_ERR_VENUE_REJECTED       11  /* the venue refused the order for a reason not listed above */
#define GW_ERR_BUFFER_TOO_SMALL     12  /* an output buffer was too short; *out_len received the needed size */
#define GW_ERR_INVALID_CONFIG       13  /* create(): the configuration is malformed or incomplete */

/* ---- Order vocabulary --------------------------------------------------------------------- */

typedef int32_t gw_side;
#define GW_SIDE_BUY   1
#define GW_SIDE_SELL  2

/** Which outcome of a binary market is traded. NONE for markets that have no outcomes (spot, perps). */
typedef int32_t gw_outcome;
#define GW_OUTCOME_NONE 0
#define GW_OUTCOME_YES  1
#define GW_OUTCOME_NO   2

typedef int32_t gw_order_type;
#define GW_ORDER_MARKET 1
#define GW_ORDER_LIMIT  2

typedef int32_t gw_time_in_force;
#define GW_TIF_GTC 1  /* good till cancelled */
#define GW_TIF_IOC 2  /* immediate or cancel: fill what is possible now, cancel the rest */
#define GW_TIF_FOK 3  /* fill or kill: all now or nothing */
#define GW_TIF_GTD 4  /* good till gw_order.expire_at_unix_ms */

/* gw_order.flags */
#define GW_ORDER_FLAG_REDUCE_ONLY (1u << 0)  /* only reduce an existing position ("close") */
#define GW_ORDER_FLAG_POST_ONLY   (1u << 1)  /* rest as maker or be refused */

/** Lifecycle state of an order as the venue reports it. */
typedef int32_t gw_order_state;
#define GW_STATE_UNKNOWN          0
#define GW_STATE_OPEN             1  /* accepted and resting, nothing filled */
#define GW_STATE_PARTIALLY_FILLED 2  /* resting with part filled */
#define GW_STATE_FILLED           3
#define GW_STATE_CANCELLED        4  /* cancelled (possibly after a partial fill: see filled_quantity) */
#define GW_STATE_REJECTED         5
#define GW_STATE_EXPIRED          6

/**
 * An order to place. Built by the host; BORROWED by the plugin for the duration of place_order.
 * Quantities are in the venue's unit (contracts, shares, base asset). For GW_ORDER_MARKET,
 * `limit_price` may carry the worst acceptable price (a protection bound); empty means none.
 */
typedef struct gw_order {
    uint32_t struct_size;
    gw_str client_order_id;      /* the gateway's id, within the plugin's client_id rules; idempotency key */
    gw_str market;               /* native market id, venue prefix removed ("KXBTCD-25", "BTCUSDT") */
    gw_side side;
    gw_outcome outcome;
    gw_order_type type;
    gw_time_in_force time_in_force;
    uint32_t flags;              /* GW_ORDER_FLAG_* */
    gw_str quantity;             /* decimal string, > 0 */
    gw_str limit_price;          /* decimal string; required for LIMIT, optional bound for MARKET */
    int64_t expire_at_unix_ms;   /* for GW_TIF_GTD, else 0 */
} gw_order;

/** What to cancel: the venue order id if known, else the client order id. BORROWED. */
typedef struct gw_cancel {
    uint32_t struct_size;
    gw_str market;
    gw_str venue_order_id;       /* may be empty */
    gw_str client_order_id;      /* may be empty */
} gw_cancel;

/** An order as the venue sees it: the answer to place, cancel, query and open-orders. */
typedef struct gw_order_report {
    uint32_t struct_size;
    gw_str client_order_id;
    gw_str venue_order_id;
    gw_str market;
    gw_side side;
    gw_outcome outcome;
    gw_order_state state;
    gw_str quantity;             /* original quantity */
    gw_str filled_quantity;      /* cumulative, "0" if none */
    gw_str average_fill_price;   /* empty if nothing filled */
    gw_str limit_price;          /* the limit, or a market order's price bound; empty if none */
    gw_str fee;                  /* cumulative, in the venue's fee currency; may be empty */
    int64_t updated_at_unix_ms;  /* venue time of the last change, 0 if unknown */
} gw_order_report;

/** One execution. Reported through events (GW_EVENT_FILL). */
typedef struct gw_fill {
    uint32_t struct_size;
    gw_str client_order_id;
    gw_str venue_order_id;
    gw_str trade_id;             /* the venue's execution id: the host de-duplicates on it */
    gw_str market;
    gw_side side;
    gw_outcome outcome;
    gw_str quantity;
    gw_str price;
    gw_str fee;
    int64_t filled_at_unix_ms;
} gw_fill;

/** A position held at the venue. `size` is signed: positive long, negative short. */
typedef struct gw_position {
    uint32_t struct_size;
    gw_str market;
    gw_outcome outcome;
    gw_str size;
    gw_str average_entry_price;  /* may be empty */
    gw_str mark_price;           /* may be empty */
    gw_str unrealized_pnl;       /* may be empty */
} gw_position;

typedef struct gw_balance {
    uint32_t struct_size;
    gw_str currency;             /* "USD", "USDC", "USDT", ... */
    gw_str total;
    gw_str available;
} gw_balance;

typedef struct gw_health {
    uint32_t struct_size;
    int32_t healthy;             /* 1 healthy, 0 not */
    int64_t latency_us;          /* round trip of the probe, -1 if none was made */
    int64_t clock_offset_ms;     /* venue clock minus host clock, 0 if unknown */
    gw_str detail;
} gw_health;

/* gw_result.flags */
#define GW_RESULT_FLAG_RETRYABLE        (1u << 0)  /* the same request may be sent again as is */

/**
 * The outcome of one operation, handed to the operation's completion. BORROWED by the host until
 * the completion returns. On success `status` is GW_OK and the arrays relevant to the operation
 * are filled; on failure `status` says why, `venue_code` and `message` keep the venue's own words.
 *
 *   place_order, cancel_order, query_order:   orders[0] is the order's report (order_count 1)
 *   cancel_all:                               orders = the orders cancelled (may be 0)
 *   open_orders:                              orders
 *   positions:                                positions
 *   balances:                                 balances
 *   health:                                   health
 */
typedef struct gw_result {
    uint32_t struct_size;
    gw_status status;
    uint32_t flags;                         /* GW_RESULT_FLAG_* */
    uint32_t retry_after_ms;                /* for GW_ERR_RATE_LIMITED, 0 if unknown */
    gw_str venue_code;                      /* the venue's error code as text ("-2010"), may be empty */
    gw_str message;                         /* human readable, names the field or rule at fault */
    const gw_order_report *GW_NULLABLE orders;
    size_t order_count;
    const gw_position *GW_NULLABLE positions;
    size_t position_count;
    const gw_balance *GW_NULLABLE balances;
    size_t balance_count;
    const gw_health *GW_NULLABLE health;
} gw_result;

/** Called exactly once per operation. `op_ctx` is the host's, passed to the operation. */
typedef void (*gw_completion_fn)(void *GW_NULLABLE op_ctx, const gw_result *GW_NONNULL result);

/* ---- Events (updates the venue reports later) --------------------------------------------- */

/*
 * How order progress reaches the host, without double counting:
 *   - The report in an operation's completion is the order's state at that moment.
 *   - Every later change (a fill, a venue cancel, an expiry) MUST be reported as
 *     GW_EVENT_ORDER_UPDATE carrying the CUMULATIVE filled_quantity and average_fill_price. The
 *     host derives positions from the growth of the cumulative quantity, so repeating a snapshot
 *     is harmless.
 *   - GW_EVENT_FILL adds execution detail (trade id, price, fee) for the audit trail and reports;
 *     it may be sent for fills already in a completion or a snapshot, and never moves a position
 *     by itself. The host de-duplicates fills on (venue, trade_id).
 *   - Events may arrive before the completion of the operation that placed the order (a stream can
 *     be faster than a REST reply); the host matches them by client order id.
 *   - A failed result (status != GW_OK) may still carry the order's report in `orders`, for example
 *     a rejected order with the venue's id.
 */

typedef int32_t gw_event_kind;
#define GW_EVENT_ORDER_UPDATE 1  /* `order` is set: a state change of an order placed earlier */
#define GW_EVENT_FILL         2  /* `fill` is set */
#define GW_EVENT_VENUE_STATUS 3  /* `message` says what changed (disconnected, maintenance, ...) */

typedef struct gw_event {
    uint32_t struct_size;
    gw_event_kind kind;
    const gw_order_report *GW_NULLABLE order;
    const gw_fill *GW_NULLABLE fill;
    gw_str message;
} gw_event;

/* ---- HTTP, performed by the host ---------------------------------------------------------- */

/**
 * A header. If `value_key` is not 0 the host ignores `value` and sends the TEXT credential that
 * handle refers to (an API key id, a passphrase), so the plugin never reads it.
 */
typedef struct gw_http_header {
    gw_str name;
    gw_str value;
    gw_key value_key;
} gw_http_header;

/* gw_http_request.flags */
#define GW_HTTP_FLAG_IDEMPOTENT (1u << 0)  /* the host may retry it after a transport failure */

/** A request for the host to send. BORROWED by the host for the duration of http_request. */
typedef struct gw_http_request {
    uint32_t struct_size;
    gw_str method;                            /* "GET", "POST", "DELETE", ... */
    gw_str url;                               /* absolute: scheme, host, path and query */
    const gw_http_header *GW_NULLABLE headers;
    size_t header_count;
    gw_bytes body;
    uint32_t timeout_ms;                      /* 0: the host's default */
    uint32_t flags;                           /* GW_HTTP_FLAG_* */
    gw_str rate_limit_bucket;                 /* one of the descriptor's rate_limits, or empty */
    uint32_t rate_limit_cost;                 /* tokens this request takes from that bucket */
} gw_http_request;

/**
 * A reply, BORROWED by the plugin for the duration of the callback. If the exchange failed
 * before a status line arrived, `status_code` is 0 and `transport_status` says whether the
 * request certainly did not reach the venue (GW_ERR_VENUE_UNAVAILABLE) or might have
 * (GW_ERR_OUTCOME_UNKNOWN); `transport_message` says why.
 */
typedef struct gw_http_response {
    uint32_t struct_size;
    int32_t status_code;
    const gw_http_header *GW_NULLABLE headers;  /* names lower-cased by the host; value_key is always 0 */
    size_t header_count;
    gw_bytes body;
    gw_status transport_status;
    gw_str transport_message;
    uint64_t elapsed_us;
} gw_http_response;

typedef void (*gw_http_callback)(void *GW_NULLABLE cb_ctx, const gw_http_response *GW_NONNULL response);
typedef void (*gw_timer_callback)(void *GW_NULLABLE cb_ctx);

/* ---- Key store ---------------------------------------------------------------------------- */

/** Kinds of credential. Given by the manifest for configured keys, by the plugin for imported ones. */
typedef int32_t gw_key_kind;
#define GW_KEY_TEXT       1  /* an identifier sent as is (API key id, passphrase): usable as a header value */
#define GW_KEY_HMAC       2  /* raw secret bytes for HMAC-SHA256 */
#define GW_KEY_ED25519    3  /* Ed25519 private key (PEM PKCS#8 or 32 raw bytes) */
#define GW_KEY_RSA        4  /* RSA private key (PEM, PKCS#1 or PKCS#8) */
#define GW_KEY_SECP256K1  5  /* secp256k1 private key (32 bytes, hex with or without 0x) */

/* ---- Log levels --------------------------------------------------------------------------- */

typedef int32_t gw_log_level;
#define GW_LOG_TRACE 0
#define GW_LOG_DEBUG 1
#define GW_LOG_INFO  2
#define GW_LOG_WARN  3
#define GW_LOG_ERROR 4

/* ---- The host's service table ------------------------------------------------------------- */

/**
 * Services the host offers a plugin instance. Passed to create(); the pointer and the table stay
 * valid until destroy() returns. Every function takes the `host_ctx` given to create(), which
 * identifies the instance. All are thread-safe and return without calling into the plugin.
 */
typedef struct gw_host_api {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    /** Write a log line attributed to this instance. The host redacts nothing: log no secrets. */
    void (*GW_NONNULL log)(void *GW_NULLABLE host_ctx, gw_log_level level, gw_str message);

    /** Wall-clock time in ns since the Unix epoch. Simulated under replay and tests. */
    int64_t (*GW_NONNULL now_unix_ns)(void *GW_NULLABLE host_ctx);

    /** Monotonic time in ns (for latency and deadlines). */
    uint64_t (*GW_NONNULL monotonic_ns)(void *GW_NULLABLE host_ctx);

    /** Fill `out` with `len` bytes from a CSPRNG (or a seeded generator in deterministic runs). */
    void (*GW_NONNULL random_bytes)(void *GW_NULLABLE host_ctx, uint8_t *GW_NONNULL out, size_t len);

    /**
     * Send an HTTP request. Returns GW_OK when it was queued; `callback` is then called exactly
     * once, later, serialised with the instance's other calls. Any other status means nothing was
     * queued and the callback will not be called.
     */
    gw_status (*GW_NONNULL http_request)(void *GW_NULLABLE host_ctx, const gw_http_request *GW_NONNULL request,
                                       gw_http_callback GW_NONNULL callback, void *GW_NULLABLE cb_ctx);

    /** Call `callback` once after `delay_ns`, serialised with the instance's other calls. */
    gw_status (*GW_NONNULL set_timer)(void *GW_NULLABLE host_ctx, uint64_t delay_ns,
                                    gw_timer_callback GW_NONNULL callback, void *GW_NULLABLE cb_ctx);

    /** Report an update the venue made later (fill, cancel, expiry). The host copies the event. */
    void (*GW_NONNULL emit_event)(void *GW_NULLABLE host_ctx, const gw_event *GW_NONNULL event);

    /** HMAC-SHA256 of `message` with an HMAC key. */
    gw_status (*GW_NONNULL hmac_sha256)(void *GW_NULLABLE host_ctx, gw_key key, gw_bytes message, uint8_t *GW_NONNULL out /* 32 bytes */);

    /** Ed25519 signature (64 bytes) of `message`. */
    gw_status (*GW_NONNULL ed25519_sign)(void *GW_NULLABLE host_ctx, gw_key key, gw_bytes message, uint8_t *GW_NONNULL out /* 64 bytes */);

    /**
     * RSASSA-PSS signature of `message` with SHA-256, MGF1-SHA-256 and a 32-byte salt. Writes at most
     * `capacity` bytes and the signature length to `*out_len`; GW_ERR_BUFFER_TOO_SMALL if it does not fit.
     */
    gw_status (*GW_NONNULL rsa_pss_sha256_sign)(void *GW_NULLABLE host_ctx, gw_key key, gw_bytes message,
                                              uint8_t *GW_NONNULL out, size_t capacity, size_t *GW_NONNULL out_len);

    /**
     * Recoverable ECDSA over a 32-byte digest (RFC 6979 nonce, low s): `out` is r(32) || s(32) || v,
     * with v the recovery id 0 or 1 (add 27 for Ethereum's convention).
     */
    gw_status (*GW_NONNULL secp256k1_sign)(void *GW_NULLABLE host_ctx, gw_key key, const uint8_t *GW_NONNULL digest /* 32 bytes */,
                                         uint8_t *GW_NONNULL out /* 65 bytes */);

    /**
     * The public part of a key: the 20-byte Ethereum address for SECP256K1, the 32-byte public key
     * for ED25519, DER SubjectPublicKeyInfo for RSA. TEXT and HMAC keys have none (GW_ERR_UNSUPPORTED).
     */
    gw_status (*GW_NONNULL public_key)(void *GW_NULLABLE host_ctx, gw_key key, uint8_t *GW_NONNULL out, size_t capacity,
                                     size_t *GW_NONNULL out_len);

    /**
     * Hand a secret the venue issued at run time (a derived API secret) to the key store and get a
     * handle back. The plugin must forget `secret` afterwards. The key lives until the instance is destroyed.
     */
    gw_status (*GW_NONNULL import_key)(void *GW_NULLABLE host_ctx, gw_key_kind kind, gw_bytes secret, gw_key *GW_NONNULL out);

    /** Keccak-256 (Ethereum's, padding 0x01) and SHA-256: pure functions, no key. */
    void (*GW_NONNULL keccak256)(gw_bytes data, uint8_t *GW_NONNULL out /* 32 bytes */);
    void (*GW_NONNULL sha256)(gw_bytes data, uint8_t *GW_NONNULL out /* 32 bytes */);
    /* Appended in later minors only. */
} gw_host_api;

/* ---- The plugin's descriptor -------------------------------------------------------------- */

/* gw_plugin.capabilities */
#define GW_CAP_MARKET_ORDERS    (1ull << 0)
#define GW_CAP_LIMIT_ORDERS     (1ull << 1)
#define GW_CAP_IOC              (1ull << 2)
#define GW_CAP_FOK              (1ull << 3)
#define GW_CAP_GTD              (1ull << 4)
#define GW_CAP_POST_ONLY        (1ull << 5)
#define GW_CAP_REDUCE_ONLY      (1ull << 6)
#define GW_CAP_CLIENT_ORDER_ID  (1ull << 7)  /* the venue keeps the client order id: query and cancel by it */
#define GW_CAP_CANCEL_ALL       (1ull << 8)
#define GW_CAP_OPEN_ORDERS      (1ull << 9)
#define GW_CAP_POSITIONS        (1ull << 10)
#define GW_CAP_BALANCES         (1ull << 11)
#define GW_CAP_QUERY_ORDER      (1ull << 12)
#define GW_CAP_BINARY_OUTCOMES  (1ull << 13)  /* markets are yes/no contracts */
#define GW_CAP_FILL_EVENTS      (1ull << 14)  /* emits GW_EVENT_FILL / GW_EVENT_ORDER_UPDATE (see "Events") */
#define GW_CAP_SIMULATED        (1ull << 15)  /* fills locally, no venue behind it: used as is by `gateway simulate` */
#define GW_CAP_HEX_CLIENT_ID    (1ull << 16)  /* client order ids must be "0x" + 32 hex digits (a 16-byte id, e.g. Hyperliquid's cloid) */

/** A rate-limit bucket the host enforces for the plugin's requests (a token bucket). */
typedef struct gw_rate_limit {
    gw_str bucket;             /* name used in gw_http_request.rate_limit_bucket */
    uint32_t capacity;         /* burst size in tokens */
    uint32_t refill_per_second;
} gw_rate_limit;

/**
 * Operations. `instance` is the plugin's (from create); every pointer argument is BORROWED for the
 * call; `done` must be called exactly once (inline or later) with `op_ctx`. Returning from the
 * function does not mean the operation finished.
 */
typedef void (*gw_place_order_fn)(void *GW_NONNULL instance, const gw_order *GW_NONNULL order,
                                  gw_completion_fn GW_NONNULL done, void *GW_NULLABLE op_ctx);
typedef void (*gw_cancel_order_fn)(void *GW_NONNULL instance, const gw_cancel *GW_NONNULL cancel,
                                   gw_completion_fn GW_NONNULL done, void *GW_NULLABLE op_ctx);
/** `market` empty: cancel every open order on every market of this instance. */
typedef void (*gw_cancel_all_fn)(void *GW_NONNULL instance, gw_str market,
                                 gw_completion_fn GW_NONNULL done, void *GW_NULLABLE op_ctx);
/** `market` empty: all markets. */
typedef void (*gw_open_orders_fn)(void *GW_NONNULL instance, gw_str market,
                                  gw_completion_fn GW_NONNULL done, void *GW_NULLABLE op_ctx);
/** Look one order up by client order id (and/or venue order id) in any state. */
typedef void (*gw_query_order_fn)(void *GW_NONNULL instance, const gw_cancel *GW_NONNULL which,
                                  gw_completion_fn GW_NONNULL done, void *GW_NULLABLE op_ctx);
typedef void (*gw_simple_op_fn)(void *GW_NONNULL instance, gw_completion_fn GW_NONNULL done, void *GW_NULLABLE op_ctx);

/**
 * Create an instance. `config_json` is the manifest's `settings` object with two members the host
 * always adds: "venue", the venue id this instance serves (a string), and "credentials", mapping
 * each credential name of the manifest to its key handle (a JSON number). On failure return a status
 * (GW_ERR_INVALID_CONFIG for a bad configuration) and write a NUL-terminated reason of at most
 * `error_capacity` bytes into `error_message`.
 */
typedef gw_status (*gw_create_fn)(const gw_host_api *GW_NONNULL host, void *GW_NULLABLE host_ctx, gw_str config_json,
                                  void *GW_NULLABLE *GW_NONNULL out_instance, char *GW_NONNULL error_message,
                                  size_t error_capacity);
/** Destroy an instance. The host calls it once, after every operation on it has completed. */
typedef void (*gw_destroy_fn)(void *GW_NONNULL instance);

/**
 * The descriptor: static, read-only, owned by the plugin for the process's life. Function pointers
 * marked "required" must be set (the host refuses the plugin otherwise); those marked "optional"
 * may be NULL when the capability is absent, and the host then answers GW_ERR_UNSUPPORTED itself
 * and never calls them. (All are declared GW_NULLABLE so that a host can check them safely.)
 */
typedef struct gw_plugin {
    uint32_t struct_size;          /* sizeof(gw_plugin) as the plugin was built */
    uint16_t abi_major;            /* GW_ABI_MAJOR the plugin was built against */
    uint16_t abi_minor;            /* GW_ABI_MINOR the plugin was built against */

    gw_str name;                   /* plugin name, [a-z0-9_-]+; must equal the manifest's "name" */
    gw_str version;                /* the plugin's own version, semver */
    gw_str description;
    const gw_str *GW_NULLABLE venues; /* venue ids this plugin serves ([a-z0-9_-]+), at least one */
    size_t venue_count;
    uint64_t capabilities;         /* GW_CAP_* */
    uint32_t client_order_id_max_len; /* longest client order id the venue accepts (0: none kept) */
    gw_str client_order_id_charset;   /* characters allowed besides [A-Za-z0-9], e.g. "-_" */
    const gw_rate_limit *GW_NULLABLE rate_limits;
    size_t rate_limit_count;

    gw_create_fn GW_NULLABLE create;                 /* required */
    gw_destroy_fn GW_NULLABLE destroy;               /* required */
    gw_place_order_fn GW_NULLABLE place_order;       /* required */
    gw_cancel_order_fn GW_NULLABLE cancel_order;     /* required */
    gw_cancel_all_fn GW_NULLABLE cancel_all;         /* optional: GW_CAP_CANCEL_ALL */
    gw_open_orders_fn GW_NULLABLE open_orders;       /* optional: GW_CAP_OPEN_ORDERS */
    gw_query_order_fn GW_NULLABLE query_order;       /* optional: GW_CAP_QUERY_ORDER */
    gw_simple_op_fn GW_NULLABLE positions;           /* optional: GW_CAP_POSITIONS */
    gw_simple_op_fn GW_NULLABLE balances;            /* optional: GW_CAP_BALANCES */
    gw_simple_op_fn GW_NULLABLE health;              /* required */
    /* Appended in later minors only. */
} gw_plugin;

/**
 * The entry point. The host passes its ABI version; the plugin returns its descriptor, even when
 * the majors differ (the host then refuses it, naming both versions). NULL means the plugin cannot
 * start at all in this process. Called once, on the loader thread, before any create().
 */
typedef const gw_plugin *GW_NULLABLE (*gw_plugin_entry_fn)(uint32_t host_abi_major, uint32_t host_abi_minor);

#if defined(__GNUC__)
#define GW_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define GW_PLUGIN_EXPORT
#endif

/** The one symbol a plugin defines (declared here so a wrong signature fails to compile). */
GW_PLUGIN_EXPORT const gw_plugin *GW_NULLABLE gw_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor);

#if defined(__clang__)
#pragma clang diagnostic pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* GATEWAY_PLUGIN_H */
