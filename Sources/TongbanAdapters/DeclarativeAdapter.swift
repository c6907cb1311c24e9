import Foundation
import TongbanCore
import TongbanCrypto

/// An adapter defined entirely by its spec file.
public struct DeclarativeAdapter: Adapter {
    public let spec: AdapterSpec
    private let secret: String
    private let callbackSecret: String
    private let signer: RequestSigner
    private let engine: MappingEngine
    /// The cancel and supplement bodies' engines.
    private let actionEngines: [CitizenAction.Kind: MappingEngine]
    /// The spec's fixed headers in name order.
    private let fixedHeaders: [(name: String, value: String)]
    /// The response pointers, split once.
    private let caseRefTokens: [String]?, refusedTokens: [String]?, reasonTokens: [String]?
    /// A digest of everything the adapter does (spec and secrets): equal revisions behave
    /// alike, so a reload leaves such an adapter's dispatch lane running.
    public let revision: String
    /// Where this adapter may make the gateway connect; nil for the operator's own files.
    public let egress: EgressPolicy?

    /// `secret` is the value of the spec's `auth.secretEnv` and `callbackSecret` that of
    /// `callback.auth.secretEnv`, resolved by the loader; `source` the spec's text, when
    /// there is one, to tell revisions apart (else the decoded spec's description is used,
    /// whose dictionaries print in no fixed order).
    public init(spec: AdapterSpec, secret: String, callbackSecret: String = "", source: String? = nil, egress: EgressPolicy? = nil) {
        self.spec = spec
        self.egress = egress
        self.secret = secret
        self.callbackSecret = callbackSecret
        self.signer = RequestSigner(auth: spec.auth, secret: secret)
        self.engine = MappingEngine(spec: spec.request)
        self.actionEngines = Dictionary(uniqueKeysWithValues: CitizenAction.Kind.allCases.compactMap { kind in
            spec.action(kind).map { (kind, MappingEngine(spec: $0.body)) }
        })
        self.fixedHeaders = spec.submit.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.caseRefTokens = spec.response.caseRef.map(JSONValue.tokens(of:))
        self.refusedTokens = spec.response.refusedWhen.map { JSONValue.tokens(of: $0.path) }
        self.reasonTokens = spec.response.reason.map(JSONValue.tokens(of:))
        self.revision = Hex.encode(HashAlgorithm.sha256.digest(Array("\(source ?? "\(spec)")\u{0}\(secret)\u{0}\(callbackSecret)".utf8)))
    }

    /// The same adapter pointed at another address and/or with other limits or probe (tests
    /// run the sandbox on free ports and shorten retry waits and probe intervals).
    public func with(baseURL: String? = nil, limits: LimitsSpec? = nil, probe: ProbeSpec? = nil) -> DeclarativeAdapter {
        var spec = self.spec
        if let baseURL { spec.submit.baseURL = baseURL }
        if let limits { spec.limits = limits }
        if let probe { spec.probe = probe }
        return DeclarativeAdapter(spec: spec, secret: secret, callbackSecret: callbackSecret, egress: egress)
    }

    public var id: String { spec.id }
    public var service: Service { spec.service }
    public var coverage: AdapterSpec.Coverage { spec.coverage }
    public var priority: Int { spec.priority }
    public var limits: LimitsSpec { spec.limits }

    public func submission(for delivery: Delivery) throws(MappingError) -> OutboundRequest {
        let tree = try engine.map(delivery.application, variables: delivery.variables)
        let (body, contentType) = BodyWriter.write(tree, format: spec.submit.format, xmlRoot: spec.submit.xmlRoot)
        var headers: [(name: String, value: String)] = [("Content-Type", contentType), ("Idempotency-Key", delivery.targetID)]
        if let traceparent = delivery.traceparent { headers.append(("traceparent", traceparent)) }
        headers += fixedHeaders
        headers += signer.headers(method: spec.submit.method, path: spec.submit.path, now: delivery.now, nonce: delivery.nonce)
        return OutboundRequest(method: spec.submit.method, url: spec.submit.baseURL + spec.submit.path, path: spec.submit.path,
                               headers: headers, body: body, egress: egress)
    }

