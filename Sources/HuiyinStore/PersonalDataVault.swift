import Crypto
import Foundation

/// Seals personal data (name, ID number, phone, address) with AES-GCM and computes keyed hashes
/// (HMAC-SHA256) for lookups without decryption: repeat petitioners by ID number or phone, query codes,
/// session tokens.
///
/// One 256-bit master key lives in a key file created on first start (mode 0600, next to the database
/// by default). Every node of a cluster uses the same file. Losing it makes personal data unreadable:
/// back it up separately from the database.
///
/// ```swift
/// let vault = try PersonalDataVault.loadOrCreate(keyFile: "huiyin.key")
/// let sealed = try vault.seal(Data("张三".utf8))
/// let name = String(decoding: try vault.open(sealed), as: UTF8.self)
/// ```
public struct PersonalDataVault: Sendable {
    private let sealKey: SymmetricKey
    /// HMAC keyed once; each hash copies this state instead of re-deriving the key pads.
    private let keyedHash: HMAC<SHA256>
    /// Identifies the key without revealing it; the store remembers it and refuses another key.
    public let fingerprint: String

    static let formatVersion: UInt8 = 1

    public init(masterKey: Data) throws {
        guard masterKey.count == 32 else { throw VaultError.badKeyFile("密钥长度应为32字节") }
        let master = SymmetricKey(data: masterKey)
        sealKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("huiyin seal v1".utf8), outputByteCount: 32)
        keyedHash = HMAC<SHA256>(key: HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("huiyin hash v1".utf8),
                                                              outputByteCount: 32))
        let check = HMAC<SHA256>.authenticationCode(for: Data("huiyin key check".utf8), using: master)
        fingerprint = Data(check).prefix(12).hex
    }

    /// Reads the key file, or creates it (0600) with a fresh random key when it does not exist.
    public static func loadOrCreate(keyFile path: String) throws -> PersonalDataVault {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let data = Data(base64Encoded: text) else { throw VaultError.badKeyFile("密钥文件 \(path) 不是有效的 base64") }
            return try PersonalDataVault(masterKey: data)
        }
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let tmp = path + ".tmp-\(getpid())"
        guard fm.createFile(atPath: tmp, contents: Data((key.base64EncodedString() + "\n").utf8),
                            attributes: [.posixPermissions: 0o600]) else {
            throw VaultError.badKeyFile("无法创建密钥文件 \(path)")
        }
        if rename(tmp, path) != 0 {
            try? fm.removeItem(atPath: tmp)
            throw VaultError.badKeyFile("无法创建密钥文件 \(path)")
        }
        return try PersonalDataVault(masterKey: key)
    }

    public func seal(_ plaintext: Data) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: sealKey)
        guard let combined = box.combined else { throw VaultError.sealFailed }
        return Data([Self.formatVersion]) + combined
    }

    public func open(_ sealed: Data) throws -> Data {
        guard sealed.first == Self.formatVersion else { throw VaultError.openFailed }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed.dropFirst()), using: sealKey)
        } catch {
            throw VaultError.openFailed
        }
    }

    /// Keyed hash of `value` for a named purpose (so the same text hashes differently per purpose).
    public func hash(_ value: String, purpose: String) -> Data {
        var h = keyedHash
        h.update(data: Data("\(purpose)\u{0}\(value)".utf8))
        return Data(h.finalize())
    }

    /// ID numbers compare upper-cased without spaces.
    public func idNumberHash(_ id: String) -> Data {
        hash(id.uppercased().filter { !$0.isWhitespace }, purpose: "id")
    }

    /// Phones compare by digits, without a leading 86 country code.
    public func phoneHash(_ phone: String) -> Data {
        var digits = phone.filter(\.isNumber)
        if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        return hash(digits, purpose: "phone")
    }

    public func queryCodeHash(_ code: String) -> Data { hash(code, purpose: "query") }
    public func tokenHash(_ token: String) -> Data { hash(token, purpose: "token") }
    /// A portal visitor (the random id in their cookie), e.g. for 附议 once per visitor.
    public func visitorHash(_ visitor: String) -> Data { hash(visitor, purpose: "visitor") }
}

public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    case badKeyFile(String)
    case sealFailed
    case openFailed

    public var description: String {
        switch self {
        case .badKeyFile(let m): return m
        case .sealFailed: return "加密失败"
        case .openFailed: return "解密失败：密钥不匹配或数据被篡改"
        }
    }
}
