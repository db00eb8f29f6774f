import Hummingbird
import Synchronization

/// The methods each registered path answers, so that a known path asked with a method it does not
/// serve gets 405 with `Allow` (RFC 9110 §15.5.6) instead of the 404 of a path that does not exist.
///
/// Filled once, when the router is complete (routes are registered after the middleware that asks).
final class RouteMethods: Sendable {
    private let routes = Mutex<[(pattern: [Substring], method: String)]>([])

    func record(_ routes: some Sequence<(path: String, method: String)>) {
        let parsed = routes.map { (pattern: $0.path.split(separator: "/"), method: $0.method) }
        self.routes.withLock { $0 = parsed }
    }

    /// Methods served on `path`, sorted, with HEAD wherever GET is; empty when no route has this path.
    func allowed(_ path: String) -> [String] {
        let parts = path.split(separator: "/")
        var methods = Set(routes.withLock { $0.filter { Self.matches($0.pattern, parts) }.map(\.method) })
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }

    /// Whether a route pattern (`cases`, `{id}`, `*`, `**`, `{file}.json`, `v*`) matches the path segments.
    static func matches(_ pattern: [Substring], _ parts: [Substring]) -> Bool {
        var i = parts.startIndex
        for segment in pattern {
            if segment == "**" { return true }
            guard i < parts.endIndex else { return false }
            guard matches(segment, parts[i]) else { return false }
            i += 1
        }
        return i == parts.endIndex
    }

    private static func matches(_ segment: Substring, _ part: Substring) -> Bool {
        if segment == "*" { return true }
        if let open = segment.firstIndex(of: "{"), let close = segment.lastIndex(of: "}") {
            let prefix = segment[..<open], suffix = segment[segment.index(after: close)...]
            return part.count >= prefix.count + suffix.count && part.hasPrefix(prefix) && part.hasSuffix(suffix)
        }
        if segment.hasPrefix("*") { return part.hasSuffix(segment.dropFirst()) }
        if segment.hasSuffix("*") { return part.hasPrefix(segment.dropLast()) }
        return segment == part
    }
}
