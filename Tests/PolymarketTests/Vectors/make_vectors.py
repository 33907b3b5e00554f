#!/usr/bin/env python3
"""Polymarket CLOB V2 test vectors from the official clients.

    pip install py-clob-client-v2==1.2.1 coincurve polymarket-client==0.14.0
    python3 make_vectors.py > vectors.json

Everything is deterministic: fixed private keys, salts, order timestamps and header timestamps.

* `orders`: each case (salt derived from its client order id, see `derived_salt`) is built the way py-clob-client-v2 builds it (OrderBuilder's amount arithmetic,
  ExchangeOrderBuilderV2's EIP-712 digest and signature, order_to_json_v2 + json.dumps for the POST
  body) with only the salt and the timestamp fixed. Only inputs on which the V2 client's binary-float
  arithmetic agrees with the exact-decimal arithmetic of the unified `polymarket-client` are kept here.
* `exact_amounts`: inputs where the two disagree (the float trap). `exact` is what polymarket-client
  (Decimal arithmetic) computes and what the gateway must sign; `float_v2` is what py-clob-client-v2
  would sign instead.
* `l1`: L1 (ClobAuth) headers; `l2`: L2 (HMAC) headers for fixed timestamps and bodies.
"""

import json
import random
from decimal import Decimal

from eth_utils import keccak
from py_clob_client_v2.clob_types import ApiCreds, RequestArgs
from py_clob_client_v2.config import get_contract_config
from py_clob_client_v2.headers.headers import create_level_1_headers, create_level_2_headers
from py_clob_client_v2.order_builder.builder import ROUNDING_CONFIG, OrderBuilder
from py_clob_client_v2.order_utils import ExchangeOrderBuilderV2, SignatureTypeV2
from py_clob_client_v2.order_utils.model.order_data_v2 import OrderDataV2, order_to_json_v2
from py_clob_client_v2.signer import Signer
from py_clob_client_v2.signing.eip712 import get_clob_auth_domain, MSG_TO_SIGN
from py_clob_client_v2.signing.model import ClobAuth

import importlib.metadata as md

from polymarket._internal.actions.orders import limit as unified_limit
from polymarket._internal.actions.orders import market as unified_market

CHAIN_ID = 137
# TEST-ONLY keys (the well-known Hardhat development accounts 0 and 1). Never fund these.
PRIVATE_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
PROXY_WALLET = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
SAFE_WALLET = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
DEPOSIT_WALLET = "0x90F79bf6EB2c4f870365E785982E1f101E93b906"
TOKEN_A = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
TOKEN_B = "52114319501245915516055106046884209969926127482827954674443846427813813222426"
ZERO32 = "0x" + "00" * 32

API_KEY = "7c3b1c6e-1f4a-4a8e-9a55-3f2d8b1e6a01"
API_SECRET = "dGVzdC1vbmx5LXNlY3JldC1mb3ItdmVjdG9ycy0xMjM0NTY3OA=="  # TEST-ONLY
API_PASSPHRASE = "0f8e2d4c6b8a1e3d5c7b9a0e2d4c6b8a1e3d5c7b9a0e2d4c6b8a1e3d5c7b9a0e"

signer = Signer(PRIVATE_KEY, CHAIN_ID)
CREDS = ApiCreds(api_key=API_KEY, api_secret=API_SECRET, api_passphrase=API_PASSPHRASE)
contracts = get_contract_config(CHAIN_ID)


def float_amounts(kind, side, size_or_amount, price, tick):
    builder = OrderBuilder(signer)
    config = ROUNDING_CONFIG[tick]
    if kind == "limit":
        _, maker, taker = builder.get_order_amounts(side, float(size_or_amount), float(price), config)
    else:
        _, maker, taker = builder.get_market_order_amounts(side, float(size_or_amount), float(price), config)
    return maker, taker


def exact_amounts(kind, side, size_or_amount, price, tick):
    if kind == "limit":
        return unified_limit._compute_limit_order_amounts(
            price=Decimal(price), size=Decimal(size_or_amount), side=side, tick_size=Decimal(tick))
    return unified_market._compute_market_order_amounts(
        amount=Decimal(size_or_amount), price=Decimal(price), side=side, tick_size=Decimal(tick))


def derived_salt(client_order_id):
    """The gateway's salt: the first 53 bits of keccak256(client order id), so a client order id always signs
    the same salt (any salt below 2^53 is accepted by the venue)."""
    return int.from_bytes(keccak(text=client_order_id)[:8], "big") & ((1 << 53) - 1)


def shares_for_amount(amount, price):
    """The smallest share count (2 dp) whose value at `price`, floored to cents, is `amount` dollars."""
    q = (Decimal(amount) / Decimal(price)).quantize(Decimal("0.01"), rounding="ROUND_CEILING")
    assert (q * Decimal(price)).quantize(Decimal("0.01"), rounding="ROUND_FLOOR") == Decimal(amount), (amount, price)
    return str(q)


