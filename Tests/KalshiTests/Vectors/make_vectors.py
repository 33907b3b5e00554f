#!/usr/bin/env python3
"""Kalshi vectors from the official Python SDK (kalshi-python-sync), for the Kalshi plugin's tests.

Run once per SDK version, each in its own virtual environment (3.2.0 is the newest that installs on
Python 3.11; 3.34.0 needs Python >= 3.13):

    python3.11 -m venv /tmp/k32 && /tmp/k32/bin/pip install kalshi-python-sync==3.2.0
    /tmp/k32/bin/python make_vectors.py
    python3.13 -m venv /tmp/k334 && /tmp/k334/bin/pip install kalshi-python-sync==3.34.0
    /tmp/k334/bin/python make_vectors.py

Each run drives the SDK's own client against a recording HTTP server on 127.0.0.1 with a fixed key
(TEST-ONLY-kalshi-rsa2048.pem) and a fixed clock, and merges into vectors.json, under the SDK's
version, what it sent:

  signing   the signed string, the timestamp and the SDK's signature for a few requests, each verified
            here the SDK's way (RSA-PSS, MGF1-SHA256, salt = digest length). PSS is randomised: tests
            verify signatures, they never compare them.
  orders    for canonical gateway orders, the JSON body the SDK sends. 3.2.0 posts the legacy
            /portfolio/orders shape (integer `count`, integer cents, `type`); `current_body` is that
            body rewritten with the API's documented equivalences (count -> count_fp "10.00",
            yes_price 56 -> yes_price_dollars "0.5600", `type` dropped as removed), which is what the
            plugin must send. 3.34.0 only offers POST /portfolio/events/orders; its body is compared as is.
  queries   the query strings and bodies of list, fills, positions and batch-cancel calls.

If plugin_signatures.json exists (written by the Swift test `KalshiVectorTests` when
KALSHI_WRITE_PLUGIN_SIGNATURES=1), its signatures are verified with the SDK's scheme and the result is
recorded under "plugin_signatures".
"""

import base64
import importlib.metadata
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = os.path.dirname(os.path.abspath(__file__))
KEY_PATH = os.path.join(HERE, "TEST-ONLY-kalshi-rsa2048.pem")
OUT_PATH = os.path.join(HERE, "vectors.json")
KEY_ID = "a952bcbe-ec3b-4b5b-b8f9-11dae589608c"
FIXED_TIME = 1767225600.123  # 2026-01-01T00:00:00.123Z -> timestamp "1767225600123"
TICKER = "KXTEST-26JAN01-T50"

SDK_VERSION = importlib.metadata.version("kalshi-python-sync")

import kalshi_python_sync  # noqa: E402
from kalshi_python_sync import auth as sdk_auth  # noqa: E402

# A fixed clock for the SDK's signer.
sdk_auth.time.time = lambda: FIXED_TIME


class Recorder(BaseHTTPRequestHandler):
    requests = []

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        Recorder.requests.append({
            "method": self.command,
            "uri": self.path,
            "headers": {k: v for k, v in self.headers.items()},
            "body": body.decode("utf-8"),
        })
        reply = b'{"error":{"code":"recording","message":"recorded, not executed"}}'
        self.send_response(418)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = do_DELETE = do_PUT = _handle

    def log_message(self, *args):
        pass


def start_server():
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def make_client(port):
    config = kalshi_python_sync.Configuration(host=f"http://127.0.0.1:{port}/trade-api/v2")
    config.api_key_id = KEY_ID
    with open(KEY_PATH) as f:
        config.private_key_pem = f.read()
    return kalshi_python_sync.KalshiClient(config)


def call(fn, **kwargs):
    """Calls an SDK method and returns the request it sent (the recorder answers 418, so the SDK raises)."""
    before = len(Recorder.requests)
    try:
        fn(**kwargs)
    except Exception:
        pass
    assert len(Recorder.requests) == before + 1, f"expected one request from {fn.__name__}"
    return Recorder.requests[-1]


