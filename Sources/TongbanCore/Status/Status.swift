/// The status of one target (one back end's handling of an application), DESIGN 4.
public enum TargetStatus: String, Codable, Sendable, CaseIterable {
    case queued, delivered, accepted, rejected
    case inProgress = "in_progress"
    case supplementRequired = "supplement_required"
    case suspended, completed, withdrawn, failed

    public var isTerminal: Bool {
        switch self {
        case .completed, .rejected, .withdrawn, .failed: true
        default: false
        }
    }
}

/// The overall status of an application, aggregated from its targets (DESIGN 4).
public enum OverallStatus: String, Codable, Sendable, CaseIterable {
    case submitted
    case inProgress = "in_progress"
    case supplementRequired = "supplement_required"
    case completed, rejected, withdrawn
    case partiallyCompleted = "partially_completed"
    case failed

    /// The evaluation system's (好差评) `proStatus`: 1 待受理, 2 已受理, 3 已办结.
    public var evaluationCode: Int {
        switch self {
        case .submitted: 1
        case .inProgress, .supplementRequired: 2
        case .completed, .rejected, .withdrawn, .partiallyCompleted, .failed: 3
        }
    }
}
