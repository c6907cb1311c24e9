import Foundation
import TongbanAdapters

/// One reference back end: its dialect (path, body format, auth), how it answers, and
/// the status words it uses. Six of them stand in for the agencies' systems.
public struct BackendProfile: Sendable {
    public var id: String
    public var port: Int
    public var path: String
    public var format: EndpointSpec.Format
    public var auth: AuthSpec
    /// Prefix of the case numbers it hands out.
    public var casePrefix: String
    /// The answer body for an accepted submission with case number `ref`.
    public var accepted: @Sendable (String) -> String
    /// Content type of the answer.
    public var answerType: String

    /// The six sandbox back ends, on ports 9101–9106 unless `basePort` says otherwise; their
    /// secrets come from the same environment variables the adapter specs name.
    public static func all(basePort: Int = 9101) -> [BackendProfile] {
        let json = "application/json; charset=utf-8", xml = "application/xml; charset=utf-8"
        return [
            BackendProfile(id: "lawyer-sandbox", port: basePort, path: "/api/v1/consultations", format: .json,
                           auth: AuthSpec(scheme: .bearer, secretEnv: "TONGBAN_ADAPTER_LAWYER_TOKEN"), casePrefix: "LS",
                           accepted: { #"{"code":"OK","data":{"consultationNo":"\#($0)"}}"# }, answerType: json),
            BackendProfile(id: "notary-sandbox", port: basePort + 1, path: "/gzsq/submit", format: .xml,
                           auth: AuthSpec(scheme: .hmacSM3, secretEnv: "TONGBAN_ADAPTER_NOTARY_SECRET", accessKey: "tongban-gateway"), casePrefix: "GZ",
                           accepted: { "<?xml version=\"1.0\" encoding=\"UTF-8\"?><GZSQ><JG>SL</JG><SLBH>\($0)</SLBH></GZSQ>" }, answerType: xml),
            BackendProfile(id: "arbitration-sandbox", port: basePort + 2, path: "/gateway/arbitration/cases", format: .json,
                           auth: AuthSpec(scheme: .xTif, secretEnv: "TONGBAN_ADAPTER_ARBITRATION_TOKEN", paasId: "tongban"), casePrefix: "SHAC",
                           accepted: { #"{"accepted":true,"caseNumber":"\#($0)"}"# }, answerType: json),
            BackendProfile(id: "appraisal-sandbox", port: basePort + 3, path: "/entrust", format: .form,
                           auth: AuthSpec(scheme: .hmacSHA256, secretEnv: "TONGBAN_ADAPTER_APPRAISAL_SECRET", accessKey: "tongban-gateway"), casePrefix: "JD",
                           accepted: { #"{"entrustId":"\#($0)"}"# }, answerType: json),
            BackendProfile(id: "legal-aid-sandbox", port: basePort + 4, path: "/flyz/shenqing", format: .json,
                           auth: AuthSpec(scheme: .bearer, secretEnv: "TONGBAN_ADAPTER_LEGAL_AID_TOKEN"), casePrefix: "FY",
                           accepted: { #"{"结果":"已收件","受理编号":"\#($0)"}"# }, answerType: json),
            BackendProfile(id: "mediation-sandbox", port: basePort + 5, path: "/tj/apply", format: .xml,
                           auth: AuthSpec(scheme: .bearer, secretEnv: "TONGBAN_ADAPTER_MEDIATION_TOKEN"), casePrefix: "TJ",
                           accepted: { "<?xml version=\"1.0\" encoding=\"UTF-8\"?><result><caseId>\($0)</caseId></result>" }, answerType: xml),
        ]
    }
}