def public_key():
    with open(KEY_PATH, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    return key.public_key()


def verify_sdk_way(message: bytes, signature_b64: str) -> bool:
    """The SDK's parameters: PSS, MGF1(SHA-256), salt_length = PSS.DIGEST_LENGTH (32), SHA-256."""
    try:
        public_key().verify(base64.b64decode(signature_b64), message,
                            padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH),
                            hashes.SHA256())
        return True
    except Exception:
        return False


def signing_entry(request):
    headers = {k.upper(): v for k, v in request["headers"].items()}
    path = request["uri"].split("?")[0]
    timestamp = headers["KALSHI-ACCESS-TIMESTAMP"]
    message = timestamp + request["method"] + path
    signature = headers["KALSHI-ACCESS-SIGNATURE"]
    return {
        "method": request["method"],
        "uri": request["uri"],
        "timestamp": timestamp,
        "key_id": headers["KALSHI-ACCESS-KEY"],
        "signed_message": message,
        "signature_b64": signature,
        "verifies_sdk_way": verify_sdk_way(message.encode(), signature),
    }


# Canonical gateway orders (the plugin's input) and the SDK call that expresses the same order.
# `settings` are plugin settings the test applies (market-order bounds).
LEGACY_ORDERS = [
    {"name": "limit_buy_yes_gtc",
     "canonical": {"client_order_id": "gw-7f3d2c1a-0001", "side": "buy", "outcome": "yes", "type": "limit",
                   "time_in_force": "gtc", "quantity": "10", "limit_price": "0.56"},
     "sdk": {"ticker": TICKER, "client_order_id": "gw-7f3d2c1a-0001", "side": "yes", "action": "buy", "count": 10,
             "type": "limit", "yes_price": 56, "time_in_force": "good_till_canceled"}},
    {"name": "limit_buy_no_ioc",
     "canonical": {"client_order_id": "gw-7f3d2c1a-0002", "side": "buy", "outcome": "no", "type": "limit",
                   "time_in_force": "ioc", "quantity": "5", "limit_price": "0.40"},
     "sdk": {"ticker": TICKER, "client_order_id": "gw-7f3d2c1a-0002", "side": "no", "action": "buy", "count": 5,
             "type": "limit", "no_price": 40, "time_in_force": "immediate_or_cancel"}},
    {"name": "limit_sell_yes_fok_subpenny",
     "canonical": {"client_order_id": "gw-7f3d2c1a-0003", "side": "sell", "outcome": "yes", "type": "limit",
                   "time_in_force": "fok", "quantity": "3", "limit_price": "0.955"},
     "sdk": {"ticker": TICKER, "client_order_id": "gw-7f3d2c1a-0003", "side": "yes", "action": "sell", "count": 3,
             "type": "limit", "yes_price_dollars": "0.9550", "time_in_force": "fill_or_kill"}},
    {"name": "gtd_sell_no_post_only",
     "canonical": {"client_order_id": "gw-7f3d2c1a-0004", "side": "sell", "outcome": "no", "type": "limit",
                   "time_in_force": "gtd", "quantity": "2", "limit_price": "0.30", "post_only": True,
                   "expire_at_unix_ms": 1767229200000},
     "sdk": {"ticker": TICKER, "client_order_id": "gw-7f3d2c1a-0004", "side": "no", "action": "sell", "count": 2,
             "type": "limit", "no_price": 30, "expiration_ts": 1767229200, "time_in_force": "good_till_canceled",
             "post_only": True}},
    {"name": "reduce_only_sell_yes_ioc",
     "canonical": {"client_order_id": "gw-7f3d2c1a-0005", "side": "sell", "outcome": "yes", "type": "limit",
                   "time_in_force": "ioc", "quantity": "4", "limit_price": "0.50", "reduce_only": True},
     "sdk": {"ticker": TICKER, "client_order_id": "gw-7f3d2c1a-0005", "side": "yes", "action": "sell", "count": 4,
             "type": "limit", "yes_price": 50, "time_in_force": "immediate_or_cancel", "reduce_only": True}},
    {"name": "market_buy_yes_bounded",
     "settings": {"market_worst_buy_price": "0.65"},
     "canonical": {"client_order_id": "gw-7f3d2c1a-0006", "side": "buy", "outcome": "yes", "type": "market",
                   "time_in_force": "gtc", "quantity": "7", "limit_price": ""},
     "sdk": {"ticker": TICKER, "client_order_id": "gw-7f3d2c1a-0006", "side": "yes", "action": "buy", "count": 7,
             "type": "limit", "yes_price": 65, "time_in_force": "immediate_or_cancel"}},
    {"name": "market_buy_yes_max_cost",
     "settings": {"market_worst_buy_price": "0.65", "market_buy_bound": "buy_max_cost"},
     "canonical": {"client_order_id": "gw-7f3d2c1a-0007", "side": "buy", "outcome": "yes", "type": "market",
                   "time_in_force": "ioc", "quantity": "7", "limit_price": ""},
     "sdk": {"ticker": TICKER, "client_order_id": "gw-7f3d2c1a-0007", "side": "yes", "action": "buy", "count": 7,
             "type": "limit", "yes_price": 65, "time_in_force": "fill_or_kill", "buy_max_cost": 455}},
    {"name": "market_sell_no_with_bound_fok",
     "canonical": {"client_order_id": "gw-7f3d2c1a-0008", "side": "sell", "outcome": "no", "type": "market",
                   "time_in_force": "fok", "quantity": "6", "limit_price": "0.20"},
     "sdk": {"ticker": TICKER, "client_order_id": "gw-7f3d2c1a-0008", "side": "no", "action": "sell", "count": 6,
             "type": "limit", "no_price": 20, "time_in_force": "fill_or_kill"}},
]

