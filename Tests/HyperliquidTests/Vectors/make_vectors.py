#!/usr/bin/env python3
"""Known answers for the Hyperliquid plugin, produced by the official SDK itself.

    python3 -m venv /tmp/hl-venv && /tmp/hl-venv/bin/pip install hyperliquid-python-sdk coincurve
    /tmp/hl-venv/bin/python make_vectors.py > vectors.json

Every vector drives the SDK's own `Exchange` (order, market_open, cancel, cancel_by_cloid, bulk_cancel) with
fixed keys, fixed metadata and a fixed timestamp; only the HTTP post is replaced by a recorder, and the body
is what `requests` would send (`json=` -> `json.dumps`). The plugin must produce the same bytes.

Client order ids: the gateway's ids (`gw` + 32 base-36 digits) are not cloids; the plugin derives the
cloid as `0x` + the first 16 bytes of keccak256(UTF-8 of the id) (an id that already is `0x` + 32 hex digits
is sent lower-cased). That derivation is the plugin's own rule, reproduced here; the SDK only receives the
resulting `Cloid`.
"""
import hashlib
import json
import sys
from importlib.metadata import version

import eth_account
import msgpack
import requests
from eth_account.messages import _hash_eip191_message, encode_typed_data
from eth_utils import keccak, to_hex

import hyperliquid.exchange as hl_exchange
from hyperliquid.exchange import Exchange
from hyperliquid.utils.constants import MAINNET_API_URL, TESTNET_API_URL
from hyperliquid.utils import signing
from hyperliquid.utils.signing import (
    action_hash,
    construct_phantom_agent,
    float_to_wire,
    l1_payload,
)
from hyperliquid.utils.types import Cloid

MASTER_KEY = "0x0123456789012345678901234567890123456789012345678901234567890123"
AGENT_KEY = "0x4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d"
VAULT = "0x1719884eb866cb12b2287399b15f7db5e7d775ea"

META = {"universe": [
    {"name": "BTC", "szDecimals": 5, "maxLeverage": 40},
    {"name": "ETH", "szDecimals": 4, "maxLeverage": 25},
    {"name": "ATOM", "szDecimals": 2, "maxLeverage": 5},
    {"name": "MATIC", "szDecimals": 1, "maxLeverage": 20},
    {"name": "DYDX", "szDecimals": 1, "maxLeverage": 20},
    {"name": "SOL", "szDecimals": 2, "maxLeverage": 20},
    {"name": "kPEPE", "szDecimals": 0, "maxLeverage": 10},
]}
SPOT_META = {
    "tokens": [
        {"name": "USDC", "szDecimals": 8, "weiDecimals": 8, "index": 0, "tokenId": "0x6d1e7cde53ba9467b783cb7c530ce054", "isCanonical": True},
        {"name": "PURR", "szDecimals": 0, "weiDecimals": 5, "index": 1, "tokenId": "0xc1fb593aeffbeb02f85e0308e9956a90", "isCanonical": True},
        {"name": "HFUN", "szDecimals": 2, "weiDecimals": 8, "index": 2, "tokenId": "0xbaf265ef389da684513d98d68edf4eae", "isCanonical": False},
    ],
    "universe": [
        {"name": "PURR/USDC", "tokens": [1, 0], "index": 0, "isCanonical": True},
        {"name": "@1", "tokens": [2, 0], "index": 1, "isCanonical": False},
    ],
}
MIDS = {"BTC": "65432.5", "ETH": "1800.5", "ATOM": "8.1234", "SOL": "150.5", "PURR/USDC": "0.21345", "@1": "12.345"}

HEX_ID = "0x0123456789ABCDEF0123456789abcdef"


def gw_id(label):
    """A client order id shaped like the gateway's: `gw` + 32 lower-case base-36 digits (34 characters)."""
    number = int.from_bytes(hashlib.sha256(label.encode()).digest(), "big")
    digits = ""
    while len(digits) < 32:
        number, rest = divmod(number, 36)
        digits += "0123456789abcdefghijklmnopqrstuvwxyz"[rest]
    return "gw" + digits


GW_ID_1, GW_ID_2, GW_ID_3 = gw_id("one"), gw_id("two"), gw_id("three")


def cloid_for(client_order_id):
    """The plugin's rule: a 16-byte hex id as is (lower-cased), any other id keccak-derived."""
    if not client_order_id:
        return None
    body = client_order_id[2:]
    if client_order_id.startswith("0x") and len(body) == 32 and all(c in "0123456789abcdefABCDEF" for c in body):
        return client_order_id.lower()
    return "0x" + keccak(text=client_order_id)[:16].hex()


