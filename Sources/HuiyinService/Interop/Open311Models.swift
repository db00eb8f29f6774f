import Foundation

/// What the Open311 GeoReport v2 endpoints exchange, independent of XML or JSON.
public enum Open311 {
    /// One service = one active leaf of the category tree.
    public struct Service: Sendable, Hashable {
        public var code: String
        public var name: String
        /// The whole path, `城乡建设 / 安全生产 / 事故处理`.
        public var description: String
        public var keywords: [String]
        /// The first-level category.
        public var group: String
    }

    public struct Attribute: Sendable {
        public enum DataType: String, Sendable { case string, number, datetime, text, singlevaluelist, multivaluelist }
        public var code: String
        public var datatype: DataType
        public var required: Bool
        public var description: String
        public var datatypeDescription: String
        public var order: Int
        public var values: [(key: String, name: String)]
    }

    /// A `POST requests` form, as received.
    public struct Submission: Sendable {
        public var serviceCode: String?
        public var lat: String?
        public var long: String?
        public var addressString: String?
        public var addressID: String?
        public var email: String?
        public var deviceID: String?
        public var accountID: String?
        public var firstName: String?
        public var lastName: String?
        public var phone: String?
        public var description: String?
        public var mediaURL: String?
        /// `attribute[code]` and `attribute[code][]` values.
        public var attributes: [String: [String]] = [:]
        public init() {}
    }

    public struct Created: Sendable {
        public var serviceRequestID: String
        public var notice: String
        public var accountID: String?
    }

    /// One request as `GET requests` shows it.
    public struct Request: Sendable {
        public var id: String
        /// `open` or `closed`.
        public var status: String
        public var statusNotes: String
        public var serviceName: String?
        public var serviceCode: String?
        public var description: String
        public var agencyResponsible: String?
        public var serviceNotice: String?
        public var requested: Date
        public var updated: Date
        public var expected: Date?
        public var address: String?
        public var addressID: String?
        public var lat: String?
        public var long: String?
        public var mediaURL: String?
    }
}
