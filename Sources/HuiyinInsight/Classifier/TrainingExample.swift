/// One labelled message: its 标题 (title), 内容 (detail) and the category it was filed under, e.g. "城乡建设".
///
/// The unit `TextClassifier` learns from and `ClassifierEvaluation` scores against.
///
/// ```swift
/// let example = TrainingExample(title: "小区路灯坏了", detail: "三栋门口路灯一直不亮", label: "城乡建设")
/// ```
public struct TrainingExample: Sendable, Hashable, Codable {
    public var title: String
    public var detail: String
    public var label: String

    public init(title: String, detail: String, label: String) {
        self.title = title
        self.detail = detail
        self.label = label
    }
}
