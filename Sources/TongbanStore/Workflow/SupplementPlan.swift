import Foundation
import TongbanCore

/// Materials the applicant adds (DESIGN 4): which targets take them, or why none can;
/// idempotent per the portal's supplement id.
public enum SupplementPlan {
    /// An earlier action queued under the same supplement id.
    public struct Earlier: Sendable, Equatable {
        public var id: String
        public var digest: String
        public init(id: String, digest: String) {
            self.id = id
            self.digest = digest
        }
    }

    public static func plan(_ request: SupplementRequest, _ application: ApplicationState?, earlier: [Earlier],
                            ids: any IdentifierSource) -> Planned<SupplementOutcome> {
        guard let application else { return Planned(.notFound) }
        if !earlier.isEmpty {
            return Planned(earlier.allSatisfy { $0.digest == request.digest } ? .repeated(earlier.map(\.id)) : .conflict)
        }
        let chosen: [TargetState]
        if let only = request.targetId {
            chosen = application.targets.filter { $0.id == only }
            if chosen.isEmpty { return Planned(.refused(["target \(only) is not part of application \(application.id)"])) }
        } else {
            chosen = application.targets.filter { $0.status == .supplementRequired }
            if chosen.isEmpty {
                let statuses = application.targets.map { "\($0.id) is \($0.status.rawValue)" }.joined(separator: ", ")
                return Planned(.refused(["no target is waiting for supplements (\(statuses))"]))
            }
        }
        let problems = chosen.compactMap { target -> String? in
            CitizenAction.supplementProblem(status: target.status, acceptsSupplements: target.adapterId.map(request.accepting.contains) ?? false)
                .map { "target \(target.id) (\(target.adapterId ?? "no adapter")): \($0)" }
        }
        if !problems.isEmpty { return Planned(.refused(problems)) }
        var draft = WorkflowDraft(application, ids: ids)
        let document = String(decoding: request.document, as: UTF8.self)
        var queued: [String] = []
        for target in chosen {
            guard let adapterId = target.adapterId else { continue }
            let id = ids.next("act_")
            draft.queue(NewAction(id: id, kind: .supplement, applicationId: application.id, targetId: target.id, adapterId: adapterId,
                                  requestKey: request.supplementId, digest: request.digest, document: document, requestedAt: request.now))
            draft.record(target: target.id, type: "supplement", source: "portal:\(request.portal)", at: request.now, moved: false,
                         note: "supplement \(request.supplementId) queued for \(adapterId)")
            queued.append(id)
        }
        return Planned(.queued(queued), draft.changes)
    }
}
