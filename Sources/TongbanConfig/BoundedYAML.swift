import Foundation
import Yams

/// YAML read with bounds, so a hostile document costs little: its size, and the nodes and
/// depth of the tree as the decoder would walk it (an alias counts again for every place
/// it is used, which is what makes "billion laughs" documents expensive). The walk stops
/// at the first bound passed, before anything is decoded.
enum BoundedYAML {
    struct Bounds: Sendable {
        var maxBytes: Int
        var maxNodes: Int
        var maxDepth: Int
        /// Whether anchors (`&name`, and so aliases `*name`) may appear at all.
        var anchors: Bool

        /// An adapter spec: what an agency sends. No anchors.
        static func spec(maxBytes: Int) -> Bounds { Bounds(maxBytes: maxBytes, maxNodes: 20_000, maxDepth: 32, anchors: false) }
        /// The operator's own files (regions and calendars are long lists).
        static let operatorFile = Bounds(maxBytes: 16 << 20, maxNodes: 2_000_000, maxDepth: 64, anchors: true)
    }

    /// A bound that was passed.
    struct Exceeded: Error, CustomStringConvertible {
        var description: String
    }

    /// Decodes as `YAMLDecoder` does (scalars untyped until decoded, merge keys applied),
    /// after the bounds are checked.
    static func decode<T: Decodable>(_ type: T.Type, from text: String, bounds: Bounds) throws -> T {
        guard text.utf8.count <= bounds.maxBytes else {
            throw Exceeded(description: "the document is \(text.utf8.count) bytes; at most \(bounds.maxBytes)")
        }
        let parser = try Parser(yaml: text, resolver: Resolver.basic.appending(Resolver.Rule.merge))
        // Nodes hold their anchors weakly; the parser keeps them alive while we look.
        return try withExtendedLifetime(parser) {
            let node = try parser.singleRoot() ?? ""
            var budget = bounds.maxNodes
            try walk(node, depth: 1, budget: &budget, bounds: bounds)
            return try YAMLDecoder().decode(type, from: node)
        }
    }

    private static func walk(_ node: Node, depth: Int, budget: inout Int, bounds: Bounds) throws {
        if !bounds.anchors, anchor(of: node) != nil {
            throw Exceeded(description: "YAML anchors and aliases (&name, *name) are not accepted in an adapter spec")
        }
        budget -= 1
        if budget < 0 {
            throw Exceeded(description: "the document expands to more than \(bounds.maxNodes) nodes (aliases count each time they are used)")
        }
        guard depth <= bounds.maxDepth else { throw Exceeded(description: "the document nests deeper than \(bounds.maxDepth) levels") }
        switch node {
        case .scalar, .alias: return
        case .sequence(let sequence):
            for child in sequence { try walk(child, depth: depth + 1, budget: &budget, bounds: bounds) }
        case .mapping(let mapping):
            for pair in mapping {
                try walk(pair.key, depth: depth + 1, budget: &budget, bounds: bounds)
                try walk(pair.value, depth: depth + 1, budget: &budget, bounds: bounds)
            }
        }
    }

    private static func anchor(of node: Node) -> Anchor? {
        switch node {
        case .scalar(let scalar): scalar.anchor
        case .mapping(let mapping): mapping.anchor
        case .sequence(let sequence): sequence.anchor
        case .alias: nil
        }
    }
}
