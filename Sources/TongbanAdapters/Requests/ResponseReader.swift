import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a back end's JSON or XML answer into a `JSONValue` for pointers. XML elements
/// become object members (repeated names become arrays), text becomes strings, so
/// `/response/caseNo` addresses `<response><caseNo>…</caseNo></response>`.
public enum ResponseReader {
    public static func parse(_ body: [UInt8], format: EndpointSpec.Format) -> JSONValue? {
        switch format {
        case .json, .form: return try? JSONValue.parse(body)
        case .xml: return XMLTree(data: Data(body)).root
        }
    }
}

/// A small XMLParser delegate building a JSONValue tree.
private final class XMLTree: NSObject, XMLParserDelegate {
    private var stack: [(name: String, members: [JSONValue.Member], text: String)] = [("", [], "")]
    private(set) var root: JSONValue?

    init(data: Data) {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        if parser.parse(), case .object(let members) = finish(stack[0]) { root = .object(members) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        stack.append((name, [], ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let node = stack.removeLast()
        stack[stack.count - 1].members.append(.init(node.name, finish(node)))
    }

    private func finish(_ node: (name: String, members: [JSONValue.Member], text: String)) -> JSONValue {
        if node.members.isEmpty { return .string(node.text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        var grouped: [JSONValue.Member] = []
        for member in node.members {
            if let index = grouped.firstIndex(where: { $0.key == member.key }) {
                if case .array(var items) = grouped[index].value { items.append(member.value); grouped[index].value = .array(items) }
                else { grouped[index].value = .array([grouped[index].value, member.value]) }
            } else {
                grouped.append(member)
            }
        }
        return .object(grouped)
    }
}
