import TongbanCodecs
import Foundation
import TongbanAdapters
import TongbanCore

/// One reference back end: its dialect (path, body format, auth), how it answers, the
/// status words it uses and how it reports a case's life cycle back to the gateway. Six of
/// them stand in for the agencies' systems.
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
    /// Every status word its callbacks may carry.
    public var statuses: [String]
    /// The statuses a case goes through, in order, unless a fault script says otherwise.
    public var lifeCycle: [String]
    /// How its callbacks are signed (the adapter spec's `callback.auth`).
    public var callbackAuth: AuthSpec
    /// A callback's body and content type.
    public var callbackBody: @Sendable (SandboxEvent) -> (body: String, contentType: String)
    /// Where a case is cancelled (`{caseRef}` in it), when the back end allows it.
    public var cancelPath: String? = nil
    /// Where materials it asked for are sent (`{caseRef}` in it), when it takes them online.
    public var supplementPath: String? = nil
    /// Its status word for "materials needed": a case that reports it waits for a
    /// supplement (or a cancellation) before going on.
    public var supplementStatus: String? = nil
    /// For a back end that answers everything with HTTP 200 and a business code: the body
    /// for a code (`0000` with the case number, or an error code without one). Faults'
    /// `answerCodes` then script the codes of the next submissions, and a refused action
    /// is a 200 with a code too.
    public var businessAnswer: (@Sendable (_ code: String, _ caseRef: String?) -> String)? = nil
    /// Its health check wants the same signature as a submission (a spec's `probe.signed`).
    public var signedHealth = false

    /// The seven sandbox back ends, on ports 9101–9107 unless `basePort` says otherwise; their
    /// secrets come from the same environment variables the adapter specs name.
    public static func all(basePort: Int = 9101) -> [BackendProfile] {
        let json = "application/json; charset=utf-8", xml = "application/xml; charset=utf-8"
        return [
            BackendProfile(
                id: "lawyer-sandbox", port: basePort, path: "/api/v1/consultations", format: .json,
                auth: AuthSpec(scheme: .bearer, secretEnv: "TONGBAN_ADAPTER_LAWYER_TOKEN"), casePrefix: "LS",
                accepted: { #"{"code":"OK","data":{"consultationNo":"\#($0)"}}"# }, answerType: json,
                statuses: ["RECEIVED", "ASSIGNED", "ANSWERED", "DECLINED"], lifeCycle: ["RECEIVED", "ASSIGNED", "ANSWERED"],
                // Its own headers: an RFC 9530 Content-Digest and a Base64 HMAC-SHA256 over method, path, time, nonce and digest.
                callbackAuth: signed(.hmacSHA256, encoding: .base64, sign: "{method} {path}\n{timestamp}\n{nonce}\n{digest}",
                                     digest: .init(algorithm: .sha256, form: .rfc9530),
                                     headers: ["Content-Digest": "{digest}", "X-Lawyer-Timestamp": "{timestamp}", "X-Lawyer-Nonce": "{nonce}",
                                               "X-Lawyer-Signature": "v1={signature}"],
                                     secretEnv: "TONGBAN_ADAPTER_LAWYER_TOKEN"),
                callbackBody: { e in (jsonObject([("eventId", e.id), ("consultationNo", e.caseRef), ("state", e.status), ("at", RFC3339.format(e.time))]), json) }),
            BackendProfile(
                id: "notary-sandbox", port: basePort + 1, path: "/gzsq/submit", format: .xml,
                auth: AuthSpec(scheme: .hmacSM3, secretEnv: "TONGBAN_ADAPTER_NOTARY_SECRET", accessKey: "tongban-gateway"), casePrefix: "GZ",
                accepted: { "<?xml version=\"1.0\" encoding=\"UTF-8\"?><GZSQ><JG>SL</JG><SLBH>\($0)</SLBH></GZSQ>" }, answerType: xml,
                statuses: ["01", "02", "03", "04", "05", "06"], lifeCycle: ["01", "02", "04", "05"],
                callbackAuth: AuthSpec(scheme: .hmacSM3, secretEnv: "TONGBAN_ADAPTER_NOTARY_SECRET", accessKey: "notary-sandbox"),
                callbackBody: { e in
                    // An opinion (意见) with each decision, and the notarial certificate's number once issued.
                    let opinion: [(String, String)] = switch e.status {
                    case "05": [("YJ", "准予公证，公证书已出具"), ("GZSH", "(2026)沪徐证字第\(e.caseRef.filter(\.isNumber))号")]
                    case "06": [("YJ", "不予办理：申请材料不全")]
                    default: []
                    }
                    return (xmlDocument("HD", [("SJBH", e.id), ("SLBH", e.caseRef), ("ZT", e.status), ("SJ", beijing(e.time, "yyyyMMddHHmmss"))] + opinion), xml)
                },
                cancelPath: "/gzsq/{caseRef}/chexiao", supplementPath: "/gzsq/{caseRef}/buzheng", supplementStatus: "03"),
            BackendProfile(
                id: "arbitration-sandbox", port: basePort + 2, path: "/gateway/arbitration/cases", format: .json,
                auth: AuthSpec(scheme: .xTif, secretEnv: "TONGBAN_ADAPTER_ARBITRATION_TOKEN", paasId: "tongban"), casePrefix: "SHAC",
                accepted: { #"{"accepted":true,"caseNumber":"\#($0)"}"# }, answerType: json,
                statuses: ["FILED", "CONSTITUTED", "HEARING", "SUSPENDED", "RESUMED", "AWARDED", "DISMISSED", "WITHDRAWN"],
                lifeCycle: ["FILED", "CONSTITUTED", "HEARING", "AWARDED"],
                // x-tif's headers and hash with a hex SHA-256 of the body added to what is hashed.
                callbackAuth: signed(.sha256, encoding: .hex, sign: "{timestamp}{secret}{nonce}{digest}{timestamp}",
                                     digest: .init(algorithm: .sha256, form: .hex),
                                     headers: ["x-tif-paasid": "{paasId}", "x-tif-timestamp": "{timestamp}", "x-tif-nonce": "{nonce}",
                                               "x-tif-content-digest": "{digest}", "x-tif-signature": "{signature}"],
                                     secretEnv: "TONGBAN_ADAPTER_ARBITRATION_TOKEN", paasId: "arbitration-sandbox"),
                callbackBody: { e in (jsonObject([("id", e.id), ("caseNumber", e.caseRef), ("stage", e.status), ("occurredAt", RFC3339.format(e.time))]), json) },
                cancelPath: "/gateway/arbitration/cases/{caseRef}/withdrawal"),
            BackendProfile(
                id: "appraisal-sandbox", port: basePort + 3, path: "/entrust", format: .form,
                auth: AuthSpec(scheme: .hmacSHA256, secretEnv: "TONGBAN_ADAPTER_APPRAISAL_SECRET", accessKey: "tongban-gateway"), casePrefix: "JD",
                accepted: { #"{"entrustId":"\#($0)"}"# }, answerType: json,
                statuses: ["ACCEPT", "REJECT", "EXAMINING", "NEED_MATERIAL", "DONE"], lifeCycle: ["ACCEPT", "EXAMINING", "DONE"],
                callbackAuth: AuthSpec(scheme: .hmacSHA256, secretEnv: "TONGBAN_ADAPTER_APPRAISAL_SECRET", accessKey: "appraisal-sandbox"),
                callbackBody: { e in (jsonObject([("eventNo", e.id), ("entrustId", e.caseRef), ("status", e.status), ("time", RFC3339.format(e.time))]), json) },
                cancelPath: "/entrust/{caseRef}/revoke", supplementPath: "/entrust/{caseRef}/materials", supplementStatus: "NEED_MATERIAL"),
            BackendProfile(
                id: "legal-aid-sandbox", port: basePort + 4, path: "/flyz/shenqing", format: .json,
                auth: AuthSpec(scheme: .bearer, secretEnv: "TONGBAN_ADAPTER_LEGAL_AID_TOKEN"), casePrefix: "FY",
                accepted: { #"{"结果":"已收件","受理编号":"\#($0)"}"# }, answerType: json,
                statuses: ["已受理", "不予受理", "审查中", "补充材料", "已指派", "已结案", "终止援助"], lifeCycle: ["已受理", "审查中", "已指派", "已结案"],
                // Hex HMAC-SM3 over a Beijing time without zone, a nonce and the body.
                callbackAuth: signed(.hmacSM3, encoding: .hex, sign: "{timestamp}\n{nonce}\n{body}",
                                     timestamp: TimestampForm(kind: .pattern("yyyyMMddHHmmss")),
                                     headers: ["X-FY-Time": "{timestamp}", "X-FY-Nonce": "{nonce}", "X-FY-Sign": "{signature}"],
                                     secretEnv: "TONGBAN_ADAPTER_LEGAL_AID_TOKEN"),
                callbackBody: { e in
                    (jsonObject([("事件编号", e.id), ("受理编号", e.caseRef), ("状态", e.status), ("时间", beijing(e.time, "yyyy-MM-dd HH:mm:ss"))]), json)
                },
                cancelPath: "/flyz/{caseRef}/chexiao", supplementPath: "/flyz/{caseRef}/buchong", supplementStatus: "补充材料"),
            BackendProfile(
                id: "mediation-sandbox", port: basePort + 5, path: "/tj/apply", format: .xml,
                auth: AuthSpec(scheme: .bearer, secretEnv: "TONGBAN_ADAPTER_MEDIATION_TOKEN"), casePrefix: "TJ",
                accepted: { "<?xml version=\"1.0\" encoding=\"UTF-8\"?><result><caseId>\($0)</caseId></result>" }, answerType: xml,
                statuses: ["accepted", "mediating", "agreed", "failed", "refused"], lifeCycle: ["accepted", "mediating", "agreed"],
                callbackAuth: AuthSpec(scheme: .hmacSHA256, secretEnv: "TONGBAN_ADAPTER_MEDIATION_TOKEN", accessKey: "mediation-sandbox"),
                callbackBody: { e in (xmlDocument("event", [("id", e.id), ("caseId", e.caseRef), ("status", e.status), ("time", RFC3339.format(e.time))]), xml) }),
            chongming(port: basePort + 6),
        ]
    }
}

extension BackendProfile {
    /// The seventh: a district notary office's system like none of the six. Its own header
    /// names and a lower-case hex HMAC-SM3 over the millisecond time and the body, both
    /// ways; every answer an HTTP 200 with a business code (`0000` success with the case
    /// number in `data`, `E500`/`E503` busy, `E100`–`E102` invalid, `E200`/`E201` refused
    /// under its rules, `E300` a case it can no longer cancel); Chinese status words with
    /// opinions; times without a zone.
    static func chongming(port: Int) -> BackendProfile {
        let json = "application/json; charset=utf-8"
        let auth = signed(.hmacSM3, encoding: .hex, sign: "{timestamp}\n{body}", timestamp: TimestampForm(kind: .unixMilliseconds),
                          headers: ["X-CM-AppId": "{accessKey}", "X-CM-Timestamp": "{timestamp}", "X-CM-Sign": "{signature}"],
                          secretEnv: "TONGBAN_ADAPTER_CHONGMING_NOTARY_SANDBOX__SECRET", accessKey: "tongban")
        let messages = ["0000": "成功", "E500": "系统繁忙", "E503": "服务维护中", "E100": "申请人证件号码格式错误", "E101": "公证事项代码无效",
                        "E102": "必填字段缺失", "E200": "不符合受理条件：该事项须申请人到场办理", "E201": "申请人已有同类事项在办",
                        "E300": "已出证，不能撤回", "E404": "无此受理号"]
        return BackendProfile(
            id: "chongming-notary-sandbox", port: port, path: "/openapi/v2/notarization/apply", format: .json,
            auth: auth, casePrefix: "CM",
            accepted: { jsonText([("code", .string("0000")), ("msg", .string("成功")), ("data", .object([.init("slh", .string($0))]))]) },
            answerType: json,
            statuses: ["已受理", "审查中", "待补正", "已出证", "不予办理", "已撤回"], lifeCycle: ["已受理", "审查中", "已出证"],
            callbackAuth: AuthSpec(signing: auth.signing, secretEnv: "TONGBAN_ADAPTER_CHONGMING_NOTARY_SANDBOX__SECRET", accessKey: "chongming-notary"),
            callbackBody: { e in
                var members: [(String, String)] = [("sjid", e.id), ("slh", e.caseRef), ("zt", e.status), ("sj", beijing(e.time, "yyyy-MM-dd HH:mm:ss"))]
                switch e.status {
                case "已出证": members += [("yj", "准予公证，公证书已出具"), ("gzsh", "(2026)沪崇证字第\(e.caseRef.filter(\.isNumber).suffix(6))号")]
                case "不予办理": members += [("yj", "不予办理：申请事项不属于本处受理范围")]
                case "待补正": members += [("yj", "请补充提交房产证复印件")]
                default: break
                }
                return (jsonObject(members), json)
            },
            cancelPath: "/openapi/v2/notarization/{caseRef}/cancel", supplementStatus: "待补正",
            businessAnswer: { code, ref in
                var members: [(String, JSONValue)] = [("code", .string(code)), ("msg", .string(messages[code] ?? "未知错误"))]
                if let ref { members.append(("data", .object([.init("slh", .string(ref))]))) } else if code == "0000" { members.append(("data", .object([]))) }
                return jsonText(members)
            },
            signedHealth: true)
    }
}

/// One life-cycle event a back end reports.
public struct SandboxEvent: Sendable, Equatable {
    public var id: String
    public var caseRef: String
    public var status: String
    public var time: Date

    public init(id: String, caseRef: String, status: String, time: Date) {
        self.id = id
        self.caseRef = caseRef
        self.status = status
        self.time = time
    }
}

/// A declared (`scheme: signed`) scheme; the templates are the sandbox's own and valid.
private func signed(_ algorithm: SigningScheme.Algorithm, encoding: SigningScheme.Encoding, sign: String,
                    timestamp: TimestampForm = TimestampForm(kind: .unixSeconds), digest: SigningScheme.BodyDigest? = nil,
                    headers: [String: String], secretEnv: String, accessKey: String? = nil, paasId: String? = nil) -> AuthSpec {
    let scheme = SigningScheme(algorithm: algorithm, encoding: encoding, stringToSign: try! SigningTemplate(sign), timestamp: timestamp,
                               digest: digest, headers: headers.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { ($0.key, try! SigningTemplate($0.value)) })
    return AuthSpec(signing: scheme, secretEnv: secretEnv, accessKey: accessKey, paasId: paasId)
}

private func jsonText(_ members: [(String, JSONValue)]) -> String {
    BodyWriter.json(.object(members.map { JSONValue.Member($0.0, $0.1) }))
}

private func jsonObject(_ members: [(String, String)]) -> String {
    BodyWriter.json(.object(members.map { JSONValue.Member($0.0, .string($0.1)) }))
}

private func xmlDocument(_ root: String, _ members: [(String, String)]) -> String {
    BodyWriter.xml(.object(members.map { JSONValue.Member($0.0, .string($0.1)) }), root: root)
}

private func beijing(_ time: Date, _ pattern: String) -> String {
    TimePattern.format(RFC3339.format(time), pattern: pattern) ?? ""
}
