import Foundation

/// Appends to a file with `O_APPEND` in one `write`, so several processes (cluster nodes) can share it
/// and each record lands whole. Creates the file (mode 0640) when missing.
enum AppendOnlyFile {
    static func append(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o640)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }
}
