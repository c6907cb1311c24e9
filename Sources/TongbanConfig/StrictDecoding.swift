import TongbanCore
import Yams

/// A config issue for any error thrown while decoding `file`.
func issue(for error: any Error, file: String) -> ConfigIssue {
    switch error {
    case let e as UnknownKeyError:
        return ConfigIssue(file: file, key: dottedPath(e.path), reason: "unknown key")
    case let e as InvalidValueError:
        return ConfigIssue(file: file, key: dottedPath(e.path), reason: e.reason)
    case DecodingError.keyNotFound(let key, let context):
        return ConfigIssue(file: file, key: dottedPath(context.codingPath + [key]), reason: "required key is missing")
    case DecodingError.typeMismatch(let type, let context):
        return ConfigIssue(file: file, key: dottedPath(context.codingPath), reason: "expected \(describe(type))")
    case DecodingError.valueNotFound(let type, let context):
        return ConfigIssue(file: file, key: dottedPath(context.codingPath), reason: "expected \(describe(type)), found null")
    case DecodingError.dataCorrupted(let context) where context.underlyingError != nil:
        // Yams wraps what a type's init(from:) throws, and its own parse errors, this way.
        return issue(for: context.underlyingError!, file: file)
    case let e as BoundedYAML.Exceeded:
        return ConfigIssue(file: file, key: "", reason: "refused: \(e.description)")
    case let error as YamlError:
        return ConfigIssue(file: file, key: "", reason: "not valid YAML: \(error)")
    case DecodingError.dataCorrupted(let context):
        return ConfigIssue(file: file, key: dottedPath(context.codingPath), reason: context.debugDescription)
    default:
        return ConfigIssue(file: file, key: "", reason: "\(error)")
    }
}

private func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: return "a string"
    case is Int.Type: return "an integer"
    case is Bool.Type: return "true or false"
    case is Double.Type: return "a number"
    default:
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "a mapping" }
        return name
    }
}

