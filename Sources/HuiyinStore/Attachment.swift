import Foundation

/// A file attached to a case (scan of a letter, photo, PDF, office document). The bytes are sealed by
/// the ``PersonalDataVault`` before they reach the database: they often show names and ID numbers.
public struct AttachmentInfo: Sendable, Hashable {
    public var id: Int64
    public var caseID: Int64
    public var name: String
    public var contentType: String
    public var size: Int
    /// SHA-256 of the plain bytes, hex.
    public var sha256: String
    public var uploadedAt: Date
    public var uploadedBy: String

    public init(id: Int64, caseID: Int64, name: String, contentType: String, size: Int, sha256: String,
                uploadedAt: Date, uploadedBy: String) {
        self.id = id; self.caseID = caseID; self.name = name; self.contentType = contentType; self.size = size
        self.sha256 = sha256; self.uploadedAt = uploadedAt; self.uploadedBy = uploadedBy
    }
}

/// A checked upload on its way into the store.
public struct NewAttachment: Sendable {
    public var name: String
    public var contentType: String
    public var data: Data
    public var uploadedAt: Date
    public var uploadedBy: String
    public init(name: String, contentType: String, data: Data, uploadedAt: Date, uploadedBy: String) {
        self.name = name; self.contentType = contentType; self.data = data; self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
    }
}
