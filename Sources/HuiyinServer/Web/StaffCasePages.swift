import Foundation
import HTTPTypes
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// The workbench: 工作台, case lists, the case page with its action forms, attachments, 回音墙审核.
struct StaffCasePages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct HomeModel {
        struct Card { var item: String; var label: String; var count: String; var href: String; var alert: Bool }
        var cards: [Card]
        var recent: [CaseRowModel]
    }

    struct CaseModel {
        var csrf: String
        var c: CasePageModel
        var forms: [ActionForm]
        var canAttach: Bool
        var attachError: String?
        var allowedTypes: String
        var maxMB: Int
        var done: String?
        var insight: InsightPageModel?
        var publicView = false
    }

    struct WallModel { var csrf: String; var items: [CasePageModel]; var total: Int }

    func register(_ group: RouterGroup<HuiyinRequestContext>) {
        group.get("") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff")
            let counts = try await api.huiyin.cases.workCounts(for: s.user, now: api.now)
            let cards = counts.map { w -> HomeModel.Card in
                var c = URLComponents()
                c.queryItems = w.parameters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
                return .init(item: w.item.rawValue, label: w.item.label, count: w.capped ? "\(w.count)+" : String(w.count),
                             href: "/staff/cases" + (c.string ?? ""), alert: w.item == .overdue && w.count > 0)
            }
            var recent = CaseFilter()
            recent.sort = "updated"
            recent.perPage = "10"
            let latest = try await api.huiyin.cases.list(recent, by: s.user, now: api.now)
            return web.page("home", HomeModel(cards: cards, recent: latest.views.map(CaseRowModel.init)), title: "工作台",
                            staff: s.nav, csrf: s.csrf)
        }

        group.get("cases") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/cases")
            let params = api.query(request)
            var model = CaseListModel(params: params, user: s.user, dir: api.huiyin.reference.snapshot.directory, csrf: s.csrf)
            var status = HTTPResponse.Status.ok
            do {
                let result = try await api.huiyin.cases.list(CaseFilter(parameters: params), by: s.user, now: api.now)
                model.rows = result.views.map(CaseRowModel.init)
                model.paging(params: params, total: result.total, capped: result.totalCapped, perPage: result.perPage)
            } catch let e as HuiyinError where e.kind == .invalid {
                model.error = e.message
                status = .unprocessableContent
            }
            return web.page("cases", model, title: "信访事项", staff: s.nav, csrf: s.csrf, status: status)
        }

        group.get("cases/:number") { request, ctx -> Response in
            let s = try await security.staffContext(request, "/staff/cases")
            let view = try await api.huiyin.cases.view(number: ctx.parameters.get("number") ?? "", by: .user(s.user), now: api.now)
            let done = api.query(request)["done"].flatMap { ActionName(rawValue: $0)?.label }.map { "已完成：\($0)" }
            return try await casePage(view, s, failed: nil, attachError: nil, done: done, status: .ok)
        }

        group.post("cases/:number/actions") { request, ctx -> Response in
            let s = try await security.staffContext(request, "/staff/cases")
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: s.token)
            let view = try await api.huiyin.cases.view(number: ctx.parameters.get("number") ?? "", by: .user(s.user), now: api.now)
            let action = ActionForm.request(form)
            do {
                _ = try await api.huiyin.cases.perform(action, onCase: view.case.id, by: .user(s.user), now: api.now)
                let back = safeStaffPath(form["return_to"], default: "/staff/cases/\(view.case.number)?done=\(action.action)")
                return WebRenderer.redirect(back)
            } catch let e as HuiyinError where e.kind != .forbidden && e.kind != .notFound {
                let fresh = try await api.huiyin.cases.view(id: view.case.id, by: .user(s.user), now: api.now)
                return try await casePage(fresh, s, failed: (action.action, e, ActionForm.values(form)), attachError: nil, done: nil,
                                          status: APIErrorMiddleware<HuiyinRequestContext>.status(e.kind))
            }
        }

        group.post("cases/:number/attachments") { request, ctx -> Response in
            let s = try await security.staffContext(request, "/staff/cases")
            let form = try await WebForm.read(request, limit: api.huiyin.settings.maxAttachmentBytes + (256 << 10))
            try security.verify(request, form, session: s.token)
            let view = try await api.huiyin.cases.view(number: ctx.parameters.get("number") ?? "", by: .user(s.user), now: api.now)
            do {
                guard let file = form.files.first(where: { $0.field == "file" }) else { throw HuiyinError.missing("file", "附件文件") }
                _ = try await api.huiyin.cases.attach(name: file.filename, data: file.data, toCase: view.case.id, by: .user(s.user), now: api.now)
                return WebRenderer.redirect("/staff/cases/\(view.case.number)?done=attach")
            } catch let e as HuiyinError where e.kind != .forbidden && e.kind != .notFound {
                return try await casePage(view, s, failed: nil, attachError: e.message, done: nil,
                                          status: APIErrorMiddleware<HuiyinRequestContext>.status(e.kind))
            }
        }

        group.get("attachments/:id") { request, ctx -> Response in
            let s = try await security.staffContext(request, "/staff/cases")
            guard let id = ctx.parameters.get("id").flatMap({ Int64($0) }) else {
                throw HuiyinError.notFound("attachment_not_found", "附件不存在")
            }
            let (info, data) = try await api.huiyin.cases.attachment(id: id, by: .user(s.user), now: api.now)
            let inline = info.contentType.hasPrefix("image/") || info.contentType == "application/pdf"
            let encoded = info.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
            return Response(status: .ok, headers: [
                .contentType: info.contentType,
                .contentDisposition: "\(inline ? "inline" : "attachment"); filename*=UTF-8''\(encoded)",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                .contentSecurityPolicy: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
                .cacheControl: "private, no-store",
            ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        group.get("wall") { request, _ -> Response in
            let s = try await security.staffContext(request, "/staff/wall")
            var filter = CaseFilter(parameters: ["channel": Channel.echoWall.rawValue, "wall": WallStatus.pending.rawValue, "sort": "received_asc"])
            filter.perPage = "50"
            let result = try await api.huiyin.cases.list(filter, by: s.user, now: api.now)
            return web.page("wall-moderation", WallModel(csrf: s.csrf, items: result.views.map { CasePageModel($0) }, total: result.total),
                            title: "回音墙审核", staff: s.nav, csrf: s.csrf)
        }
    }

    func casePage(_ view: CaseView, _ s: StaffContext, failed: (action: String, error: HuiyinError, values: [String: String])?,
                  attachError: String?, done: String?, status: HTTPResponse.Status) async throws -> Response {
        let files = try await api.huiyin.cases.attachments(ofCase: view.case.id, by: .user(s.user), now: api.now)
        let suggestion = view.allowedActions.contains(.assign) || view.allowedActions.contains(.decideCompetence)
            ? try await api.huiyin.cases.routingSuggestion(for: view.case, by: .user(s.user)) : nil
        let canAttach = (try? Permissions.authorize(.attach, actor: .user(s.user), case: view.case, in: view.directory)) != nil
        let model = CaseModel(csrf: s.csrf, c: CasePageModel(view, files: files), forms: ActionForm.forms(view, user: s.user, suggestion: suggestion, failed: failed),
                              canAttach: canAttach, attachError: attachError,
                              allowedTypes: AttachmentPolicy.allowedExtensions.map { "." + $0 }.joined(separator: ","),
                              maxMB: api.huiyin.settings.maxAttachmentBytes >> 20, done: done,
                              insight: InsightPageModel(view, similar: try await api.huiyin.cases.similar(to: view.case.id, by: s.user, now: api.now),
                                                        csrf: s.csrf))
        return web.page("case", model, title: "\(view.case.number) \(view.case.title)", staff: s.nav, csrf: s.csrf, status: status)
    }
}
