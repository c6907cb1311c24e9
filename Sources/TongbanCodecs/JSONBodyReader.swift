import Foundation
import TongbanCore

/// Every JSON body the gateway takes (intake, citizen actions, admin requests) is read
/// here, one way: the nesting and string limits first, then the strict parser (no member
/// name twice, no control characters but tab and line breaks, valid UTF-8), then the
/// request type. A refusal names the pointer it happened at; the HTTP layer makes it a 400
/// (or a 413 for a string over the limit).
public enum JSONBodyReader {
    public static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], limits: JSONLimits) throws(BodyRefusal) -> T {
        switch limits.check(body) {
        case .tooDeep(let offset)?: throw BodyRefusal(.malformed, "JSON 嵌套超过 \(limits.maxDepth) 层（第 \(offset) 字节）")
        case .stringTooLong(let offset)?: throw BodyRefusal(.tooLarge, "JSON 字符串超过 \(limits.maxStringBytes) 字节（第 \(offset) 字节起）")
        case nil: break
        }
        let tree: JSONValue
        do {
            tree = try JSONValue.parse(body, text: .printable)
        } catch {
            throw .syntax(error)
        }
        // The fast path decodes the tree already built; `JSONDecoder` reads whatever it gives
        // up on, so the shape errors people see are always `JSONDecoder`'s (a test holds the
        // two to the same values wherever the fast path succeeds).
        if let fast = try? TreeDecoder.decode(T.self, from: tree) { return fast }
        do {
            return try CanonicalJSON.decoder().decode(T.self, from: Data(body))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // Foundation names no field for a number too large for its type; the tree does.
            if let pointer = outOfRangeInteger(in: tree) { throw .shape(pointer, "数字超出整数范围") }
            throw BodyRefusal(.malformed, "请求体无法按接口格式读取")
        } catch let error as DecodingError {
            throw .decoding(error)
        } catch let error as UnknownKeyError {
            throw .shape(BodyRefusal.pointer(error.path), "未知字段")
        } catch {
            throw BodyRefusal(.malformed, "请求体无法解析")
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
                if let found = outOfRangeInteger(in: member.value, at: "\(pointer)/\(BodyRefusal.escape(member.key))") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}

/// A request body that was not read, and why: the pointer and the message people see.
public struct BodyRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not strict JSON, or JSON of the wrong shape.
        case malformed
        /// A string over the configured limit.
        case tooLarge
    }

    public var kind: Kind
    public var detail: String
    /// The field it happened at, when there is one.
    public var errors: [ValidationProblem]?

    public init(_ kind: Kind, _ detail: String, errors: [ValidationProblem]? = nil) {
        self.kind = kind
        self.detail = detail
        self.errors = errors
    }

    public var description: String { detail }

    /// A body that is not strict JSON: the pointer, and the key given twice.
    static func syntax(_ error: JSONSyntaxError) -> BodyRefusal {
        let message: String
        if let key = error.duplicateKey {
            message = "字段 \(key) 重复出现（同一对象中的字段名只能出现一次）"
        } else if error.reason.hasPrefix("control character") {
            message = "含有控制字符（只允许制表符和换行）：\(error.reason)"
        } else {
            message = "不是合法的 JSON：\(error.reason)（第 \(error.offset) 字节）"
        }
        let pointer = error.pointer
        return BodyRefusal(.malformed, "\(pointer.isEmpty ? "/" : pointer)：\(message)",
                           errors: [ValidationProblem(pointer: pointer, code: error.duplicateKey == nil ? "syntax" : "duplicate-key", message: message)])
    }

    /// JSON of the wrong shape for the request type.
    static func decoding(_ error: DecodingError) -> BodyRefusal {
        switch error {
        case .keyNotFound(let key, let context):
            return .shape(pointer(context.codingPath + [key]), "缺少必填字段 \(key.stringValue)")
        case .typeMismatch(let type, let context):
            return .shape(pointer(context.codingPath), "字段类型错误，应为\(describe(type))")
        case .valueNotFound(let type, let context):
            return .shape(pointer(context.codingPath), "字段不能为 null，应为\(describe(type))")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return BodyRefusal(.malformed, "请求体不是合法的 JSON")
        case .dataCorrupted(let context):
            return .shape(pointer(context.codingPath), "字段取值无效：\(context.debugDescription)")
        @unknown default:
            return BodyRefusal(.malformed, "请求体无法解析")
        }
    }

    static func shape(_ pointer: String, _ message: String) -> BodyRefusal {
        BodyRefusal(.malformed, "\(pointer.isEmpty ? "/" : pointer)：\(message)", errors: [ValidationProblem(pointer: pointer, code: "schema", message: message)])
    }

    static func pointer(_ path: [any CodingKey]) -> String {
        path.map { "/" + ($0.intValue.map(String.init) ?? escape($0.stringValue)) }.joined()
    }

    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "字符串"
        case is Int.Type: "整数"
        case is Bool.Type: "true 或 false"
        case is Date.Type: "RFC 3339 时间"
        default: String(describing: type).hasPrefix("Array") ? "数组" : "对象"
        }
    }
}
