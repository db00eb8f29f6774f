import Foundation
import HuiyinService

/// An Open311 response before it is written as XML or JSON. The JSON is the "Spark convention" mapping
/// of the XML: the root element disappears, lists become arrays.
indirect enum Open311Value {
    case text(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// Ordered fields; `nil` values are left out.
    case object([(String, Open311Value?)])
    /// Elements named `item` in XML, an array in JSON.
    case list(item: String, [Open311Value])

    /// `<?xml …?><root>…</root>`.
    func xml(root: String) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"#
        write(&out, name: root)
        return out
    }

    private func write(_ out: inout String, name: String) {
        out += "<\(name)>"
        switch self {
        case .text(let t): out += XMLText.escaped(t)
        case .int(let i): out += String(i)
        case .double(let d): out += Self.number(d)
        case .bool(let b): out += b ? "true" : "false"
        case .object(let fields): for case let (key, value?) in fields { value.write(&out, name: key) }
        case .list(let item, let values): for v in values { v.write(&out, name: item) }
        }
        out += "</\(name)>"
    }

    func json() -> Data {
        (try? JSONSerialization.data(withJSONObject: jsonObject, options: [.withoutEscapingSlashes, .fragmentsAllowed])) ?? Data("null".utf8)
    }

    private var jsonObject: Any {
        switch self {
        case .text(let t): return t
        case .int(let i): return i
        case .double(let d): return d
        case .bool(let b): return b
        case .object(let fields):
            var dict: [String: Any] = [:]
            for case let (key, value?) in fields { dict[key] = value.jsonObject }
            return dict
        case .list(_, let values): return values.map(\.jsonObject)
        }
    }

    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }
}
