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
            return Self.respond(name == "chart.js" ? chart.map { ($0, "text/javascript; charset=utf-8") } : Self.bundled[name])
        }
        registerLeaflet(router)
        return chart != nil
    }

    /// Leaflet from Debian's libjs-leaflet (`/assets/leaflet/…`): only its script, stylesheet and images.
    private func registerLeaflet(_ router: Router<HuiyinRequestContext>) {
        let folder = api.options.leafletFolder
        let files = ["leaflet.js": "text/javascript; charset=utf-8", "leaflet.css": "text/css; charset=utf-8",
                     "images/layers.png": "image/png", "images/layers-2x.png": "image/png", "images/marker-icon.png": "image/png",
                     "images/marker-icon-2x.png": "image/png", "images/marker-shadow.png": "image/png"]
        @Sendable func serve(_ path: String) -> Response {
            Self.respond(files[path].flatMap { type in FileManager.default.contents(atPath: folder + "/" + path).map { ($0, type) } })
        }
        router.get("assets/leaflet/:name") { _, ctx in serve(ctx.parameters.get("name") ?? "") }
        router.get("assets/leaflet/images/:name") { _, ctx in serve("images/" + (ctx.parameters.get("name") ?? "")) }
    }

    /// The file with its type and caching headers, or 404.
    private static func respond(_ found: (Data, String)?) -> Response {
        guard let (data, type) = found else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "not found")))
        }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600",
                                               HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
