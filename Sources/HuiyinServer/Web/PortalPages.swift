import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService

/// The public portal at `/`: 我要反映, 办理进度 (number + query code), rating and 复查/复核 requests,
/// and 民情回音墙. No login; forms are protected by the double-submit CSRF cookie.
struct PortalPages {
    let api: API
    let web: WebRenderer
    let security: WebSecurity

    struct HomeModel { var posts: [WallPost]; var unit: String }
    struct SubmitModel {
        var csrf: String
        var kinds: [Option]
        var categories: [OptionGroup]
        var territories: [Option]
        var title: String, content: String, name: String, phone: String, idNumber: String, address: String
        var anonymous: Bool
        var error: String?
        var errorField: String?
    }
    struct TrackModel {
        var csrf: String
        var number: String
        var queryCode: String
        var error: String?
        var c: CasePageModel?
        var canRate: Bool
        var canReview: Bool
        var canRecheck: Bool
        var ratings: [Option]
        var flash: String?
    }
    struct WallPost {
        var id: Int64, number: String, title: String, content: String, territory: String, receivedOn: String
        var reply: String?, replyUnit: String?, replyOn: String?, due: String, overdue: Bool
        var likes = 0
        /// The 附议 form's CSRF token and return page; nil where the post is shown without the button.
        var csrf: String? = nil, page = 1
    }
    struct WallModel { var posts: [WallPost]; var total: Int; var prev: String?; var next: String? }
    struct WallFormModel {
        var csrf: String, territories: [Option], title: String, content: String, name: String, phone: String
        var error: String?
    }

    func register(_ router: Router<HuiyinRequestContext>, _ group: RouterGroup<HuiyinRequestContext>) {
        router.get("") { request, _ -> Response in
            let posts = try await api.huiyin.cases.publicWall(page: 1, perPage: 5, now: api.now).views.map(Self.post)
            let unit = api.huiyin.cases.publicIntakeUnit(api.huiyin.reference.snapshot.directory)
                .flatMap { api.huiyin.reference.snapshot.directory.unit($0)?.name } ?? "信访部门"
            return web.page("portal-home", HomeModel(posts: posts, unit: unit), title: "网上信访")
        }

        group.get("submit") { request, _ -> Response in
            let (csrf, cookie) = WebSecurity.anonymousToken(request)
            return web.page("portal-submit", submitModel(WebForm(), csrf: csrf, error: nil), title: "我要反映", cookies: cookie.map { [$0] } ?? [])
        }

        group.post("submit") { request, _ -> Response in
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: nil)
            let anonymous = form["anonymous"] != nil
            let person = CaseDraft.PersonDraft(name: form["name"], idNumber: form["id_number"], phone: form["phone"], address: form["address"])
            let draft = CaseDraft(channel: Channel.online.rawValue, kind: form["kind"], category: form["category"], territory: form["territory"],
                                  title: form["title"], content: form.fields.first { $0.name == "content" }?.value,
                                  petitioners: anonymous ? [] : [person], anonymous: anonymous)
            return try await register(draft, wall: false) { e in
                web.page("portal-submit", submitModel(form, csrf: WebSecurity.anonymousToken(request).token, error: e),
                         title: "我要反映", status: APIErrorMiddleware<HuiyinRequestContext>.status(e.kind))
            }
        }

        group.get("track") { request, _ -> Response in
            let (csrf, cookie) = WebSecurity.anonymousToken(request)
            return web.page("portal-track", emptyTrack(csrf), title: "办理进度查询", cookies: cookie.map { [$0] } ?? [])
        }

        // Number and query code travel in the body, never in the URL.
        group.post("track") { request, _ -> Response in
            let form = try await WebForm.read(request, limit: 64 << 10)
            try security.verify(request, form, session: nil)
            return try await track(request, form, flash: nil)
        }

