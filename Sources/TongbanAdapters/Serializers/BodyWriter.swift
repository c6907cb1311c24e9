import TongbanCodecs
import TongbanCore

/// Writes a mapped tree as a request body. One mapping engine, three formats.
public enum BodyWriter {
    /// The body bytes and content type for `format`.
    public static func write(_ tree: JSONValue, format: EndpointSpec.Format, xmlRoot: String) -> (body: [UInt8], contentType: String) {
        switch format {
        case .json: (Array(json(tree).utf8), "application/json; charset=utf-8")
        case .xml: (Array(xml(tree, root: xmlRoot).utf8), "application/xml; charset=utf-8")
        case .form: (Array(form(tree).utf8), "application/x-www-form-urlencoded; charset=utf-8")
        }
    }

    /// Compact JSON in member order.
    public static func json(_ value: JSONValue) -> String {
        var out = ""
        writeJSON(value, to: &out)
        return out
    }

    private static func writeJSON(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += quoted(s)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                writeJSON(item, to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                out += quoted(member.key)
                out += ":"
                writeJSON(member.value, to: &out)
            }
            out += "}"
        }
    }

    private static func quoted(_ s: String) -> String { JSONText.quoted(s) }

    /// XML: object members become elements, array items `<item>` elements, scalars text.
    public static func xml(_ value: JSONValue, root: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + element(root, value)
    }

    private static func element(_ name: String, _ value: JSONValue) -> String {
        switch value {
        case .null: return "<\(name)/>"
        case .object(let members): return "<\(name)>" + members.map { element($0.key, $0.value) }.joined() + "</\(name)>"
        case .array(let items): return "<\(name)>" + items.map { element("item", $0) }.joined() + "</\(name)>"
        default: return "<\(name)>\(escapeXML(value.scalarText ?? ""))</\(name)>"
        }
    }

    static func escapeXML(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Form fields: nested names flattened as `a.b` and `list[0].name`, percent-encoded.
    public static func form(_ value: JSONValue) -> String {
        var pairs: [(String, String)] = []
        func walk(_ value: JSONValue, _ name: String) {
            switch value {
            case .object(let members): for m in members { walk(m.value, name.isEmpty ? m.key : "\(name).\(m.key)") }
            case .array(let items): for (i, item) in items.enumerated() { walk(item, "\(name)[\(i)]") }
            case .null: pairs.append((name, ""))
            default: pairs.append((name, value.scalarText ?? ""))
            }
        }
        walk(value, "")
        return pairs.map { formEncode($0.0) + "=" + formEncode($0.1) }.joined(separator: "&")
    }

    static func formEncode(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "*"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
