import HuiyinCore

/// One step of a simulated case history, `offset` days after receipt.
struct PlannedStep {
    enum Act {
        case accept, notify, start, redo, requestReview, requestRecheck, close, refuse, transfer, withdraw, returnCase
        case assign(lead: String, assisting: [String])
        case extend(days: Int)
        case reply(Verdict)
        case rate(Satisfaction, byPetitioner: Bool)
        case reviewOpinion(Verdict)
        case recheckOpinion(Verdict)
    }
    var offset: Int
    var act: Act
}

/// Builds plausible histories: most cases run their course; some are refused, transferred, withdrawn,
/// returned by a wrong unit, extended, answered late, rated unsatisfied and taken to 复查 and 复核.
enum DemoPlan {
    static func random(lead: String, wrongUnit: String, assisting: [String], canReview: Bool, canRecheck: Bool,
                       rng: inout DemoRandom) -> [PlannedStep] {
        var steps: [PlannedStep] = []
        var day = 0
        func add(_ gap: ClosedRange<Int>, _ act: PlannedStep.Act) { day += rng.int(gap); steps.append(PlannedStep(offset: day, act: act)) }

        let fate = rng.int(0...99)
        if fate < 4 { add(2...8, .refuse); return steps }
        if fate < 7 { add(2...8, .transfer); return steps }
        add(rng.chance(0.06) ? 16...20 : 1...4, .accept)
        if rng.chance(0.8) { add(0...1, .notify) }
        if fate < 9 { add(1...6, .withdraw); return steps }
        if rng.chance(0.06) {
            add(0...2, .assign(lead: wrongUnit, assisting: []))
            add(1...3, .returnCase)
        }
        add(0...2, .assign(lead: lead, assisting: assisting))
        add(1...3, .start)
        let extended = rng.chance(0.05)
        if extended { steps.append(PlannedStep(offset: 50, act: .extend(days: rng.int(15...30)))); day = 50 }
        let handling = extended ? rng.int(70...82) : rng.weighted([(rng.int(10...45), 70), (rng.int(45...58), 20), (rng.int(61...100), 10)])
        day = max(day + 1, handling)
        steps.append(PlannedStep(offset: day, act: .reply(rng.weighted([(.support, 55), (.explain, 35), (.notSupport, 10)]))))
        if rng.chance(0.1) { add(45...50, .close); return steps }
        let rating = rng.weighted([(Satisfaction.satisfied, 60), (.basicallySatisfied, 25), (.unsatisfied, 15)])
        add(2...12, .rate(rating, byPetitioner: rng.chance(0.5)))
        guard rating == .unsatisfied else { return steps }
        if !canReview || rng.chance(0.5) {
            add(1...3, .redo)
            add(5...20, .reply(.support))
            add(2...8, .rate(rng.chance(0.7) ? .satisfied : .basicallySatisfied, byPetitioner: false))
            return steps
        }
        add(1...10, .requestReview)
        add(10...28, .reviewOpinion(rng.weighted([(.uphold, 70), (.change, 20), (.revoke, 10)])))
        if canRecheck, rng.chance(0.4) {
            add(3...15, .requestRecheck)
            add(10...28, .recheckOpinion(.uphold))
        } else {
            add(2...10, .rate(.basicallySatisfied, byPetitioner: false))
        }
        return steps
    }

    /// Scripted histories that end in each state, so the demo always shows every state.
    static func showcase(lead: String, wrongUnit: String) -> [[PlannedStep]] {
        func s(_ pairs: [(Int, PlannedStep.Act)]) -> [PlannedStep] { pairs.map { PlannedStep(offset: $0.0, act: $0.1) } }
        return [
            s([]),                                                                        // registered
            s([(1, .accept)]),                                                            // accepted
            s([(1, .accept), (2, .assign(lead: lead, assisting: []))]),                   // assigned
            s([(1, .accept), (2, .assign(lead: wrongUnit, assisting: [])), (3, .returnCase)]), // returned
            s([(1, .accept), (1, .notify), (2, .assign(lead: lead, assisting: [])), (3, .start)]), // in progress
            s([(1, .accept), (2, .assign(lead: lead, assisting: [])), (3, .start)]),      // overdue (received long ago)
            s([(1, .accept), (2, .assign(lead: lead, assisting: [])), (3, .start), (20, .reply(.explain))]), // replied
            s([(1, .accept), (2, .assign(lead: lead, assisting: [])), (3, .start), (15, .reply(.notSupport)),
               (18, .rate(.unsatisfied, byPetitioner: true))]),                           // unsatisfied
            s([(1, .accept), (2, .assign(lead: lead, assisting: [])), (3, .start), (15, .reply(.notSupport)),
               (18, .rate(.unsatisfied, byPetitioner: true)), (20, .requestReview)]),    // review
            s([(1, .accept), (2, .assign(lead: lead, assisting: [])), (3, .start), (15, .reply(.notSupport)),
               (18, .rate(.unsatisfied, byPetitioner: true)), (20, .requestReview), (35, .reviewOpinion(.uphold))]), // reviewed
            s([(1, .accept), (2, .assign(lead: lead, assisting: [])), (3, .start), (15, .reply(.notSupport)),
               (18, .rate(.unsatisfied, byPetitioner: true)), (20, .requestReview), (35, .reviewOpinion(.uphold)),
               (40, .requestRecheck)]),                                                   // recheck
            s([(1, .accept), (2, .assign(lead: lead, assisting: [])), (3, .start), (15, .reply(.notSupport)),
               (18, .rate(.unsatisfied, byPetitioner: true)), (20, .requestReview), (35, .reviewOpinion(.uphold)),
               (40, .requestRecheck), (55, .recheckOpinion(.uphold))]),                   // final
            s([(1, .accept), (2, .assign(lead: lead, assisting: [])), (3, .start), (12, .reply(.support)),
               (14, .rate(.satisfied, byPetitioner: false))]),                            // closed
            s([(3, .refuse)]),                                                            // refused
            s([(3, .transfer)]),                                                          // transferred
            s([(1, .accept), (4, .withdraw)]),                                            // withdrawn
        ]
    }
}
