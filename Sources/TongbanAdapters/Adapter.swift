import TongbanCodecs
import Foundation
import TongbanCore

/// What the gateway needs of a back end's connector. Declarative specs implement it
/// (`DeclarativeAdapter`); a back end no spec can express gets a Swift type conforming to
/// it, registered in `CodedAdapters`.
///
/// Rules for an implementation: build requests and read answers without I/O (the
/// dispatcher sends and retries); be deterministic for the same delivery (a retry must send
/// the same body); always send `Idempotency-Key: <target id>`; never put a secret anywhere
/// but a header that `OutboundRequest.redacted()` hides; throw `MappingError` only for
/// problems no retry can fix.
public protocol Adapter: Sendable {
    var id: String { get }
    var service: Service { get }
    var coverage: AdapterSpec.Coverage { get }
    var priority: Int { get }
    var limits: LimitsSpec { get }
    /// Changes whenever what the adapter sends or accepts changes (a reload restarts the
    /// dispatch lane of an adapter whose revision changed, and only those).
    var revision: String { get }

    /// The signed submission request for one delivery.
    func submission(for delivery: Delivery) throws(MappingError) -> OutboundRequest

    /// What the back end's answer means.
    func interpret(status: Int, body: [UInt8]) -> SubmissionOutcome

    /// Whether the back end has an endpoint for `kind` (a withdrawal is otherwise only
    /// recorded locally, and a supplement refused).
    func accepts(_ kind: CitizenAction.Kind) -> Bool

    /// The signed request for one citizen action (only asked when `accepts` said yes), and
    /// the seconds before it times out.
    func actionRequest(for action: ActionDelivery) throws(MappingError) -> (request: OutboundRequest, timeoutSeconds: Double)

    /// What the back end's answer to an action of `kind` means.
    func interpretAction(_ kind: CitizenAction.Kind, status: Int, body: [UInt8]) -> SubmissionOutcome

    /// The agency it belongs to (its credit code decides who may manage it); nil for the
    /// operator's own.
    var owner: AdapterSpec.Owner? { get }

    /// How long the dispatcher waits for the back end's answers (and so how long it leases
    /// what it sends).
    var timeouts: AdapterTimeouts { get }

    /// How the back end's status callbacks are authenticated and read; nil when it sends none
    /// (its callbacks are refused as unauthenticated).
    var callbacks: (any CallbackHandling)? { get }

    /// The back end's health check, when it has one: how often, and the request for `now`.
    var probe: ProbeSpec? { get }
    func probeRequest(now: Date, nonce: String) -> OutboundRequest?

    /// The declarative spec it was built from, for the admin API that shows and tries specs;
    /// nil for an adapter written in Swift.
    var declaration: AdapterSpec? { get }
}

/// Seconds before the back end's answer is given up on.
public struct AdapterTimeouts: Sendable, Equatable {
    public var submission: Double
    /// The longest of its action endpoints'.
    public var actions: Double

    public init(submission: Double = 10, actions: Double = 10) {
        self.submission = submission
        self.actions = actions
    }
}

/// Authenticates and reads a back end's status callbacks. `CallbackReader` does it from a
/// spec's `callback` block; an adapter written in Swift may bring its own.
public protocol CallbackHandling: Sendable {
    /// The callback's credentials checked: what identifies it against replay, or why it is refused.
    func verify(method: String, path: String, body: [UInt8], now: Date, header: (String) -> String?)
        -> Result<RequestVerifier.Accepted, RequestVerifier.Failure>
    /// How long a signed callback stays valid (and its nonce remembered).
    var windowSeconds: Double { get }
    /// The event in the body.
    func read(_ body: [UInt8], now: Date) throws(CallbackReader.Unreadable) -> CallbackReader.Reading
}

extension CallbackReader: CallbackHandling {
    public func verify(method: String, path: String, body: [UInt8], now: Date, header: (String) -> String?)
        -> Result<RequestVerifier.Accepted, RequestVerifier.Failure> {
        verifier.verify(method: method, path: path, body: body, now: now, header: header)
    }

    public var windowSeconds: Double { verifier.maxSkewSeconds }
}

extension Adapter {
    public var revision: String { id }
    public var owner: AdapterSpec.Owner? { nil }
    public var timeouts: AdapterTimeouts { AdapterTimeouts() }
    public var callbacks: (any CallbackHandling)? { nil }
    public var probe: ProbeSpec? { nil }
    public func probeRequest(now: Date, nonce: String) -> OutboundRequest? { nil }
    public var declaration: AdapterSpec? { nil }

