import HTTPTypes
import Hummingbird

/// `/admin/`: the operators' and agencies' page, one HTML document with its script inline
/// (the resource `Resources/admin.html`), served as it is — no build step. It asks for an
/// admin token, keeps it for the browser tab only, and calls `/admin/v1`. Every value from
/// the gateway is inserted as text (`textContent`), never as HTML; sections the token may
/// not see (agency tokens see only their adapters) say so.
enum AdminPage {
    static let html = ServerResources.text("admin.html")

    static func register(on router: Router<GatewayRequestContext>) {
        // Hummingbird matches `/admin` and `/admin/` alike.
        router.get("admin") { _, _ in
            Response(status: .ok, headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }
}
