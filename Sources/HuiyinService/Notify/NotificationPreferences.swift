import Foundation
import HuiyinCore
import HuiyinStore

/// What a staff member wants to receive, and where: per topic (新交办, 临期提醒, 超期督办, 办理进展), by
/// email and/or SMS. Kept sealed with the personal-data key (addresses and phones are personal data).
public struct NotificationPreferences: Codable, Sendable, Hashable {
    public var email: String?
    public var phone: String?
    public var emailTopics: Set<OutboxEntry.Kind>
    public var smsTopics: Set<OutboxEntry.Kind>

    public init(email: String? = nil, phone: String? = nil, emailTopics: Set<OutboxEntry.Kind> = [.assigned, .dueSoon, .overdue],
                smsTopics: Set<OutboxEntry.Kind> = [.overdue]) {
        self.email = email; self.phone = phone; self.emailTopics = emailTopics; self.smsTopics = smsTopics
    }

    public func validated() throws -> NotificationPreferences {
        var p = self
        p.email = email?.trimmed.nilIfEmpty
        p.phone = phone?.trimmed.nilIfEmpty
        if let e = p.email {
            let parts = e.split(separator: "@")
            guard parts.count == 2, parts[1].contains("."), e.count <= 254, !e.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\r" || $0 == "\n" }) else {
                throw HuiyinError.invalid("invalid_email", "电子邮箱格式不正确", field: "email")
            }
        }
        if let ph = p.phone {
            guard ph.count == 11, ph.hasPrefix("1"), ph.allSatisfy(\.isASCII), ph.allSatisfy(\.isNumber) else {
                throw HuiyinError.invalid("invalid_phone", "手机号码应为11位数字", field: "phone")
            }
        }
        return p
    }

    private enum CodingKeys: String, CodingKey {
        case email, phone
        case emailTopics = "email_topics", smsTopics = "sms_topics"
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Reads and saves notification preferences (settings `notify:<user id>`, sealed).
public struct NotificationDirectory: Sendable {
    let store: any HuiyinStore
    let vault: PersonalDataVault
    static let prefix = "notify:"

    public func preferences(userID: Int64) async throws -> NotificationPreferences? {
        guard let text = try await store.setting(Self.prefix + String(userID)) else { return nil }
        return try open(text)
    }

    /// Everyone's preferences by user id.
    public func all() async throws -> [Int64: NotificationPreferences] {
        var out: [Int64: NotificationPreferences] = [:]
        for (key, value) in try await store.settings(prefix: Self.prefix) {
            guard let id = Int64(key.dropFirst(Self.prefix.count)), let p = try? open(value) else { continue }
            out[id] = p
        }
        return out
    }

    /// A user sets their own; an admin may set anyone's.
    public func save(_ prefs: NotificationPreferences, for userID: Int64, by actor: Actor, now: Date) async throws -> NotificationPreferences {
        guard actor.kind == .system || actor.role == .admin || actor.user?.id == userID else {
            throw HuiyinError.forbidden("role_not_allowed", "只能设置本人的通知方式")
        }
        guard actor.user?.role != .citizen else { throw HuiyinError.forbidden("role_not_allowed", "群众账号没有工作通知") }
        let p = try prefs.validated()
        let sealed = try vault.seal(Data(try StoredJSON.encode(p).utf8)).base64EncodedString()
        try await store.saveSetting(Self.prefix + String(userID), sealed,
                                    audit: AuditEntry(at: now, actor: actor.reference, action: "notifications.save", target: String(userID),
                                                      details: ["email_topics": p.emailTopics.map(\.rawValue).sorted().joined(separator: ","),
                                                                "sms_topics": p.smsTopics.map(\.rawValue).sorted().joined(separator: ",")]))
        return p
    }

    func open(_ text: String) throws -> NotificationPreferences {
        guard let data = Data(base64Encoded: text) else { throw StoreError.corrupt("通知设置") }
        return try StoredJSON.decode(NotificationPreferences.self, String(decoding: try vault.open(data), as: UTF8.self))
    }
}

extension Huiyin {
    public var notifications: NotificationDirectory { NotificationDirectory(store: store, vault: vault) }
}
