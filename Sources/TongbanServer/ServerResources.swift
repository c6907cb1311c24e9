import Foundation

/// The server's resource files (`Resources/`), read once when first used.
enum ServerResources {
    static func text(_ name: String) -> String {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts.count > 1 ? parts[1] : nil),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            // The bundle ships beside the binary (`swift build` puts it there): without it the build is broken.
            preconditionFailure("resource \(name) is missing from the TongbanServer bundle")
        }
        return text
    }
}
