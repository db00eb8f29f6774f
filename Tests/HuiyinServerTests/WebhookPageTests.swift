import Foundation
import HuiyinTestSupport
import Testing

@Suite("Webhook subscriptions on the workbench (admin)")
struct WebhookPageTests {
    /// The table row of subscription `id`.
    func row(_ page: WebClient.Page, _ id: Int) -> String {
        guard let start = page.html.range(of: "<tr data-id=\"\(id)\">") else { return "" }
        return String(page.html[start.lowerBound...].prefix { $0 != "\n" })
    }

    @Test("an admin subscribes for one territory and sees the secret once, reads the delivery log and unsubscribes; others may not")
    func subscribe() async throws {
        try await withWeb { web, api, world in
            _ = try await web.login("dispatcher")
            #expect(try await web.get("/staff/settings/webhooks").status == 403)
            _ = try await web.login("admin")
            let page = try await web.get("/staff/settings/webhooks")
            #expect(page.status == 200 && page.html.contains("还没有订阅"))

            // A wrong address is explained and what was typed stays.
            let bad = try await web.post("/staff/settings/webhooks", [("_csrf", page.csrf ?? ""), ("url", "ftp://x"), ("description", "省平台")])
            #expect(bad.status == 422 && bad.html.contains("接收地址须为") && bad.html.contains("value=\"省平台\""))

            let made = try await web.post("/staff/settings/webhooks", [("_csrf", page.csrf ?? ""), ("url", "http://127.0.0.1:9/hook"),
                                                                       ("description", "东湖区平台"), ("events", "created"), ("events", "closed"),
                                                                       ("territory", "yx-dh")])
            #expect(made.status == 201)
            let secret = try #require(made.text(id: "secret-value"))
            #expect(secret.hasPrefix("whsec_"))

            let hooks = try await api.get("/api/v1/webhooks", token: try await api.login("admin")).array
            #expect(hooks.count == 1 && hooks.first?["territory"] as? String == "yx-dh")
            #expect(hooks.first?["events"] as? [String] == ["created", "closed"])
            let id = hooks.first?["id"] as? Int ?? 0
            let list = try await web.get("/staff/settings/webhooks")
            let listed = row(list, id)
            #expect(listed.contains("东湖区平台") && listed.contains("登记、办结") && listed.contains("东湖区") && !listed.contains("全部"))
            #expect(!list.html.contains(secret), "the secret is shown only once")

            // A case in 东湖区 makes a delivery, shown in the log.
            _ = try await api.post("/api/v1/cases", letterJSON(), token: try await api.login("registrar"))
            #expect(try await world.huiyin.webhooks.queueNewEvents(now: world.clock.now) == 1)
            let log = try await web.get("/staff/settings/webhooks?log=\(id)")
            #expect(log.html.contains("投递记录：http://127.0.0.1:9/hook") && log.html.contains("待发送"))

            let gone = try await web.post("/staff/settings/webhooks/\(id)/delete", [("_csrf", list.csrf ?? "")])
            #expect(gone.status == 303 && gone.location == "/staff/settings/webhooks?deleted=1")
            #expect(try await web.get("/staff/settings/webhooks").html.contains("还没有订阅"))
            #expect(try await api.get("/api/v1/webhooks", token: try await api.login("admin")).array.isEmpty)
        }
    }
}
