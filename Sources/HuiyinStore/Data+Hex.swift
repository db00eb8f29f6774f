import Foundation

extension Data {
    /// Lower-case hexadecimal, two digits a byte (keyed hashes kept as text, fingerprints).
    public var hex: String { map { String(format: "%02x", $0) }.joined() }
}
