import Foundation
import HuiyinCore
import HuiyinTestSupport
import Testing

/// The workbench pages of pairing, pledges and meetings, driven through their forms, and the portal's
/// 村务公开 page showing what was published.
@Suite("Participation pages: pairing, pledges, meetings, 村务公开")
struct ParticipationWebTests {
    @Test("a cadre pairs and visits, a pledge is kept, a meeting is judged, and the portal shows the public parts")
    func pages() async throws {
        try await withWeb { web, _, _ in
            _ = try await web.login("handler-dh-qs-zf")
            var page = try await web.get("/staff/pairings")
            #expect(page.status == 200 && page.html.contains("登记结对"))
            let csrf = page.csrf ?? ""
            let paired = try await web.post("/staff/pairings", [("_csrf", csrf), ("kind", "assistance"), ("name", "李秀英"), ("phone", "13900001200"),
                                                                ("territory", "yx-dh-qs-sq"), ("situation", "独居老人"), ("started_on", "2026-01-01")])
            #expect(paired.status == 303)
            page = try await web.get("/staff/pairings")
            #expect(page.html.contains("李秀英") && page.html.contains("超期未走访"))
            let id = page.html.firstMatch(of: /\/staff\/pairings\/(\d+)\/visit/).map { String($0.1) } ?? ""
            #expect(try await web.post("/staff/pairings/\(id)/visit", [("_csrf", csrf), ("heard", "血压偏高")]).status == 303)
            #expect(try await web.get("/staff/pairings").html.contains("超期未走访") == false)

            #expect(try await web.post("/staff/pledges", [("_csrf", csrf), ("organisation", "石桥村党支部"), ("title", "修好三组路灯"),
                                                          ("territory", "yx-dh-qs-sq"), ("published", "1")]).status == 303)
            page = try await web.get("/staff/pledges")
            let pid = page.html.firstMatch(of: /\/staff\/pledges\/(\d+)/).map { String($0.1) } ?? ""
            let refused = try await web.post("/staff/pledges/\(pid)", [("_csrf", csrf), ("status", "fulfilled")])
            #expect(refused.status == 422 && refused.html.contains("践诺凭证"))
            #expect(try await web.post("/staff/pledges/\(pid)", [("_csrf", csrf), ("status", "fulfilled"), ("evidence", "验收照片")]).status == 303)
            #expect(try await web.get("/staff/pledges").html.contains("100.0%"))

            let meeting = try await web.post("/staff/meetings", [
                ("_csrf", csrf), ("kind", "villagers_assembly"), ("title", "石桥村村民会议"), ("territory", "yx-dh-qs-sq"), ("held_on", "2026-03-01"),
                ("place", "文化礼堂"), ("eligible_adults", "200"), ("items", "村道硬化\n*集体土地流转"), ("present", "101"), ("votes", "60 30 11\n67 30 4"),
            ])
            #expect(meeting.status == 303)
            page = try await web.get("/staff/meetings")
            #expect(page.html.contains("达到法定人数") && page.html.contains("未通过") && page.html.contains("重大事项"))
            #expect(try await web.post("/staff/risk-assessments", [("_csrf", csrf), ("title", "垃圾中转站选址"), ("territory", "yx-dh-qs-sq"),
                                                                   ("respondents", "300"), ("satisfied", "200"), ("supportive", "199"),
                                                                   ("confident", "200"), ("published", "1")]).status == 303)

            let open = try await web.get("/open")
            #expect(open.status == 200)
            #expect(open.html.contains("修好三组路灯") && open.html.contains("石桥村村民会议") && open.html.contains("否决"))
            #expect(!open.html.contains("李秀英"), "households of pairings never reach the portal")
        }
    }
}
