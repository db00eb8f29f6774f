import Foundation
import HuiyinCore

/// A case as one viewer may see it: people hidden or masked as the access rules say, history filtered
/// for the petitioner, the clock for today, and the actions this viewer could take now.
public struct CaseView: Sendable {
    public var `case`: Case
    public var clock: Clock
    public var rules: RuleSet
    public var history: [CaseEvent]
    public var allowedActions: [ActionName]
    /// The viewer is the petitioner (public view: masked data, public steps only).
    public var publicView: Bool
    /// Names for codes (units, territories, categories) as of this view.
    public var directory: Directory
    /// The day the view is for (China time).
    public var today: LocalDate
}

/// A newly registered case (view without history) and the query code the petitioner needs (shown once,
/// never stored in clear).
public struct RegisteredCase: Sendable {
    public var view: CaseView
    public var queryCode: String
}
