import Foundation
import HuiyinCore
import HuiyinStore
import Logging

/// The sink that turns outbox entries (addressed to a unit) into messages for people: every active
/// staff member of the unit who chose the entry's topic gets an email and/or an SMS. Entries also go
/// to an optional inner sink (the JSON-lines file or the log), so nothing is lost without transports.
///
/// Failures are per entry: a transient one (connection refused, 4xx) is retried later with back-off,
/// a permanent one (5xx, bad address) is given up at once; the rest of the batch is confirmed. An
/// entry is sent again only as a whole, so a person may get a message twice when another recipient of
/// the same entry failed (at least once, never lost).
public struct NotificationDispatcher: NotificationSink {
    let huiyin: Huiyin
    let email: (any EmailTransport)?
    let sms: (any SMSTransport)?
    let inner: (any NotificationSink)?
    let logger: Logger

    public init(huiyin: Huiyin, email: (any EmailTransport)?, sms: (any SMSTransport)?, inner: (any NotificationSink)?, logger: Logger) {
        self.huiyin = huiyin; self.email = email; self.sms = sms; self.inner = inner; self.logger = logger
    }

    public func deliver(_ entries: [OutboxEntry]) async throws {
        let failures = await deliverEach(entries)
        if let (_, f) = failures.first { throw f.error }
    }

    public func deliverEach(_ entries: [OutboxEntry]) async -> [Int64: DeliveryFailure] {
        var failures: [Int64: DeliveryFailure] = [:]
        if let inner {
            do { try await inner.deliver(entries) } catch {
                for e in entries { failures[e.id] = DeliveryFailure(error: error, permanent: false) }
                return failures
            }
        }
        guard email != nil || sms != nil else { return failures }
        let users: [User], prefs: [Int64: NotificationPreferences]
        do {
            users = try await huiyin.store.users().filter { $0.active && $0.role.isStaff }
            prefs = try await huiyin.notifications.all()
        } catch {
            for e in entries { failures[e.id] = DeliveryFailure(error: error, permanent: false) }
            return failures
        }
        let byUnit = Dictionary(grouping: users.filter { $0.unitCode != nil }, by: { $0.unitCode! })
        for e in entries {
            let people = (byUnit[e.recipientUnit] ?? []).compactMap { u in prefs[u.id].map { (u, $0) } }
            // Every channel is tried even when one fails, so people get what can be delivered now; the
            // entry is retried as a whole (at least once).
            var failure: (any Error)?
            let mails = people.compactMap { $0.1.emailTopics.contains(e.kind) ? $0.1.email : nil }
            if let email, !mails.isEmpty {
                do {
                    try await email.send(EmailMessage(to: mails, subject: "【回音】\(e.kind.label)：\(e.text.prefix(60))", body: Self.body(e)))
                } catch { failure = error }
            }
            if let sms {
                for phone in people.compactMap({ $0.1.smsTopics.contains(e.kind) ? $0.1.phone : nil }) {
                    do { try await sms.send(SMSMessage(to: phone, text: "【回音】\(e.kind.label)：\(e.text)")) } catch { failure = failure ?? error }
                }
            }
            if let failure {
                let permanent = (failure as? DeliveryError).map { !$0.isTransient } ?? false
                logger.warning("通知发送失败（\(e.dedupeKey)）：\(failure)")
                failures[e.id] = DeliveryFailure(error: failure, permanent: permanent)
            }
        }
        return failures
    }

    static func body(_ e: OutboxEntry) -> String {
        """
        \(e.kind.label)

        \(e.text)

        请登录回音工作台查看并办理。
        （本邮件由回音系统自动发送，请勿直接回复。如需调整通知方式，请在工作台“通知设置”中修改。）
        """
    }
}
