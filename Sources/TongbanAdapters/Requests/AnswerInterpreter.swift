import TongbanCodecs
import TongbanCore

/// Reads a back end's answer to a submission or an action the way its spec says: parse
/// the body, classify it by the answer rules, read the case reference of an accepted
/// submission and the back end's message. Pure.
public struct AnswerInterpreter: Sendable {
    public let rules: AnswerRules
    public let format: EndpointSpec.Format
    /// The case reference's pointer (submissions that declare one).
    public let caseRef: String?
    /// The pointer to the back end's own message.
    public let message: String?
    private let caseRefTokens: [String]?, messageTokens: [String]?

    public init(rules: AnswerRules, format: EndpointSpec.Format, caseRef: String?, message: String?) {
        self.rules = rules
        self.format = format
        self.caseRef = caseRef
        self.message = message
        caseRefTokens = caseRef.map(JSONValue.tokens(of:))
        messageTokens = message.map(JSONValue.tokens(of:))
    }

    public func interpret(status: Int, body: [UInt8]) -> SubmissionOutcome {
        let answer: JSONValue?, unreadable: String?
        if body.isEmpty {
            (answer, unreadable) = (nil, "an empty body")
        } else {
            do {
                (answer, unreadable) = (try ResponseReader.read(body, format: format), nil)
            } catch {
                (answer, unreadable) = (nil, "\(error)")
            }
        }
        let (verdict, rule) = rules.classify(status: status, answer: answer)
        // The back end's words where the spec says they are, else an excerpt of its answer.
        let said = messageTokens.flatMap { answer?.resolve(tokens: $0)?.scalarText }.flatMap { $0.isEmpty ? nil : AnswerExcerpt.of($0) }
        let why = rule?.describe(status: status, answer: answer) ?? "HTTP \(status)"
        func reason(_ fallbackToBody: Bool) -> String {
            if let said { return "\(why): \(said)" }
            return fallbackToBody && !body.isEmpty ? "\(why): \(AnswerExcerpt.of(body))" : why
        }
        switch verdict {
        case .transient:
            return .retryable(reason: reason(rule != nil), retryAfter: nil)
        case .permanent:
            return .permanent(reason: reason(true))
        case .refused:
            return .refused(reason: said ?? "refused (\(why))")
        case .accepted:
            guard let caseRef, let tokens = caseRefTokens else { return .delivered(backendRef: nil) }
            if let unreadable, (200..<300).contains(status) {
                // Unreadable: the back end may not have recorded it. Retrying is safe (same Idempotency-Key).
                return .unconfirmed(reason: "HTTP \(status) with an answer that is not \(format.rawValue) (\(unreadable))")
            }
            guard let ref = answer?.resolve(tokens: tokens)?.scalarText, !ref.isEmpty, ref.utf8.count <= 200 else {
                // The spec says where the case number is and it is not there: the back end did
                // not take it in the way it says it does. Never `delivered` — no callback could
                // ever find the target — but retried with the same Idempotency-Key and, if it
                // persists, a dead letter.
                return .unconfirmed(reason: "HTTP \(status) classified accepted (\(why)) without a case reference at \(caseRef): \(AnswerExcerpt.of(body))")
            }
            return .delivered(backendRef: ref)
        }
    }
}
