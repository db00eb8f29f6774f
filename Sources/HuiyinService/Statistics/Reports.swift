import Foundation
import HuiyinCore
import HuiyinStore

/// A printable report: a title and tables, rendered as an HTML page, a CSV (UTF-8 with BOM) and an XLSX
/// workbook (one sheet per table) from the same tables.
public struct Report: Sendable {
    public var title: String
    public var subtitle: String
    public var tables: [ReportTable]
    /// File name without extension (ASCII), e.g. `huiyin-monthly-2026-10`.
    public var fileName: String
}

extension StatisticsService {
    /// 每月通报: the month's figures against the previous month, the unit ranking with the last three
    /// flagged, categories, channels and the cases publicly listed for supervision.
    public func monthlyBulletin(for user: User, month: String, now: Date) async throws -> Report {
        guard month.count == 7, let first = LocalDate(month + "-01") else {
            throw HuiyinError.invalid("invalid_month", "月份格式应为 YYYY-MM，如 2026-10", field: "month")
        }
        let last = first.adding(months: 1).adding(days: -1)
        let s = try await statistics(for: user, from: first, to: last, now: now)
        let scope = scopeName(user)
        var tables = [overview(s, previousLabel: "上月", changeLabel: "环比")]
        tables.append(rankingTable(s.rankings))
        tables.append(breakdownTable("按问题分类", try await breakdown(for: user, from: first, to: last, by: .category, now: now)))
        tables.append(breakdownTable("按渠道", try await breakdown(for: user, from: first, to: last, by: .channel, now: now)))
        tables.append(try await listedTable(for: user, now: now))
        return Report(title: "\(scope)信访工作\(first.year)年\(first.month)月通报",
                      subtitle: "统计期间：\(first) 至 \(last)；与上月（\(s.previousFrom) 至 \(s.previousTo)）比较；超期件数截至 \(ChinaTime.localDate(now))",
                      tables: tables, fileName: "huiyin-monthly-\(month)")
    }

    /// 信访工作年度报告 (条例 第四十一条): statistics, the fields involved, the agencies most complained
    /// about, and the 转送 / 交办 / 督办 figures.
    public func annualReport(for user: User, year: Int, now: Date) async throws -> Report {
        guard (2000...2100).contains(year), let first = LocalDate(year: year, month: 1, day: 1),
              let last = LocalDate(year: year, month: 12, day: 31) else {
            throw HuiyinError.invalid("invalid_year", "年份无效", field: "year")
        }
        let s = try await statistics(for: user, from: first, to: last, now: now)
        var tables = [overview(s, previousLabel: "上年", changeLabel: "同比")]
        let months = try await breakdown(for: user, from: first, to: last, by: .month, now: now)
        tables.append(ReportTable(name: "按月", title: "各月信访量", columns: ["月份", "信访总量", "按期办结率", "满意率"],
                                  rows: (1...12).map { m in
                                      let key = String(format: "%04d-%02d", year, m)
                                      let t = months.first { $0.tally.key == key }?.tally ?? CaseTally(key: key)
                                      return [.text(key), .int(t.total), .percent(t.replyShare), .percent(t.satisfactionShare)]
                                  }))
        tables.append(breakdownTable("涉及领域", try await breakdown(for: user, from: first, to: last, by: .category, now: now),
                                     title: "信访事项涉及领域（一级分类）"))
        tables.append(breakdownTable("涉及领域（二级）", Array(try await breakdown(for: user, from: first, to: last, by: .category2, now: now).prefix(20)),
                                     title: "信访事项涉及领域（二级分类，前20位）"))
        let accused = try await breakdown(for: user, from: first, to: last, by: .accusedUnit, now: now).filter { $0.tally.key != "" }
        tables.append(ReportTable(name: "被投诉较多的机关", title: "被检举控告较多的机关（前10位）", columns: ["机关", "检举控告件数"],
                                  rows: accused.prefix(10).map { [.text($0.label), .int($0.tally.total)] }))
        let lead = try await breakdown(for: user, from: first, to: last, by: .leadUnit, now: now).filter { $0.tally.key != "" }
        tables.append(ReportTable(name: "承办较多的机关", title: "承办信访事项较多的机关（前10位）",
                                  columns: ["机关", "件数", "超期件数", "满意率"],
                                  rows: lead.prefix(10).map { [.text($0.label), .int($0.tally.total), .int($0.tally.overdue), .percent($0.tally.satisfactionShare)] }))
        let t = s.current
        tables.append(ReportTable(name: "转送交办督办", title: "转送、交办、督办情况", columns: ["项目", "件数", "占信访总量"],
                                  rows: [("转送", t.transferred), ("交办", t.assigned), ("督办", t.supervised), ("其中挂牌督办及以上", t.listed),
                                         ("责任追究", t.accountable)].map { [.text($0.0), .int($0.1), .percent(CaseTally.fraction($0.1, of: t.total))] }))
        tables.append(rankingTable(s.rankings))
        return Report(title: "\(scopeName(user))\(year)年度信访工作报告",
                      subtitle: "依据《信访工作条例》第四十一条；统计期间：\(first) 至 \(last)；与上年比较；超期件数截至 \(ChinaTime.localDate(now))",
                      tables: tables, fileName: "huiyin-annual-\(year)")
    }

