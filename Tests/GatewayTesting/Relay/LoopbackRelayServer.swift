import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// A WebSocket relay on 127.0.0.1 that speaks the PumpAmp relay protocol, for tests.
///
/// Accepts `GET /api/v1/relay?api_key=…&pairing_id=…|pairing_code=…`, records every connection's query
/// and every text frame received, and lets the test push frames, drop connections (a forced disconnect),
/// refuse new ones, or stop answering pings (a half-open socket). With `confirmPairingCodes`, a
/// connection that carries a pairing code gets `pairing_confirmed` with ``pairingIdToIssue``.
public final class LoopbackRelayServer: Sendable {
    /// One accepted WebSocket connection.
    public struct Connection: Sendable {
        public var number: Int
        /// The request URI's query, decoded into items.
        public var query: [String: String]
        public var uri: String
    }

    private struct State {
        var connections: [Connection] = []
        var channels: [Int: any Channel] = [:]
        var received: [(connection: Int, text: String)] = []
        var answerPings = true
        var refuse = false
        var confirmPairingCodes = true
        var pairingIdToIssue = "pair_loopback_001"
        var pingsSeen = 0
    }

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let state = Mutex(State())
    public let port: Int

    /// `PUMPAMP_HOST` for the gateway: `127.0.0.1:<port>` (plain ws, a private address).
    public var host: String { "127.0.0.1:\(port)" }

    public init() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.group = group
        let box = ServerBox()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let upgrader = NIOWebSocketServerUpgrader(
                    maxFrameSize: 1 << 20,
                    shouldUpgrade: { channel, head in
                        // The relay path, and the signal stream's (the same server stands in for both).
                        guard head.uri.hasPrefix("/api/v1/relay") || head.uri.hasPrefix("/api/v1/public/ws/signals"),
                              box.server?.isRefusing == false else {
                            return channel.eventLoop.makeSucceededFuture(nil)
                        }
                        return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                    },
                    upgradePipelineHandler: { channel, head in
                        guard let server = box.server else { return channel.close() }
                        let number = server.register(channel: channel, uri: head.uri)
                        return channel.pipeline.addHandler(RelayFrameHandler(server: server, number: number)).map {
                            server.greet(number)
                        }
                    })
                let refusal = RefusalHandler()
                return channel.pipeline.configureHTTPServerPipeline(
                    withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                        context.pipeline.removeHandler(refusal, promise: nil)
                    })).flatMap { channel.pipeline.addHandler(refusal) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        box.server = self
    }

    // MARK: Test controls

    public var connections: [Connection] { state.withLock { $0.connections } }
    /// Every text frame received, oldest first.
    public var frames: [String] { state.withLock { $0.received.map(\.text) } }
    public func frames(connection: Int) -> [String] {
        state.withLock { $0.received.filter { $0.connection == connection }.map(\.text) }
    }
    /// Received frames decoded as JSON objects.
    public var messages: [[String: Any]] {
        frames.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
    public func messages(ofType type: String) -> [[String: Any]] { messages.filter { $0["type"] as? String == type } }

    public var pingsSeen: Int { state.withLock { $0.pingsSeen } }
    var isRefusing: Bool { state.withLock { $0.refuse } }

    public func setAnswerPings(_ answer: Bool) { state.withLock { $0.answerPings = answer } }
    public func setRefuseConnections(_ refuse: Bool) { state.withLock { $0.refuse = refuse } }
    public func setConfirmPairingCodes(_ confirm: Bool, pairingId: String = "pair_loopback_001") {
        state.withLock { $0.confirmPairingCodes = confirm; $0.pairingIdToIssue = pairingId }
    }

    /// Sends a text frame on the newest open connection.
    public func send(_ text: String) {
        guard let channel = state.withLock({ s in s.channels.keys.max().flatMap { s.channels[$0] } }) else { return }
        Self.write(text, on: channel)
    }

    /// Sends a text frame on connection `number` (1-based, as in ``connections``).
    public func send(_ text: String, toConnection number: Int) {
        guard let channel = state.withLock({ $0.channels[number] }) else { return }
        Self.write(text, on: channel)
    }

    /// Sends a JSON object on the newest open connection.
    public func send(json: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: json) else { return }
        send(String(decoding: data, as: UTF8.self))
    }

    /// Drops every open connection at the TCP level (no close frame): a forced disconnect.
    public func dropAll() {
        let channels = state.withLock { s in
            defer { s.channels.removeAll() }
            return Array(s.channels.values)
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Waits until `condition` holds, polling; returns whether it did within `timeout`.
    @discardableResult
    public func wait(timeout: Duration = .seconds(20), until condition: @Sendable (LoopbackRelayServer) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }

    public func shutdown() async {
        dropAll()
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    // MARK: Server side

    func register(channel: any Channel, uri: String) -> Int {
        var query: [String: String] = [:]
        if let q = uri.split(separator: "?", maxSplits: 1).dropFirst().first {
            for item in q.split(separator: "&") {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                query[parts[0]] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
            }
        }
        return state.withLock { s in
            let number = s.connections.count + 1
            s.connections.append(Connection(number: number, query: query, uri: uri))
            s.channels[number] = channel
            return number
        }
    }

    func greet(_ number: Int) {
        let (confirm, id, connection, channel) = state.withLock { s in
            (s.confirmPairingCodes, s.pairingIdToIssue, s.connections[number - 1], s.channels[number])
        }
        if confirm, connection.query["pairing_code"] != nil, let channel {
            Self.write(#"{"type":"pairing_confirmed","pairing_id":"\#(id)","relay_session_id":"sess_\#(number)"}"#, on: channel)
        }
    }

    func received(_ text: String, connection: Int) { state.withLock { $0.received.append((connection, text)) } }
    func closed(connection: Int) { _ = state.withLock { $0.channels.removeValue(forKey: connection) } }
    func shouldAnswerPing() -> Bool {
        state.withLock { s in
            s.pingsSeen += 1
            return s.answerPings
        }
    }

    static func write(_ text: String, on channel: any Channel) {
        channel.eventLoop.execute {
            var buffer = channel.allocator.buffer(capacity: text.utf8.count)
            buffer.writeString(text)
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: buffer), promise: nil)
        }
    }
}

private final class ServerBox: @unchecked Sendable {
    private let lock = NSLock()
    private weak var _server: LoopbackRelayServer?
    var server: LoopbackRelayServer? {
        get { lock.withLock { _server } }
        set { lock.withLock { _server = newValue } }
    }
}

/// Answers a request that was not upgraded (refused, wrong path) with 403 and closes.
private final class RefusalHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let head = HTTPResponseHead(version: .http1_1, status: .forbidden, headers: ["content-length": "0", "connection": "close"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}

private final class RelayFrameHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let server: LoopbackRelayServer
    private let number: Int
    private var text = ""

    init(server: LoopbackRelayServer, number: Int) {
        self.server = server
        self.number = number
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .continuation:
            var data = frame.unmaskedData
            text += data.readString(length: data.readableBytes) ?? ""
            if frame.fin {
                server.received(text, connection: number)
                text = ""
            }
        case .ping:
            if server.shouldAnswerPing() {
                let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
                context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
            }
        case .connectionClose:
            var data = context.channel.allocator.buffer(capacity: 2)
            data.write(webSocketErrorCode: .normalClosure)
            let close = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
            context.writeAndFlush(wrapOutboundOut(close)).whenComplete { _ in context.close(promise: nil) }
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        server.closed(connection: number)
        context.fireChannelInactive()
    }
}
