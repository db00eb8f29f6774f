/// One case as the hot-issue clustering sees it: its text, when and where it arrived, and how many people
/// stand behind it. The caller maps its own case records to this (no storage types leak in here).
///
/// ```swift
/// let doc = HotDocument(id: 42, title: "丽发新城旁搅拌站噪音扰民", text: "…", day: 18_250,
///                       territory: "雨花区", category: "环境保护", people: 1, personKey: "p:9f3a", likes: 12)
/// ```
public struct HotDocument: Sendable, Hashable, Codable {
    public var id: Int64
    public var title: String
    /// The detail (诉求内容); the title is weighted more because it is the petitioner's own summary.
    public var text: String
    /// Days since an epoch of the caller's choice (e.g. from `LocalDate`); only differences matter.
    public var day: Int
    /// Territory code or name; with `HotOptions.separateTerritories` clusters never mix territories.
    public var territory: String?
    public var category: String?
    /// People involved (联名/集体访 counts several); values below 1 count as 1.
    public var people: Int
    /// A stable key for the petitioner, so one person filing ten times counts as one person.
    /// Nil for anonymous cases, which then count as `people` each.
    public var personKey: String?
    /// Public likes (点赞) on the portal.
    public var likes: Int

    public init(id: Int64, title: String, text: String, day: Int, territory: String? = nil,
                category: String? = nil, people: Int = 1, personKey: String? = nil, likes: Int = 0) {
        self.id = id
        self.title = title
        self.text = text
        self.day = day
        self.territory = territory
        self.category = category
        self.people = people
        self.personKey = personKey
        self.likes = likes
    }
}