# The documented equivalences between the SDK 3.2.0 body and the current fixed-point fields.
DEPRECATED_NOTES = {
    "count": "integer count: legacy; current field is count_fp (\"10.00\"); responses no longer carry integers since 2026-03-12",
    "yes_price": "integer cents: legacy; current field is yes_price_dollars (\"0.5600\")",
    "no_price": "integer cents: legacy; current field is no_price_dollars (\"0.4000\")",
    "type": "removed from POST /portfolio/orders (\"type=market is no longer offered\")",
}


def fixed(value, places):
    from decimal import Decimal
    return f"{Decimal(str(value)):.{places}f}"


def current_body(sdk_body):
    """The SDK body rewritten with the documented equivalences, keeping the SDK's field order."""
    out = {}
    for key, value in sdk_body.items():
        if key == "type":
            continue
        if key == "count":
            out["count_fp"] = fixed(value, 2)
        elif key in ("yes_price", "no_price"):
            out[key + "_dollars"] = fixed(value / 100, 4)
        elif key in ("yes_price_dollars", "no_price_dollars"):
            out[key] = fixed(value, 4)
        else:
            out[key] = value
    return out


def v2_fields(order):
    """The same canonical order in the events endpoint's shape (YES book; NO legs complemented)."""
    from decimal import Decimal
    c = order["canonical"]
    sdk = order["sdk"]
    price_key = next(k for k in ("yes_price", "no_price", "yes_price_dollars", "no_price_dollars") if k in sdk)
    leg = Decimal(str(sdk[price_key])) / (100 if not price_key.endswith("_dollars") else 1)
    bid = (c["side"] == "buy") == (c["outcome"] == "yes")
    price = leg if c["outcome"] == "yes" else 1 - leg
    fields = {"ticker": TICKER, "client_order_id": c["client_order_id"], "side": "bid" if bid else "ask",
              "count": fixed(sdk["count"], 2), "price": fixed(price, 4)}
    if "expiration_ts" in sdk:
        fields["expiration_time"] = sdk["expiration_ts"]
    fields["time_in_force"] = sdk["time_in_force"]
    if sdk.get("post_only"):
        fields["post_only"] = True
    fields["self_trade_prevention_type"] = "taker_at_cross"
    if sdk.get("reduce_only"):
        fields["reduce_only"] = True
    return fields


