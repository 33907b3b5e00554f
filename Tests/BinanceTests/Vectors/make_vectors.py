#!/usr/bin/env python3
"""Signing vectors for the Binance plugin, produced by Binance's official Python connectors.

Spot: binance-connector 3.13.0 (`from binance.spot import Spot`).
USD-M futures: binance-futures-connector 4.2.0 (`from binance.um_futures import UMFutures`).

Both packages own the top-level package `binance` and ship different `binance/api.py`, so each is
installed into its own folder and imported in isolation:

    pip install --target /tmp/bn-spot binance-connector==3.13.0
    pip install --target /tmp/bn-futures binance-futures-connector==4.2.0
    python3 make_vectors.py /tmp/bn-spot /tmp/bn-futures > vectors.json

Nothing reaches the network: a requests transport adapter mounted on the connector's session
captures each prepared request (method, full URL as it would be sent, headers) and answers `{}`.
The clock is fixed by replacing the connector's `get_timestamp`. Every value is passed as a string,
exactly as the plugin renders it (the connectors would print floats as `1e-05` / `65000.0`).
"""
import json
import sys

import importlib

API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
API_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
TIMESTAMP = 1499827319559
RECV_WINDOW = 5000
# RFC 8032 section 7.1, test 1: a published Ed25519 secret key (never a real one).
ED25519_SEED_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
ED25519_PEM = None  # built below from the seed (PKCS#8 = fixed prefix + seed)


def ed25519_pem():
    import base64
    der = bytes.fromhex("302e020100300506032b657004220420" + ED25519_SEED_HEX)
    body = base64.b64encode(der).decode()
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n"


def load(path):
    """Imports the `binance` package found in `path`, forgetting any other copy first."""
    for name in [m for m in sys.modules if m == "binance" or m.startswith("binance.")]:
        del sys.modules[name]
    sys.path.insert(0, path)
    try:
        return importlib.import_module("binance")
    finally:
        sys.path.remove(path)


class Capture:
    """A requests transport adapter that records prepared requests instead of sending them."""

    def __init__(self):
        import requests.adapters

        outer = self
        self.sent = []

        class Adapter(requests.adapters.BaseAdapter):
            def send(self, request, **kwargs):
                import requests
                outer.sent.append(request)
                response = requests.Response()
                response.status_code = 200
                response._content = b"{}"
                response.headers["Content-Type"] = "application/json"
                response.request = request
                response.url = request.url
                return response

            def close(self):
                pass

        self.adapter = Adapter()

    def attach(self, session):
        session.mount("https://", self.adapter)
        session.mount("http://", self.adapter)


def record(capture, name, call, **extra):
    call()
    request = capture.sent[-1]
    url = request.url
    path, _, query = url.partition("?")
    path = "/" + path.split("/", 3)[3]
    signed, _, signature = query.rpartition("&signature=")
    entry = {
        "name": name,
        "method": request.method,
        "path": path,
        "query": query,
        "signed_text": signed,
        "signature": signature,
        "body": (request.body or b"").decode() if isinstance(request.body, bytes) else (request.body or ""),
        "api_key_header": request.headers.get("X-MBX-APIKEY"),
        "user_agent": request.headers.get("User-Agent"),
    }
    entry.update(extra)
    return entry


