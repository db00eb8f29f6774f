import Foundation
import HuiyinCore
import HuiyinStore

/// Any filtered case list as one table, for CSV (UTF-8 with BOM) or XLSX. The columns are the ones
/// ``CaseImport`` recognises, so an export can be imported again. People's names, ID numbers and
/// phones are never exported.
extension CaseService {
    public static let exportColumns = ["编号", "标题", "反映内容", "信访渠道", "信访类型", "问题分类", "属地代码", "属地", "状态",
                                       "收到日期", "登记时间", "承办单位代码", "承办单位", "办理期限", "处理意见", "答复内容", "答复日期",
                                       "满意度", "人数", "匿名"]
    /// Most rows one export holds.
    public static let maxExportRows = 50_000

    public func export(_ filter: CaseFilter, by user: User, now: Date) async throws -> ReportTable {
        var filter = filter
        filter.perPage = String(CaseFilter.maxPerPage)
        var rows: [[ReportTable.Cell]] = []
        var page = 1
        while rows.count < Self.maxExportRows {
            filter.page = String(page)
            let result = try await list(filter, by: user, now: now)
            rows += result.views.map(Self.exportRow)
            if result.views.count < result.perPage { break }
            page += 1
        }
        return ReportTable(name: "信访事项", columns: Self.exportColumns, rows: Array(rows.prefix(Self.maxExportRows)))
    }

    static func exportRow(_ v: CaseView) -> [ReportTable.Cell] {
        let c = v.case, dir = v.directory
        func text(_ s: String?) -> ReportTable.Cell { s.map(ReportTable.Cell.text) ?? .empty }
        let hidden = v.publicView
        return [
            .text(c.number), .text(c.title), .text(c.content), .text(c.channel.rawValue), .text(c.kind.rawValue),
            text(c.categoryCode.map { dir.categories.pathNames($0).joined(separator: "/") }),
            text(c.territoryCode), text(c.territoryCode.map { dir.territoryNames($0).joined(separator: " ") }),
            .text(c.state.label), .text(c.receivedOn.description), .text(ChinaTime.timestamp(c.registeredAt)),
            text(c.leadUnitCode), text(c.leadUnitCode.flatMap { dir.unit($0)?.name }), text(v.clock.due?.description),
            text(c.reply?.verdict.label), text(hidden ? nil : c.reply?.text), text(c.reply?.on.description),
            text(c.rating?.value.label), .int(c.peopleCount), .text(c.anonymous ? "是" : "否"),
        ]
    }
}
