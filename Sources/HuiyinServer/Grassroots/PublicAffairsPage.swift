import Foundation
import Hummingbird
import HuiyinCore
import HuiyinService
import HuiyinStore

/// 村务公开 on the portal: pledges and each organisation's fulfilment rate, the published meeting
/// records with their votes, and the published stability risk assessments. No person is named but the
/// pledging members and the meetings' chairs.
struct PublicAffairsPage {
    let api: API
    let web: WebRenderer

    struct PledgeRow { var organisation: String; var member: String; var title: String; var territory: String; var due: String; var status: String
        var evidence: String }
    struct Model { var rates: [PledgePages.RateRow]; var total: PledgePages.RateRow; var hasRates: Bool; var pledges: [PledgeRow]
        var meetings: [MeetingPages.MeetingRow]; var risks: [MeetingPages.RiskRow] }

    func register(_ portal: RouterGroup<HuiyinRequestContext>) {
        portal.get("open") { _, _ -> Response in
            let dir = api.huiyin.reference.snapshot.directory
            let pledges = try await api.huiyin.pledges.publicView()
            let model = Model(
                rates: pledges.rows.map(PledgePages.rateRow), total: PledgePages.rateRow(pledges.total), hasRates: !pledges.rows.isEmpty,
                pledges: pledges.pledges.map { p in
                    PledgeRow(organisation: p.organisation, member: p.member, title: p.title, territory: dir.territory(p.territoryCode)?.name ?? "",
                              due: p.dueOn?.description ?? "", status: p.status.label, evidence: p.evidence)
                },
                meetings: try await api.huiyin.meetings.publicMeetings().map { MeetingPages.row($0, dir) },
                risks: try await api.huiyin.meetings.publicAssessments().map { MeetingPages.riskRow($0, dir) })
            return web.page("portal-affairs", model, title: "村务公开")
        }
    }
}
