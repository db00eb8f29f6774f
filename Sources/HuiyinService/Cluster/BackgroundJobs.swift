import Foundation
import HuiyinCore
import HuiyinStore
import Logging

/// The work a node does besides answering requests:
/// - every node: reload reference data another node or the CLI changed;
/// - the leader only: queue 督办 notices for cases past their deadline, and send queued notifications.
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
            group.addTask { await every(s.overdueScanSeconds, leaderOnly: true) { try await scanOverdue() } }
            group.addTask { await every(s.outboxPollSeconds, leaderOnly: true) { try await sendOutbox() } }
        }
        await huiyin.leadership.resign()
    }

    /// Queues one 督办 notice per overdue open case and deadline. Returns how many were queued.
    @discardableResult
    public func scanOverdue() async throws -> Int {
        let n = try await huiyin.store.enqueueOverdue(asOf: ChinaTime.localDate(now()), now: now())
        if n > 0 { logger.notice("督办：\(n) 件信访事项已超期") }
        return n
    }

    /// Sends everything queued, in batches: claim, hand to the sink, confirm. A node that dies between
    /// claim and confirm leaves its claim to expire after `lease`, and the batch is sent again by the
    /// next leader: at least once, never silently lost.
    @discardableResult
    public func sendOutbox(batch: Int = 200, lease: TimeInterval = 60) async throws -> Int {
        var sent = 0
        while true {
            let claimed = try await huiyin.store.claimOutbox(node: huiyin.nodeID, limit: batch, now: now(), lease: lease)
            guard !claimed.isEmpty else { return sent }
            do {
                try await sink.deliver(claimed)
            } catch {
                try await huiyin.store.releaseOutbox(ids: claimed.map(\.id))
                throw error
            }
            try await huiyin.store.confirmOutbox(ids: claimed.map(\.id), now: now())
            sent += claimed.count
        }
    }

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
