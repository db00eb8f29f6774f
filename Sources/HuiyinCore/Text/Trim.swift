extension StringProtocol {
    /// The text without leading and trailing whitespace and line breaks (ASCII and Unicode, e.g. full-width
    /// spaces). Native Swift, no Foundation bridging: this runs on every field of every request.
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }

    /// Whether the text holds control characters (NUL, escape …) — which no name or label may, and
    /// PostgreSQL cannot even store (NUL). Line breaks and tabs are allowed with `allowingLineBreaks`.
    public func containsControlCharacters(allowingLineBreaks: Bool = false) -> Bool {
        unicodeScalars.contains {
            $0.properties.generalCategory == .control && !(allowingLineBreaks && ($0 == "\n" || $0 == "\r" || $0 == "\t"))
        }
    }

    /// ``trimmed``, or `nil` when nothing is left: an empty form field counts as absent.
    public var trimmedOrNil: String? {
        let t = trimmed
        return t.isEmpty ? nil : t
    }
}

/// Zero-padded decimal digits without Foundation's `String(format:)`.
func zeroPadded(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
