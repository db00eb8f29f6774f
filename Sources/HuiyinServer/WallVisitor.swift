import Foundation
import Hummingbird

/// Who is voting on the 民情回音墙: the browser's random `huiyin_visitor` cookie (set by the wall
/// page), else the client address, so a client without cookies counts once per address.
enum WallVisitor {
    static let cookie = "huiyin_visitor"

    static func id(_ request: Request, _ context: HuiyinRequestContext) -> String {
        if let v = WebSecurity.cookies(request)[cookie], (20...64).contains(v.count) { return "cookie:" + v }
        return "address:" + ClientAddress.of(request, context)
    }

    /// The cookie to set when the browser has none yet (a year; the visitor is only ever stored hashed).
    static func setCookie(_ request: Request) -> String? {
        if let v = WebSecurity.cookies(request)[cookie], (20...64).contains(v.count) { return nil }
        var bytes = [UInt8](repeating: 0, count: 18)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = rng.next() }
        return "\(cookie)=\(Data(bytes).base64URL); Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000"
    }
}
