import Dispatch
import Foundation

/// Runs `body`, cancelling it on SIGINT or SIGTERM so it can finish cleanly and print its summary.
func withTaskCancellationOnSignals<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
    let task = Task { await body() }
    var sources: [any DispatchSourceSignal] = []
    for sig in [SIGINT, SIGTERM] {
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler { task.cancel() }
        source.resume()
        sources.append(source)
    }
    let result = await task.value
    for source in sources { source.cancel() }
    return result
}
