import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Poison containment for callbacks. A callback is processed inside its request, so if
/// processing one ever brought the gateway down, the back end would send it again after
/// the restart and bring it down again. Each authenticated callback is noted in a small
/// journal beside the store before it is processed and again when it is done (two
/// appends, no sync: the kernel keeps them across a crash of the process); at start, a
/// callback begun and never ended was in flight when the gateway stopped. One that stopped
/// the gateway `limit` times is set aside: answered 503 with a long `Retry-After` (the back
/// end keeps it), listed for operators, counted, until an operator releases it — then the
/// back end's next attempt is processed.
final class CallbackQuarantine: Sendable {
    private struct State {
        var fd: Int32 = -1
        var bytesWritten = 0
        /// Callbacks being processed now (a key can be in flight twice).
        var inFlight: [String: Int] = [:]
        /// Times the gateway stopped while processing each key.
        var stopped: [String: Int] = [:]
        /// Keys already recorded as anomalies in this process.
        var reported: Set<String> = []
    }

    let limit: Int
    private let path: String?
    private let state = Mutex(State())
    /// The journal is compacted when it grows past this and nothing is in flight.
    private static let compactAfterBytes = 1 << 20

    /// `path` nil: no journal (tests of one component), nothing is ever set aside.
    init(path: String?, limit: Int) {
        self.path = path
        self.limit = max(1, limit)
        guard let path else { return }
        let stopped = Self.recover(path)
        state.withLock { state in
            state.stopped = stopped
            state.fd = Self.rewrite(path, stopped: stopped)
        }
    }

    deinit {
        let fd = state.withLock { $0.fd }
        if fd >= 0 { close(fd) }
    }

    /// How often `key` stopped the gateway, when that makes it poison.
    func setAside(_ key: String) -> Int? {
        state.withLock { state in
            guard let times = state.stopped[key], times >= limit else { return nil }
            return times
        }
    }

    /// Whether the set-aside `key` is reported for the first time in this process.
    func firstReport(_ key: String) -> Bool { state.withLock { $0.reported.insert(key).inserted } }

    /// Every callback set aside now, with the times it stopped the gateway.
    var setAsideKeys: [(key: String, times: Int)] {
        state.withLock { state in state.stopped.filter { $0.value >= limit }.map { ($0.key, $0.value) }.sorted { $0.key < $1.key } }
    }

    func begin(_ key: String) {
        guard path != nil else { return }
        state.withLock { state in
            state.inFlight[key, default: 0] += 1
            Self.append("b \(key)\n", to: &state)
        }
    }

    func end(_ key: String) {
        guard let path else { return }
        state.withLock { state in
            if let n = state.inFlight[key], n > 1 { state.inFlight[key] = n - 1 } else { state.inFlight.removeValue(forKey: key) }
            Self.append("e \(key)\n", to: &state)
            if state.inFlight.isEmpty, state.bytesWritten > Self.compactAfterBytes {
                if state.fd >= 0 { close(state.fd) }
                state.fd = Self.rewrite(path, stopped: state.stopped)
                state.bytesWritten = 0
            }
        }
    }

    /// An operator lets `key` through again; false when it was not set aside.
    func release(_ key: String) -> Bool {
        state.withLock { state in
            guard let times = state.stopped[key], times >= limit else { return false }
            state.stopped.removeValue(forKey: key)
            state.reported.remove(key)
            Self.append("r \(key)\n", to: &state)
            return true
        }
    }

    private static func append(_ line: String, to state: inout State) {
        guard state.fd >= 0 else { return }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(state.fd, $0.baseAddress, $0.count) }
        if written > 0 { state.bytesWritten += written }
    }

    /// What the journal says: each key's times stopped, a callback begun and not ended
    /// counting once more.
    static func recover(_ path: String) -> [String: Int] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var stopped: [String: Int] = [:], open: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2 else { continue }
            let key = String(parts[1])
            switch parts[0] {
            case "b": open[key, default: 0] += 1
            case "e": open[key, default: 0] -= 1
            case "s": stopped[key] = parts.count > 2 ? Int(parts[2]) ?? 0 : 0
            case "r": stopped.removeValue(forKey: key); open.removeValue(forKey: key)
            default: continue
            }
        }
        for (key, count) in open where count > 0 { stopped[key, default: 0] += 1 }
        return stopped
    }

    /// A fresh journal holding only the counts, open for appending (-1 when it cannot be written).
    private static func rewrite(_ path: String, stopped: [String: Int]) -> Int32 {
        let text = stopped.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "s \($0.key) \($0.value)\n" }.joined()
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
              rename(temporary, path) == 0 else { return -1 }
        return open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
    }
}
