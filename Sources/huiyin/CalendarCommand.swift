import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinService
import HuiyinStore

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "节假日日历与期限计算",
        subcommands: [Due.self, AddYear.self, Show.self])

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "计算期限届满日：第一行输出 YYYY-MM-DD，其后为计算说明",
            discussion: "起算日不计入；自然日期限的最后一日为休息日或节假日的，顺延至其后第一个工作日（民法典第二百零三条）。若数据库存在，使用其中的日历（含管理员新增年度），否则使用内置日历。")
        @OptionGroup var storage: StorageOptions
        @Option(help: "起算日 YYYY-MM-DD") var from: String
        @Option(help: "天数") var days: Int
        @Flag(help: "按工作日计算") var working = false

        func run() async throws {
            try await runReportingErrors {
                guard let start = LocalDate(from) else { throw HuiyinError.invalid("invalid_date", "起算日应为 YYYY-MM-DD：\(from)") }
                guard (0...3650).contains(days) else { throw HuiyinError.invalid("invalid_days", "天数应在0到3650之间") }
                let calendar: WorkCalendar
                if storage.exists {
                    calendar = try await storage.open().reference.snapshot.calendar
                } else {
                    calendar = try DefaultData.calendar()
                }
                let (due, lines) = calendar.explainDue(after: start, period: Period(days: days, unit: working ? .working : .calendar))
                say(due.description)
                for line in lines { say(line) }
            }
        }
    }

    struct AddYear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-year",
            abstract: "新增或替换一个年度的节假日安排（JSON 文件），并重新计算未办结事项的期限",
            discussion: #"格式：{"year":2027,"source":"…","holidays":[{"name":"元旦","from":"2027-01-01","to":"2027-01-01"}],"workdays":[{"name":"春节补班","date":"2027-02-07"}]}"#)
        @OptionGroup var storage: StorageOptions
        @Argument(help: "日历 JSON 文件") var file: String

        func run() async throws {
            try await runReportingErrors {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw HuiyinError.invalid("file_not_found", "无法读取文件：\(file)")
                }
                let year = try DefaultData.decodeCalendarYear(data)
                let huiyin = try await storage.open()
                let n = try await huiyin.admin.saveCalendarYear(year, by: .system, now: Date())
                say("已保存 \(year.year) 年节假日安排：\(year.holidays.count) 个假期、\(year.workdays.count) 个补班日；已重新计算 \(n) 件未办结事项的期限")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "显示已录入的年度或某一年的安排")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "年份") var year: Int?

        func run() async throws {
            try await runReportingErrors {
                let calendar = storage.exists
                    ? try await storage.open().reference.snapshot.calendar : try DefaultData.calendar()
                guard let year else {
                    say("已录入年度：" + calendar.years.keys.sorted().map(String.init).joined(separator: "、"))
                    return
                }
                guard let y = calendar.years[year] else { throw HuiyinError.notFound("calendar_year_not_found", "尚未录入 \(year) 年的节假日安排") }
                for h in y.holidays { say("\(h.name)\t\(h.from) 至 \(h.to) 放假") }
                for w in y.workdays { say("\(w.name)\t\(w.date) 上班") }
            }
        }
    }
}
