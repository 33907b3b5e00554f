#!/usr/bin/env python3
"""Times one order through an official Python SDK, for comparison with the venue plugins' Swift benchmark.

    sdk_bench.py VENUE N        VENUE: binance | hyperliquid | kalshi | polymarket

What is measured: N calls (after a warm-up of min(200, max(10, N/10)) calls, as `gateway bench --venue`
does) of the SDK's own order method, each timed with time.perf_counter_ns around the whole call. One call
builds the order request exactly as the SDK sends it (parameters, body, URL, headers, the SDK's HTTP
library preparing the request), signs it, and parses the canned reply:

  binance      binance.spot.Spot(key, secret).new_order(BTCUSDT BUY LIMIT GTC 0.001 @ 60000) - HMAC-SHA256
  hyperliquid  Exchange.order("BTC", True, 0.001, 60000, Gtc) with a fixed eth_account wallet and meta
               given to the constructor (no /info call) - EIP-712 secp256k1 signature
  kalshi       KalshiClient.create_order(limit buy YES 10 @ 56c on KXBTCD-25DEC31-T100000) with an RSA
               key generated at start - RSA-PSS signature(s)
  polymarket   ClobClient.create_and_post_order(BUY 10 @ 0.56 on a fixed token, GTC, V2 exchange, tick 0.01)
               with fixed API credentials (no key derivation in the loop) - EIP-712 secp256k1 order signature
               and the L2 HMAC headers; httpx's transport is replaced by httpx.MockTransport

What is stubbed: only the socket. requests-based SDKs get a transport adapter mounted on their session and
Kalshi's urllib3 pool manager is replaced; either returns a canned success reply at once, built as a urllib3
response like the real transport's. Each order gets its own client order id (prepared outside the timing).
Before timing, one request is checked (signature verifies, one request per order, no other endpoint hit).

Prints one JSON line: venue, sdk, iterations, p50_us, p99_us, mean_us, coincurve (importable, so used by
eth-keys). Any failure: a message on stderr and exit status 1.
"""
import base64
import hashlib
import hmac
import io
import json
import math
import sys
import time
from importlib.metadata import version
from urllib.parse import urlsplit

try:
    import requests.adapters
    import urllib3
except ImportError as missing:
    sys.exit(f"sdk_bench: {missing}; run Benchmarks/python/setup_venv.sh and use the python it prints")

# Throwaway test credentials, as in Benchmarks/venues/<venue>.json (the Swift side's profiles); never real ones.
BINANCE_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
BINANCE_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
HL_KEY = "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
KALSHI_KEY_ID = "bench-key-id"
POLY_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"  # Hardhat dev account 0, test only
POLY_TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
POLY_REPLY = json.dumps({"success": True, "errorMsg": "", "status": "live", "makingAmount": "", "takingAmount": "",
                         "orderID": "0x16ef29e17d996d9cd0bd169f575890502c208b66e61b10169f721eb1569cf9d5",
                         "tradeIDs": [], "transactionsHashes": []}).encode()

BINANCE_REPLY = json.dumps({
    "symbol": "BTCUSDT", "orderId": 28, "orderListId": -1, "clientOrderId": "gw-bench-1", "transactTime": 1499827319559,
    "price": "60000.00000000", "origQty": "0.00100000", "executedQty": "0.00000000", "cummulativeQuoteQty": "0.00000000",
    "status": "NEW", "timeInForce": "GTC", "type": "LIMIT", "side": "BUY", "origQuoteOrderQty": "0.00000000",
    "workingTime": 1499827319559, "selfTradePreventionMode": "EXPIRE_MAKER", "fills": []}).encode()
# Same replies as the profiles, except Kalshi's: SDK 3.2.0's Order model requires the legacy integer fields.
HL_REPLY = json.dumps({"status": "ok", "response": {"type": "order", "data": {"statuses": [{"resting": {"oid": 77738308}}]}}}).encode()
KALSHI_REPLY = json.dumps({"order": {
    "order_id": "ee6d2bd1-0000-4000-8000-000000000001", "user_id": "u-bench", "client_order_id": "gwbench0",
    "ticker": "KXBTCD-25DEC31-T100000", "side": "yes", "action": "buy", "type": "limit", "status": "resting",
    "yes_price": 56, "no_price": 44, "yes_price_dollars": "0.5600", "no_price_dollars": "0.4400", "fill_count": 0,
    "remaining_count": 10, "initial_count": 10, "taker_fees": 0, "maker_fees": 0, "taker_fill_cost": 0,
    "maker_fill_cost": 0, "taker_fill_cost_dollars": "0.0000", "maker_fill_cost_dollars": "0.0000", "queue_position": 0,
    "created_time": "2025-12-01T00:00:00Z"}}).encode()


class BenchError(Exception):
    pass


