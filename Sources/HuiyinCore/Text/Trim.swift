extension StringProtocol {
    /// The text without leading and trailing whitespace and line breaks (ASCII and Unicode, e.g. full-width
    /// spaces). Native Swift, no Foundation bridging: this runs on every field of every request.
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}

/// Zero-padded decimal digits without Foundation's `String(format:)`.
func zeroPadded(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