        group.post("track/action") { request, _ -> Response in
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: nil)
            let action = ActionRequest(action: form["action"] ?? "", reason: form["reason"], note: form["note"], rating: form["rating"],
                                       queryCode: form["query_code"])
            guard ["rate", "request_review", "request_recheck"].contains(action.action) else {
                throw HuiyinError.invalid("unknown_action", "不支持的操作", field: "action")
            }
            do {
                _ = try await api.huiyin.cases.performAsPetitioner(action, number: form["number"] ?? "", now: api.now)
                let label = ActionName(rawValue: action.action)?.label ?? ""
                return try await track(request, form, flash: "\(label)已提交")
            } catch let e as HuiyinError where e.kind == .invalid || e.kind == .conflict {
                var model = try await trackModel(request, form)
                model.error = e.message
                return web.page("portal-track", model, title: "办理进度查询", status: APIErrorMiddleware<HuiyinRequestContext>.status(e.kind))
            }
        }

        group.get("wall") { request, _ -> Response in
            let query = api.query(request)
            let page = min(max(1, Int(query["page"] ?? "") ?? 1), CaseService.maxPublicPage)
            let result = try await api.huiyin.cases.publicWall(page: page, perPage: 20, now: api.now)
            let likes = try await api.huiyin.cases.likes(of: result.views.map(\.case.id))
            let (csrf, csrfCookie) = WebSecurity.anonymousToken(request)
            let posts = result.views.map { v in
                var p = Self.post(v)
                p.likes = likes[v.case.id] ?? 0; p.csrf = csrf; p.page = page
                return p
            }
            let flash = ["counted": "附议成功，感谢您的关注", "again": "您已附议过这条留言"][query["liked"] ?? ""]
            return web.page("portal-wall", WallModel(posts: posts, total: result.total,
                                                     prev: page > 1 ? "/wall?page=\(page - 1)" : nil,
                                                     next: page * 20 < result.total ? "/wall?page=\(page + 1)" : nil),
                            title: "民情回音墙", flash: flash, cookies: [csrfCookie, WallVisitor.setCookie(request)].compactMap { $0 })
        }

        // 附议 from the wall page: once per browser (its visitor cookie), limited per address.
        group.post("wall/:id/like") { request, context -> Response in
            let form = try await WebForm.read(request, limit: 4 << 10)
            try security.verify(request, form, session: nil)
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw HuiyinError.notFound("not_found", "公开留言不存在") }
            try api.countPublicVote(request, context)
            let r = try await api.huiyin.cases.like(caseID: id, visitor: WallVisitor.id(request, context), now: api.now)
            let page = min(max(1, Int(form["page"] ?? "") ?? 1), CaseService.maxPublicPage)
            return WebRenderer.redirect("/wall?page=\(page)&liked=\(r.counted ? "counted" : "again")#post-\(id)",
                                        cookies: [WallVisitor.setCookie(request)].compactMap { $0 })
        }

        // 挂牌督办: cases publicly listed for supervision (no personal data), so the public can watch them.
        group.get("supervised") { request, _ -> Response in
            let page = min(max(1, Int(api.query(request)["page"] ?? "") ?? 1), CaseService.maxPublicPage)
            let result = try await api.huiyin.cases.publicListed(page: page, perPage: 20, now: api.now)
            let rows = result.views.map { v -> ListedRow in
                let j = ListedJSON(v)
                return ListedRow(number: j.number, title: j.title, territory: j.territory?.path?.joined(separator: "/") ?? "",
                                 unit: j.unit?.name ?? "", level: j.level, missedDue: j.missedDue ?? "", listedOn: j.listedOn ?? "",
                                 state: v.case.state.label)
            }
            return web.page("portal-listed", ListedModel(rows: rows, total: result.total,
                                                         prev: page > 1 ? "/supervised?page=\(page - 1)" : nil,
                                                         next: page * 20 < result.total ? "/supervised?page=\(page + 1)" : nil),
                            title: "挂牌督办")
        }

        group.get("wall/new") { request, _ -> Response in
            let (csrf, cookie) = WebSecurity.anonymousToken(request)
            return web.page("portal-wall-new", wallForm(WebForm(), csrf: csrf, error: nil), title: "我要留言", cookies: cookie.map { [$0] } ?? [])
        }

        group.post("wall/new") { request, _ -> Response in
            let form = try await WebForm.read(request, limit: api.options.maxBodyBytes)
            try security.verify(request, form, session: nil)
            let named = form["name"] != nil
            let draft = CaseDraft(channel: Channel.echoWall.rawValue, kind: LegalKind.suggestion.rawValue, territory: form["territory"],
                                  title: form["title"], content: form.fields.first { $0.name == "content" }?.value,
                                  petitioners: named ? [CaseDraft.PersonDraft(name: form["name"], phone: form["phone"])] : [],
                                  anonymous: !named)
            return try await register(draft, wall: true) { e in
                web.page("portal-wall-new", wallForm(form, csrf: WebSecurity.anonymousToken(request).token, error: e), title: "我要留言",
                         status: APIErrorMiddleware<HuiyinRequestContext>.status(e.kind))
            }
        }
    }

    /// Registers a self-service submission and shows its receipt, or `refused` (the form again, with the reason).
    func register(_ draft: CaseDraft, wall: Bool, refused: (HuiyinError) -> Response) async throws -> Response {
        do {
            let r = try await api.huiyin.cases.register(draft, by: .petitioner, now: api.now)
            return web.page("receipt", IntakePage.ReceiptModel(r, staff: false, wall: wall), title: wall ? "留言已提交" : "提交成功", status: .created)
        } catch let e as HuiyinError where [.invalid, .badRequest, .conflict].contains(e.kind) {
            return refused(e)
        }
    }

    static func post(_ v: CaseView) -> WallPost {
        let c = v.case, dir = v.directory
        return WallPost(id: c.id, number: c.number, title: c.title, content: c.content, territory: c.territoryCode.flatMap { dir.territory($0)?.name } ?? "",
                        receivedOn: c.receivedOn.description, reply: c.reply?.text, replyUnit: c.reply?.unitCode.flatMap { dir.unit($0)?.name },
                        replyOn: c.reply?.on.description, due: v.clock.due?.description ?? "—", overdue: v.clock.status == .overdue)
    }

    func submitModel(_ form: WebForm, csrf: String, error: HuiyinError?) -> SubmitModel {
        let dir = api.huiyin.reference.snapshot.directory
        return SubmitModel(csrf: csrf, kinds: WebOptions.values(LegalKind.self, selected: form["kind"] ?? LegalKind.appeal.rawValue) { $0.rawValue },
                           categories: WebOptions.categories(dir, selected: form["category"]),
                           territories: WebOptions.territories(dir, within: nil, selected: form["territory"]),
                           title: form["title"] ?? "", content: form.fields.first { $0.name == "content" }?.value ?? "",
                           name: form["name"] ?? "", phone: form["phone"] ?? "", idNumber: form["id_number"] ?? "",
                           address: form["address"] ?? "", anonymous: form["anonymous"] != nil, error: error?.message, errorField: error?.field)
    }

    func wallForm(_ form: WebForm, csrf: String, error: HuiyinError?) -> WallFormModel {
        WallFormModel(csrf: csrf, territories: WebOptions.territories(api.huiyin.reference.snapshot.directory, within: nil, selected: form["territory"]),
                      title: form["title"] ?? "", content: form.fields.first { $0.name == "content" }?.value ?? "",
                      name: form["name"] ?? "", phone: form["phone"] ?? "", error: error?.message)
    }

    func emptyTrack(_ csrf: String) -> TrackModel {
        TrackModel(csrf: csrf, number: "", queryCode: "", c: nil, canRate: false, canReview: false, canRecheck: false, ratings: [])
    }

    func trackModel(_ request: Request, _ form: WebForm) async throws -> TrackModel {
        var model = emptyTrack(WebSecurity.anonymousToken(request).token)
        model.number = form["number"] ?? ""
        model.queryCode = form["query_code"] ?? ""
        let view = try await api.huiyin.cases.lookup(number: model.number, queryCode: model.queryCode, now: api.now)
        model.c = CasePageModel(view)
        model.canRate = view.allowedActions.contains(.rate)
        model.canReview = view.allowedActions.contains(.requestReview)
        model.canRecheck = view.allowedActions.contains(.requestRecheck)
        model.ratings = Satisfaction.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .satisfied) }
        return model
    }

    func track(_ request: Request, _ form: WebForm, flash: String?) async throws -> Response {
        do {
            var model = try await trackModel(request, form)
            model.flash = flash
            return web.page("portal-track", model, title: "办理进度查询")
        } catch let e as HuiyinError where e.kind == .notFound || e.kind == .rateLimited {
            var model = emptyTrack(WebSecurity.anonymousToken(request).token)
            model.number = form["number"] ?? ""
            model.error = e.message
            return web.page("portal-track", model, title: "办理进度查询", status: APIErrorMiddleware<HuiyinRequestContext>.status(e.kind))
        }
    }
}

struct ListedRow { var number: String; var title: String; var territory: String; var unit: String; var level: String
    var missedDue: String; var listedOn: String; var state: String }
struct ListedModel { var rows: [ListedRow]; var total: Int; var prev: String?; var next: String? }
