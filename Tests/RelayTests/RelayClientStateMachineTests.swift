@testable import Relay
import Testing

/// The relay connection logic without sockets or clocks: each input, the exact actions.
@Suite struct RelayClientStateMachineTests {
    typealias Machine = RelayClientStateMachine
    static let config = Machine.Configuration(heartbeatInterval: .seconds(15), pingInterval: .seconds(10),
                                              livenessTimeout: .seconds(25), backoff: RelayBackoff(), seed: 42)

    func connectedMachine() -> Machine {
        var m = Machine(pairing: .pairingId("pair_001"), configuration: Self.config)
        _ = m.start(now: .zero)
        _ = m.opened(generation: 1, now: .zero)
        return m
    }

    @Test func pairingIdConnectsOnOpenAndSyncs() {
        var m = Machine(pairing: .pairingId("pair_001"), configuration: Self.config)
        #expect(m.state == .idle)
        #expect(m.start(now: .zero) == [.connect(.pairingId("pair_001"), generation: 1)])
        #expect(m.state == .connecting(generation: 1))
        #expect(m.opened(generation: 1, now: .zero) == [.flushOutbox, .connected, .sendHeartbeat])
        #expect(m.isConnected)
    }

    @Test func pairingCodeAwaitsConfirmationThenUsesTheId() {
        var m = Machine(pairing: .pairingCode("ABC123"), configuration: Self.config)
        _ = m.start(now: .zero)
        #expect(m.opened(generation: 1, now: .zero) == [])
        #expect(m.state == .awaitingPairing(generation: 1))
        #expect(m.tick(now: .seconds(16)).contains(.sendHeartbeat) == false)
        let actions = m.received(#"{"type":"pairing_confirmed","pairing_id":"pair_9","relay_session_id":"s"}"#, generation: 1, now: .seconds(16))
        #expect(actions == [.pairingConfirmed("pair_9"), .flushOutbox, .connected, .sendHeartbeat])
        #expect(m.pairing == .pairingId("pair_9"))
        _ = m.closed(generation: 1, now: .seconds(17), reason: "bye")
        guard case .waiting(let until) = m.state else { Issue.record("not waiting"); return }
        #expect(m.tick(now: until) == [.connect(.pairingId("pair_9"), generation: 2)])
    }

    @Test func commandsAreDeliveredOnlyWhenConnected() {
        var m = Machine(pairing: .pairingCode("ABC123"), configuration: Self.config)
        _ = m.start(now: .zero)
        _ = m.opened(generation: 1, now: .zero)
        let early = m.received(#"{"type":"pause","id":"c1"}"#, generation: 1, now: .zero)
        #expect(early.count == 1)
        if case .ignored = early.first {} else { Issue.record("expected ignored, got \(early)") }
        var c = connectedMachine()
        #expect(c.received(#"{"type":"pause","id":"c1"}"#, generation: 1, now: .zero) == [.deliver(.command(.pause(id: "c1")))])
        #expect(c.received(#"{"type":"pause","id":"c1"}"#, generation: 7, now: .zero).first != .deliver(.command(.pause(id: "c1"))))
    }

    @Test func malformedFramesAreReportedNotFatal() {
        var m = connectedMachine()
        let actions = m.received("{oops", generation: 1, now: .zero)
        #expect(actions == [.reportInvalid(RelayDecodeError(code: "MALFORMED_MESSAGE", message: "frame is not valid JSON"))])
        #expect(m.isConnected)
    }

    @Test func heartbeatEveryIntervalAndPings() {
        var m = connectedMachine()
        #expect(m.tick(now: .seconds(5)) == [])
        #expect(m.tick(now: .seconds(10)) == [.sendPing])
        _ = m.pong(generation: 1, now: .seconds(10))
        #expect(m.tick(now: .seconds(15)) == [.sendHeartbeat])
        #expect(m.tick(now: .seconds(20)) == [.sendPing])
        _ = m.pong(generation: 1, now: .seconds(20))
        #expect(m.tick(now: .seconds(30)) == [.sendPing, .sendHeartbeat])
    }

    @Test func halfOpenSocketIsNoticedWithinTheLivenessTimeout() {
        var m = connectedMachine()
        #expect(m.tick(now: .seconds(10)) == [.sendPing])
        #expect(m.tick(now: .seconds(20)) == [.sendPing, .sendHeartbeat])  // no pong came back
        #expect(m.tick(now: .seconds(24)).isEmpty)
        let actions = m.tick(now: .seconds(25))
        #expect(actions.first == .close(generation: 1, reason: "no frame or pong from the relay for 25000 ms (connection presumed dead)"))
        guard case .disconnected = actions.last else { Issue.record("\(actions)"); return }
        guard case .waiting = m.state else { Issue.record("\(m.state)"); return }
        // The old connection's close arrives later and is ignored.
        #expect(m.closed(generation: 1, now: .seconds(26), reason: "late") == [])
    }

    @Test func backoffGrowsWithJitterWithinBoundsAndResetsOnConnect() {
        var m = Machine(pairing: .pairingId("p"), configuration: Self.config)
        var now = Duration.zero
        _ = m.start(now: now)
        var delays: [Duration] = []
        for attempt in 0..<10 {
            let actions = m.closed(generation: m.currentGeneration, now: now, reason: "refused")
            guard case .disconnected(_, let delay) = actions.first else { Issue.record("\(actions)"); return }
            let backoff = Self.config.backoff
            #expect(delay >= backoff.floor(attempt: attempt) && delay <= backoff.ceiling(attempt: attempt), "attempt \(attempt): \(delay)")
            delays.append(delay)
            #expect(m.tick(now: now + delay - .milliseconds(1)) == [])
            now += delay
            #expect(m.tick(now: now) == [.connect(.pairingId("p"), generation: attempt + 2)])
        }
        #expect(delays.last! <= .seconds(60) && delays.last! >= .seconds(30))
        #expect(Set(delays.map(\.milliseconds)).count == delays.count)  // jittered, not lock-step
        _ = m.opened(generation: m.currentGeneration, now: now)
        let after = m.closed(generation: m.currentGeneration, now: now, reason: "x")
        guard case .disconnected(_, let reset) = after.first else { return }
        #expect(reset <= .seconds(1) && reset >= .milliseconds(500))
    }

    @Test func backoffBounds() {
        let b = RelayBackoff(initial: .seconds(1), maximum: .seconds(60), jitter: 0.5)
        #expect((0..<8).map { b.ceiling(attempt: $0) } == [1, 2, 4, 8, 16, 32, 60, 60].map { Duration.seconds($0) })
        #expect(b.delay(attempt: 3, unit: 0) == .seconds(4))
        #expect(b.delay(attempt: 3, unit: 1) == .seconds(8))
        #expect(b.ceiling(attempt: 1000) == .seconds(60))
    }

    @Test func revocationIsFinal() {
        var m = connectedMachine()
        let actions = m.received(#"{"type":"pairing_revoked","pairing_id":"pair_001","reason":"revoked by user"}"#, generation: 1, now: .zero)
        #expect(actions == [.close(generation: 1, reason: "pairing revoked"), .revoked(reason: "revoked by user")])
        #expect(m.state == .revoked)
        #expect(m.closed(generation: 1, now: .seconds(1), reason: "closed") == [])
        #expect(m.tick(now: .seconds(100)) == [])
    }

    @Test func stopClosesAndNeverReconnects() {
        var m = connectedMachine()
        #expect(m.stop() == [.close(generation: 1, reason: "gateway shutting down")])
        #expect(m.closed(generation: 1, now: .seconds(1), reason: "closed") == [])
        #expect(m.tick(now: .seconds(100)) == [])
    }
}
