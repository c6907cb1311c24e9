import TongbanCodecs
import Foundation
import TongbanCore

/// Reads a back end's status callback the way its adapter spec's `callback` block says:
/// credentials, then the event id, case reference, native status (mapped through the
/// status table) and time. Pure: the caller supplies the clock and the headers.
public struct CallbackReader: Sendable {
    public let spec: CallbackSpec
    public let verifier: RequestVerifier

    /// A callback read and mapped.
    public struct Reading: Sendable, Equatable {
        public var eventId: String
        public var caseRef: String
        public var nativeStatus: String
        /// Nil when the native status is not in the spec's table (an anomaly).
        public var status: TargetStatus?
        /// When the back end says it happened (`now` when the spec reads no time).
        public var occurredAt: Date
        /// The back end's note and result-document reference, when the spec reads them.
        public var note: String? = nil
        public var document: String? = nil

        public init(eventId: String, caseRef: String, nativeStatus: String, status: TargetStatus?, occurredAt: Date, note: String? = nil,
                    document: String? = nil) {
            self.eventId = eventId
            self.caseRef = caseRef
            self.nativeStatus = nativeStatus
            self.status = status
            self.occurredAt = occurredAt
            self.note = note
            self.document = document
        }
    }

    /// Notes longer than this are cut (at a character), marked with "…".
    public static let maxNoteBytes = 2000

    /// Why a callback body could not be read.
    public struct Unreadable: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public init(reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// The spec's pointers, split once: a reader reads every callback of its back end.
    private let eventIdTokens: [String], caseRefTokens: [String], statusTokens: [String], timeTokens: [String]?, noteTokens: [String]?, documentTokens: [String]?

    public init(spec: CallbackSpec, verifier: RequestVerifier) {
        self.spec = spec
        self.verifier = verifier
        eventIdTokens = JSONValue.tokens(of: spec.eventId)
        caseRefTokens = JSONValue.tokens(of: spec.caseRef)
        statusTokens = JSONValue.tokens(of: spec.status)
        timeTokens = spec.time.map(JSONValue.tokens(of:))
        noteTokens = spec.note.map(JSONValue.tokens(of:))
        documentTokens = spec.document.map(JSONValue.tokens(of:))
    }

    public func read(_ body: [UInt8], now: Date) throws(Unreadable) -> Reading {
        let document: JSONValue
        do {
            document = try ResponseReader.read(body, format: spec.format, text: .printable)
        } catch {
            throw Unreadable(reason: "the body is not \(spec.format.rawValue): \(error)")
        }
        func field(_ tokens: [String], _ pointer: String, _ name: String) throws(Unreadable) -> String {
            guard let text = document.resolve(tokens: tokens)?.scalarText, !text.isEmpty else {
                throw Unreadable(reason: "no \(name) at \(pointer)")
            }
            return text
        }
        let eventId = try field(eventIdTokens, spec.eventId, "event id")
        let caseRef = try field(caseRefTokens, spec.caseRef, "case reference")
        let native = try field(statusTokens, spec.status, "status")
        var occurredAt = now
        if let pointer = spec.time, let tokens = timeTokens {
            let text = try field(tokens, pointer, "time")
            let parsed = spec.timeFormat.map { TimePattern.parse(text, pattern: $0) } ?? RFC3339.parse(text)
            guard let parsed else { throw Unreadable(reason: "time '\(text)' at \(pointer) is not \(spec.timeFormat ?? "RFC 3339")") }
            occurredAt = parsed
        }
        guard eventId.utf8.count <= 200, caseRef.utf8.count <= 200, native.utf8.count <= 100 else {
            throw Unreadable(reason: "event id, case reference or status is too long")
        }
        func optional(_ tokens: [String]?, limit: Int) -> String? {
            guard let tokens, let text = document.resolve(tokens: tokens)?.scalarText, !text.isEmpty else { return nil }
            guard text.utf8.count > limit else { return text }
            var cut = ""
            for character in text {
                if cut.utf8.count + character.utf8.count > limit - 3 { break }
                cut.append(character)
            }
            return cut + "…"
        }
        return Reading(eventId: eventId, caseRef: caseRef, nativeStatus: native, status: spec.statuses[native], occurredAt: occurredAt,
                       note: optional(noteTokens, limit: Self.maxNoteBytes), document: optional(documentTokens, limit: 200))
    }
}
