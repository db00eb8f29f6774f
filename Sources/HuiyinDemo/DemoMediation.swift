import Foundation
import HuiyinCore
import HuiyinService

/// The demo's 矛盾纠纷排查调处: a concentrated screening before the sensitive period, and 24 disputes
/// mediated by 青石镇人民政府 this year, 23 of them settled (95.83%), at every stage of the workflow.
enum DemoMediation {
    static let disputes: [(type: String, summary: String, parties: [String])] = [
        ("邻里纠纷", "两户因宅前排水沟改道发生争执，雨天积水流入邻居院内。", ["王某", "李某"]),
        ("土地承包", "承包地边界不清，双方各自主张多出的半亩地。", ["张某", "赵某"]),
        ("婚姻家庭", "赡养老人费用分担不均，兄弟三人发生争吵。", ["陈某甲", "陈某乙", "陈某丙"]),
        ("宅基地", "新建房屋占用公共通道约一米，影响邻居出行。", ["刘某", "周某"]),
        ("损害赔偿", "散养的狗咬伤邻居小孩，医药费赔偿未谈妥。", ["吴某", "郑某"]),
        ("劳动争议", "村内企业拖欠六名工人两个月工资。", ["石桥建材厂", "黄某", "孙某", "马某", "朱某", "胡某"]),
    ]

    static func seed(_ huiyin: Huiyin, users: [String: User], now: Date, rng: inout DemoRandom) async throws {
        guard let mediator = users["handler-dh-qs-zf"], let dispatcher = users["dispatcher-dh"] else { return }
        let today = ChinaTime.localDate(now)
        let yearStart = LocalDate(year: today.year, month: 1, day: 1)!
        func day(_ back: Int) -> String { max(yearStart, today.adding(days: -back)).description }
        let screening = try await huiyin.mediation.createScreening(
            kind: ScreeningKind.concentrated.rawValue, title: "敏感期前矛盾纠纷集中排查", territory: "yx-dh-qs", unit: "yx-dh-qs-zf",
            startedOn: day(20), endedOn: day(13), note: "镇村两级逐户排查，重点排查土地、婚姻家庭和邻里纠纷。", by: .user(dispatcher), now: now)
        // Stages of the 24: 23 settled (19 closed after 回访, 4 being kept), 1 failed.
        for i in 0..<24 {
            let (type, summary, names) = disputes[i % disputes.count]
            let village = i % 2 == 0 ? "yx-dh-qs-sq" : "yx-dh-qs-ht"
            let parties = names.enumerated().map { MediationService.Party(name: $1, phone: "1390795\(1000 + rng.int(0...8999))",
                                                                          role: $0 == 0 ? "申请人" : "被申请人") }
            let v = try await huiyin.mediation.register(
                .init(screeningID: i < 8 ? screening.id : nil, territory: "\(village)-g\(i % 4 < 2 ? 1 : 2)", unit: "yx-dh-qs-zf", type: type,
                      summary: summary, parties: parties, risk: ["低", "中", "高"][i % 5 == 0 ? 2 : i % 3 == 0 ? 1 : 0], hot: i % 7 == 0,
                      longUnresolved: i % 11 == 0, receivedOn: day(60 - i * 2)),
                by: .user(mediator), now: now)
            let id = v.record.id
            func act(_ a: DisputeAction, _ input: MediationService.ActionInput = .init()) async throws {
                _ = try await huiyin.mediation.act(id: id, action: a.rawValue, input, by: .user(mediator), now: now)
            }
            try await act(.investigate, .init(note: "走访双方及周边群众，查清事实。"))
            try await act(.mediate, .init(mediationKind: i % 6 == 5 ? MediationKind.administrative.rawValue : MediationKind.people.rawValue))
            if i == 23 {
                try await act(.fail, .init(note: "双方分歧较大，引导通过诉讼解决。"))
                continue
            }
            try await act(.agree, .init(agreement: "双方自愿达成协议：\(summary.prefix(8))……问题由村委会见证，于十日内处理完毕。"))
            if i >= 19 { continue }
            try await act(.fulfil, .init(fulfilment: Fulfilment.fulfilled.rawValue))
            try await act(.revisit, .init(note: "回访双方，协议已履行，双方满意。"))
        }
    }
}
