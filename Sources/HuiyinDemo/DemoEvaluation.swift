import Foundation
import HuiyinCore
import HuiyinService

/// The demo's 群众评议: last quarter's rating of the 东湖区 units, closed and published, with a few
/// hundred ratings online and on paper (the petition office comes last and is flagged), and this
/// year's rating of the city departments, open now.
enum DemoEvaluation {
    /// Chance of 满意 and of 基本满意 per unit (the rest 不满意).
    static let district: [(unit: String, satisfied: Double, basic: Double)] = [
        ("yx-dh-zf", 0.72, 0.20), ("yx-dh-hb-bsc", 0.66, 0.22), ("yx-dh-qs-zf", 0.78, 0.16), ("yx-dh-xfj", 0.48, 0.24),
    ]
    static let city = ["yx-zjj", "yx-rsj", "yx-sthjj", "yx-jyj", "yx-jtj", "yx-wjw", "yx-mzj", "yx-nyj", "yx-swj", "yx-gaj"]

    static func seed(_ huiyin: Huiyin, users: [String: User], now: Date, rng: inout DemoRandom) async throws {
        guard let districtOffice = users["dispatcher-dh"], let cityOffice = users["dispatcher"] else { return }
        let service = huiyin.evaluations
        let today = ChinaTime.localDate(now)
        let opens = today.adding(days: -100), closes = today.adding(days: -10)
        let past = try await service.create(
            .init(title: "东湖区\(opens.year)年群众评议机关作风", territory: "yx-dh", opensOn: opens.description, closesOn: closes.description,
                  units: district.map(\.unit), ratingWeight: 60, flagLast: 1, note: "网上评议与发放纸质评议表相结合，结果与信访办理情况综合排名。"),
            by: .user(districtOffice), now: now)
        func ballots(_ count: Int, campaign: Int64, units: [(unit: String, satisfied: Double, basic: Double)], from: LocalDate, days: Int,
                     phonePrefix: String) async throws {
            for i in 0..<count {
                let ratings = units.filter { _ in rng.chance(0.85) }.map { u -> EvaluationService.RatingInput in
                    let x = Double.random(in: 0..<1, using: &rng)
                    return .init(unit: u.unit, rating: x < u.satisfied ? "satisfied" : x < u.satisfied + u.basic ? "basic" : "unsatisfied")
                }
                guard !ratings.isEmpty else { continue }
                let at = ChinaTime.startOfDay(from.adding(days: i % days)).addingTimeInterval(Double(8 * 3600 + rng.int(0...36_000)))
                _ = try await service.vote(id: campaign, phone: phonePrefix + String(format: "%04d", i), ratings: ratings,
                                           comment: i % 9 == 0 ? ["办事效率明显提高。", "希望窗口工作人员态度再好一些。", "回复及时，问题已解决。"][i % 3] : nil,
                                           now: at)
            }
        }
        try await ballots(110, campaign: past.campaign.id, units: district, from: opens, days: 90, phonePrefix: "1370795")
        let paperDay = ChinaTime.startOfDay(closes).addingTimeInterval(15 * 3600)
        _ = try await service.addPaperBallots(id: past.campaign.id, unit: "yx-dh-qs-zf", satisfied: 38, basic: 9, unsatisfied: 3,
                                              by: .user(districtOffice), now: paperDay)
        _ = try await service.addPaperBallots(id: past.campaign.id, unit: "yx-dh-xfj", satisfied: 17, basic: 8, unsatisfied: 10,
                                              by: .user(districtOffice), now: paperDay)
        _ = try await service.setPublished(id: past.campaign.id, true, by: .user(districtOffice), now: now)

        let current = try await service.create(
            .init(title: "\(today.year)年度市直部门群众满意度评议", territory: "yx", opensOn: today.adding(days: -14).description,
                  closesOn: today.adding(days: 45).description, units: city, flagLast: 2, note: "末两位由市委督查室跟踪整改。"),
            by: .user(cityOffice), now: now)
        let profile = city.enumerated().map { i, unit in (unit: unit, satisfied: 0.55 + Double(i % 4) * 0.08, basic: 0.2) }
        try await ballots(40, campaign: current.campaign.id, units: profile, from: today.adding(days: -14), days: 14, phonePrefix: "1370796")
    }
}
