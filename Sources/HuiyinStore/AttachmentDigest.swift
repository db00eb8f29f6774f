import Crypto
import Foundation

/// Shared by both engines' attachment code.
public enum AttachmentDigest {
    /// Columns of `attachments` an ``AttachmentInfo`` is read from.
    public static let columns = "id, case_id, name, content_type, size, sha256, uploaded_at, uploaded_by"

    public static func hex(_ data: Data) -> String {
        Data(SHA256.hash(data: data)).hex
    }
}