def build_case(name, kind, side, quantity, price, tick, neg_risk, signature_type, funder, salt, timestamp_ms,
               order_type, expiration="0", post_only=False):
    client_order_id = "gw-" + name.replace("_", "-")
    salt = derived_salt(client_order_id)
    maker_amount, taker_amount = float_amounts(kind, side, quantity, price, tick)
    exact = exact_amounts(kind, side, quantity, price, tick)
    assert exact == (maker_amount, taker_amount), f"{name}: float and exact arithmetic disagree"
    exchange = contracts.neg_risk_exchange_v2 if neg_risk else contracts.exchange_v2
    sig_type = SignatureTypeV2(signature_type)
    maker = funder if funder else signer.address()
    order_signer = maker if sig_type == SignatureTypeV2.POLY_1271 else signer.address()
    builder = ExchangeOrderBuilderV2(exchange, CHAIN_ID, signer, generate_salt=lambda: str(salt))
    data = OrderDataV2(maker=maker, tokenId=TOKEN_A if not neg_risk else TOKEN_B, makerAmount=str(maker_amount),
                       takerAmount=str(taker_amount), side=0 if side == "BUY" else 1, signer=order_signer,
                       signatureType=sig_type, timestamp=str(timestamp_ms), metadata=ZERO32, builder=ZERO32,
                       expiration=expiration)
    order = builder.build_signed_order(data)
    digest = builder.build_order_hash(builder.build_order_typed_data(order))
    payload = order_to_json_v2(order, API_KEY, order_type, post_only, False)
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    l2_args = RequestArgs(method="POST", request_path="/order", body=None, serialized_body=body)
    l2_headers = create_level_2_headers(signer, CREDS, l2_args, timestamp=timestamp_ms // 1000)
    return {
        "name": name, "client_order_id": client_order_id, "kind": kind,
        "gateway_quantity": shares_for_amount(quantity, price) if kind == "market" and side == "BUY" else quantity, "side": side, "quantity": quantity, "price": price, "tick_size": tick,
        "neg_risk": neg_risk, "signature_type": signature_type, "funder": funder or "", "salt": salt,
        "timestamp_ms": timestamp_ms, "order_type": order_type, "expiration": expiration, "post_only": post_only,
        "token_id": data.tokenId, "exchange": exchange, "maker": maker, "signer": order_signer,
        "maker_amount": str(maker_amount), "taker_amount": str(taker_amount),
        "digest": digest, "signature": order.signature, "body": body, "l2_headers": l2_headers,
    }


def orders():
    ts = 1767225600123
    cases = [
        ("limit_buy_gtc_001", "limit", "BUY", "21.04", "0.57", "0.01", False, 0, None, 479249096354, ts, "GTC"),
        ("limit_sell_gtc_001", "limit", "SELL", "10", "0.43", "0.01", False, 0, None, 102030405060, ts + 1, "GTC"),
        ("limit_buy_tick01", "limit", "BUY", "5", "0.3", "0.1", False, 0, None, 11, ts + 2, "GTC"),
        ("limit_sell_tick0005", "limit", "SELL", "12.5", "0.515", "0.005", False, 0, None, 8888, ts + 3, "GTC"),
        ("limit_buy_tick00025", "limit", "BUY", "7.77", "0.0125", "0.0025", False, 0, None, 4503599627370495, ts + 4, "GTC"),
        ("limit_buy_tick0001", "limit", "BUY", "100", "0.123", "0.001", False, 0, None, 987654321, ts + 5, "GTC"),
        ("limit_sell_tick00001", "limit", "SELL", "33.33", "0.9876", "0.0001", False, 0, None, 1, ts + 6, "GTC"),
        ("limit_buy_negrisk", "limit", "BUY", "15", "0.62", "0.01", True, 0, None, 55555, ts + 7, "GTC"),
        ("limit_sell_negrisk_proxy", "limit", "SELL", "8.5", "0.21", "0.01", True, 1, PROXY_WALLET, 777, ts + 8, "GTC"),
        ("limit_buy_proxy", "limit", "BUY", "20", "0.45", "0.01", False, 1, PROXY_WALLET, 31337, ts + 9, "GTC"),
        ("limit_buy_safe", "limit", "BUY", "6", "0.5", "0.01", False, 2, SAFE_WALLET, 424242, ts + 10, "GTC"),
        ("limit_sell_1271", "limit", "SELL", "9.99", "0.33", "0.01", False, 3, DEPOSIT_WALLET, 96024, ts + 11, "GTC"),
        ("limit_buy_1271_negrisk", "limit", "BUY", "11", "0.7", "0.01", True, 3, DEPOSIT_WALLET, 13, ts + 12, "GTC"),
        ("limit_buy_gtd", "limit", "BUY", "10", "0.4", "0.01", False, 0, None, 2024, ts + 13, "GTD", "1767229260"),
        ("limit_buy_postonly", "limit", "BUY", "10", "0.4", "0.01", False, 0, None, 2025, ts + 14, "GTC", "0", True),
        ("market_buy_fok", "market", "BUY", "6", "0.5", "0.01", False, 0, None, 6001, ts + 15, "FOK"),
        ("market_buy_fak_division", "market", "BUY", "5", "0.3", "0.01", False, 0, None, 6002, ts + 16, "FAK"),
        ("market_sell_fak", "market", "SELL", "10", "0.43", "0.01", False, 0, None, 6003, ts + 17, "FAK"),
        ("market_buy_fok_tick0001", "market", "BUY", "10", "0.333", "0.001", False, 0, None, 6004, ts + 18, "FOK"),
    ]
    out = []
    for case in cases:
        name, kind, side, qty, price, tick, nr, st, funder, salt, t, otype = case[:12]
        expiration = case[12] if len(case) > 12 else "0"
        post_only = case[13] if len(case) > 13 else False
        out.append(build_case(name, kind, side, qty, price, tick, nr, st, funder, salt, t, otype, expiration, post_only))
    return out


def float_traps():
    """Inputs on which py-clob-client-v2's float arithmetic signs other amounts than exact decimals."""
    rng = random.Random(137)
    found = []
    ticks = ["0.1", "0.01", "0.005", "0.0025", "0.001", "0.0001"]
    while len(found) < 12:
        tick = rng.choice(ticks)
        steps = int((Decimal(1) - Decimal(tick)) / Decimal(tick))
        price = str(Decimal(tick) * rng.randint(1, steps))
        quantity = str(Decimal(rng.randint(100, 999999)) / 100)
        side = rng.choice(["BUY", "SELL"])
        kind = "limit" if len(found) < 8 else "market"
        if kind == "market":
            price = str(Decimal(tick) * rng.randint(1, steps))
        float_v2 = float_amounts(kind, side, quantity, price, tick)
        exact = exact_amounts(kind, side, quantity, price, tick)
        if float_v2 != exact:
            found.append({"kind": kind, "side": side, "quantity": quantity, "price": price, "tick_size": tick,
                          "exact": [str(exact[0]), str(exact[1])], "float_v2": [str(float_v2[0]), str(float_v2[1])]})
    # The facts file's own example.
    exact = exact_amounts("limit", "BUY", "4570.73", "0.5", "0.01")
    float_v2 = float_amounts("limit", "BUY", "4570.73", "0.5", "0.01")
    found.append({"kind": "limit", "side": "BUY", "quantity": "4570.73", "price": "0.5", "tick_size": "0.01",
                  "exact": [str(exact[0]), str(exact[1])], "float_v2": [str(float_v2[0]), str(float_v2[1])]})
    return found


def clob_auth_digest(timestamp, nonce):
    msg = ClobAuth(address=signer.address(), timestamp=str(timestamp), nonce=nonce, message=MSG_TO_SIGN)
    return "0x" + keccak(msg.signable_bytes(get_clob_auth_domain(CHAIN_ID))).hex()


def l1():
    out = []
    for timestamp, nonce in [(1767225600, 0), (1767225660, 7)]:
        headers = create_level_1_headers(signer, nonce=nonce, timestamp=timestamp)
        out.append({"timestamp": timestamp, "nonce": nonce, "digest": clob_auth_digest(timestamp, nonce),
                    "headers": headers})
    return out


def l2(order_cases):
    creds = ApiCreds(api_key=API_KEY, api_secret=API_SECRET, api_passphrase=API_PASSPHRASE)
    requests = [
        ("POST", "/order", order_cases[0]["body"]),
        ("DELETE", "/order", json.dumps({"orderID": order_cases[0]["digest"]}, separators=(",", ":"))),
        ("DELETE", "/cancel-all", None),
        ("GET", "/data/orders", None),
        ("GET", "/data/order/" + order_cases[0]["digest"], None),
        ("GET", "/balance-allowance", None),
        ("GET", "/data/trades", None),
    ]
    out = []
    for index, (method, path, body) in enumerate(requests):
        timestamp = 1767225700 + index
        args = RequestArgs(method=method, request_path=path, body=None, serialized_body=body)
        headers = create_level_2_headers(signer, creds, args, timestamp=timestamp)
        out.append({"method": method, "path": path, "body": body or "", "timestamp": timestamp, "headers": headers})
    return out


def main():
    order_cases = orders()
    vectors = {
        "sdk": {"py-clob-client-v2": md.version("py-clob-client-v2"), "polymarket-client": md.version("polymarket-client"),
                "eth-account": md.version("eth-account"), "coincurve": md.version("coincurve")},
        "chain_id": CHAIN_ID,
        "private_key": PRIVATE_KEY,
        "address": signer.address(),
        "exchange": contracts.exchange_v2,
        "neg_risk_exchange": contracts.neg_risk_exchange_v2,
        "api_key": API_KEY, "api_secret": API_SECRET, "api_passphrase": API_PASSPHRASE,
        "orders": order_cases,
        "exact_amounts": float_traps(),
        "l1": l1(),
        "l2": l2(order_cases),
    }
    print(json.dumps(vectors, indent=1))


if __name__ == "__main__":
    main()
