import Foundation

/// An enum whose cases have a stable code (the raw value, for machines) and a Chinese label (for
/// people); input may give either.
public protocol LabelledCode: RawRepresentable, CaseIterable where RawValue == String {
    var label: String { get }
}

extension LabelledCode {
    /// The case whose code or label is `text` (trimmed).
    public init?(parsing text: String) {
        let t = text.trimmed
        guard let c = Self.allCases.first(where: { $0.rawValue == t || $0.label == t }) else { return nil }
        self = c
    }
}