def run(name, key, nonce, call, testnet=False, vault=None, account=None, expires_after=None, order=None, cancel=None,
        open_orders=None):
    wallet = eth_account.Account.from_key(key)
    base_url = TESTNET_API_URL if testnet else MAINNET_API_URL
    exchange = Exchange(wallet, base_url=base_url, meta=META, spot_meta=SPOT_META, vault_address=vault,
                        account_address=account)
    exchange.info.all_mids = lambda dex="": MIDS
    if expires_after is not None:
        exchange.set_expires_after(expires_after)
    captured = []

    def post(path, payload):
        captured.append((path, payload))
        return {"status": "ok", "response": {"type": "default"}}

    exchange.post = post
    hl_exchange.get_timestamp_ms = lambda: nonce
    call(exchange)
    assert len(captured) == 1, name
    path, payload = captured[0]
    body = requests.Request("POST", base_url + path, json=payload).prepare().body.decode("utf-8")
    action = payload["action"]
    connection_id = action_hash(action, vault, nonce, expires_after)
    phantom = construct_phantom_agent(connection_id, not testnet)
    digest = _hash_eip191_message(encode_typed_data(full_message=l1_payload(phantom)))
    vector = {
        "name": name,
        "signer": wallet.address.lower(),
        "private_key": key,
        "nonce": nonce,
        "testnet": testnet,
        "vault_address": vault,
        "account_address": account,
        "expires_after": expires_after,
        "action_json": json.dumps(action),
        "action_msgpack": msgpack.packb(action).hex(),
        "connection_id": to_hex(connection_id),
        "digest": to_hex(digest),
        "signature": payload["signature"],
        "path": path,
        "body": body,
    }
    if order is not None:
        vector["order"] = order
    if cancel is not None:
        vector["cancel"] = cancel
    if open_orders is not None:
        vector["open_orders"] = open_orders
    return vector


def gw_order(client_order_id, market, side, order_type, tif, quantity, limit_price="", reduce_only=False, post_only=False):
    return {"client_order_id": client_order_id, "market": market, "side": side, "type": order_type, "tif": tif,
            "quantity": quantity, "limit_price": limit_price, "reduce_only": reduce_only, "post_only": post_only}


