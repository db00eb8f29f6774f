import Foundation
import Hummingbird
import HummingbirdTesting
import HuiyinCore
import HuiyinService
import HuiyinStore
import HuiyinTestSupport
import Logging
import Testing

/// Reports as CSV and XLSX, notifications by real email, and the oversight pages, over real HTTP.
@Suite("Oversight over HTTP: reports (CSV with BOM, XLSX), email notifications, pages")
struct OversightAPITests {
    @Test("the monthly bulletin and the annual report: JSON figures, CSV with BOM and Chinese intact, a valid XLSX workbook")
    func reports() async throws {
        let (world, _) = try await KnownCases.march2026()
        try await application(world).test(.live) { client in
            let api = APIClient(client)
            let leader = try await api.login("leader")
            let stats = try await api.get("/api/v1/statistics?from=2026-03-01&to=2026-03-31", token: leader)
            let current = stats["current"] as? [String: Any]
            #expect(stats.status == 200 && current?["total"] as? Int == 5 && stats["change"] as? Double == 4.0)
            #expect((stats["rankings"] as? [[String: Any]])?.compactMap { ($0["unit"] as? [String: Any])?["code"] as? String } == ["yx-sthjj", "yx-zjj"])

            let json = try await api.get("/api/v1/reports/monthly/2026-03", token: leader)
            #expect(json.status == 200 && json.string("title")?.contains("2026年3月通报") == true)
            let overview = (json["tables"] as? [[String: Any]])?.first?["rows"] as? [[String]]
            #expect(overview?.first == ["信访总量", "5"] && overview?.contains(["满意率", "66.67%"]) == true)

            let csv = try await api.get("/api/v1/reports/monthly/2026-03?format=csv", token: leader)
            #expect(csv.status == 200 && Array(csv.data.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 BOM so Excel reads Chinese")
            let text = String(decoding: csv.data.dropFirst(3), as: UTF8.self)
            #expect(text.contains("信访总量,5\r\n") && text.contains("云溪市生态环境局") && text.contains("重复访率,20.00%"))

            let xlsx = try await api.get("/api/v1/reports/annual/2026?format=xlsx", token: leader)
            #expect(xlsx.status == 200 && xlsx.data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-report-\(UUID().uuidString).xlsx")
            try xlsx.data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let python = try await PythonTools.python()
            let out = try PythonTools.run(python, script: """
                import sys, json, openpyxl
                wb = openpyxl.load_workbook(sys.argv[1])
                o = wb["总体情况"]
                t = wb["转送交办督办"]
                print(json.dumps({"sheets": wb.sheetnames, "total": o["B3"].value, "label": o["A3"].value,
                                  "assigned": [r[1] for r in t.iter_rows(min_row=3, values_only=True) if r[0] == "交办"][0]}, ensure_ascii=False))
                """, args: [file.path])
            #expect(out.status == 0, "\(out.stderr)")
            let read = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
            #expect((read?["sheets"] as? [String])?.contains("被投诉较多的机关") == true)
            // The year holds E (February) too: 6 cases, 4 of them assigned.
            #expect(read?["label"] as? String == "信访总量" && read?["total"] as? Int == 6 && read?["assigned"] as? Int == 4, "\(out.stdout)")

            let handler = try await api.login("handler")
            #expect(try await api.get("/api/v1/reports/monthly/2026-03", token: handler).status == 403)
            #expect(try await api.get("/api/v1/reports/monthly/2026-13", token: leader).errorCode == "invalid_month")
            #expect(try await api.get("/api/v1/reports/monthly/2026-03?format=pdf", token: leader).errorCode == "invalid_format")
        }
    }

    @Test("notifications reach the people of the unit who chose them, by real email; a refused recipient is retried later")
    func email() async throws {
        let smtp = try await SMTPTestServer.start(failRecipients: ["later@yx.gov.cn"])
        defer { smtp.stop() }
        try await withServer { api, world in
            let handler = try await api.login("handler")
            let saved = try await api.call(.put, "/api/v1/me/notifications", json: ["email": "zjj@yx.gov.cn", "phone": "13800138000",
                                                                                  "email_topics": ["assigned", "overdue"], "sms_topics": ["overdue"]], token: handler)
            #expect(saved.status == 200 && saved["email_topics"] as? [String] == ["assigned", "overdue"], "\(saved.text)")
            let bad = try await api.call(.put, "/api/v1/me/notifications", json: ["email": "not-an-address", "email_topics": [], "sms_topics": []], token: handler)
            #expect(bad.status == 422 && bad.errorField == "email")
            // Stored sealed: the address is not in the database in clear.
            #expect(try await world.strings("SELECT value FROM meta WHERE key LIKE 'notify:%'").allSatisfy { !($0 ?? "").contains("zjj@yx.gov.cn") })

            let dispatcher = try await api.login("dispatcher")
            let created = try await api.post("/api/v1/cases", letterJSON(), token: dispatcher)
            let id = try #require(created["id"] as? Int)
            let number = try #require(created.string("number"))
            #expect(try await api.act(id, "assign", ["lead_unit": "yx-zjj"], token: dispatcher).status == 200)

            let smsFile = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-sms-\(UUID().uuidString).jsonl").path
            defer { try? FileManager.default.removeItem(atPath: smsFile) }
            let logger = Logger(label: "test")
            let sink = NotificationDispatcher(huiyin: world.huiyin, email: SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: smtp.port, from: "huiyin@yx.gov.cn")),
                                              sms: LoggingSMSTransport(logger: logger, file: smsFile), inner: nil, logger: logger)
            let jobs = BackgroundJobs(huiyin: world.huiyin, sink: sink, logger: logger, now: { world.clock.now })
            _ = try await jobs.sendOutbox()
            let mails = try await smtp.waitForMessages(count: 1, timeout: 10)
            #expect(mails.count == 1, "only the 交办 is a topic the handler chose; the registration notice went to nobody")
            #expect(mails.first?.rcptTos == ["zjj@yx.gov.cn"])
            #expect(mails.first?.subject.contains("新交办") == true && mails.first?.body.contains(number) == true)