def canned(status, body):
    """A reply as urllib3 hands it over after reading a socket."""
    return urllib3.HTTPResponse(body=io.BytesIO(body), headers={"Content-Type": "application/json;charset=UTF-8"},
                                status=status, reason="OK", preload_content=False)


class Wire(requests.adapters.HTTPAdapter):
    """Stands in for the socket under a requests session: keeps the last prepared request, answers `reply`."""

    def __init__(self, status, reply):
        super().__init__()
        self.status, self.reply, self.sent, self.last = status, reply, 0, None

    def send(self, request, **kwargs):
        self.sent, self.last = self.sent + 1, request
        return self.build_response(request, canned(self.status, self.reply))

    def attach(self, *sessions):
        for session in sessions:
            session.mount("https://", self)
            session.mount("http://", self)
        return self


class Pool:
    """Stands in for Kalshi's urllib3 pool manager: keeps the last request, answers `reply`."""

    def __init__(self, status, reply):
        self.status, self.reply, self.sent, self.last = status, reply, 0, None

    def request(self, method, url, body=None, headers=None, **kwargs):
        self.sent, self.last = self.sent + 1, (method, url, headers, body)
        return canned(self.status, self.reply)


def binance():
    from binance.spot import Spot

    client = Spot(api_key=BINANCE_KEY, api_secret=BINANCE_SECRET)
    wire = Wire(200, BINANCE_REPLY).attach(client.session)

    def place(client_order_id):
        return client.new_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity=0.001,
                                price=60000, newClientOrderId=client_order_id)

    def check(reply):
        request = wire.last
        url = urlsplit(request.url)
        signed, _, signature = url.query.rpartition("&signature=")
        expected = hmac.new(BINANCE_SECRET.encode(), signed.encode(), hashlib.sha256).hexdigest()
        assert (request.method, url.path) == ("POST", "/api/v3/order"), f"sent {request.method} {url.path}"
        assert signature == expected, f"HMAC signature does not verify over {signed!r}"
        assert request.headers["X-MBX-APIKEY"] == BINANCE_KEY, "API key header missing"
        assert reply["orderId"] == 28, f"reply not parsed: {reply!r}"

    return "binance-connector", place, wire, check


def hyperliquid():
    import eth_account
    from hyperliquid.exchange import Exchange
    from hyperliquid.utils.constants import MAINNET_API_URL
    from hyperliquid.utils.signing import recover_agent_or_user_from_l1_action

    meta = {"universe": [{"name": "BTC", "szDecimals": 5, "maxLeverage": 40},
                         {"name": "ETH", "szDecimals": 4, "maxLeverage": 25}]}
    spot_meta = {"tokens": [], "universe": []}
    wallet = eth_account.Account.from_key(HL_KEY)
    exchange = Exchange(wallet, base_url=MAINNET_API_URL, meta=meta, spot_meta=spot_meta)
    wire = Wire(200, HL_REPLY).attach(exchange.session, exchange.info.session)

    def place(client_order_id):
        return exchange.order("BTC", True, 0.001, 60000, {"limit": {"tif": "Gtc"}})

    def check(reply):
        request = wire.last
        payload = json.loads(request.body)
        assert (request.method, urlsplit(request.url).path) == ("POST", "/exchange"), f"sent {request.url}"
        order = payload["action"]["orders"][0]
        assert order == {"a": 0, "b": True, "p": "60000", "s": "0.001", "r": False, "t": {"limit": {"tif": "Gtc"}}}, order
        signer = recover_agent_or_user_from_l1_action(payload["action"], payload["signature"], None, payload["nonce"],
                                                      None, True)
        assert signer == wallet.address, f"signature recovers {signer}, not {wallet.address}"
        assert reply["status"] == "ok", f"reply not parsed: {reply!r}"

    return "hyperliquid-python-sdk", place, wire, check


def kalshi():
    import kalshi_python_sync
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    config = kalshi_python_sync.Configuration(host="https://api.elections.kalshi.com/trade-api/v2")
    config.api_key_id = KALSHI_KEY_ID
    config.private_key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()).decode()
    client = kalshi_python_sync.KalshiClient(config)
    pool = client.rest_client.pool_manager = Pool(201, KALSHI_REPLY)

    def place(client_order_id):
        return client.create_order(ticker="KXBTCD-25DEC31-T100000", client_order_id=client_order_id, side="yes",
                                   action="buy", count=10, type="limit", yes_price=56,
                                   time_in_force="good_till_canceled")

    def check(reply):
        method, url, headers, body = pool.last
        path = urlsplit(url).path
        assert (method, path) == ("POST", "/trade-api/v2/portfolio/orders"), f"sent {method} {url}"
        message = (headers["KALSHI-ACCESS-TIMESTAMP"] + method + path).encode()
        key.public_key().verify(base64.b64decode(headers["KALSHI-ACCESS-SIGNATURE"]), message,
                                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH),
                                hashes.SHA256())
        sent = json.loads(body) if isinstance(body, (str, bytes)) else body
        assert sent["count"] == 10 and sent["yes_price"] == 56 and sent["side"] == "yes", f"body {sent!r}"
        assert reply.order.status == "resting", f"reply not parsed: {reply!r}"

    return "kalshi-python-sync", place, pool, check


