import Foundation
import HuiyinCore

/// Builds a ZIP archive in memory with stored (uncompressed) entries: enough for the Office Open XML
/// package of ``XLSXWriter`` and for bundling export files, without a compression library.
///
/// File names are UTF-8 (flag bit 11), so Chinese names survive. Every entry carries the same
/// modification time, by default 1980-01-01 00:00, so the same input gives the same bytes. There is no
/// ZIP64: an archive holds at most 65,535 entries and 4 GiB.
///
/// ```swift
/// var zip = ZipWriter()
/// zip.add(path: "报表/按单位.csv", data: csv)
/// let archive = zip.finish()
/// ```
public struct ZipWriter: Sendable {
    struct Entry: Sendable {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private var body = Data()
    private var entries: [Entry] = []
    private let dosTime: UInt16
    private let dosDate: UInt16

    /// An archive whose entries are dated 1980-01-01 00:00.
    public init() {
        dosTime = 0
        dosDate = 1 << 5 | 1
    }

    /// An archive whose entries are dated `modified`, as a wall clock in `timeZone` (ZIP keeps no zone);
    /// dates before 1980 become 1980-01-01 00:00.
    public init(modified: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        let year = c.year ?? 1980
        if year < 1980 {
            dosTime = 0
            dosDate = 1 << 5 | 1
        } else {
            dosDate = UInt16(min(year - 1980, 127) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
            dosTime = UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2)
        }
    }

    /// Adds a file at `path` (forward slashes, no leading slash, each path once).
    public mutating func add(path: String, data: Data) {
        precondition(entries.count < 0xFFFF && body.count + data.count < 0xFFFF_0000, "ZipWriter has no ZIP64 support")
        let entry = Entry(name: Array(path.utf8), crc: CRC32.checksum(data), size: UInt32(data.count), offset: UInt32(body.count))
        body.append(header(signature: 0x0403_4B50, entry, central: false))
        body.append(contentsOf: entry.name)
        body.append(data)
        entries.append(entry)
    }

    /// The archive: the entries, then the central directory and its end record.
    public func finish() -> Data {
        var archive = body
        let directoryStart = UInt32(archive.count)
        for entry in entries {
            archive.append(header(signature: 0x0201_4B50, entry, central: true))
            archive.append(contentsOf: entry.name)
        }
        let directorySize = UInt32(archive.count) - directoryStart
        var end = Data()
        end.le(UInt32(0x0605_4B50))
        end.le(UInt16(0)); end.le(UInt16(0))  // this disk, disk with the directory
        end.le(UInt16(entries.count)); end.le(UInt16(entries.count))
        end.le(directorySize); end.le(directoryStart)
        end.le(UInt16(0))  // comment length
        archive.append(end)
        return archive
    }

    /// A local file header, or (`central`) the entry's record in the central directory, without the name.
    private func header(signature: UInt32, _ entry: Entry, central: Bool) -> Data {
        var h = Data()
        h.le(signature)
        if central { h.le(UInt16(20)) }  // version made by: 2.0, MS-DOS attributes
        h.le(UInt16(20))  // version needed to extract
        h.le(UInt16(1 << 11))  // names are UTF-8
        h.le(UInt16(0))  // stored
        h.le(dosTime); h.le(dosDate)
        h.le(entry.crc); h.le(entry.size); h.le(entry.size)
        h.le(UInt16(entry.name.count))
        h.le(UInt16(0))  // extra field length
        if central {
            h.le(UInt16(0)); h.le(UInt16(0)); h.le(UInt16(0))  // comment length, disk, internal attributes
            h.le(UInt32(0))  // external attributes
            h.le(entry.offset)
        }
        return h
    }
}

extension Data {
    /// Appends `value` in little-endian byte order, as ZIP records are laid out.
    fileprivate mutating func le<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
