import Foundation
import TongbanClient
import TongbanTestSupport

extension PortalClient.Reply {
    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

    /// `(pointer, code)` of each problem in a problem+json body.
    var problems: [(pointer: String, code: String)] {
        ((json["errors"] as? [[String: Any]]) ?? []).map { ($0["pointer"] as? String ?? "", $0["code"] as? String ?? "") }
    }

    var isProblem: Bool { header("Content-Type") == "application/problem+json" && json["type"] is String && json["status"] as? Int == status }
}

/// A sample with its case number replaced, so tests never collide.
func sample(_ name: String, caseNo: String = "T-\(UUID().uuidString.prefix(12))") throws -> (body: [UInt8], caseNo: String) {
    var object = try Fixtures.object(name)
    object[name.hasPrefix("yiwang/") ? "projid" : "portalCaseNo"] = caseNo
    return (try Fixtures.bytes(object), caseNo)
}

