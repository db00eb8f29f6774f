import Foundation
import HuiyinCore
import HuiyinService

/// The demo's 领导接待日: the 东湖区 district head next week and the mayor the week after, published,
/// with a long-open case screened onto the district day.
enum DemoReceptions {
    static func seed(_ huiyin: Huiyin, users: [String: User], now: Date) async throws {
        guard let district = users["dispatcher-dh"], let city = users["dispatcher"] else { return }
        let today = ChinaTime.localDate(now)
        let ahead = (3 - today.weekday + 7) % 7
        let nextWednesday = today.adding(days: ahead == 0 ? 7 : ahead)
        let dh = try await huiyin.receptions.schedule(
            .init(leader: "leader-dh", leaderTitle: "区长", portfolio: "城乡建设、生态环境、信访维稳", day: nextWednesday.description,
                  startTime: "09:00", endTime: "12:00", place: "东湖区群众来访接待中心一楼接待室", published: true),
            by: .user(district), now: now)
        _ = try await huiyin.receptions.schedule(
            .init(leader: "leader", leaderTitle: "市长", portfolio: "政府全面工作", day: nextWednesday.adding(days: 7).description,
                  startTime: "14:30", endTime: "17:30", place: "云溪市人民来访接待中心", published: true),
            by: .user(city), now: now)
        var filter = CaseFilter()
        filter.territory = "yx-dh"
        filter.overdue = "true"
        if let hard = try await huiyin.cases.list(filter, by: district, now: now).views.first {
            _ = try await huiyin.receptions.screen(id: dh.id, caseNumber: hard.case.number, note: "超期未办结，申请区长接待", by: .user(district), now: now)
        }
    }
}
