import HuiyinService
import ServiceLifecycle

/// Runs the node's background jobs next to the HTTP server and stops them on graceful shutdown.
struct BackgroundJobsService: Service {
    let jobs: BackgroundJobs

    func run() async throws {
        await cancelWhenGracefulShutdown { await jobs.run() }
    }
}