class Counter:
    def __init__(self):
        self.sent, self.last = 0, None


def polymarket():
    import httpx
    from py_clob_client_v2.client import ClobClient
    from py_clob_client_v2.clob_types import ApiCreds, OrderArgsV2, PartialCreateOrderOptions
    from py_clob_client_v2.http_helpers import helpers

    stub = Counter()

    def answer(request):
        if request.url.path.startswith("/tick-size"):  # asked once, then cached by the client
            return httpx.Response(200, json={"minimum_tick_size": 0.01})
        if request.url.path.startswith("/neg-risk"):
            return httpx.Response(200, json={"neg_risk": False})
        if request.url.path != "/order":  # one-time lookups (version), cached by the client
            stub.other = getattr(stub, "other", 0) + 1
            return httpx.Response(200, json={"version": 2})
        stub.sent, stub.last = stub.sent + 1, request
        return httpx.Response(200, content=POLY_REPLY, headers={"content-type": "application/json"})

    helpers._http_client = httpx.Client(transport=httpx.MockTransport(answer))
    creds = ApiCreds(api_key="7c3b1c6e-1f4a-4a8e-9a55-3f2d8b1e6a01",
                     api_secret="dGVzdC1vbmx5LXNlY3JldC1mb3ItdmVjdG9ycy0xMjM0NTY3OA==",
                     api_passphrase="0f8e2d4c6b8a1e3d5c7b9a0e2d4c6b8a1e3d5c7b9a0e2d4c6b8a1e3d5c7b9a0e")
    client = ClobClient("https://clob.polymarket.com", chain_id=137, key=POLY_KEY, creds=creds)
    options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False, version=2)

    def place(client_order_id):
        return client.create_and_post_order(OrderArgsV2(token_id=POLY_TOKEN, price=0.56, size=10, side="BUY"), options)

    def check(reply):
        request = stub.last
        assert (request.method, request.url.path) == ("POST", "/order"), f"sent {request.method} {request.url}"
        body = json.loads(request.content)
        assert body["order"]["tokenId"] == POLY_TOKEN and body["order"]["signature"].startswith("0x"), body
        assert request.headers.get("POLY_SIGNATURE"), "L2 HMAC header missing"
        assert reply["success"] is True, f"reply not parsed: {reply!r}"

    return "py-clob-client-v2", place, stub, check


def coincurve_importable():
    try:
        import coincurve  # noqa: F401
        return True
    except ImportError:
        return False


def run(venue, iterations):
    package, place, stub, check = {"binance": binance, "hyperliquid": hyperliquid, "kalshi": kalshi,
                                 "polymarket": polymarket}[venue]()
    warm_up = min(200, max(10, iterations // 10))
    ids = [f"gwbench{i}" for i in range(warm_up + iterations)]
    try:
        check(place(ids[0]))
    except Exception as error:
        raise BenchError(f"the SDK's request or the parsed reply is not what was expected: {error!r}") from error
    samples = []
    clock = time.perf_counter_ns
    for i, client_order_id in enumerate(ids[1:], start=1):
        t0 = clock()
        place(client_order_id)
        elapsed = clock() - t0
        if i >= warm_up:
            samples.append(elapsed)
    if stub.sent != len(ids):
        raise BenchError(f"{len(ids)} orders made {stub.sent} requests (an extra call, e.g. /info, is in the loop)")
    samples.sort()

    def percentile(p):
        return round(samples[max(0, math.ceil(p / 100 * len(samples)) - 1)] / 1000, 2)

    return {"venue": venue, "sdk": f"{package} {version(package)}", "iterations": len(samples),
            "p50_us": percentile(50), "p99_us": percentile(99), "mean_us": round(sum(samples) / len(samples) / 1000, 2),
            "coincurve": coincurve_importable()}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("binance", "hyperliquid", "kalshi", "polymarket") or not sys.argv[2].isdigit() \
            or int(sys.argv[2]) < 1:
        print("usage: sdk_bench.py binance|hyperliquid|kalshi|polymarket N   (N >= 1)", file=sys.stderr)
        return 2
    try:
        print(json.dumps(run(sys.argv[1], int(sys.argv[2]))))
    except BenchError as error:
        print(f"sdk_bench {sys.argv[1]}: {error}", file=sys.stderr)
        return 1
    except ImportError as error:
        print(f"sdk_bench {sys.argv[1]}: {error}; run Benchmarks/python/setup_venv.sh and use the python it prints",
              file=sys.stderr)
        return 1
    except Exception as error:  # an SDK exception
        print(f"sdk_bench {sys.argv[1]}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
