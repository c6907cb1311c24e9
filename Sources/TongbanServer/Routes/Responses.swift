import HTTPTypes
import Hummingbird
import TongbanCore

/// `?limit=` between 1 and 1000, default 100.
func limitParameter(_ request: Request) -> Int {
    min(max(request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 100, 1), 1000)
}

/// A JSON answer in the canonical encoding (`headers` beside its content type).
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
    var fields = headers
    fields[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: try CanonicalJSON.encoder().encode(value))))
}
