import TongbanCodecs

/// Reads a back end's JSON or XML answer into a `JSONValue` for pointers. XML elements
/// become object members (repeated names become arrays), text becomes strings, so
/// `/response/caseNo` addresses `<response><caseNo>…</caseNo></response>`. Both readers
/// are strict, bounded and linear: an answer they cannot read is nil, never a trap.
public enum ResponseReader {
    public static func parse(_ body: [UInt8], format: EndpointSpec.Format) -> JSONValue? {
        try? read(body, format: format)
    }

    /// The same, with the reason a body cannot be read. `.printable` refuses control
    /// characters in JSON text, as for callbacks (a back end's answer is read as sent).
    public static func read(_ body: [UInt8], format: EndpointSpec.Format, text: JSONValue.TextRule = .any) throws -> JSONValue {
        switch format {
        case .json, .form: return try JSONValue.parse(body, text: text)
        case .xml: return try XMLReader.parse(body)
        }
    }
}
