import Foundation
import GRDB

/// Group commit for SQLite: concurrent writes that arrive while a transaction is being committed wait
/// and then commit together in the next transaction, each inside its own savepoint.
///
/// With `synchronous = FULL` every commit costs an fsync; batching turns N waiting writes into one
/// fsync while each caller still hears back only after its own data is durable. A write that throws
/// rolls back only its savepoint; the others in the batch commit.
final class WriteQueue: @unchecked Sendable {
    private final class Job: @unchecked Sendable {
        let run: (Database) -> Void
        let finish: (Error?) -> Void
        init(run: @escaping (Database) -> Void, finish: @escaping (Error?) -> Void) { self.run = run; self.finish = finish }
    }

    private final class Box<T>: @unchecked Sendable { var result: Result<T, Error>? }

    private let pool: DatabasePool
    private let lock = NSLock()
    private var pending: [Job] = []
    private var draining = false
    /// Upper bound of writes in one transaction, so one batch cannot hold the lock for long.
    private let maxBatch = 256

    init(pool: DatabasePool) { self.pool = pool }

    /// Runs `body` in a transaction shared with other concurrent writes; returns after the commit.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<T, Error>) in
            let box = Box<T>()
            let job = Job(
                run: { db in
                    do {
                        var value: T?
                        try db.inSavepoint {
                            value = try body(db)
                            return .commit
                        }
                        box.result = .success(value!)
                    } catch {
                        box.result = .failure(error)
                    }
                },
                finish: { commitError in
                    if let commitError { cont.resume(throwing: commitError) } else { cont.resume(with: box.result!) }
                })
            enqueue(job)
        }
    }

    private func enqueue(_ job: Job) {
        lock.lock()
        pending.append(job)
        let start = !draining
        draining = true
        lock.unlock()
        if start { DispatchQueue.global().async { self.drain() } }
    }

    private func drain() {
        while true {
            lock.lock()
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            if batch.isEmpty { draining = false }
            lock.unlock()
            if batch.isEmpty { return }
            do {
                try pool.write { db in for job in batch { job.run(db) } }
                for job in batch { job.finish(nil) }
            } catch {
                for job in batch { job.finish(error) }
            }
        }
    }
}
