import Foundation
import Hummingbird
import HuiyinCore
import HuiyinInsight
import HuiyinService
import HuiyinStore

/// Text insight over HTTP: suggestions, full-text search, similar cases, hot issues and warnings, the
/// sensitive-period calendar, model training, and public likes on the 民情回音墙.
struct InsightRoutes {
    let api: API

    struct SuggestBody: Decodable { var title: String?; var content: String? }
    struct TrainedJSON: Encodable {
        var csvExamples: Int
        var caseExamples: Int
        var skippedLabels: [String: Int]
        var models: [Model]
        struct Model: Encodable { var kind: String; var version: Int64; var examples: Int; var labels: Int; var macroF1: Double; var accuracy: Double; var seconds: Double }
    }

    func register(_ router: Router<HuiyinRequestContext>) {
        router.post("api/v1/insight/suggest") { request, _ -> Response in
            _ = try await api.staff(request)
            let body = try await api.decode(SuggestBody.self, request)
            let dir = api.huiyin.reference.snapshot.directory
            guard let s = await api.huiyin.models.suggest(title: body.title ?? "", content: body.content ?? "", directory: dir) else {
                throw HuiyinError.notFound("no_model", "尚无可用的分类模型，请先训练（huiyin insight train）")
            }
            return try JSONIO.response(InsightJSON.suggestion(s, dir))
        }

        router.get("api/v1/search") { request, _ -> Response in
            let user = try await api.staff(request)
            let q = api.query(request)
            let page = Int(q["page"] ?? "1") ?? 1
            let r = try await api.huiyin.cases.search(q["q"] ?? "", page: max(1, page), by: user, now: api.now)
            struct Out: Encodable { var total: Int; var totalCapped: Bool; var page: Int; var items: [SearchHitJSON] }
            return try JSONIO.response(Out(total: r.total, totalCapped: r.totalCapped, page: max(1, page), items: r.hits.map(SearchHitJSON.init)))
        }

        router.get("api/v1/cases/:id/similar") { request, context -> Response in
            let user = try await api.staff(request)
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("case_not_found", "信访事项不存在") }
            return try JSONIO.response(try await api.huiyin.cases.similar(to: id, by: user, now: api.now).map(SimilarJSON.init))
        }

        router.get("api/v1/hot") { request, _ -> Response in
            let user = try await api.staff(request)
            let q = api.query(request)
            guard let days = Int(q["days"] ?? "7") else { throw HuiyinError.invalid("invalid_days", "统计窗口须为1至90天", field: "days") }
            let report = try await api.huiyin.warnings.hot(for: user, territory: q["territory"], days: days, now: api.now)
            let dir = api.huiyin.reference.snapshot.directory
            struct Out: Encodable { var from: String; var to: String; var sensitivePeriod: String?; var issues: [HotIssueJSON] }
            return try JSONIO.response(Out(from: report.from.description, to: report.to.description, sensitivePeriod: report.period?.name,
                                           issues: report.issues.map { HotIssueJSON($0, dir) }))
        }

        router.get("api/v1/alerts") { request, _ -> Response in
            let user = try await api.staff(request)
            return try JSONIO.response(try await api.huiyin.warnings.alerts(for: user).map(AlertJSON.init))
        }

        router.post("api/v1/alerts/scan") { request, _ -> Response in
            let user = try await api.staff(request)
            guard [.admin, .leader, .supervisor].contains(user.role) else {
                throw HuiyinError.forbidden("role_not_allowed", "只有领导、督查人员或管理员可以立即扫描热点")
            }
            struct Out: Encodable { var raised: Int }
            return try JSONIO.response(Out(raised: try await api.huiyin.warnings.scan(now: api.now)))
        }

        router.get("api/v1/sensitive-periods") { request, _ -> Response in
            _ = try await api.staff(request)
            return try JSONIO.response(try await api.huiyin.warnings.periods().map(PeriodJSON.init))
        }

        router.put("api/v1/sensitive-periods") { request, _ -> Response in
            let user = try await api.user(request)
            let body = try await api.decode([PeriodJSON].self, request)
            let periods = try body.enumerated().map { try $1.period($0) }
            return try JSONIO.response(try await api.huiyin.warnings.savePeriods(periods, by: user, now: api.now).map(PeriodJSON.init))
        }

        router.get("api/v1/insight/models") { request, _ -> Response in
            _ = try await api.staff(request)
            let inUse = await api.huiyin.models.versions()
            var out: [ModelJSON] = []
            for kind in [ModelRegistry.categoryKind, ModelRegistry.unitKind] {
                for m in try await api.huiyin.store.modelVersions(kind: kind, limit: 10) {
                    out.append(ModelJSON(kind: kind, version: m.version, createdAt: ChinaTime.timestamp(m.createdAt), trainedOn: m.trainedOn,
                                         metrics: m.metrics, inUse: inUse[kind] == m.version))
                }
            }
            return try JSONIO.response(out)
        }

        // Retrain now: from handled cases, plus a labelled CSV (title, detail, label) when one is sent as the body.
        router.post("api/v1/insight/train") { request, _ -> Response in
            let user = try await api.user(request)
            guard user.role == .admin else { throw HuiyinError.forbidden("role_not_allowed", "只有系统管理员可以训练模型") }
            let data = try await JSONIO.body(request, limit: 64 << 20)
            let csv: [TrainingExample]
            do {
                csv = data.isEmpty ? [] : try LabelledCSV.examples(fromCSV: String(decoding: data, as: UTF8.self))
            } catch {
                throw HuiyinError.invalid("invalid_csv", "训练数据 CSV 无法读取：\(error)", field: "body")
            }
            let r = try await api.huiyin.trainer.train(csv: csv, by: .user(user), now: api.now)
            return try JSONIO.response(TrainedJSON(csvExamples: r.csvExamples, caseExamples: r.caseExamples, skippedLabels: r.skippedLabels,
                models: r.models.map { .init(kind: $0.kind, version: $0.version, examples: $0.examples, labels: $0.labels,
                                             macroF1: $0.macroF1, accuracy: $0.accuracy, seconds: $0.seconds) }), status: .created)
        }

        // 附议: anyone may like a published 民情回音墙 message (counted in the 热度 index), once per visitor.
        router.post("api/v1/public/wall/:id/like") { request, context -> Response in
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("not_found", "公开留言不存在") }
            try api.countPublicVote(request, context)
            struct Out: Encodable { var likes: Int; var counted: Bool }
            let r = try await api.huiyin.cases.like(caseID: id, visitor: WallVisitor.id(request, context), now: api.now)
            return try JSONIO.response(Out(likes: r.likes, counted: r.counted))
        }
    }
}