            // 督办 on the overdue case: email and SMS; another colleague whose server refuses is retried.
            let other = try await world.huiyin.admin.createUser(username: "zjj-2", displayName: "孙科员", role: .handler, unit: "yx-zjj",
                                                                 password: "secret-pass-1", by: .system, now: world.clock.now)
            _ = try await world.huiyin.notifications.save(NotificationPreferences(email: "later@yx.gov.cn", emailTopics: [.overdue], smsTopics: []),
                                                          for: other.id, by: .system, now: world.clock.now)
            let due = try await world.huiyin.cases.view(id: Int64(id), by: .system, now: world.clock.now).clock.due!
            world.clock.set(due.adding(days: 1).description + " 08:00")
            #expect(try await jobs.watchClocks() == 1)
            #expect(try await jobs.sendOutbox() == 0, "the message to both failed as a whole: the entry waits for a retry")
            let waiting = try await world.huiyin.store.outbox(afterID: 0, limit: 100).filter { $0.kind == .overdue }
            #expect(waiting.count == 1 && waiting[0].attempts == 1 && waiting[0].lastError?.contains("451") == true)
            let sms = try String(contentsOfFile: smsFile, encoding: .utf8)
            #expect(sms.contains("13800138000") && sms.contains("督办"))
        }
    }

    @Test("pages: statistics with the ranking, a printable report with downloads, routing rules for admins, the public 挂牌督办 list")
    func pages() async throws {
        let (world, ids) = try await KnownCases.march2026()
        // Make D publicly listed: 督办 at 1 day over, 挂牌督办 at 10.
        let watcher = ClockWatcher(huiyin: world.huiyin)
        let due = try await world.huiyin.cases.view(id: ids["D"]!, by: .system, now: world.clock.now).clock.due!
        for days in [1, 10] {
            world.clock.set(due.adding(days: days).description + " 08:00")
            _ = try await watcher.run(now: world.clock.now)
        }
        try await application(world).test(.live) { client in
            let web = WebClient(client)
            _ = try await web.login("leader")
            let stats = try await web.get("/staff/statistics?from=2026-03-01&to=2026-03-31")
            #expect(stats.status == 200 && stats.text(id: "fig-total") == "5" && stats.html.contains("id=\"ranking\""))
            let report = try await web.get("/staff/reports/monthly?month=2026-03")
            #expect(report.status == 200 && report.text(id: "report-title")?.contains("3月通报") == true)
            #expect(report.html.contains("挂牌督办事项") && report.html.contains("href=\"/staff/reports/monthly?month=2026-03&amp;format=xlsx\""))
            let csv = try await web.get("/staff/reports/monthly?month=2026-03&format=csv")
            #expect(csv.status == 200 && csv.headers[.contentDisposition]?.contains("huiyin-monthly-2026-03.csv") == true)
            #expect(try await web.get("/staff/routing").status == 403, "派单规则 is for admins")

            _ = try await web.login("admin")
            let routing = try await web.get("/staff/routing")
            let saved = try await web.post("/staff/routing", [("_csrf", routing.csrf ?? ""),
                                                              ("rules", #"[{"category":"城乡建设","lead_unit":"yx-zjj"}]"#)])
            #expect(saved.status == 303)
            #expect(try await web.get("/staff/routing").html.contains("云溪市住房和城乡建设局"))
            let wrong = try await web.post("/staff/routing", [("_csrf", routing.csrf ?? ""), ("rules", #"[{"lead_unit":"nowhere"}]"#)])
            #expect(wrong.status == 422 && wrong.html.contains("第1条规则"))

            let listed = try await WebClient(client).get("/supervised")
            #expect(listed.status == 200 && listed.html.contains("挂牌督办") && listed.html.contains("云溪市生态环境局"))
            #expect(!listed.html.contains("张三"), "no petitioner on the public list")
        }
    }
}
