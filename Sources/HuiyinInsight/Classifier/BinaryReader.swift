/// Reads what `BinaryWriter` wrote; every read is bounds-checked and throws `.corrupt` instead of
/// trapping, because a stored model may be truncated or damaged.
struct BinaryReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws(InsightModelError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .corrupt("\(what)不完整") }
        var value: T = 0
        for i in 0..<size { value |= T(bytes[offset + i]) << (8 * i) }
        offset += size
        return value
    }

    mutating func readDouble(_ what: String) throws(InsightModelError) -> Double {
        Double(bitPattern: try read(UInt64.self, what))
    }

    mutating func readFloat(_ what: String) throws(InsightModelError) -> Float {
        Float(bitPattern: try read(UInt32.self, what))
    }

    mutating func readString(_ what: String) throws(InsightModelError) -> String {
        let count = Int(try read(UInt32.self, what))
        guard remaining >= count else { throw .corrupt("\(what)不完整") }
        defer { offset += count }
        guard let text = String(bytes: bytes[offset..<(offset + count)], encoding: .utf8) else {
            throw .corrupt("\(what)不是有效的 UTF-8")
        }
        return text
    }

    mutating func readVarint(_ what: String) throws(InsightModelError) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            guard remaining > 0 else { throw .corrupt("\(what)不完整") }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte < 0x80 { return value }
        }
        throw .corrupt("\(what)过长")
    }

    /// `count` little-endian Int16 values, in one pass.
    mutating func readInt16s(count: Int, _ what: String) throws(InsightModelError) -> [Int16] {
        guard count >= 0, remaining / 2 >= count else { throw .corrupt("\(what)不完整") }
        let start = offset
        offset += 2 * count
        return bytes.withUnsafeBufferPointer { b in
            (0..<count).map { Int16(bitPattern: UInt16(b[start + 2 * $0]) | UInt16(b[start + 2 * $0 + 1]) << 8) }
        }
    }
}

import Foundation
