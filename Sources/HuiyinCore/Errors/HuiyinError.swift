/// Every error a user or client can see: a stable machine `code`, a Chinese `message` for people, and
/// the kind of failure, which the HTTP layer maps to a status code.
///
/// ```swift
/// throw HuiyinError.invalid("too_many_representatives", "集体访代表不得超过5人（条例 第二十条）", field: "representatives")
/// ```
public struct HuiyinError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The request is malformed (not JSON, wrong types): HTTP 400.
        case badRequest
        /// Well-formed but fails a rule (missing field, unknown category, >5 representatives): HTTP 422.
        case invalid
        /// Not logged in or the token expired: HTTP 401.
        case unauthenticated
        /// Wrong role, scope or unit for this action: HTTP 403.
        case forbidden
        /// No such thing, or not visible to this caller: HTTP 404.
        case notFound
        /// The case is not in a state (or time window) that allows this, or someone changed it first: HTTP 409.
        case conflict
        /// Too large: HTTP 413.
        case tooLarge
        /// Too many attempts: HTTP 429.
        case rateLimited
        /// Our fault: HTTP 500.
        case internalError
        /// A part we depend on (the database server) is down for now: HTTP 503.
        case unavailable
    }

    public var kind: Kind
    public var code: String
    public var message: String
    /// The input field at fault, where there is one (`petitioners[0].id_number`).
    public var field: String?

    public init(_ kind: Kind, _ code: String, _ message: String, field: String? = nil) {
        self.kind = kind; self.code = code; self.message = message; self.field = field
    }

    public static func invalid(_ code: String, _ message: String, field: String? = nil) -> HuiyinError {
        HuiyinError(.invalid, code, message, field: field)
    }
    public static func forbidden(_ code: String, _ message: String) -> HuiyinError {
        HuiyinError(.forbidden, code, message)
    }
    public static func conflict(_ code: String, _ message: String) -> HuiyinError {
        HuiyinError(.conflict, code, message)
    }
    public static func notFound(_ code: String, _ message: String) -> HuiyinError {
        HuiyinError(.notFound, code, message)
    }
    public static func missing(_ field: String, _ label: String) -> HuiyinError {
        HuiyinError(.invalid, "missing_field", "缺少必填项：\(label)（\(field)）", field: field)
    }

    public var description: String { "\(code): \(message)" }
}