def spot_vectors(path):
    binance = load(path)
    from binance.spot import Spot  # noqa: E402
    import binance.api as api
    version = importlib.import_module("binance.__version__").__version__
    api.get_timestamp = lambda: TIMESTAMP
    out = []

    capture = Capture()
    client = Spot(api_key=API_KEY, api_secret=API_SECRET, base_url="https://api.binance.com")
    capture.attach(client.session)
    out.append(record(capture, "spot_limit_gtc_buy", lambda: client.new_order(
        "BTCUSDT", "BUY", "LIMIT", timeInForce="GTC", quantity="0.00100", price="65000.10",
        newClientOrderId="gw-vec-1", newOrderRespType="FULL", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "spot_market_sell", lambda: client.new_order(
        "BTCUSDT", "SELL", "MARKET", quantity="0.01000",
        newClientOrderId="gw-vec-2", newOrderRespType="FULL", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "spot_limit_maker_sell", lambda: client.new_order(
        "ETHUSDT", "SELL", "LIMIT_MAKER", quantity="0.5000", price="3500.00",
        newClientOrderId="gw:vec/3.x_y", newOrderRespType="FULL", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "spot_limit_ioc_buy", lambda: client.new_order(
        "BTCUSDT", "BUY", "LIMIT", timeInForce="IOC", quantity="0.00200", price="64000.00",
        newClientOrderId="gw-vec-4", newOrderRespType="FULL", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "spot_cancel_by_client_id", lambda: client.cancel_order(
        "BTCUSDT", origClientOrderId="gw-vec-1", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "spot_query_by_client_id", lambda: client.get_order(
        "BTCUSDT", origClientOrderId="gw-vec-1", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "spot_open_orders_all", lambda: client.get_open_orders(recvWindow=RECV_WINDOW)))
    out.append(record(capture, "spot_account", lambda: client.account(recvWindow=RECV_WINDOW)))

    # Ed25519 API key: the same connector, private_key instead of a secret.
    ed_capture = Capture()
    ed_client = Spot(api_key=API_KEY, private_key=ed25519_pem(), base_url="https://api.binance.com")
    ed_capture.attach(ed_client.session)
    out.append(record(ed_capture, "spot_ed25519_limit_gtc_buy", lambda: ed_client.new_order(
        "BTCUSDT", "BUY", "LIMIT", timeInForce="GTC", quantity="0.00100", price="65000.10",
        newClientOrderId="gw-vec-ed-1", newOrderRespType="FULL", recvWindow=RECV_WINDOW), key_type="ed25519"))
    out.append(record(ed_capture, "spot_ed25519_cancel_by_client_id", lambda: ed_client.cancel_order(
        "BTCUSDT", origClientOrderId="gw-vec-ed-1", recvWindow=RECV_WINDOW), key_type="ed25519"))

    # The published example of Binance's documentation, signed by the connector's own helper.
    from binance.lib.authentication import hmac_hashing
    docs_text = ("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                 "&recvWindow=5000&timestamp=1499827319559")
    docs = {"signed_text": docs_text, "signature": hmac_hashing(API_SECRET, docs_text)}
    # How the connector encodes values that need escaping (non-ASCII, space, '/', '@', '+', '~', ':').
    from binance.lib.utils import encoded_string
    encoding_params = [["symbol", "\uff11\uff12\uff13\uff14\uff15\uff16"], ["note", "a b/c@d+e~f:g=h&i"],
                       ["newClientOrderId", "gw:vec/3.x_y"]]
    docs["encoding"] = {"params": encoding_params, "encoded": encoded_string(dict(encoding_params))}
    return version, out, docs


def futures_vectors(path):
    load(path)
    from binance.um_futures import UMFutures  # noqa: E402
    import binance.api as api
    version = importlib.import_module("binance.__version__").__version__
    api.get_timestamp = lambda: TIMESTAMP
    out = []
    capture = Capture()
    client = UMFutures(key=API_KEY, secret=API_SECRET, base_url="https://fapi.binance.com")
    capture.attach(client.session)
    out.append(record(capture, "futures_limit_gtx_buy", lambda: client.new_order(
        "BTCUSDT", "BUY", "LIMIT", timeInForce="GTX", quantity="0.010", price="65000.1",
        newClientOrderId="gw-fvec-1", newOrderRespType="RESULT", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "futures_market_sell_reduce_only", lambda: client.new_order(
        "BTCUSDT", "SELL", "MARKET", quantity="0.005", newClientOrderId="gw-fvec-2",
        reduceOnly="true", newOrderRespType="RESULT", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "futures_limit_fok_sell", lambda: client.new_order(
        "ETHUSDT", "SELL", "LIMIT", timeInForce="FOK", quantity="1.000", price="3500.01",
        newClientOrderId="gw-fvec-3", newOrderRespType="RESULT", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "futures_cancel_by_order_id", lambda: client.cancel_order(
        "BTCUSDT", orderId=283194212, recvWindow=RECV_WINDOW)))
    out.append(record(capture, "futures_query_by_client_id", lambda: client.query_order(
        "BTCUSDT", origClientOrderId="gw-fvec-1", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "futures_open_orders_all", lambda: client.get_orders(recvWindow=RECV_WINDOW)))
    out.append(record(capture, "futures_cancel_all_symbol", lambda: client.cancel_open_orders(
        "BTCUSDT", recvWindow=RECV_WINDOW)))
    out.append(record(capture, "futures_position_risk", lambda: client.get_position_risk(recvWindow=RECV_WINDOW)))
    out.append(record(capture, "futures_balance", lambda: client.balance(recvWindow=RECV_WINDOW)))
    return version, out


def main():
    spot_path, futures_path = sys.argv[1], sys.argv[2]
    spot_version, spot, docs = spot_vectors(spot_path)
    futures_version, futures = futures_vectors(futures_path)
    document = {
        "generator": "Tests/BinanceTests/Vectors/make_vectors.py",
        "sdk": {"binance-connector": spot_version, "binance-futures-connector": futures_version},
        "api_key": API_KEY,
        "api_secret": API_SECRET,
        "ed25519_seed_hex": ED25519_SEED_HEX,
        "ed25519_pem": ed25519_pem(),
        "timestamp": TIMESTAMP,
        "recv_window": RECV_WINDOW,
        "docs_example": docs,
        "spot": spot,
        "futures": futures,
    }
    json.dump(document, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