    func scopeName(_ user: User) -> String {
        let dir = reference.snapshot.directory
        return user.unitCode.flatMap { dir.unit($0) }.flatMap { dir.territory($0.territoryCode)?.name } ?? ""
    }

    func overview(_ s: PeriodStatistics, previousLabel: String, changeLabel: String) -> ReportTable {
        let c = s.current
        let rows: [[ReportTable.Cell]] = [
            [.text("信访总量"), .int(c.total)],
            [.text("\(previousLabel)信访总量"), .int(s.previous.total)],
            [.text("\(changeLabel)增减"), .percent(s.change)],
            [.text("按期受理率"), .percent(c.acceptShare)],
            [.text("按期办结率"), .percent(c.replyShare)],
            [.text("满意率"), .percent(c.satisfactionShare)],
            [.text("重复访率"), .percent(c.repeatShare)],
            [.text("超期件数"), .int(c.overdue)],
            [.text("平均办理天数"), c.averageHandleDays.map { .number(($0 * 10).rounded() / 10) } ?? .text("—")],
            [.text("督办件数"), .int(c.supervised)],
            [.text("挂牌督办件数"), .int(c.listed)],
        ]
        return ReportTable(name: "总体情况", title: "总体情况", columns: ["指标", "数值"], rows: rows)
    }

    func rankingTable(_ list: [UnitRanking]) -> ReportTable {
        ReportTable(name: "单位排名", title: "承办单位排名（得分 = 按期办结率×40% + 满意率×40% + 未超期率×20%）",
                    columns: ["排名", "单位", "件数", "按期办结率", "满意率", "超期件数", "平均办理天数", "得分", "备注"],
                    rows: list.map { r in
                        [.int(r.rank), .text(r.unitName), .int(r.tally.total), .percent(r.tally.replyShare),
                         .percent(r.tally.satisfactionShare), .int(r.tally.overdue),
                         r.tally.averageHandleDays.map { .number(($0 * 10).rounded() / 10) } ?? .text("—"),
                         .number(r.score), .text(r.flagged ? "排名后三位，予以通报" : "")]
                    })
    }

    func breakdownTable(_ name: String, _ rows: [(label: String, tally: CaseTally)], title: String? = nil) -> ReportTable {
        ReportTable(name: name, title: title ?? name, columns: ["项目", "件数", "按期办结率", "满意率", "超期件数"],
                    rows: rows.map { [.text($0.label), .int($0.tally.total), .percent($0.tally.replyShare),
                                      .percent($0.tally.satisfactionShare), .int($0.tally.overdue)] })
    }

    func listedTable(for user: User, now: Date) async throws -> ReportTable {
        let dir = reference.snapshot.directory
        var q = CaseQuery.visible(to: user, in: dir)
        q.minSupervisionLevel = SupervisionLevel.listed.rawValue
        q.states = CaseState.allCases.filter { !$0.isTerminal }
        q.sort = .due
        q.limit = 100
        let page = try await store.listCases(q)
        return ReportTable(name: "挂牌督办", title: "挂牌督办事项（未办结）", columns: ["编号", "事项", "责任单位", "督办级别", "超期日期"],
                           rows: page.cases.map { c in
                               let s = c.ov.supervisions.last
                               return [.text(c.number), .text(c.title), .text(s.flatMap { dir.unit($0.unitCode)?.name } ?? "—"),
                                       .text(s?.level.label ?? "—"), .text(s?.missedDue?.description ?? "—")]
                           })
    }
}
