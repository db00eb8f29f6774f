import Foundation
import Hummingbird
import HummingbirdTesting
import HuiyinCore
import HuiyinService
import HuiyinTestSupport
import Testing

/// Open311 with API keys, /metrics, CSV import and export, webhooks — over real HTTP, on both engines.
/// (Tests/interop runs the third-party Open311 clients and schemathesis against a demo server.)
@Suite("Interop over HTTP: Open311 keys and privacy, metrics, CSV import/export, signed webhooks")
struct InteropAPITests {
    static let cityBuilding = "城乡建设".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    @Test("admins issue and revoke keys (audited); a request becomes a case in its category; 检举控告 text stays private")
    func open311() async throws {
        try await withServer { api, world in
            let admin = try await api.login("admin")
            #expect(try await api.post("/api/v1/open311/keys", ["name": "x"], token: try await api.login("registrar")).status == 403)
            let issued = try await api.post("/api/v1/open311/keys", ["name": "市民App"], token: admin)
            #expect(issued.status == 201)
            let key = issued.string("key") ?? ""
            let listed = try await api.get("/api/v1/open311/keys", token: admin)
            #expect(key.hasPrefix("hy_") && listed.array.count == 1 && listed.array.allSatisfy { $0["key"] == nil })

            let leaf = world.huiyin.open311.services().first { $0.group == "城乡建设" }!
            func submit(_ extra: [(String, String)], key: String?) async throws -> APIResponse {
                var fields = [("service_code", leaf.code), ("address_string", "石桥村村口"), ("description", "路灯坏了三天，晚上很黑。")] + extra
                if let key { fields.append(("api_key", key)) }
                return try await api.call(.post, "/open311/v2/requests.json", raw: Self.form(fields), contentType: "application/x-www-form-urlencoded")
            }
            let created = try await submit([("first_name", "小明"), ("last_name", "王"), ("phone", "13800000000")], key: key)
            #expect(created.status == 200)
            let number = created.array.first?["service_request_id"] as? String ?? ""
            let staffView = try await api.get("/api/v1/cases/\(number)", token: admin)
            #expect((staffView["category"] as? [String: Any])?["code"] as? String == leaf.code)
            #expect(staffView.string("channel") == "网上信访" && staffView.string("kind") == "申诉求决", "a name with a phone makes it 申诉求决")

            let accusation = try await submit([("attribute[kind]", "accusation")], key: key)
            let secretNumber = accusation.array.first?["service_request_id"] as? String ?? ""
            let publicView = try await api.get("/open311/v2/requests/\(secretNumber).json")
            #expect(publicView.array.first?["description"] as? String == "（检举控告类事项，内容不予公开）")
            #expect(!publicView.text.contains("路灯"))

            let id = issued["id"] as? Int ?? 0
            #expect(try await api.call(.delete, "/api/v1/open311/keys/\(id)", token: admin).status == 204)
            let refused = try await submit([], key: key)
            #expect(refused.status == 403 && refused.text.contains("api_key_invalid"))
            #expect(try await submit([], key: nil).status == 403)
            let log = try await world.huiyin.store.auditLog(limit: 50).map(\.action)
            #expect(log.contains("api_key.issue") && log.contains("api_key.revoke"))
        }
    }

    @Test("NUL and other control characters are refused as input (PostgreSQL cannot store NUL): login, users, Open311, keys")
    func controlCharacters() async throws {
        try await withServer { api, world in
            #expect(try await api.post("/api/v1/login", ["username": "ad\u{0}min", "password": "x"]).errorCode == "invalid_credentials")
            let admin = try await api.login("admin")
            let user = try await api.post("/api/v1/users", ["username": "wang", "name": "王\u{0}五", "role": "registrar", "unit": "yx-xfj",
                                                            "password": "long-enough-1"], token: admin)
            #expect(user.status == 422 && user.errorCode == "invalid_display_name")
            #expect(try await api.post("/api/v1/open311/keys", ["name": "App\u{0}"], token: admin).errorCode == "invalid_name")
            let key = try await api.post("/api/v1/open311/keys", ["name": "App"], token: admin).string("key") ?? ""
            let code = world.huiyin.open311.services().first!.code
            let r = try await api.call(.post, "/open311/v2/requests.json",
                                       raw: Self.form([("api_key", key), ("service_code", code), ("address_string", "村口\u{0}"), ("description", "路灯坏了")]),
                                       contentType: "application/x-www-form-urlencoded")
            #expect(r.status == 400 && r.text.contains("invalid_characters"))
        }
    }

