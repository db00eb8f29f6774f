import Testing
@testable import HuiyinCore

/// Quorum and decision shares counted in whole numbers, and the default rules of 村民委员会组织法.
@Suite("Meeting rules: thresholds, quorum, decisions")
struct MeetingRulesTests {
    @Test("more than half is strict, two thirds includes the boundary, nothing to count never passes")
    func thresholds() {
        #expect(Threshold.majority.met(101, of: 200) && !Threshold.majority.met(100, of: 200))
        #expect(Threshold.twoThirds.met(200, of: 300) && !Threshold.twoThirds.met(199, of: 300))
        #expect(!Threshold.majority.met(0, of: 0))
        #expect(Threshold.majority.label == "过半数" && Threshold.twoThirds.label == "三分之二以上（含）")
        #expect(Threshold(3, 4, strict: true).label == "超过四分之三" && !Threshold(3, 2, strict: false).isValid)
    }

    @Test("村民会议 is quorate by adults or by households; 村民代表会议 by two thirds of members; 坝坝会 always")
    func quorum() {
        let rules = MeetingRules.standard
        let assembly = rules.rule(.villagersAssembly)
        #expect(assembly.quorate(MeetingAttendance(eligibleAdults: 200, present: 101)))
        #expect(!assembly.quorate(MeetingAttendance(eligibleAdults: 900, eligibleHouseholds: 300, present: 199, presentHouseholds: 199)))
        #expect(assembly.quorate(MeetingAttendance(eligibleAdults: 900, eligibleHouseholds: 300, present: 200, presentHouseholds: 200)))
        #expect(!rules.rule(.representativesAssembly).quorate(MeetingAttendance(eligibleMembers: 30, present: 19)))
        #expect(rules.rule(.openAir).quorate(MeetingAttendance(present: 3)))
        #expect(assembly.passed(votesFor: 51, present: 101, major: false, quorate: true))
        #expect(!assembly.passed(votesFor: 67, present: 101, major: true, quorate: true))
        #expect(!assembly.passed(votesFor: 101, present: 101, major: false, quorate: false))
        #expect(rules.problems.isEmpty && Rate(21_100, of: 24_600).text(places: 1) == "85.8%")
    }
}
