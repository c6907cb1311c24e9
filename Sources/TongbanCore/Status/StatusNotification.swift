import Foundation

/// What a portal receives when an application's overall status changes: a CloudEvents 1.0
/// event in structured JSON mode whose `data` carries the new status, the status version
/// (one more with every change, so the portal can order and deduplicate) and the targets.
public struct StatusNotification: Codable, Sendable, Equatable {
    public var specversion = "1.0"
    /// Unique per notification (also the `webhook-id`).
    public var id: String
    public var source = "/tongban"
    public var type = "cn.gov.tongban.application.status.changed"
    /// The gateway's application id.
    public var subject: String
    /// When the change happened (Beijing time, RFC 3339).
    public var time: String
    public var datacontenttype = "application/json"
    public var data: Payload

    public struct Payload: Codable, Sendable, Equatable {
        public var applicationId: String
        public var portalCaseNo: String
        public var status: OverallStatus
        public var previousStatus: OverallStatus
        public var statusVersion: Int
        /// 好差评 `proStatus`: 1 待受理, 2 已受理, 3 已办结.
        public var evaluationCode: Int
        public var targets: [Target]
        /// The back end's note on the event that changed the status (an opinion, a reason), and
        /// its result document's reference, when its spec reads them.
        public var note: String?
        public var document: String?

        public init(applicationId: String, portalCaseNo: String, status: OverallStatus, previousStatus: OverallStatus, statusVersion: Int,
                    targets: [Target], note: String? = nil, document: String? = nil) {
            self.note = note
            self.document = document
            self.applicationId = applicationId
            self.portalCaseNo = portalCaseNo
            self.status = status
            self.previousStatus = previousStatus
            self.statusVersion = statusVersion
            self.evaluationCode = status.evaluationCode
            self.targets = targets
        }
    }

    public struct Target: Codable, Sendable, Equatable {
        public var id: String
        public var service: String
        public var status: TargetStatus
        public var backendRef: String?

        public init(id: String, service: String, status: TargetStatus, backendRef: String?) {
            self.id = id
            self.service = service
            self.status = status
            self.backendRef = backendRef
        }
    }

    public init(id: String, time: String, data: Payload) {
        self.id = id
        self.subject = data.applicationId
        self.time = time
        self.data = data
    }
}
