import Foundation

/// Builds C plugin sources with the system C compiler at test time, proving they need only the header.
public enum FixtureBuilder {
    /// The package root, found from this file's location.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static var headerDirectory: URL { packageRoot.appendingPathComponent("Sources/PluginABI/include") }

    /// A fresh private (0700) folder.
    public static func temporaryDirectory(_ prefix: String = "gw-test") throws -> URL {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        return URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }

    /// Compiles `source` into a shared library at `output` with `cc -std=c99 -shared -fPIC`.
    @discardableResult
    public static func compile(_ source: URL, to output: URL, extraFlags: [String] = []) throws -> URL {
        let result = try run("/usr/bin/env", ["cc", "-std=c99", "-O1", "-Wall", "-shared", "-fPIC", "-fvisibility=hidden",
                                              "-I", headerDirectory.path] + extraFlags + [source.path, "-o", output.path])
        guard result.status == 0 else {
            throw NSError(domain: "FixtureBuilder", code: Int(result.status),
                          userInfo: [NSLocalizedDescriptionKey: "cc failed for \(source.lastPathComponent): \(result.output)"])
        }
        chmod(output.path, 0o755)
        return output
    }

    /// Compiles a fixture from `Tests/Fixtures/plugins/<name>.c` into `folder/lib<name>.so`.
    @discardableResult
    public static func fixture(_ name: String, in folder: URL) throws -> URL {
        try compile(packageRoot.appendingPathComponent("Tests/Fixtures/plugins/\(name).c"),
                    to: folder.appendingPathComponent("lib\(name).so"))
    }

    /// Runs a program and returns its exit status and combined output.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `run` on a thread of its own, so waiting for the child never blocks Swift's cooperative thread
    /// pool (on 2 cores, two blocked pool threads would stall every other async test).
    public static func runDetached(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                                   currentDirectory: URL? = nil) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try run(executable, arguments, environment: environment,
                                                           currentDirectory: currentDirectory))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// The folder holding the built products (`gateway`, `lib*.so`): the test runner's own folder.
    public static var binDirectory: URL {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent()
    }
}
