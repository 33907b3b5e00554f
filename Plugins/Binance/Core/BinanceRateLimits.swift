/// The rate-limit buckets the plugin declares, enforced by the host as token buckets.
///
/// Binance publishes its limits in `exchangeInfo.rateLimits`; these are the documented values at the
/// time of writing, expressed as a burst and a steady refill so that a full minute's budget is never
/// exceeded:
/// - spot REQUEST_WEIGHT 6000 per minute (100 per second), ORDERS 100 per 10 s;
/// - USD-M REQUEST_WEIGHT 2400 per minute (40 per second), ORDERS 300 per 10 s and 1200 per minute
///   (the refill follows the tighter per-minute limit: 20 per second).
/// Order placement costs one token of the order bucket; every other request costs its weight.
public enum BinanceRateLimits {
    public static let buckets: [(bucket: String, capacity: UInt32, refillPerSecond: UInt32)] = [
        ("spot_weight", 6000, 100),
        ("spot_orders", 100, 10),
        ("futures_weight", 2400, 40),
        ("futures_orders", 300, 20),
    ]
}
