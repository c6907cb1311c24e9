import Foundation
import Logging
import Synchronization
import TongbanCore

/// swift-log's handler for the gateway: one JSON object per line on standard output, with
/// the time, level, logger label, message and metadata; identity and phone numbers masked
/// in every string (DESIGN 6).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: Sink

    /// Where lines go; one lock keeps lines whole when tasks log at once.
    public final class Sink: Sendable {
        private let handle: FileHandle
        private let lock = Mutex(())
        public init(_ handle: FileHandle = .standardOutput) { self.handle = handle }
        func write(_ line: String) { lock.withLock { _ in handle.write(Data(line.utf8)) } }
    }

    public init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [("ts", JSONText.quoted(RFC3339.format(Date()))), ("level", JSONText.quoted(event.level.rawValue)),
                                          ("logger", JSONText.quoted(label)), ("msg", JSONText.quoted(Masking.mask(event.message.description)))]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() where !["ts", "level", "logger", "msg"].contains(key) {
            fields.append((key, JSONText.quoted(Masking.mask(merged[key]!.description))))
        }
        sink.write("{" + fields.map { "\(JSONText.quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}\n")
    }
}