    public func accepts(_ kind: CitizenAction.Kind) -> Bool { spec.action(kind) != nil }

    public func actionRequest(for action: ActionDelivery) throws(MappingError) -> (request: OutboundRequest, timeoutSeconds: Double) {
        guard let endpoint = spec.action(action.kind), let engine = actionEngines[action.kind] else {
            throw MappingError(field: action.kind.rawValue, reason: "adapter \(id) has no \(action.kind.rawValue) endpoint")
        }
        guard let path = endpoint.resolvedPath(caseRef: action.caseRef, targetId: action.targetID) else {
            throw MappingError(field: "\(action.kind.rawValue).path", reason: "the back end never gave a case number for {caseRef}")
        }
        var headers: [(name: String, value: String)] = [("Idempotency-Key", action.actionID)]
        var body: [UInt8] = []
        if !endpoint.body.fields.isEmpty {
            let tree = try engine.map(action.document, variables: action.variables)
            let written = BodyWriter.write(tree, format: endpoint.format ?? spec.submit.format, xmlRoot: endpoint.xmlRoot ?? spec.submit.xmlRoot)
            body = written.body
            headers.insert(("Content-Type", written.contentType), at: 0)
        }
        headers += fixedHeaders
        headers += signer.headers(method: endpoint.method, path: path, now: action.now, nonce: action.nonce)
        return (OutboundRequest(method: endpoint.method, url: spec.submit.baseURL + path, path: path, headers: headers, body: body, egress: egress),
                endpoint.timeoutSeconds)
    }

    /// Checks a callback's credentials and reads it (nil reader when the spec has no
    /// `callback` block).
    public var callbackReader: CallbackReader? {
        spec.callback.map { CallbackReader(spec: $0, verifier: RequestVerifier(auth: $0.auth, secret: callbackSecret)) }
    }

    public func interpret(status: Int, body: [UInt8]) -> SubmissionOutcome {
        switch status {
        case 200..<300:
            let format = spec.response.format ?? spec.submit.format
            let answer: JSONValue?, unreadable: String?
            do {
                (answer, unreadable) = (try ResponseReader.read(body, format: format), nil)
            } catch {
                (answer, unreadable) = (nil, "\(error)")
            }
            if spec.response.caseRef != nil, let unreadable {
                // Unreadable: the back end may not have recorded it. Retrying is safe (same Idempotency-Key).
                return .retryable(reason: "HTTP \(status) with an answer that is not \(format.rawValue) (\(unreadable))", retryAfter: nil)
            }
            if let rule = spec.response.refusedWhen, let tokens = refusedTokens, let value = answer?.resolve(tokens: tokens)?.scalarText,
               rule.values.contains(value) {
                let reason = reasonTokens.flatMap { answer?.resolve(tokens: $0)?.scalarText } ?? "refused (\(rule.path) = \(value))"
                return .refused(reason: AnswerExcerpt.of(reason))
            }
            guard let pointer = spec.response.caseRef, let tokens = caseRefTokens else { return .delivered(backendRef: nil) }
            guard let ref = answer?.resolve(tokens: tokens)?.scalarText, !ref.isEmpty else {
                // The spec says where the case number is and it is not there: the back end did
                // not take it in the way it says it does (a business error inside a 200, say).
                // Never `delivered` — no callback could ever find the target — but retried with
                // the same Idempotency-Key and, if it persists, a dead letter.
                return .retryable(reason: "HTTP \(status) without a case reference at \(pointer): \(AnswerExcerpt.of(body))", retryAfter: nil)
            }
            return .delivered(backendRef: ref)
        case 408, 425, 429, 500..<600:
            return .retryable(reason: "HTTP \(status)", retryAfter: nil)
        default:
            return .permanent(reason: "HTTP \(status): \(AnswerExcerpt.of(body))")
        }
    }
}
