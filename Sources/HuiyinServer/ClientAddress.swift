import Foundation
import HTTPTypes
import Hummingbird
import HuiyinService

/// The address a public request comes from, for limits per client: the connection's peer, or — when
/// that peer is a proxy on this machine or the private network (nginx in front of Huiyin) — the
/// address the proxy appended last to `X-Forwarded-For`. A client cannot spoof it through a public
/// address, because only a private or loopback peer is believed.
enum ClientAddress {
    static func of(_ request: Request, _ context: HuiyinRequestContext) -> String {
        guard let peer = context.peer else { return "unknown" }
        guard isPrivate(peer), let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
              let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty, last.count <= 64 else {
            return peer
        }
        return last
    }

    static func isPrivate(_ ip: String) -> Bool {
        if ip == "::1" || ip.hasPrefix("127.") || ip.hasPrefix("10.") || ip.hasPrefix("192.168.") { return true }
        if ip.lowercased().hasPrefix("fc") || ip.lowercased().hasPrefix("fd") || ip.hasPrefix("::ffff:127.") { return true }
        let parts = ip.split(separator: ".")
        if parts.count == 4, parts[0] == "172", let second = Int(parts[1]), (16...31).contains(second) { return true }
        return false
    }
}

extension API {
    /// Counts one public vote (附议, 群众评议) from the request's client; 429 past the hourly limit.
    func countPublicVote(_ request: Request, _ context: HuiyinRequestContext) throws {
        try publicVotes.take(ClientAddress.of(request, context), now: now)
    }
}
