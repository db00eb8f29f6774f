/// Why a stored model could not be read. A damaged or foreign blob always ends up here, never in a
/// crash, so a server can fall back to retraining.
public enum InsightModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes do not start with a Huiyin model header (wrong file, or not a model at all).
    case notAModel
    /// The model was written by a format version this build cannot read (newer, or retired).
    case unsupportedVersion(Int)
    /// Truncated, altered (checksum mismatch) or internally inconsistent; the text says where.
    case corrupt(String)

    public var description: String {
        switch self {
        case .notAModel: "不是回音分类模型文件"
        case .unsupportedVersion(let v): "不支持的模型格式版本 \(v)，请用当前版本重新训练"
        case .corrupt(let why): "模型文件已损坏（\(why)），请重新训练"
        }
    }
}
