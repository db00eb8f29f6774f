import Foundation
import HuiyinCore
import HuiyinService

/// The demo's 结对帮扶, 承诺践诺, meetings and risk assessments in 青石镇 and 东湖区: three pairings (one
/// not visited for six weeks), a few hundred pledges of four organisations, a quorate 村民会议 with a
/// major item that fell short of two thirds, a 村民代表会议 without quorum, a planned 坝坝会, and one
/// assessment passed and one vetoed.
enum DemoParticipation {
    static func seed(_ huiyin: Huiyin, users: [String: User], now: Date) async throws {
        guard let office = users["dispatcher-dh"], let town = users["handler-dh-qs-zf"] else { return }
        let today = ChinaTime.localDate(now)
        let households: [(String, String, String, Int)] = [("李秀英", "独居老人，患高血压", "yx-dh-qs-sq", 6), ("陈建国", "因病致困，低保户", "yx-dh-qs-ht", 45),
                                                           ("黄桂兰", "留守老人", "yx-dh-qs-sq", 12)]
        for (i, h) in households.enumerated() {
            let p = try await huiyin.pairings.create(
                .init(cadre: "handler-dh-qs-zf", kind: i == 2 ? PairingKind.contact.rawValue : PairingKind.assistance.rawValue,
                      household: .init(name: h.0, phone: "1390000\(String(format: "%04d", 1200 + i))", address: "青石镇", situation: h.1),
                      territory: h.2, startedOn: today.adding(days: -120).description, note: "每月至少走访一次"),
                by: .user(office), now: now.addingTimeInterval(-86_400 * 60))
            // Visits dated back from `now`: the last one h.3 days ago.
            for back in [h.3 + 28, h.3] {
                _ = try await huiyin.pairings.visit(id: p.record.id, on: nil, heard: "了解生活和身体情况", help: "送去米油，联系村医上门",
                                                     by: .user(town), now: now.addingTimeInterval(-86_400 * Double(back)))
            }
        }

        let orgs = [("青石镇党委", "yx-dh-qs"), ("石桥村党支部", "yx-dh-qs-sq"), ("荷塘村党支部", "yx-dh-qs-ht"), ("东湖区机关党委", "yx-dh")]
        var csv = "组织,党员,属地,承诺事项,时限,状态,践诺凭证\n"
        for (i, org) in orgs.enumerated() {
            let total = [120, 60, 48, 150][i], kept = [106, 57, 33, 131][i], broken = [4, 0, 5, 2][i]
            for n in 0..<total {
                let status = n < kept ? "已践诺,现场照片与群众签字确认" : (n < kept + broken ? "未兑现,资金未落实" : "践诺中,")
                csv += "\(org.0),党员\(n + 1),\(org.1),为群众办实事第\(n + 1)件,\(today.adding(days: 60 - n % 90)),\(status)\n"
            }
        }
        _ = try await huiyin.pledges.importCSV(csv, published: true, by: .user(office), now: now)

        let held = today.adding(days: -10).description
        _ = try await huiyin.meetings.create(
            .init(kind: "村民会议", title: "石桥村村民会议", territory: "yx-dh-qs-sq", heldOn: held, place: "石桥村文化礼堂", chair: "石桥村党支部书记",
                  eligibleAdults: 860, eligibleHouseholds: 312,
                  items: [.init(title: "村道硬化一事一议筹资方案"), .init(title: "集体林地流转", major: true)]),
            result: .init(present: 452, presentHouseholds: 230, votes: [.init(votesFor: 398, against: 30, abstain: 24), .init(votesFor: 290, against: 120, abstain: 42)]),
            by: .user(town), now: now)
        _ = try await huiyin.meetings.create(
            .init(kind: "村民代表会议", title: "荷塘村村民代表会议", territory: "yx-dh-qs-ht", heldOn: today.adding(days: -3).description, place: "荷塘村委会",
                  chair: "荷塘村委会主任", eligibleMembers: 35, items: [.init(title: "修订村规民约")]),
            result: .init(present: 21, votes: [.init(votesFor: 20, against: 1)]), by: .user(town), now: now)
        _ = try await huiyin.meetings.create(
            .init(kind: "坝坝会", title: "石桥村三组坝坝会", territory: "yx-dh-qs-sq", heldOn: today.adding(days: 5).description, place: "三组晒坝",
                  chair: "网格员", items: [.init(title: "垃圾分类收集点设置")]), result: nil, by: .user(town), now: now)
        _ = try await huiyin.meetings.assess(
            .init(title: "青石镇垃圾中转站选址", territory: "yx-dh-qs", surveyedOn: today.adding(days: -20).description, respondents: 300, satisfied: 214,
                  supportive: 236, confident: 221, published: true, note: "支持率达到三分之二以上，可以实施"), by: .user(town), now: now)
        _ = try await huiyin.meetings.assess(
            .init(title: "荷塘村砂石场扩建", territory: "yx-dh-qs-ht", surveyedOn: today.adding(days: -15).description, respondents: 180, satisfied: 70,
                  supportive: 82, confident: 64, published: true, note: "群众支持率不足，暂缓实施"), by: .user(town), now: now)
    }
}
