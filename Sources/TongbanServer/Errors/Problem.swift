import Foundation
import Hummingbird
import TongbanCore
import TongbanStore

/// An RFC 9457 problem: every error the gateway returns, as `application/problem+json`
/// with a stable `type`.
public struct Problem: Error, HTTPResponseError, Codable, Sendable {
    /// Stable URN naming the kind of problem, for example `urn:tongban:problem:validation`.
    public var type: String
    public var title: String
    public var status: HTTPResponse.Status { .init(code: statusCode) }
    public var statusCode: Int
    public var detail: String?
    /// The request id, to find the request in the gateway's log.
    public var instance: String?
    /// Every field problem, for `validation`.
    public var errors: [ValidationProblem]?
    /// The application that already holds this case number, for `conflict`.
    public var existingId: String?
    /// `Retry-After` of a 503 (seconds); 1 unless the problem says otherwise.
    public var retryAfterSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case type, title, detail, instance, errors, existingId
        case statusCode = "status"
    }

    public init(_ kind: String, status: Int, title: String, detail: String? = nil, errors: [ValidationProblem]? = nil, existingId: String? = nil) {
        self.type = "urn:tongban:problem:\(kind)"
        self.statusCode = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.existingId = existingId
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var problem = self
        problem.instance = problem.instance ?? context.id
        // Error bodies end up in portals' and back ends' logs: no identity or phone number in clear.
        problem.detail = problem.detail.map(Masking.mask)
        problem.errors = problem.errors?.map { ValidationProblem(pointer: $0.pointer, code: $0.code, message: Masking.mask($0.message)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if statusCode == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"tongban\", x-tif" }
        if statusCode == 503 { headers[.retryAfter] = String(retryAfterSeconds ?? 1) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(problem))))
    }
}

extension Problem {
    static func unauthorized(_ detail: String) -> Problem {
        Problem("unauthorized", status: 401, title: "身份认证失败", detail: detail)
    }

    /// The store cannot write (a full disk, an I/O error): 503 with its own type, so a portal
    /// retries later and an operator sees storage, not a bug. Nothing was stored.
    static func storeUnavailable(_ error: StoreUnavailable) -> Problem {
        var problem = Problem("store-unavailable", status: 503, title: "存储暂不可用",
                              detail: "网关的存储暂时无法写入（\(error.cause.rawValue)），本次请求未被受理，请稍后重试")
        problem.retryAfterSeconds = 5
        return problem
    }

    static func malformed(_ detail: String) -> Problem {
        Problem("malformed-request", status: 400, title: "请求格式错误", detail: detail)
    }

    static func tooLarge(_ detail: String) -> Problem {
        Problem("payload-too-large", status: 413, title: "请求内容过大", detail: detail)
    }

    static func notFound(_ detail: String) -> Problem {
        Problem("not-found", status: 404, title: "未找到", detail: detail)
    }

    static func validation(_ errors: [ValidationProblem]) -> Problem {
        Problem("validation", status: 422, title: "申请信息校验未通过", detail: "共\(errors.count)处问题，请按提示修改后重新提交", errors: errors)
    }
}
