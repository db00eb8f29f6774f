import ArgumentParser
import Foundation
import HuiyinCore
import HuiyinInsight
import HuiyinService
import HuiyinStore

/// `huiyin insight`: evaluate and train the text models, split a labelled file, cluster hot issues of a CSV.
struct InsightCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insight", abstract: "文本研判：分类模型评估与训练、热点聚类",
        subcommands: [Eval.self, Split.self, Train.self, Hot.self])

    /// Labelled examples of a CSV file (`title`, `detail`, `label`), with a Chinese error for people.
    static func examples(_ path: String) throws -> [TrainingExample] {
        do {
            return try LabelledCSV.examples(contentsOf: URL(fileURLWithPath: path))
        } catch let e as LabelledCSVError {
            throw HuiyinError.invalid("invalid_csv", "\(path)：\(e.description)")
        } catch {
            throw HuiyinError.invalid("unreadable_file", "无法读取 \(path)：\(error.localizedDescription)")
        }
    }

    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "在一个文件上训练、在另一个文件上评估，输出 macro-F1 与准确率")
        @Option(help: "训练集 CSV（title, detail, label）") var train: String?
        @Option(help: "测试集 CSV（title, detail, label）") var test: String?
        @Option(help: "一个带标注的 CSV：按固定规则留出五分之一作测试集（代替 --train/--test）") var data: String?

        func run() async throws {
            try await runReportingErrors {
                let (training, testing): ([TrainingExample], [TrainingExample])
                if let data {
                    (training, testing) = DataSplit.split(try InsightCommand.examples(data))
                } else {
                    guard let train, let test else { throw HuiyinError.missing("train", "--train 与 --test，或 --data") }
                    (training, testing) = (try InsightCommand.examples(train), try InsightCommand.examples(test))
                }
                guard !training.isEmpty, !testing.isEmpty else { throw HuiyinError.invalid("empty_data", "训练集或测试集为空") }
                var start = DispatchTime.now().uptimeNanoseconds
                let model = TextClassifier.train(training)
                let trainSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let predicted = testing.map { model.predict(title: $0.title, detail: $0.detail).first?.label ?? "" }
                say(ClassifierEvaluation(gold: testing.map(\.label), predicted: predicted).report())
                say(String(format: "training: %d messages in %.2f s", training.count, trainSeconds))
                // Throughput over every message of both files, five passes (one pass is too short to time).
                let all = training + testing
                start = DispatchTime.now().uptimeNanoseconds
                var sink = 0
                for _ in 0..<5 { for e in all { sink &+= model.predict(title: e.title, detail: e.detail).count } }
                let classifySeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                say(String(format: "classification: %d messages in %.2f s (%.0f messages/s, one thread)%@", 5 * all.count, classifySeconds,
                           Double(5 * all.count) / max(classifySeconds, 1e-9), sink == 0 ? " (no labels?)" : ""))
            }
        }
    }

    struct Split: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "按固定规则把带标注的 CSV 分为训练集与测试集（五分之一）")
        @Argument(help: "带标注的 CSV") var input: String
        @Option(help: "训练集输出文件") var train: String
        @Option(help: "测试集输出文件") var test: String

        func run() async throws {
            try await runReportingErrors {
                let (training, testing) = DataSplit.split(try InsightCommand.examples(input))
                func write(_ rows: [TrainingExample], _ path: String) throws {
                    let lines = [CSV.line(["title", "detail", "label"])] + rows.map { CSV.line([$0.title, $0.detail, $0.label]) }
                    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
                }
                try write(training, train)
                try write(testing, test)
                say("训练集 \(training.count) 条 → \(train)；测试集 \(testing.count) 条 → \(test)")
            }
        }
    }

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "用已办结事项（及可选的标注 CSV）训练分类与承办单位模型，存为新版本")
        @OptionGroup var storage: StorageOptions
        @Option(help: "带标注的 CSV（title, detail, label；label 为一级分类名称）") var csv: String?
        @Flag(help: "记住该 CSV，定期重新训练时一并使用") var remember = false

        func run() async throws {
            try await runReportingErrors {
                let huiyin = try await storage.open()
                defer { Task { await huiyin.close() } }
                let examples = try csv.map(InsightCommand.examples) ?? []
                if remember, let csv {
                    try await huiyin.store.setSetting(ModelTrainer.csvSettingKey, URL(fileURLWithPath: csv).standardizedFileURL.path)
                }
                let report = try await huiyin.trainer.train(csv: examples, by: .system, now: Date())
                say("训练数据：标注留言 \(report.csvExamples) 条，已办结事项 \(report.caseExamples) 件")
                for (label, n) in report.skippedLabels.sorted(by: { $0.key < $1.key }) { say("  跳过 \(n) 条：分类“\(label)”不在分类体系中") }
                for m in report.models {
                    say(String(format: "%@ 模型 v%lld：%d 条，%d 类，留出集 macro-F1 %.4f，准确率 %.4f，用时 %.1f s",
                               m.kind, m.version, m.examples, m.labels, m.macroF1, m.accuracy, m.seconds))
                }
            }
        }
    }

    struct Hot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "对一个留言 CSV 做热点聚类并打印前若干个热点（检查聚类效果）")
        @Argument(help: "CSV：需有 title 和 detail/content 列；可有 time/date、district、likes 列") var input: String
        @Option(help: "窗口天数（默认覆盖全部日期）") var windowDays: Int?
        @Option(help: "打印前几个热点") var top = 10
        @Flag(help: "不同属地（district 列）不聚为一类") var perDistrict = false

        func run() async throws {
            try await runReportingErrors {
                guard let text = try? String(contentsOfFile: input, encoding: .utf8) else {
                    throw HuiyinError.invalid("unreadable_file", "无法读取 \(input)")
                }
                let records = CSV.records(text)
                guard let first = records.first, first["title"] != nil, first["detail"] != nil || first["content"] != nil else {
                    throw HuiyinError.invalid("invalid_csv", "\(input)：缺少 title 与 detail（或 content）列")
                }
                func day(_ raw: String?) -> Int? {
                    guard let raw else { return nil }
                    let d = raw.split(separator: " ").first.map(String.init)?.replacingOccurrences(of: "/", with: "-") ?? ""
                    let parts = d.split(separator: "-").compactMap { Int($0) }
                    guard parts.count == 3 else { return nil }
                    return LocalDate(year: parts[0], month: parts[1], day: parts[2])?.dayNumber
                }
                let docs = records.enumerated().map { i, r in
                    HotDocument(id: Int64(i + 1), title: r["title"] ?? "", text: r["detail"] ?? r["content"] ?? "",
                                day: day(r["time"] ?? r["date"]) ?? 0, territory: r["district"], people: 1,
                                personKey: r["user"], likes: Int(r["likes"] ?? "") ?? 0)
                }
                let days = docs.map(\.day).filter { $0 > 0 }
                let end = days.max() ?? 0
                var options = HotOptions(endDay: end, windowDays: windowDays ?? (end - (days.min() ?? end) + 1), baselineDays: windowDays == nil ? 0 : nil)
                options.separateTerritories = perDistrict
                let start = DispatchTime.now().uptimeNanoseconds
                let clusters = HotClustering.clusters(of: docs, options: options)
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                say(String(format: "%d 条留言，%d 个热点，聚类用时 %.0f ms", docs.count, clusters.count, ms))
                for (i, c) in clusters.prefix(top).enumerated() {
                    say(String(format: "%2d. %@ — %d 件，%d 人，点赞 %d，增长 %.1f，热度 %.0f", i + 1, c.label, c.volume, c.people, c.likes, c.growth, c.heat)
                        + (c.territory.map { "，\($0)" } ?? ""))
                    for id in c.memberIDs.prefix(3) { say("      · " + (docs[Int(id) - 1].title)) }
                }
            }
        }
    }
}
