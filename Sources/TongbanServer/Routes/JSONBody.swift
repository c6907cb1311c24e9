import TongbanCodecs
import Foundation
import TongbanAdapters
import TongbanCore

/// Every JSON body the gateway takes (intake, citizen actions, admin requests) is read
/// here, one way: the nesting and string limits first, then the strict parser (no member
/// name twice, no control characters but tab and line breaks, valid UTF-8), then the
/// request type. Each refusal is a 400 with the pointer it happened at.
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], limits: JSONLimits) throws -> T {
        try Problem.checkLimits(body, limits)
        let tree: JSONValue
        do {
            tree = try JSONValue.parse(body, text: .printable)
        } catch {
            throw Problem.syntax(error)
        }
        // The fast path decodes the tree already built; `JSONDecoder` reads whatever it gives
        // up on, so the shape errors people see are always `JSONDecoder`'s (a test holds the
        // two to the same values wherever the fast path succeeds).
        if let fast = try? TreeDecoder.decode(T.self, from: tree) { return fast }
        do {
            return try CanonicalJSON.decoder().decode(T.self, from: Data(body))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // Foundation names no field for a number too large for its type; the tree does.
            if let pointer = outOfRangeInteger(in: tree) {
                throw Problem("malformed-request", status: 400, title: "请求格式错误", detail: "\(pointer)：数字超出整数范围",
                              errors: [ValidationProblem(pointer: pointer, code: "schema", message: "数字超出整数范围")])
            }
            throw Problem.malformed("请求体无法按接口格式读取")
        } catch let error as DecodingError {
            throw Problem.decoding(error)
        } catch let error as UnknownKeyError {
            throw Problem.unknownKey(error)
        }
    }

    /// The pointer of the first whole number that does not fit in 64 bits.
    static func outOfRangeInteger(in node: JSONValue, at pointer: String = "") -> String? {
        switch node {
        case .number(let text) where !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }):
            return Int64(text) == nil ? pointer : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = outOfRangeInteger(in: item, at: "\(pointer)/\(index)") { return found }
            }
            return nil
        case .object(let members):
            for member in members {
                let key = member.key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                if let found = outOfRangeInteger(in: member.value, at: "\(pointer)/\(key)") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}

extension Problem {
    /// A body that is not strict JSON: 400 naming the pointer, and the key given twice.
    static func syntax(_ error: JSONSyntaxError) -> Problem {
        let message: String
        if let key = error.duplicateKey {
            message = "字段 \(key) 重复出现（同一对象中的字段名只能出现一次）"
        } else if error.reason.hasPrefix("control character") {
            message = "含有控制字符（只允许制表符和换行）：\(error.reason)"
        } else {
            message = "不是合法的 JSON：\(error.reason)（第 \(error.offset) 字节）"
        }
        let pointer = error.pointer
        return Problem("malformed-request", status: 400, title: "请求格式错误", detail: "\(pointer.isEmpty ? "/" : pointer)：\(message)",
                       errors: [ValidationProblem(pointer: pointer, code: error.duplicateKey == nil ? "syntax" : "duplicate-key", message: message)])
    }
}
