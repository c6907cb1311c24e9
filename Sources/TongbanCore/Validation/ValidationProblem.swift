/// One problem found in an application: where (RFC 6901 JSON pointer into the canonical
/// document), what (a stable machine code) and a message in Chinese for the citizen.
public struct ValidationProblem: Codable, Sendable, Equatable, CustomStringConvertible {
    public var pointer: String
    public var code: String
    public var message: String

    public init(pointer: String, code: String, message: String) {
        self.pointer = pointer
        self.code = code
        self.message = message
    }

    public var description: String { "\(pointer): \(code) (\(message))" }
}

/// Collects problems while walking an application.
struct ProblemList {
    private(set) var problems: [ValidationProblem] = []

    mutating func add(_ pointer: String, _ code: String, _ message: String) {
        problems.append(ValidationProblem(pointer: pointer, code: code, message: message))
    }

    /// Reports `required` when the trimmed text is empty, `too_long` when over `max`
    /// characters; returns whether the text is usable.
    @discardableResult
    mutating func text(_ value: String?, at pointer: String, label: String, max: Int, required: Bool = true) -> Bool {
        guard let value, !value.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            if required { add(pointer, "required", "请填写\(label)") }
            return false
        }
        if value.count > max {
            add(pointer, "too_long", "\(label)不能超过\(max)个字")
            return false
        }
        return true
    }

    /// Reports `control_character` when free text holds a control character (a line break
    /// included): such text ends up in back ends' bodies and in the audit chain.
    mutating func plainText(_ value: String?, at pointer: String, label: String) {
        if let value, value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            add(pointer, "control_character", "\(label)不能含控制字符")
        }
    }

    mutating func money(_ value: String?, at pointer: String, label: String, required: Bool = true) {
        guard let value, !value.isEmpty else {
            if required { add(pointer, "required", "请填写\(label)") }
            return
        }
        if Money.parse(value) == nil { add(pointer, "amount.format", "\(label)应为金额（元），最多两位小数") }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
func pointerToken(_ key: String) -> String {
    key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
}
