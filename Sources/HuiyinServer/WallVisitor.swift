import Foundation
import Hummingbird
import HuiyinService

/// Who is voting on the 民情回音墙: the browser's random `huiyin_visitor` cookie (set by the wall
/// page), else the client address, so a client without cookies counts once per address.
enum WallVisitor {
    static let cookie = "huiyin_visitor"

    static func id(_ request: Request, _ context: HuiyinRequestContext) -> String {
        existing(request).map { "cookie:" + $0 } ?? "address:" + ClientAddress.of(request, context)
    }

    /// The cookie to set when the browser has none yet (a year; the visitor is only ever stored hashed).
    static func setCookie(_ request: Request) -> String? {
        existing(request) == nil ? "\(cookie)=\(RandomToken.make(bytes: 18)); Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000" : nil
    }

    private static func existing(_ request: Request) -> String? {
        WebSecurity.cookies(request)[cookie].flatMap { (20...64).contains($0.count) ? $0 : nil }
    }
}
