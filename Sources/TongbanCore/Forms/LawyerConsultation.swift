import Foundation

/// 律师服务: a legal consultation or an appointment with a lawyer (DOMAIN 3).
public struct LawyerConsultation: Codable, Sendable, Equatable {
    /// The area of law.
    public var legalArea: LegalArea
    /// The question, in the applicant's words.
    public var question: String
    /// When the applicant would like to be contacted.
    public var preferredTime: TimeWindow?
    /// How the consultation should take place.
    public var channel: Channel
    /// Credit code (31…) of a preferred law firm.
    public var preferredFirm: String?
    /// Licence number (执业证号, 17 digits) of a preferred lawyer.
    public var preferredLawyerLicence: String?

    public init(
        legalArea: LegalArea, question: String, preferredTime: TimeWindow? = nil, channel: Channel,
        preferredFirm: String? = nil, preferredLawyerLicence: String? = nil
    ) {
        self.legalArea = legalArea
        self.question = question
        self.preferredTime = preferredTime
        self.channel = channel
        self.preferredFirm = preferredFirm
        self.preferredLawyerLicence = preferredLawyerLicence
    }

    /// 婚姻家庭, 劳动争议, 合同, 房产, 侵权, 刑事, 行政, 其他.
    public enum LegalArea: String, Codable, Sendable, CaseIterable {
        case family, labour, contract, property, tort, criminal, administrative, other
    }

    /// 在线 / 电话 / 窗口 / 视频.
    public enum Channel: String, Codable, Sendable, CaseIterable {
        case online, phone, counter, video
    }

    /// A time window; `from` must be before `to`.
    public struct TimeWindow: Codable, Sendable, Equatable {
        public var from: Date
        public var to: Date
        public init(from: Date, to: Date) {
            self.from = from
            self.to = to
        }
    }
}