def main():
    base = 1700000000000
    vectors = []

    # Orders. Floats are given to the SDK exactly as a caller of the SDK would write them.
    vectors.append(run("order_gtc_buy_eth", MASTER_KEY, base, lambda ex: ex.order(
        "ETH", True, 0.1, 1800.5, {"limit": {"tif": "Gtc"}}),
        order=gw_order("", "ETH", "buy", "limit", "gtc", "0.1", "1800.5")))
    vectors.append(run("order_gtc_buy_eth_cloid", MASTER_KEY, base + 1000, lambda ex: ex.order(
        "ETH", True, 0.1, 1800.5, {"limit": {"tif": "Gtc"}}, cloid=Cloid(cloid_for(GW_ID_1))),
        order=gw_order(GW_ID_1, "ETH", "buy", "limit", "gtc", "0.10", "1800.50")))
    vectors.append(run("order_ioc_sell_btc_reduce_only_hex_id", MASTER_KEY, base + 2000, lambda ex: ex.order(
        "BTC", False, 0.00123, 65432, {"limit": {"tif": "Ioc"}}, reduce_only=True, cloid=Cloid(cloid_for(HEX_ID))),
        order=gw_order(HEX_ID, "BTC", "sell", "limit", "ioc", "0.00123", "65432", reduce_only=True)))
    vectors.append(run("order_alo_buy_sol_testnet", MASTER_KEY, base + 3000, lambda ex: ex.order(
        "SOL", True, 1.5, 142.37, {"limit": {"tif": "Alo"}}, cloid=Cloid(cloid_for(GW_ID_2))), testnet=True,
        order=gw_order(GW_ID_2, "SOL", "buy", "limit", "gtc", "1.5", "142.37", post_only=True)))
    vectors.append(run("order_gtc_sell_eth_vault", MASTER_KEY, base + 4000, lambda ex: ex.order(
        "ETH", False, 0.25, 1900, {"limit": {"tif": "Gtc"}}, cloid=Cloid(cloid_for(GW_ID_3))), vault=VAULT,
        order=gw_order(GW_ID_3, "ETH", "sell", "limit", "gtc", "0.25", "1900")))
    vectors.append(run("order_market_buy_eth", MASTER_KEY, base + 5000, lambda ex: ex.market_open(
        "ETH", True, 0.05, cloid=Cloid(cloid_for(gw_id("market-eth")))),
        order=gw_order(gw_id("market-eth"), "ETH", "buy", "market", "ioc", "0.05")))
    vectors.append(run("order_market_sell_btc", MASTER_KEY, base + 6000, lambda ex: ex.market_open(
        "BTC", False, 0.01, cloid=Cloid(cloid_for(gw_id("market-btc")))),
        order=gw_order(gw_id("market-btc"), "BTC", "sell", "market", "ioc", "0.01")))
    vectors.append(run("order_spot_buy_purr", MASTER_KEY, base + 7000, lambda ex: ex.order(
        "PURR/USDC", True, 100, 0.2134, {"limit": {"tif": "Gtc"}}, cloid=Cloid(cloid_for(gw_id("spot-purr")))),
        order=gw_order(gw_id("spot-purr"), "PURR/USDC", "buy", "limit", "gtc", "100", "0.2134")))
    vectors.append(run("order_spot_market_sell_hfun", MASTER_KEY, base + 8000, lambda ex: ex.market_open(
        "@1", False, 2.5, cloid=Cloid(cloid_for(gw_id("spot-hfun")))),
        order=gw_order(gw_id("spot-hfun"), "@1", "sell", "market", "ioc", "2.5")))
    vectors.append(run("order_gtc_buy_eth_expires_after", MASTER_KEY, base + 9000, lambda ex: ex.order(
        "ETH", True, 0.1, 1799, {"limit": {"tif": "Gtc"}}, cloid=Cloid(cloid_for(gw_id("expires")))),
        expires_after=base + 9000 + 60000,
        order=gw_order(gw_id("expires"), "ETH", "buy", "limit", "gtc", "0.1", "1799")))

    # Cancels.
    vectors.append(run("cancel_by_oid_eth", MASTER_KEY, base + 10000, lambda ex: ex.cancel("ETH", 77738308),
                       cancel={"market": "ETH", "venue_order_id": "77738308", "client_order_id": ""}))
    vectors.append(run("cancel_by_cloid_eth", MASTER_KEY, base + 11000, lambda ex: ex.cancel_by_cloid(
        "ETH", Cloid(cloid_for(GW_ID_1))),
        cancel={"market": "ETH", "venue_order_id": "", "client_order_id": GW_ID_1}))
    open_orders = [{"coin": "ETH", "oid": 91490942}, {"coin": "BTC", "oid": 123456789}, {"coin": "PURR/USDC", "oid": 7}]
    vectors.append(run("cancel_all", MASTER_KEY, base + 12000, lambda ex: ex.bulk_cancel(
        [{"coin": o["coin"], "oid": o["oid"]} for o in open_orders]), open_orders=open_orders))

    # An API (agent) wallet trading for a master account: the agent signs, the master's state is queried.
    master = eth_account.Account.from_key(MASTER_KEY).address.lower()
    vectors.append(run("order_agent_wallet_atom", AGENT_KEY, base + 13000, lambda ex: ex.order(
        "ATOM", True, 3.21, 8.123, {"limit": {"tif": "Gtc"}}, cloid=Cloid(cloid_for(gw_id("agent")))), account=master,
        order=gw_order(gw_id("agent"), "ATOM", "buy", "limit", "gtc", "3.21", "8.123")))

    # The SDK's own signing tests (nonce 0): unit-level checks of the hash and signature.
    sdk_tests = []
    wallet = eth_account.Account.from_key(MASTER_KEY)
    for testnet in (False, True):
        for vault in (None, VAULT):
            action = {"type": "dummy", "num": signing.float_to_int_for_hashing(1000)}
            sig = signing.sign_l1_action(wallet, action, vault, 0, None, not testnet)
            sdk_tests.append({"name": f"dummy_{'testnet' if testnet else 'mainnet'}_{'vault' if vault else 'novault'}",
                              "action_msgpack": msgpack_hex(action), "nonce": 0, "testnet": testnet, "vault_address": vault,
                              "expires_after": None,
                              "connection_id": to_hex(action_hash(action, vault, 0, None)), "signature": sig})
    action = {"type": "scheduleCancel", "time": 123456789}
    sig = signing.sign_l1_action(wallet, action, None, 0, 1700000000123, True)
    sdk_tests.append({"name": "schedule_cancel_expires_after", "action_msgpack": msgpack_hex(action), "nonce": 0,
                      "testnet": False, "vault_address": None, "expires_after": 1700000000123,
                      "connection_id": to_hex(action_hash(action, None, 0, 1700000000123)), "signature": sig})

    wire = {str(x): float_to_wire(x) for x in (1800.5, 100.0, 65432, 1e-8, 0.1 + 0.2, 1e20, 0.00123, 62161.0)}

    out = {
        "sdk": {"hyperliquid-python-sdk": version("hyperliquid-python-sdk"), "eth-account": version("eth-account"),
                "msgpack": version("msgpack"), "coincurve": version("coincurve")},
        "master_address": master,
        "agent_address": eth_account.Account.from_key(AGENT_KEY).address.lower(),
        "meta": META,
        "spot_meta": SPOT_META,
        "mids": MIDS,
        "float_to_wire": wire,
        "domain_separator": to_hex(keccak(
            keccak(text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
            + keccak(text="Exchange") + keccak(text="1") + (1337).to_bytes(32, "big") + bytes(32))),
        "agent_type_hash": to_hex(keccak(text="Agent(string source,bytes32 connectionId)")),
        "vectors": vectors,
        "sdk_signing_tests": sdk_tests,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


def msgpack_hex(action):
    return msgpack.packb(action).hex()


if __name__ == "__main__":
    main()
