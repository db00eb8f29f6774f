import Foundation
import HummingbirdBcrypt

/// bcrypt off the async threads: a hash takes ~0.1 s of CPU and must not stall request handling.
enum Passwords {
    static func hash(_ password: String, cost: UInt8) async -> String {
        await offload { Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String) async -> Bool {
        await offload { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash to verify against when the user does not exist, so timing does not reveal usernames.
    static let decoy = Bcrypt.hash("huiyin-decoy-password", cost: 11)

    private static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { cont in DispatchQueue.global().async { cont.resume(returning: work()) } }
    }
}
