import Foundation
import HTTPTypes
import Hummingbird
import TongbanCore

/// Where one sandbox case stands, for cancellations and supplements.
struct CaseState: Sendable {
    /// It reported its "materials needed" status and waits for a supplement.
    var awaitingSupplement = false
    var cancelled = false
    /// Its life cycle ran to the end: it can no longer be cancelled.
    var finished = false
}

extension SandboxBackend {
    /// A cancellation or supplement for case `caseRef`: authenticated like a submission,
    /// idempotent by `Idempotency-Key`, refused with 404 for an unknown case and 409 for one
    /// that is closed (cancel) or not waiting for materials (supplement).
    func act(_ kind: CitizenAction.Kind, _ request: Request, caseRef: String) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        if let failure = authenticationFailure(request, body: Array(buffer: body)) {
            state.withLock { $0.stats.unauthorized += 1 }
            return Self.text(.unauthorized, "bad credentials: \(failure)")
        }
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], !key.isEmpty else {
            return Self.text(.badRequest, "Idempotency-Key is required")
        }
        if body.readableBytes > 0, !Self.parses(Array(buffer: body), format: profile.format) {
            return Self.text(.badRequest, "body is not \(profile.format.rawValue)")
        }
        if state.withLock({ $0.faults.outage || Date().timeIntervalSince1970 < $0.outageUntil }) {
            state.withLock { $0.stats.faulted += 1 }
            return Response(status: .serviceUnavailable, headers: [.retryAfter: "1"], body: .init(byteBuffer: ByteBuffer(string: "unavailable")))
        }
        let refusal: (HTTPResponse.Status, String)? = state.withLock { s in
            if s.actionKeys.contains(key) {
                s.stats.duplicates += 1
                return nil
            }
            guard var c = s.caseStates[caseRef] else {
                s.stats.actionsRefused += 1
                return (.notFound, "no case \(caseRef)")
            }
            switch kind {
            case .cancel:
                if c.finished && !c.cancelled {
                    s.stats.actionsRefused += 1
                    return (.conflict, "case \(caseRef) is closed")
                }
                c.cancelled = true
                s.stats.cancellations += 1
            case .supplement:
                guard c.awaitingSupplement, !c.cancelled else {
                    s.stats.actionsRefused += 1
                    return (.conflict, "case \(caseRef) is not waiting for materials")
                }
                c.awaitingSupplement = false
                s.stats.supplements += 1
            }
            s.caseStates[caseRef] = c
            s.actionKeys.insert(key)
            return nil
        }
        if let answer = profile.businessAnswer {
            // Everything is a 200 with a code: E404 unknown case, E300 closed or not waiting.
            let code = refusal.map { $0.0 == .notFound ? "E404" : "E300" } ?? "0000"
            return Response(status: .ok, headers: [.contentType: profile.answerType], body: .init(byteBuffer: ByteBuffer(string: answer(code, nil))))
        }
        if let (status, text) = refusal { return Self.text(status, text) }
        return Self.text(.ok, kind == .cancel ? "cancelled" : "materials received")
    }

    /// Used by the callback driver between steps: waits while the case waits for materials.
    static func mayContinue(_ state: Shared, caseRef: String) async -> Bool {
        while true {
            let c = state.withLock { $0.caseStates[caseRef] ?? CaseState() }
            if c.cancelled { return false }
            if !c.awaitingSupplement { return true }
            do { try await Task.sleep(for: .milliseconds(100)) } catch { return false }
        }
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
