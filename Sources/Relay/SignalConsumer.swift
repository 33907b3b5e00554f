import Foundation
import Logging
import Strategy

/// The signal stream client: connects with the relay's WebSocket transport, subscribes to the enabled
/// rules' signal types on every open, validates every frame and hands signals to `onSignal`.
///
/// Unlike the reference it never crashes: a refused connection, an error or a close all lead to a
/// reconnect after a jittered exponential backoff (``RelayBackoff``: 1 s doubling to 60 s, reset on a
/// successful open); a bad frame is counted and dropped. Staleness and duplicates are the engine's job.
public actor SignalConsumer {
    public struct Counters: Sendable, Equatable {
        public var connects = 0
        public var connectFailures = 0
        public var signals = 0
        public var invalidFrames = 0
        public var controlFrames = 0
    }

    private let url: RelayURL
    private let signalTypes: [SignalType]
    private let transport: any RelayTransport
    private let backoff: RelayBackoff
    private var random: RelayRandom
    private let logger: Logger
    private let onSignal: @Sendable (Signal) async -> Void
    private let onInvalid: @Sendable (String) async -> Void
    private var task: Task<Void, Never>?
    private var link: (any RelayConnection)?
    public private(set) var counters = Counters()

    public init(url: RelayURL, signalTypes: [SignalType], transport: any RelayTransport, backoff: RelayBackoff = RelayBackoff(),
                seed: UInt64 = UInt64.random(in: 0...UInt64.max), logger: Logger = Logger(label: "gateway.signals"),
                onInvalid: @escaping @Sendable (String) async -> Void = { _ in },
                onSignal: @escaping @Sendable (Signal) async -> Void) {
        self.url = url
        self.signalTypes = signalTypes
        self.transport = transport
        self.backoff = backoff
        self.random = RelayRandom(seed: seed)
        self.logger = logger
        self.onSignal = onSignal
        self.onInvalid = onInvalid
    }

    /// Starts connecting (idempotent).
    public func start() {
        guard task == nil else { return }
        task = Task { await self.loop() }
    }

    /// Stops and closes the connection.
    public func stop() async {
        task?.cancel()
        task = nil
        await link?.close()
        link = nil
    }

    private func loop() async {
        var attempt = 0
        while !Task.isCancelled {
            let (events, sink) = AsyncStream.makeStream(of: RelayTransportEvent.self)
            do {
                let connection = try await transport.connect(to: url) { event in sink.yield(event) }
                link = connection
                attempt = 0
                counters.connects += 1
                logger.info("signal stream connected", metadata: ["url": "\(url.sanitized)"])
                try? await connection.send(SignalFrame.subscribe(signalTypes))
                for await event in events {
                    if Task.isCancelled { break }
                    switch event {
                    case .text(let text): await frame(text)
                    case .pong: break
                    case .closed(let reason):
                        logger.warning("signal stream closed", metadata: ["reason": "\(reason)"])
                        sink.finish()
                    }
                }
                link = nil
            } catch {
                counters.connectFailures += 1
                logger.warning("signal stream connection failed", metadata: ["error": "\(error.message)"])
            }
            if Task.isCancelled { break }
            let delay = backoff.delay(attempt: attempt, unit: random.nextUnit())
            attempt += 1
            try? await Task.sleep(for: delay)
        }
    }

    private func frame(_ text: String) async {
        switch SignalFrame(text: text) {
        case .signal(let signal):
            counters.signals += 1
            await onSignal(signal)
        case .control:
            counters.controlFrames += 1
        case .invalid(let why):
            counters.invalidFrames += 1
            logger.warning("signal frame dropped", metadata: ["reason": "\(why)"])
            await onInvalid(why)
        }
    }
}
