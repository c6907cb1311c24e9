import Foundation
import TongbanCrypto

/// Tamper evidence (DESIGN 6): every event carries the hash of its own content and of the
/// event before it, so editing, inserting or deleting one breaks the chain from there. The
/// algorithm (SHA-256 or SM3) is fixed when a store is created and written into each hash
/// (`sm3:…`), so a chain stays verifiable whatever the configuration says later. Pure: a
/// store keeps the head and the rows, this decides what they must say.
public enum EventChain {
    /// `algorithm:hex` of `content`.
    public static func hash(_ content: [UInt8], algorithm: HashAlgorithm) -> String {
        "\(algorithm.rawValue):" + Hex.encode(algorithm.digest(content))
    }

    /// The algorithm a hash names (`sm3:…`), nil when it names none.
    public static func algorithm(of hash: String) -> HashAlgorithm? {
        hash.split(separator: ":", maxSplits: 1).first.flatMap { HashAlgorithm(rawValue: String($0)) }
    }

    /// The hash of `record` appended after the hash `previous` (empty for the first event):
    /// in the chain's own algorithm, or `configured` when the chain is empty.
    public static func link(_ record: EventRecord, previous: String, configured: HashAlgorithm) -> String {
        hash(record.content(previous: previous), algorithm: algorithm(of: previous) ?? configured)
    }

    /// Walks a chain in order, one stored row at a time, and stops at the first row whose
    /// hash does not match its content or whose link does not match the row before it.
    public struct Verifier: Sendable {
        private var previous = ""
        private var count = 0
        public private(set) var broken: ChainBreak?

        public init() {}

        /// Checks the next row; false once the chain is broken (stop reading).
        public mutating func check(seq: Int, record: EventRecord, hash stored: String?, link: String?) -> Bool {
            guard broken == nil else { return false }
            func fail(_ reason: String) -> Bool {
                broken = ChainBreak(seq: seq, eventId: record.id, reason: reason, verifiedBefore: count)
                return false
            }
            guard let stored else { return fail("the row has no hash") }
            guard link == previous else {
                return fail("its link does not match the hash of the row before it (a row was removed, inserted or edited before it)")
            }
            guard let algorithm = EventChain.algorithm(of: stored) else { return fail("unknown hash algorithm in '\(stored)'") }
            guard EventChain.hash(record.content(previous: previous), algorithm: algorithm) == stored else {
                return fail("its content does not match its hash (the row was edited)")
            }
            previous = stored
            count += 1
            return true
        }

        public var result: ChainVerification {
            broken.map(ChainVerification.broken) ?? .intact(events: count, head: previous)
        }
    }
}

/// What verifying a chain found.
public enum ChainVerification: Sendable, Equatable {
    /// Every row checked; `head` is the last hash (empty for an empty store).
    case intact(events: Int, head: String)
    case broken(ChainBreak)
}

/// The first broken link.
public struct ChainBreak: Sendable, Equatable, CustomStringConvertible {
    public var seq: Int
    public var eventId: String
    public var reason: String
    /// Rows verified before this one.
    public var verifiedBefore: Int
    public var description: String { "event seq \(seq) (\(eventId)): \(reason); \(verifiedBefore) events before it verified" }
}

/// A store whose audit chain can be walked (`tongban audit verify`).
public protocol AuditStore: Sendable {
    func verifyChain() async throws -> ChainVerification
}
