import HTTPTypes
import Hummingbird

extension Request {
    /// The whole body, refused with a 413 problem when it is larger than `limit` (checked
    /// against `Content-Length` first, then while reading).
    func collectBody(limit: Int) async throws -> [UInt8] {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem.tooLarge("请求体 \(length) 字节，超过上限 \(limit) 字节")
        }
        do {
            return Array(buffer: try await body.collect(upTo: limit))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem.tooLarge("请求体超过上限 \(limit) 字节")
        }
    }

    /// The same, keeping the bytes as the request's body for whoever reads it next.
    mutating func collectKeepingBody(limit: Int) async throws -> [UInt8] {
        let bytes = try await collectBody(limit: limit)
        body = .init(buffer: ByteBuffer(bytes: bytes))
        return bytes
    }
}
