import Foundation
import NIOCore
import NIOPosix
import NIOWebSocket
import WebSocketKit

/// The relay over a real WebSocket (websocket-kit on SwiftNIO; TLS with the system trust store for `wss`).
///
/// Error messages name the sanitised URL only: the API key in the query never leaves this type.
public struct WebSocketRelayTransport: RelayTransport {
    private let group: any EventLoopGroup
    /// Time allowed to open the TCP/TLS connection and finish the upgrade.
    public var connectTimeout: Duration

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, connectTimeout: Duration = .seconds(10)) {
        self.group = group
        self.connectTimeout = connectTimeout
    }

    public func connect(to url: RelayURL, events: @escaping @Sendable (RelayTransportEvent) -> Void) async throws(RelayTransportError)
        -> any RelayConnection
    {
        let box = SocketBox()
        let (opened, openedSink) = AsyncStream.makeStream(of: WebSocket.self)
        do {
            var configuration = WebSocketClient.Configuration()
            configuration.maxFrameSize = 1 << 20
            let future = WebSocket.connect(to: url.secretURL, configuration: configuration, on: group) { socket in
                socket.onText { _, text in events(.text(text)) }
                socket.onPong { _, _ in events(.pong) }
                socket.onClose.whenComplete { _ in
                    events(.closed(reason: "connection closed (code \(socket.closeCode.map { "\($0)" } ?? "none"))"))
                }
                box.set(socket)
                openedSink.yield(socket)
                openedSink.finish()
            }
            let loop = group.any()
            let done = loop.makePromise(of: Void.self)
            future.cascade(to: done)
            let timeout = loop.scheduleTask(in: .nanoseconds(connectTimeout.nanoseconds)) {
                done.fail(RelayTransportError("no WebSocket upgrade within \(connectTimeout.milliseconds) ms"))
                openedSink.finish()
            }
            defer { timeout.cancel() }
            try await done.futureResult.get()
        } catch {
            throw RelayTransportError("cannot connect to \(url.sanitized): \(Self.describe(error))")
        }
        for await socket in opened { return WebSocketRelayConnection(socket: socket) }
        if let socket = box.get() { _ = try? await socket.close().get() }
        throw RelayTransportError("cannot connect to \(url.sanitized): upgrade did not complete")
    }

    /// An error's text without any URL query (NIO errors can echo the request URI).
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.replacingOccurrences(of: #"\?[^\s"')]*"#, with: "?…", options: .regularExpression)
    }
}

/// One open WebSocket to the relay.
struct WebSocketRelayConnection: RelayConnection {
    let socket: WebSocket

    func send(_ text: String) async throws(RelayTransportError) {
        guard !socket.isClosed else { throw RelayTransportError("relay connection is closed") }
        let promise = socket.eventLoop.makePromise(of: Void.self)
        socket.send(text, promise: promise)
        do { try await promise.futureResult.get() } catch {
            throw RelayTransportError("relay write failed: \(WebSocketRelayTransport.describe(error))")
        }
    }

    func sendPing() async {
        socket.sendPing(promise: nil)
    }

    func close() async {
        _ = try? await socket.close(code: .normalClosure).get()
    }
}

private final class SocketBox: @unchecked Sendable {
    private let lock = NSLock()
    private var socket: WebSocket?
    func set(_ value: WebSocket) { lock.withLock { socket = value } }
    func get() -> WebSocket? { lock.withLock { socket } }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
