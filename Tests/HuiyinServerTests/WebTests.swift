import Foundation
import HuiyinCore
import HuiyinTestSupport
import Testing

/// The web pages over real HTTP, as a browser uses them: cookies, forms, CSRF tokens, redirects.
@Suite("Web pages: login, workbench, portal, CSRF, escaping, attachments, 回音墙, dashboard")
struct WebTests {
    static let streetLights = "城乡建设/城市建设和市政管理/环境卫生"

    /// Submits a matter on the portal; returns the case number and query code from the receipt page.
    static func submit(_ web: WebClient, title: String = "小区路灯损坏三个月无人修", content: String = "幸福路路灯坏了三个月。",
                       kind: String = "申诉求决") async throws -> (number: String, code: String) {
        let form = try await web.get("/submit")
        let r = try await web.post("/submit", [("_csrf", form.csrf ?? ""), ("kind", kind), ("territory", "yx-dh-qs"), ("title", title),
                                               ("content", content), ("name", "张三"), ("phone", "13800138000"), ("address", "青石镇幸福路1号")])
        #expect(r.status == 201, "\(r.html.prefix(400))")
        return (try #require(r.text(id: "case-number")), try #require(r.text(id: "query-code")))
    }

    /// Posts an action form of the case page as the logged-in staff member.
    static func act(_ web: WebClient, _ number: String, _ action: String, _ fields: [(String, String)] = []) async throws -> WebClient.Page {
        let page = try await web.get("/staff/cases/\(number)")
        return try await web.post("/staff/cases/\(number)/actions", [("_csrf", page.csrf ?? ""), ("action", action)] + fields)
    }

    @Test("login redirects back, a wrong password is explained, logout ends the session")
    func login() async throws {
        try await withWeb { web, _, _ in
            let anonymous = try await web.get("/staff/cases?state=registered")
            #expect(anonymous.status == 303 && anonymous.location?.hasPrefix("/staff/login?next=") == true)
            let wrong = try await web.login("dispatcher", password: "nope")
            #expect(wrong.status == 401 && wrong.html.contains("用户名或密码不正确"))
            let ok = try await web.login("dispatcher")
            #expect(ok.status == 303 && ok.location == "/staff")
            let home = try await web.get("/staff")
            #expect(home.status == 200 && home.html.contains("待受理") && home.html.contains("王派单"))
            #expect(home.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            let out = try await web.post("/staff/logout", [("_csrf", home.csrf ?? "")])
            #expect(out.status == 303)
            #expect(try await web.get("/staff").status == 303)
        }
    }

    @Test("portal to answer: submit, accept and assign, reply, the citizen reads and rates")
    func portalFlow() async throws {
        try await withWeb { web, _, _ in
            let (number, code) = try await Self.submit(web)
            _ = try await web.login("dispatcher")
            let assigned = try await Self.act(web, number, "assign", [("lead_unit", "yx-zjj"), ("category", Self.streetLights)])
            #expect(assigned.status == 303, "\(assigned.html.prefix(600))")
            #expect(try await web.get("/staff/cases/\(number)").text(id: "case-state") == "已交办")
            _ = try await web.login("handler")
            let list = try await web.get("/staff/cases")
            #expect(list.html.contains(number) && list.html.contains("clock-status"))
            let missing = try await Self.act(web, number, "reply", [("opinion", "support")])
            #expect(missing.status == 422 && missing.html.contains("处理意见书正文"), "refused form says what is missing")
            #expect(try await Self.act(web, number, "reply", [("opinion", "support"), ("text", "已安排维修，三日内修复。")]).status == 303)
            let track = try await web.get("/track")
            let wrongCode = try await web.post("/track", [("_csrf", track.csrf ?? ""), ("number", number), ("query_code", "AAAA-BBBB")])
            #expect(wrongCode.status == 404)
            let found = try await web.post("/track", [("_csrf", track.csrf ?? ""), ("number", number), ("query_code", code)])
            #expect(found.text(id: "case-state") == "已答复" && found.html.contains("已安排维修"))
            #expect(!found.html.contains("赵承办"), "staff names stay internal")
            let rated = try await web.post("/track/action", [("_csrf", track.csrf ?? ""), ("action", "rate"), ("number", number),
                                                             ("query_code", code), ("rating", "satisfied")])
            #expect(rated.text(id: "case-state") == "已办结" && rated.html.contains("满意"))
        }
    }

    @Test("forms without the right CSRF token or from another origin change nothing")
    func csrf() async throws {
        try await withWeb { web, _, _ in
            let (number, _) = try await Self.submit(web)
            let page = try await { () async throws -> WebClient.Page in
                _ = try await web.login("dispatcher")
                return try await web.get("/staff/cases/\(number)")
            }()
            let forged = try await web.post("/staff/cases/\(number)/actions", [("_csrf", "forged"), ("action", "accept")])
            #expect(forged.status == 403 && forged.text(id: "error-code") == "csrf_failed")
            let missing = try await web.post("/staff/cases/\(number)/actions", [("action", "accept")])
            #expect(missing.status == 403)
            let crossOrigin = try await web.post("/staff/cases/\(number)/actions", [("_csrf", page.csrf ?? ""), ("action", "accept")],
                                                 headers: [.origin: "http://evil.example"])
            #expect(crossOrigin.status == 403 && crossOrigin.text(id: "error-code") == "csrf_failed")
            #expect(try await web.get("/staff/cases/\(number)").text(id: "case-state") == "已登记")
            let portal = try await web.post("/submit", [("kind", "建议意见"), ("title", "t"), ("content", "c"), ("anonymous", "1")])
            #expect(portal.status == 403 && portal.text(id: "error-code") == "csrf_failed")
        }
    }

    @Test("user input is escaped on every page")
    func escaping() async throws {
        try await withWeb { web, _, _ in
            let (number, _) = try await Self.submit(web, title: "<script>alert(1)</script>路灯", content: "<img src=x onerror=alert(2)>")
            _ = try await web.login("dispatcher")
            for path in ["/staff/cases/\(number)", "/staff/cases?q=%E8%B7%AF%E7%81%AF", "/staff"] {
                let page = try await web.get(path)
                #expect(!page.html.contains("<script>alert(1)") && !page.html.contains("<img src=x"), "\(path)")
                #expect(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;路灯"), "\(path)")
            }
        }
    }

    @Test("a handler of another unit and the accused unit cannot open the case page")
    func access() async throws {
        try await withWeb { web, api, _ in
            let registrar = try await api.login("registrar")
            var body = letterJSON(kind: "检举控告", name: "钱举报")
            body["territory"] = "yx-dh"
            body["accused_unit"] = "yx-dh-zf"
            let created = try await api.post("/api/v1/cases", body, token: registrar)
            let number = try #require(created.string("number"))
            _ = try await web.login("dispatcher")
            #expect(try await web.get("/staff/cases/\(number)").html.contains("钱举报"))
            for user in ["dispatcher-dh", "leader-dh"] {
                _ = try await web.login(user)
                let page = try await web.get("/staff/cases/\(number)")
                #expect(page.status == 403 && page.text(id: "error-code") == "accused_unit_excluded", "\(user)")
                #expect(!page.html.contains("钱举报"))
                #expect(!(try await web.get("/staff/cases?q=\(number)")).html.contains("href=\"/staff/cases/\(number)\""), "\(user)'s list hides it")
            }
            let (other, _) = try await Self.submit(web)
            _ = try await web.login("dispatcher")
            #expect(try await Self.act(web, other, "assign", [("lead_unit", "yx-zjj"), ("category", Self.streetLights)]).status == 303)
            _ = try await web.login("handler-sthjj")
            #expect(try await web.get("/staff/cases/\(other)").text(id: "error-code") == "not_in_scope")
        }
    }

    @Test("attachments: checked by content, sealed at rest, served only to those who may see the case")
    func attachments() async throws {
        try await withWeb { web, _, world in
            let (number, _) = try await Self.submit(web)
            _ = try await web.login("dispatcher")
            let page = try await web.get("/staff/cases/\(number)")
            let marker = "ATTACHMENT-MARKER-\(UUID().uuidString)"
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(marker.utf8)
            let ok = try await web.upload("/staff/cases/\(number)/attachments", fields: [("_csrf", page.csrf ?? "")], file: ("现场照片.png", png))
            #expect(ok.status == 303)
            let after = try await web.get("/staff/cases/\(number)")
            #expect(after.html.contains("现场照片.png") && after.html.contains("上传附件"))
            let link = try #require(after.html.range(of: "/staff/attachments/").map { after.html[$0.upperBound...].prefix { $0.isNumber } })
            let file = try await web.get("/staff/attachments/\(link)")
            #expect(file.status == 200 && file.html.contains(marker) && file.headers[.contentType] == "image/png")
            let fake = try await web.upload("/staff/cases/\(number)/attachments", fields: [("_csrf", page.csrf ?? "")],
                                            file: ("合同.pdf", Data("not a pdf".utf8)))
            #expect(fake.status == 422 && fake.html.contains("不符"))
            let exe = try await web.upload("/staff/cases/\(number)/attachments", fields: [("_csrf", page.csrf ?? "")], file: ("run.exe", Data("MZ".utf8)))
            #expect(exe.status == 422 && exe.html.contains("不支持的附件类型"))
            let big = try await web.upload("/staff/cases/\(number)/attachments", fields: [("_csrf", page.csrf ?? "")],
                                           file: ("big.pdf", Data("%PDF-".utf8) + Data(count: 10 << 20)))
            #expect(big.status == 413)
            if world.postgres == nil {
                let bytes = try await world.databaseFileBytes()
                #expect(bytes.range(of: Data(marker.utf8)) == nil, "attachment bytes are sealed at rest")
            } else {
                let raw = try await world.strings("SELECT encode(sealed, 'escape') FROM attachments")
                #expect(!raw.isEmpty && raw.allSatisfy { !($0 ?? "").contains(marker) }, "attachment bytes are sealed at rest")
            }
            _ = try await web.login("handler-sthjj")
            #expect(try await web.get("/staff/attachments/\(link)").status == 403)
        }
    }

    @Test("回音墙: a message shows publicly only after staff publish it, without the writer's name")
    func wall() async throws {
        try await withWeb { web, _, _ in
            let form = try await web.get("/wall/new")
            let r = try await web.post("/wall/new", [("_csrf", form.csrf ?? ""), ("territory", "yx-dh-qs"), ("title", "幸福路口缺少红绿灯"),
                                                     ("content", "上下学时段车多，建议设置红绿灯。"), ("name", "孙留言"), ("phone", "13700137000")])
            #expect(r.status == 201)
            let number = try #require(r.text(id: "case-number"))
            #expect(!(try await web.get("/wall")).html.contains("幸福路口缺少红绿灯"))
            _ = try await web.login("dispatcher")
            let queue = try await web.get("/staff/wall")
            #expect(queue.html.contains("幸福路口缺少红绿灯"))
            let case_ = try await web.get("/staff/cases/\(number)")
            #expect(case_.html.contains("民情回音墙") && case_.html.contains("待审核"))
            let published = try await web.post("/staff/cases/\(number)/actions", [("_csrf", queue.csrf ?? ""), ("action", "publish"),
                                                                                   ("return_to", "/staff/wall")])
            #expect(published.status == 303 && published.location == "/staff/wall")
            let wall = try await web.get("/wall")
            #expect(wall.html.contains("幸福路口缺少红绿灯") && !wall.html.contains("孙留言") && !wall.html.contains("13700137000"))
            #expect(wall.html.contains("答复期限"), "the 7-working-day clock is shown")
        }
    }

    @Test("every page works on a phone and in Chinese; the dashboard has a table for every chart")
    func pages() async throws {
        try await withWeb { web, _, _ in
            for path in ["/", "/submit", "/track", "/wall", "/wall/new", "/staff/login"] {
                let page = try await web.get(path)
                #expect(page.status == 200 && page.html.contains("name=\"viewport\"") && page.html.contains("lang=\"zh-CN\""), "\(path)")
            }
            _ = try await web.login("leader")
            let dash = try await web.get("/staff/dashboard")
            #expect(dash.status == 200)
            for id in ["month", "category", "territory", "channel", "unit", "overdue"] {
                #expect(dash.html.contains("id=\"table-\(id)\"") && dash.html.contains("id=\"chart-\(id)\""), "\(id)")
            }
            _ = try await web.login("handler")
            #expect(try await web.get("/staff/dashboard").status == 403)
        }
    }
}
