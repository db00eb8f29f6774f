import Foundation

/// Unguessable tokens (sessions, CSRF and visitor cookies): `bytes` random bytes in URL-safe base64
/// without padding.
public enum RandomToken {
    public static func make(bytes count: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