    @Test("/metrics counts requests by route template and shows cases by state and backlogs")
    func metrics() async throws {
        try await withServer { api, _ in
            let registrar = try await api.login("registrar")
            #expect(try await api.post("/api/v1/cases", letterJSON(), token: registrar).status == 201)
            _ = try await api.get("/api/v1/cases/999999", token: registrar)
            let text = try await api.get("/metrics").text
            #expect(text.contains(#"huiyin_cases{state="registered"} 1"#))
            #expect(text.contains(#"huiyin_http_requests_total{method="GET",route="/api/v1/cases/{id}",status="404"} 1"#))
            #expect(text.contains("huiyin_http_request_duration_seconds_bucket"))
            #expect(text.contains("huiyin_cases_overdue 0") && text.contains("huiyin_outbox_pending"))
        }
    }

    @Test("importing messages-replied.csv loads 2,816 cases with their replies; bad rows are reported, good rows kept")
    func importReplied() async throws {
        try await withServer(now: "2026-11-20 09:00") { api, world in
            let admin = try await api.login("admin")
            let csv = try String(contentsOf: SharedTestData.url("messages-replied.csv"), encoding: .utf8)
            let report = try await api.call(.post, "/api/v1/cases/import?category=" + Self.cityBuilding, raw: csv, token: admin, contentType: "text/csv")
            #expect(report.status == 200)
            #expect(report["imported"] as? Int == 2816 && report["replied"] as? Int == 2816 && report["failed"] as? Int == 0)
            let counts = try await world.huiyin.store.caseCountsByState()
            #expect(counts[.replied] == 2816)

            let bad = "标题,反映内容,收到日期,答复内容\n好的一行,内容,2019-04-25,已答复\n,缺标题,2019-04-25,\n日期错,内容,2019-13-45,\n"
            let partial = try await api.call(.post, "/api/v1/cases/import?category=" + Self.cityBuilding, raw: bad, token: admin, contentType: "text/csv")
            #expect(partial["imported"] as? Int == 1 && partial["failed"] as? Int == 2)
            let errors = partial["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["row"] as? Int } == [3, 4] && errors.map { $0["code"] as? String } == ["missing_field", "invalid_date"])
            #expect(try await api.call(.post, "/api/v1/cases/import", raw: bad, token: try await api.login("registrar"), contentType: "text/csv").status == 403)
            let unmapped = try await api.call(.post, "/api/v1/cases/import?mapping=title:%E4%B8%8D%E5%AD%98%E5%9C%A8", raw: bad, token: admin, contentType: "text/csv")
            #expect(unmapped.errorCode == "invalid_mapping")
        }
    }

    @Test("an export imports again into the same cases; XLSX is a workbook")
    func exportRoundTrip() async throws {
        let source = "标题,反映内容,问题分类,收到日期,答复内容,答复日期\n" +
            "小区路灯不亮,\"晚上很黑，\"\"请修\"\"\",城乡建设,2026-02-01,已安排维修,2026-02-05\n" +
            "=公交线路调整,建议增加班次,交通运输,2026-02-03,,\n"
        final class Box: @unchecked Sendable { var first: [[String]] = []; var csv = "" }
        let box = Box()
        @Sendable func exported(_ api: APIClient, _ admin: String) async throws -> [[String]] {
            let csv = try await api.get("/api/v1/cases/export?format=csv&sort=received_asc", token: admin)
            #expect(csv.data.starts(with: [0xEF, 0xBB, 0xBF]))
            let rows = CSV.parse(String(decoding: csv.data.dropFirst(3), as: UTF8.self)).filter { $0.count > 1 }
            let keep = ["标题", "反映内容", "问题分类", "收到日期", "状态", "答复内容", "答复日期", "处理意见"].compactMap { rows[0].firstIndex(of: $0) }
            return rows.dropFirst().map { row in keep.map { row[$0] } }
        }
        try await withServer { api, _ in
            let admin = try await api.login("admin")
            let r = try await api.call(.post, "/api/v1/cases/import", raw: source, token: admin, contentType: "text/csv")
            #expect(r["imported"] as? Int == 2)
            box.first = try await exported(api, admin)
            box.csv = String(decoding: (try await api.get("/api/v1/cases/export?format=csv", token: admin)).data, as: UTF8.self)
            let xlsx = try await api.get("/api/v1/cases/export?format=xlsx", token: admin)
            #expect(xlsx.status == 200 && xlsx.data.starts(with: [0x50, 0x4B]))
            #expect(try await api.get("/api/v1/cases/export?format=pdf", token: admin).errorCode == "invalid_format")
        }
        #expect(box.first.count == 2 && box.first.contains { $0.contains("晚上很黑，\"请修\"") && $0.contains("已安排维修") })
        try await withServer { api, _ in
            let admin = try await api.login("admin")
            let again = try await api.call(.post, "/api/v1/cases/import", raw: box.csv, token: admin, contentType: "text/csv")
            #expect(again["imported"] as? Int == 2, "\(again.text)")
            let second = try await exported(api, admin)
            #expect(second == box.first)
        }
    }

    actor Received {
        var requests: [(headers: [String: String], body: Data)] = []
        func add(_ headers: [String: String], _ body: Data) { requests.append((headers, body)) }
    }

    @Test("webhooks: signed case events, retries on failure, the delivery log; admin only")
    func webhooks() async throws {
        let received = Received()
        let router = Router()
        router.post("/ok") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for f in request.headers { headers[f.name.canonicalName] = f.value }
            await received.add(headers, Data(body.readableBytesView))
            return Response(status: .ok)
        }
        router.post("/down") { _, _ -> Response in Response(status: .serviceUnavailable) }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { receiver in
            let port = receiver.port ?? 0
            try await withServer { api, world in
                let admin = try await api.login("admin")
                #expect(try await api.post("/api/v1/webhooks", ["url": "http://127.0.0.1:\(port)/ok"], token: try await api.login("dispatcher")).status == 403)
                #expect(try await api.post("/api/v1/webhooks", ["url": "ftp://x"], token: admin).errorCode == "invalid_url")
                let ok = try await api.post("/api/v1/webhooks", ["url": "http://127.0.0.1:\(port)/ok", "events": ["created", "assigned"]], token: admin)
                let down = try await api.post("/api/v1/webhooks", ["url": "http://127.0.0.1:\(port)/down"], token: admin)
                #expect(ok.status == 201 && down.status == 201)
                let secret = ok.string("secret") ?? ""

                let created = try await api.post("/api/v1/cases", letterJSON(), token: try await api.login("registrar"))
                let caseID = created["id"] as? Int ?? 0
                let hooks = world.huiyin.webhooks
                #expect(try await hooks.queueNewEvents(now: world.clock.now) == 2)
                #expect(try await hooks.queueNewEvents(now: world.clock.now) == 0, "each event is queued once")
                let sent = try await hooks.deliverDue(now: world.clock.now)
                #expect(sent.delivered == 1 && sent.failed == 1)

                let got = await received.requests
                #expect(got.count == 1)
                let body = got.first?.body ?? Data()
                #expect(got.first?.headers["x-huiyin-signature"] == "sha256=" + WebhookService.signature(body, secret: Data(secret.utf8)))
                #expect(got.first?.headers["x-huiyin-event"] == "case.created")
                let payload = try JSONSerialization.jsonObject(with: body) as? [String: Any]
                #expect((payload?["case"] as? [String: Any])?["id"] as? Int == caseID)
                #expect(!String(decoding: body, as: UTF8.self).contains("张三"), "no people's data")

                let downID = down["id"] as? Int ?? 0
                let log = try await api.get("/api/v1/webhooks/\(downID)/deliveries", token: admin)
                #expect(log.array.first?["status"] as? String == "pending" && log.array.first?["last_status"] as? Int == 503
                        && log.array.first?["attempts"] as? Int == 1 && log.array.first?["next_attempt_at"] != nil)
                #expect(try await hooks.deliverDue(now: world.clock.now).failed == 0, "waits for the backoff")
                #expect(try await hooks.deliverDue(now: world.clock.now.addingTimeInterval(31)).failed == 1, "then retries")
                #expect(try await api.call(.delete, "/api/v1/webhooks/\(downID)", token: admin).status == 204)
                #expect(try await api.get("/api/v1/webhooks", token: admin).array.count == 1)
            }
        }
    }

    @Test("a webhook limited to a territory gets only the cases in it or under it; an unknown territory is refused")
    func webhookTerritory() async throws {
        try await withServer { api, world in
            let admin = try await api.login("admin")
            let bad = try await api.post("/api/v1/webhooks", ["url": "http://127.0.0.1:9/x", "territory": "yx-nowhere"], token: admin)
            #expect(bad.status == 422 && bad.errorCode == "invalid_territory" && bad.errorField == "territory")
            let east = try await api.post("/api/v1/webhooks", ["url": "http://127.0.0.1:9/east", "territory": "yx-dh"], token: admin)
            let west = try await api.post("/api/v1/webhooks", ["url": "http://127.0.0.1:9/west", "territory": "yx-xs"], token: admin)
            let all = try await api.post("/api/v1/webhooks", ["url": "http://127.0.0.1:9/all"], token: admin)
            #expect(east["territory"] as? String == "yx-dh" && all["territory"] == nil)

            // A case in 石桥村 (东湖区 › 青石镇): for 东湖区 and for everything, not for 西山区.
            _ = try await api.post("/api/v1/cases", letterJSON(), token: try await api.login("registrar"))
            #expect(try await world.huiyin.webhooks.queueNewEvents(now: world.clock.now) == 2)
            func logged(_ hook: APIResponse) async throws -> Int {
                try await api.get("/api/v1/webhooks/\(hook["id"] as? Int ?? 0)/deliveries", token: admin).array.count
            }
            let (toEast, toAll, toWest) = (try await logged(east), try await logged(all), try await logged(west))
            #expect(toEast == 1 && toAll == 1 && toWest == 0)
            let listed = try await api.get("/api/v1/webhooks", token: admin).array
            #expect(listed.first { $0["id"] as? Int == east["id"] as? Int }?["territory"] as? String == "yx-dh")
        }
    }
}
