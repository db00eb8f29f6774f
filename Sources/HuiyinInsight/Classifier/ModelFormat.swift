import HuiyinCore

/// The envelope of a stored model: magic, format version, payload length and CRC-32, then the payload.
///
/// ```
/// offset  size  field
///      0     4  magic "HYTC" (Huiyin text classifier)
///      4     2  format version (UInt16, little-endian)
///      6     2  reserved, 0
///      8     8  payload length in bytes (UInt64)
///     16     4  CRC-32 of the payload (UInt32)
///     20     …  payload (see `TextClassifier+Encoding`)
/// ```
/// The version is checked before the checksum, so a model from a newer build is reported as
/// `.unsupportedVersion` rather than as damage.
enum ModelFormat {
    static let magic: [UInt8] = Array("HYTC".utf8)
    static let version: UInt16 = 1
    static let headerSize = 20

    static func wrap(_ payload: [UInt8]) -> [UInt8] {
        var writer = BinaryWriter()
        writer.reserve(headerSize + payload.count)
        writer.append(magic)
        writer.write(version)
        writer.write(UInt16(0))
        writer.write(UInt64(payload.count))
        writer.write(CRC32.checksum(payload[...]))
        writer.append(payload)
        return writer.bytes
    }

    /// A reader positioned at the start of the verified payload.
    static func unwrap(_ bytes: [UInt8]) throws(InsightModelError) -> BinaryReader {
        guard bytes.count >= magic.count, Array(bytes.prefix(magic.count)) == magic else { throw .notAModel }
        var reader = BinaryReader(bytes, offset: magic.count)
        let version = try reader.read(UInt16.self, "文件头")
        guard version == Self.version else { throw .unsupportedVersion(Int(version)) }
        _ = try reader.read(UInt16.self, "文件头")
        let length = try reader.read(UInt64.self, "文件头")
        let expected = try reader.read(UInt32.self, "文件头")
        guard UInt64(reader.remaining) == length else {
            throw .corrupt("长度不符：应有 \(length) 字节数据，实有 \(reader.remaining) 字节")
        }
        guard CRC32.checksum(bytes[headerSize...]) == expected else { throw .corrupt("校验和不符") }
        return reader
    }
}
