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
    /// How answers to submissions and to each kind of action are read.
    private let answers: AnswerInterpreter
    private let actionAnswers: [CitizenAction.Kind: AnswerInterpreter]
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
        self.answers = AnswerInterpreter(rules: spec.response.rules, format: spec.response.format ?? spec.submit.format,
                                         caseRef: spec.response.caseRef, message: spec.response.reason)
        self.actionAnswers = Dictionary(uniqueKeysWithValues: CitizenAction.Kind.allCases.compactMap { kind in
            spec.action(kind).map { action in
                (kind, AnswerInterpreter(rules: action.response.rules, format: action.response.format ?? action.format ?? spec.submit.format,
                                         caseRef: nil, message: action.response.reason))
            }
        })
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
    public var owner: AdapterSpec.Owner? { spec.owner }
    public var declaration: AdapterSpec? { spec }
    public var probe: ProbeSpec? { spec.probe }
    public var callbacks: (any CallbackHandling)? { callbackReader }

    public var timeouts: AdapterTimeouts {
        AdapterTimeouts(submission: spec.submit.timeoutSeconds,
                        actions: CitizenAction.Kind.allCases.compactMap { spec.action($0)?.timeoutSeconds }.max() ?? spec.submit.timeoutSeconds)
    }

    public func submission(for delivery: Delivery) throws(MappingError) -> OutboundRequest {
        let tree = try engine.map(delivery.application, variables: delivery.variables)
        let (body, contentType) = BodyWriter.write(tree, format: spec.submit.format, xmlRoot: spec.submit.xmlRoot)
        var headers: [(name: String, value: String)] = [("Content-Type", contentType), ("Idempotency-Key", delivery.targetID)]
        if let traceparent = delivery.traceparent { headers.append(("traceparent", traceparent)) }
        headers += fixedHeaders
        let signed = signer.sign(method: spec.submit.method, path: spec.submit.path, body: body, now: delivery.now, nonce: delivery.nonce)
        return OutboundRequest(method: spec.submit.method, url: spec.submit.baseURL + spec.submit.path, path: spec.submit.path,
                               headers: headers + signed.headers, body: body, egress: egress, signedString: signed.stringToSign, secretHeaders: signed.secretHeaders)
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
        let signed = signer.sign(method: endpoint.method, path: path, body: body, now: action.now, nonce: action.nonce)
        return (OutboundRequest(method: endpoint.method, url: spec.submit.baseURL + path, path: path, headers: headers + signed.headers, body: body,
                                egress: egress, signedString: signed.stringToSign, secretHeaders: signed.secretHeaders),
                endpoint.timeoutSeconds)
    }

    /// The probe's `GET` (nil without a `probe` block), signed when `probe.signed` says so.
    public func probeRequest(now: Date, nonce: String) -> OutboundRequest? {
        guard let probe = spec.probe else { return nil }
        let signed = probe.signed ? signer.sign(method: "GET", path: probe.path, body: [], now: now, nonce: nonce) : nil
        return OutboundRequest(method: "GET", url: spec.submit.baseURL + probe.path, path: probe.path, headers: fixedHeaders + (signed?.headers ?? []),
                               body: [], egress: egress, signedString: signed?.stringToSign, secretHeaders: signed?.secretHeaders ?? [])
    }

    /// Checks a callback's credentials and reads it (nil reader when the spec has no
    /// `callback` block).
    public var callbackReader: CallbackReader? {
        spec.callback.map { CallbackReader(spec: $0, verifier: RequestVerifier(auth: $0.auth, secret: callbackSecret)) }
    }

    public func interpret(status: Int, body: [UInt8]) -> SubmissionOutcome {
        answers.interpret(status: status, body: body)
    }

    public func interpretAction(_ kind: CitizenAction.Kind, status: Int, body: [UInt8]) -> SubmissionOutcome {
        guard let interpreter = actionAnswers[kind] else { return .permanent(reason: "adapter \(id) has no \(kind.rawValue) endpoint") }
        return interpreter.interpret(status: status, body: body)
    }
}