    public func accepts(_ kind: CitizenAction.Kind) -> Bool { false }

    public func actionRequest(for action: ActionDelivery) throws(MappingError) -> (request: OutboundRequest, timeoutSeconds: Double) {
        throw MappingError(field: action.kind.rawValue, reason: "adapter \(id) has no \(action.kind.rawValue) endpoint")
    }

    /// What a back end's answer to an action means: any 2xx is done.
    public func interpretAction(_ kind: CitizenAction.Kind, status: Int, body: [UInt8]) -> SubmissionOutcome {
        switch status {
        case 200..<300: .delivered(backendRef: nil)
        case 408, 425, 429, 500..<600: .retryable(reason: "HTTP \(status)", retryAfter: nil)
        default: .permanent(reason: "HTTP \(status): \(AnswerExcerpt.of(body))")
        }
    }
}

/// One citizen action for one target.
public struct ActionDelivery: Sendable {
    public var kind: CitizenAction.Kind
    /// The action's id: its `Idempotency-Key`.
    public var actionID: String
    public var applicationID: String
    public var targetID: String
    /// The back end's own case number, when it gave one.
    public var caseRef: String?
    /// `{"reason"}` for a cancel, `{"supplementId", "note", "materials"}` for a supplement.
    public var document: JSONValue
    public var requestedAt: Date
    public var callbackURL: String
    public var now: Date
    public var nonce: String

    public init(kind: CitizenAction.Kind, actionID: String, applicationID: String, targetID: String, caseRef: String?, document: JSONValue,
                requestedAt: Date, callbackURL: String, now: Date, nonce: String) {
        self.kind = kind
        self.actionID = actionID
        self.applicationID = applicationID
        self.targetID = targetID
        self.caseRef = caseRef
        self.document = document
        self.requestedAt = requestedAt
        self.callbackURL = callbackURL
        self.now = now
        self.nonce = nonce
    }

    /// The `$name` variables an action body can read.
    public var variables: [String: String] {
        var out = ["target.id": targetID, "application.id": applicationID, "action.id": actionID,
                   "action.requestedAt": RFC3339.format(requestedAt), "callback.url": callbackURL]
        out["target.caseRef"] = caseRef
        return out
    }
}

/// One delivery of one target to its back end.
public struct Delivery: Sendable {
    /// The canonical application document.
    public var application: JSONValue
    public var applicationID: String
    public var targetID: String
    public var dueDate: CivilDate
    public var receivedAt: Date
    /// Where the back end sends its status callbacks.
    public var callbackURL: String
    public var now: Date
    /// A fresh nonce for signature schemes that use one.
    public var nonce: String
    /// The W3C `traceparent` to send (the intake request's trace, this delivery's span).
    public var traceparent: String?

    public init(application: JSONValue, applicationID: String, targetID: String, dueDate: CivilDate, receivedAt: Date,
                callbackURL: String, now: Date, nonce: String, traceparent: String? = nil) {
        self.traceparent = traceparent
        self.application = application
        self.applicationID = applicationID
        self.targetID = targetID
        self.dueDate = dueDate
        self.receivedAt = receivedAt
        self.callbackURL = callbackURL
        self.now = now
        self.nonce = nonce
    }

    /// The `$name` variables a mapping can read.
    public var variables: [String: String] {
        ["target.id": targetID, "application.id": applicationID, "target.dueDate": dueDate.description,
         "application.receivedAt": RFC3339.format(receivedAt), "callback.url": callbackURL]
    }
}

/// How a back end answered a submission.
public enum SubmissionOutcome: Sendable, Equatable {
    /// Taken; `backendRef` is its own case id when it said one.
    case delivered(backendRef: String?)
    /// Taken and refused on its merits (不予受理): final.
    case refused(reason: String)
    /// Failed now, may work later (408, 429, 5xx); `retryAfter` in seconds when the back end said.
    case retryable(reason: String, retryAfter: Double?)
    /// Failed in a way a retry cannot fix (other 4xx): final until replayed.
    case permanent(reason: String)
    /// Classified as taken but without the case reference the spec declares: an anomaly,
    /// never `delivered` (no callback could find the target); retried like `retryable`.
    case unconfirmed(reason: String)
}
