import HTTPTypes
import Hummingbird
import TongbanCore

/// `?limit=` between 1 and 1000, default 100.
func limitParameter(_ request: Request) throws -> Int {
    guard let text = try queryValue(request, "limit") else { return 100 }
    guard let limit = Int(text), (1...1000).contains(limit) else {
        throw Problem.malformed("查询参数 limit 应为 1 至 1000 的整数，收到 '\(text)'")
    }
    return limit
}

/// A query parameter given at most once: a repeated one is a 400 (two readers could take
/// different copies), an absent one nil.
func queryValue(_ request: Request, _ name: String) throws -> String? {
    let values = request.uri.queryParameters.getAll(name)
    guard values.count <= 1 else { throw Problem.malformed("查询参数 \(name) 只能给一次，收到 \(values.count) 次") }
    return values.first.map { String($0) }
}

/// A JSON answer in the canonical encoding (`headers` beside its content type).
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
    var fields = headers
    fields[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: try CanonicalJSON.encoder().encode(value))))
}
