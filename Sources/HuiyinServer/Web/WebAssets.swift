import Foundation
import HTTPTypes
import Hummingbird

/// Stylesheet and script of the pages (bundled), and Chart.js from Debian's libjs-chart.js when installed.
struct WebAssets {
    let api: API

    private static func chartFile(_ options: ServerOptions) -> String? {
        for name in ["chart.umd.js", "chart.min.js", "chart.js"] {
            let path = options.chartJSFolder + "/" + name
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    static let bundled: [String: (Data, String)] = {
        var out: [String: (Data, String)] = [:]
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return out }
        for name in names {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { continue }
            out[name] = (data, name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
        }
        return out
    }()

    /// Serves `/assets/…`; returns whether Chart.js is available.
    @discardableResult
    func register(_ router: Router<HuiyinRequestContext>) -> Bool {
        let chart = Self.chartFile(api.options).flatMap { FileManager.default.contents(atPath: $0) }
        router.get("assets/:name") { _, ctx -> Response in
            let name = ctx.parameters.get("name") ?? ""
            let found: (Data, String)? = name == "chart.js" ? chart.map { ($0, "text/javascript; charset=utf-8") } : Self.bundled[name]
            guard let (data, type) = found else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "not found")))
            }
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600",
                                                   HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        registerLeaflet(router)
        return chart != nil
    }

    /// Leaflet from Debian's libjs-leaflet (`/assets/leaflet/…`): only its script, stylesheet and images.
    private func registerLeaflet(_ router: Router<HuiyinRequestContext>) {
        let folder = api.options.leafletFolder
        @Sendable func serve(_ path: String, _ type: String) -> Response {
            guard let data = FileManager.default.contents(atPath: folder + "/" + path) else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "not found")))
            }
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600",
                                                   HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("assets/leaflet/:name") { _, ctx -> Response in
            switch ctx.parameters.get("name") ?? "" {
            case "leaflet.js": return serve("leaflet.js", "text/javascript; charset=utf-8")
            case "leaflet.css": return serve("leaflet.css", "text/css; charset=utf-8")
            default: return serve("-", "")
            }
        }
        router.get("assets/leaflet/images/:name") { _, ctx -> Response in
            let name = ctx.parameters.get("name") ?? ""
            let known = ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]
            return known.contains(name) ? serve("images/" + name, "image/png") : serve("-", "")
        }
    }
}
