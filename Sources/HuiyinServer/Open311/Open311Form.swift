import Foundation
import HuiyinService

/// `application/x-www-form-urlencoded` fields, repeated names kept in order (`attribute[tags][]=a&…`).
struct Open311Form {
    var fields: [(name: String, value: String)] = []

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            fields.append((Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : ""))
        }
    }

    static func decode(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    func first(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The submission: `attribute[code]` and `attribute[code][]` both gather into `attributes[code]`.
    var submission: Open311.Submission {
        var s = Open311.Submission()
        s.serviceCode = first("service_code"); s.lat = first("lat"); s.long = first("long")
        s.addressString = first("address_string"); s.addressID = first("address_id"); s.email = first("email")
        s.deviceID = first("device_id"); s.accountID = first("account_id"); s.firstName = first("first_name")
        s.lastName = first("last_name"); s.phone = first("phone"); s.description = first("description"); s.mediaURL = first("media_url")
        for (name, value) in fields where name.hasPrefix("attribute[") {
            var code = name.dropFirst("attribute[".count)
            if code.hasSuffix("][]") { code = code.dropLast(3) } else if code.hasSuffix("]") { code = code.dropLast() } else { continue }
            s.attributes[String(code), default: []].append(value)
        }
        return s
    }
}