def main():
    server = start_server()
    client = make_client(server.server_port)
    section = {"sdk": "kalshi-python-sync", "version": SDK_VERSION, "key_id": KEY_ID,
               "fixed_timestamp_ms": str(int(FIXED_TIME * 1000)), "ticker": TICKER}

    signing = []
    queries = {}
    r = call(client.get_orders, ticker=TICKER, status="resting", limit=200, cursor="abc")
    signing.append(signing_entry(r))
    queries["get_orders"] = {"method": r["method"], "uri": r["uri"]}
    r = call(client.get_positions, limit=200, count_filter="position", cursor="abc")
    signing.append(signing_entry(r))
    queries["get_positions"] = {"method": r["method"], "uri": r["uri"]}
    r = call(client.get_fills, order_id="ee6d2bd1-0000-4000-8000-000000000001", limit=200)
    signing.append(signing_entry(r))
    queries["get_fills"] = {"method": r["method"], "uri": r["uri"]}
    r = call(client.get_balance)
    signing.append(signing_entry(r))
    queries["get_balance"] = {"method": r["method"], "uri": r["uri"]}

    orders = []
    if hasattr(client, "create_order"):
        for order in LEGACY_ORDERS:
            r = call(client.create_order, **order["sdk"])
            if not signing or signing[-1]["method"] != "POST":
                signing.append(signing_entry(r))
            sdk_body = json.loads(r["body"])
            orders.append({
                "name": order["name"], "endpoint": "portfolio_orders", "settings": order.get("settings", {}),
                "canonical": order["canonical"], "market": TICKER,
                "sdk_request": {"method": r["method"], "uri": r["uri"], "body_text": r["body"], "body": sdk_body},
                "current_body": current_body(sdk_body),
                "deprecated_in_sdk_body": {k: DEPRECATED_NOTES[k] for k in sdk_body if k in DEPRECATED_NOTES},
            })
        r = call(client.batch_cancel_orders, ids=["ee6d2bd1-0000-4000-8000-000000000001", "ee6d2bd1-0000-4000-8000-000000000002"])
        queries["batch_cancel"] = {"method": r["method"], "uri": r["uri"], "body": json.loads(r["body"])}
    if hasattr(client, "create_order_v2"):
        for order in LEGACY_ORDERS:
            if "buy_max_cost" in order["sdk"]:
                continue  # not offered by the events endpoint
            r = call(client.create_order_v2, **v2_fields(order))
            if not signing or signing[-1]["method"] != "POST":
                signing.append(signing_entry(r))
            orders.append({
                "name": order["name"], "endpoint": "events_orders", "settings": order.get("settings", {}),
                "canonical": order["canonical"], "market": TICKER,
                "sdk_request": {"method": r["method"], "uri": r["uri"], "body_text": r["body"], "body": json.loads(r["body"])},
                "current_body": json.loads(r["body"]),
                "deprecated_in_sdk_body": {},
            })
        r = call(client.batch_cancel_orders_v2, orders=[
            {"order_id": "ee6d2bd1-0000-4000-8000-000000000001", "market_ticker": TICKER},
            {"order_id": "ee6d2bd1-0000-4000-8000-000000000002", "market_ticker": TICKER}])
        queries["batch_cancel_v2"] = {"method": r["method"], "uri": r["uri"], "body": json.loads(r["body"])}

    section["signing"] = signing
    section["orders"] = orders
    section["queries"] = queries
    server.shutdown()

    vectors = {}
    if os.path.exists(OUT_PATH):
        with open(OUT_PATH) as f:
            vectors = json.load(f)
    vectors.setdefault("sdk", {})[SDK_VERSION] = section
    vectors["public_key_der_b64"] = base64.b64encode(public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()

    plugin_path = os.path.join(HERE, "plugin_signatures.json")
    if os.path.exists(plugin_path):
        with open(plugin_path) as f:
            plugin = json.load(f)
        checked = [{**entry, "verifies_sdk_way": verify_sdk_way(entry["signed_message"].encode(), entry["signature_b64"])}
                   for entry in plugin]
        vectors["plugin_signatures"] = {"verified_with": f"kalshi-python-sync {SDK_VERSION} scheme", "entries": checked}

    with open(OUT_PATH, "w") as f:
        json.dump(vectors, f, indent=2, sort_keys=False)
        f.write("\n")
    print(f"wrote {OUT_PATH}: SDK {SDK_VERSION}, {len(orders)} orders, {len(signing)} signed requests")


if __name__ == "__main__":
    main()
