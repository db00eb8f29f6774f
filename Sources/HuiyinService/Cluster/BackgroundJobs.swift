import Foundation
import HuiyinCore
import HuiyinStore
import Logging

/// The work a node does besides answering requests:
/// - every node: reload reference data another node or the CLI changed;
/// - the leader only: the clock watcher (临期 reminders, automatic 督办 and the escalation ladder, see
///   ``ClockWatcher``), and sending queued notifications with retries.
///
/// `run()` loops until its task is cancelled.
public struct BackgroundJobs: Sendable {
    let huiyin: Huiyin
    let sink: any NotificationSink
    let now: @Sendable () -> Date
    let logger: Logger

    public init(huiyin: Huiyin, sink: any NotificationSink, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.huiyin = huiyin; self.sink = sink; self.logger = logger; self.now = now
    }

    public func run() async {
        let s = huiyin.settings
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await every(s.referencePollSeconds, leaderOnly: false) { try await huiyin.reference.reloadIfChanged() } }
            group.addTask { await every(s.overdueScanSeconds, leaderOnly: true) { try await watchClocks() } }
            group.addTask { await every(s.outboxPollSeconds, leaderOnly: true) { try await sendOutbox() } }
            group.addTask { await every(s.outboxPollSeconds, leaderOnly: true) { try await sendWebhooks() } }
            group.addTask { await every(max(s.hotScanSeconds, 1), leaderOnly: true) { try await scanHotIssues() } }
            if s.retrainSeconds > 0 {
                group.addTask { await every(min(s.retrainSeconds, 3600), leaderOnly: true) { try await retrainIfDue() } }
            }
        }
        await huiyin.leadership.resign()
    }

    /// Queues new case events for webhook subscribers and sends what is due.
    public func sendWebhooks() async throws {
        try await huiyin.webhooks.queueNewEvents(now: now())
        let sent = try await huiyin.webhooks.deliverDue(now: now())
        if sent.failed > 0 { logger.warning("Webhook 投递失败 \(sent.failed) 次，将按退避重试") }
    }

    /// One pass of the clock watcher. Returns how many 督办 steps it took.
    @discardableResult
    public func watchClocks() async throws -> Int {
        let pass = try await ClockWatcher(huiyin: huiyin).run(now: now())
        if pass.total > 0 {
            logger.notice("督办：\(pass.supervised.sorted { $0.key < $1.key }.map { "\($0.key.label) \($0.value) 件" }.joined(separator: "，"))")
        }
        return pass.total
    }

    /// Sends everything queued, in batches: claim, hand to the sink, confirm what went out. A failed
    /// entry waits `retryDelay(attempt)` (30 s, 1 min, 2 min … up to 1 h) and is given up after
    /// `settings.maxNotificationAttempts` attempts, or at once when the failure is permanent. A node
    /// that dies between claim and confirm leaves its claim to expire after `lease`, and the batch is
    /// sent again by the next leader: at least once, never silently lost.
    @discardableResult
    public func sendOutbox(batch: Int = 200, lease: TimeInterval = 60) async throws -> Int {
        var sent = 0
        while true {
            let claimed = try await huiyin.store.claimOutbox(node: huiyin.nodeID, limit: batch, now: now(), lease: lease)
            guard !claimed.isEmpty else { return sent }
            let failures = await sink.deliverEach(claimed)
            let ok = claimed.filter { failures[$0.id] == nil }
            try await huiyin.store.confirmOutbox(ids: ok.map(\.id), now: now())
            for e in claimed {
                guard let f = failures[e.id] else { continue }
                let max = f.permanent ? e.attempts + 1 : huiyin.settings.maxNotificationAttempts
                try await huiyin.store.retryOutbox(ids: [e.id], error: String(describing: f.error),
                                                   retryAt: now().addingTimeInterval(Self.retryDelay(attempt: e.attempts + 1)),
                                                   maxAttempts: max, now: now())
            }
            sent += ok.count
            if ok.isEmpty { return sent }
        }
    }

    /// Indexes cases stored before search and similarity existed (after an upgrade), then raises
    /// warnings for bursting hot issues. Returns how many warnings it raised.
    @discardableResult
    public func scanHotIssues() async throws -> Int {
        while try await huiyin.store.reindexText(limit: 500) > 0 {}
        let raised = try await huiyin.warnings.scan(now: now())
        if raised > 0 { logger.notice("热点预警：新增 \(raised) 条") }
        return raised
    }

    /// Retrains the text models when the newest is older than `settings.retrainSeconds` (or there is
    /// none and enough cases were handled), with the labelled CSV an admin registered, if still there.
    public func retrainIfDue() async throws {
        let latest = try await huiyin.store.modelVersions(kind: ModelRegistry.categoryKind, limit: 1).first
        if let latest, now().timeIntervalSince(latest.createdAt) < huiyin.settings.retrainSeconds { return }
        let csv = try await ModelTrainer.registeredCSV(huiyin.store)
        do {
            let report = try await huiyin.trainer.train(csv: csv, by: .system, now: now())
            logger.notice("分类模型已重新训练：\(report.models.map { "\($0.kind) v\($0.version)（\($0.examples) 条）" }.joined(separator: "，"))")
        } catch let e as HuiyinError where e.code == "not_enough_training_data" {
            return
        }
    }

    /// 30 s after the first failure, doubling up to an hour.
    public static func retryDelay(attempt: Int) -> TimeInterval { min(30 * pow(2, Double(max(attempt - 1, 0))), 3600) }

    private func every(_ seconds: TimeInterval, leaderOnly: Bool, _ job: @Sendable () async throws -> Void) async {
        while !Task.isCancelled {
            let mine = leaderOnly ? await huiyin.leadership.isLeader() : true
            if mine {
                do { try await job() } catch { logger.warning("后台任务失败：\(error)") }
            }
            try? await Task.sleep(nanoseconds: UInt64(max(seconds, 0.05) * 1_000_000_000))
        }
    }
}
