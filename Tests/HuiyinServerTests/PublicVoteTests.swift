import Foundation
import HTTPTypes
import HuiyinTestSupport
import Testing

/// 附议 on the 民情回音墙 counts once per visitor, and public votes (附议, 群众评议) are limited per
/// client address, so the 热度 index and the rankings cannot be stuffed from one machine.
@Suite("Public votes: 附议 once per visitor, a limit per client address")
struct PublicVoteTests {
    /// Posts a wall message through the portal and publishes it; returns the wall page showing it.
    func publishedMessage(_ web: WebClient) async throws -> WebClient.Page {
        let form = try await web.get("/wall/new")
        let r = try await web.post("/wall/new", [("_csrf", form.csrf ?? ""), ("territory", "yx-dh-qs"), ("title", "幸福路口缺少红绿灯"),
                                                 ("content", "上下学时段车多，建议设置红绿灯。"), ("name", "孙留言"), ("phone", "13700137000")])
        let number = try #require(r.text(id: "case-number"))
        _ = try await web.login("dispatcher")
        let queue = try await web.get("/staff/wall")
        _ = try await web.post("/staff/cases/\(number)/actions", [("_csrf", queue.csrf ?? ""), ("action", "publish"), ("return_to", "/staff/wall")])
        return try await web.get("/wall")
    }

    static func postID(_ html: String) throws -> String {
        let m = try #require(html.firstMatch(of: /action="\/wall\/(\d+)\/like"/))
        return String(m.1)
    }

    @Test("the wall's 附议 button counts a browser once; a client without cookies counts once per address")
    func oncePerVisitor() async throws {
        try await withWeb { web, api, _ in
            let wall = try await publishedMessage(web)
            #expect(wall.html.contains("0 人附议"))
            let id = try Self.postID(wall.html)

            let liked = try await web.post("/wall/\(id)/like", [("_csrf", wall.csrf ?? ""), ("page", "1")])
            #expect(liked.status == 303 && liked.location == "/wall?page=1&liked=counted#post-\(id)")
            let after = try await web.get(try #require(liked.location))
            #expect(after.html.contains("附议成功") && after.html.contains("1 人附议"))

            let again = try await web.post("/wall/\(id)/like", [("_csrf", after.csrf ?? ""), ("page", "1")])
            #expect(again.location == "/wall?page=1&liked=again#post-\(id)")
            let same = try await web.get(try #require(again.location))
            #expect(same.html.contains("您已附议过") && same.html.contains("1 人附议"))

            // The JSON client sends no cookie: it is one visitor by its address.
            let first = try await api.post("/api/v1/public/wall/\(id)/like", [String: Any]())
            #expect(first.status == 200 && first.object["likes"] as? Int == 2 && first.object["counted"] as? Bool == true)
            let second = try await api.post("/api/v1/public/wall/\(id)/like", [String: Any]())
            #expect(second.object["likes"] as? Int == 2 && second.object["counted"] as? Bool == false)
            // Another browser (its own visitor cookie) counts.
            let other = try await api.call(.post, "/api/v1/public/wall/\(id)/like", json: [String: Any](),
                                           headers: [.cookie: "huiyin_visitor=another-browser-0123456789"])
            #expect(other.object["likes"] as? Int == 3 && other.object["counted"] as? Bool == true)
            #expect(try await api.post("/api/v1/public/wall/999999/like", [String: Any]()).errorCode == "not_found")
        }
    }

    @Test("past the hourly limit an address gets 429 too_many_votes for 附议 and 群众评议 alike; a proxy's clients count apart")
    func limitPerAddress() async throws {
        try await withServer(configure: { $0.publicVotesPerHour = 3 }) { api, world in
            let token = try await api.login("registrar")
            var draft = letterJSON(extra: ["title": "幸福路口缺少红绿灯", "content": "上下学时段车多，建议设置红绿灯。"])
            draft["channel"] = "民情回音墙"
            let created = try await api.post("/api/v1/cases", draft, token: token)
            let id = try #require(created.object["id"] as? Int)
            #expect(try await api.act(id, "publish", token: try await api.login("dispatcher")).status == 200)

            for n in 1...3 {
                let r = try await api.call(.post, "/api/v1/public/wall/\(id)/like", json: [String: Any](),
                                           headers: [.cookie: "huiyin_visitor=browser-number-\(n)-0123456789"])
                #expect(r.status == 200 && r.object["likes"] as? Int == n)
            }
            let stuffed = try await api.call(.post, "/api/v1/public/wall/\(id)/like", json: [String: Any](),
                                             headers: [.cookie: "huiyin_visitor=browser-number-4-0123456789"])
            #expect(stuffed.status == 429 && stuffed.errorCode == "too_many_votes")
            #expect(stuffed.errorMessage?.contains("分钟后再试") == true)
            let ballot = try await api.post("/api/v1/public/evaluations/1/votes", ["phone": "13900000001", "ratings": [[String: Any]]()])
            #expect(ballot.status == 429, "群众评议 ballots share the limit")

            // Behind a proxy on this machine, the address the proxy forwards is the client.
            let viaProxy = try await api.call(.post, "/api/v1/public/wall/\(id)/like", json: [String: Any](),
                                              headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.9"])
            #expect(viaProxy.status == 200 && viaProxy.object["likes"] as? Int == 4)

            // An hour later the address may vote again.
            world.clock.advance(seconds: 3601)
            let later = try await api.call(.post, "/api/v1/public/wall/\(id)/like", json: [String: Any](),
                                           headers: [.cookie: "huiyin_visitor=browser-number-4-0123456789"])
            #expect(later.status == 200 && later.object["likes"] as? Int == 5)
        }
    }
}
