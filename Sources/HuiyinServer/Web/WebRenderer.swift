import Foundation
import HTTPTypes
import Hummingbird
import HuiyinCore
import Mustache

/// The page templates (`Web/Templates/*.mustache`, swift-mustache escapes every `{{value}}`) and the
/// HTML responses built from them, with the security headers every page carries.
struct WebRenderer: Sendable {
    let library: MustacheLibrary

    init() throws {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw HuiyinError(.internalError, "templates_missing", "页面模板缺失")
        }
        var library = MustacheLibrary()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        self.library = library
    }

    func render(_ template: String, _ model: Any) -> String {
        library.render(model, withTemplate: template) ?? "<p>页面模板 \(template) 缺失</p>"
    }

    /// The navigation and frame around a page body.
    struct Shell {
        var title: String
        var body: String
        var staff: StaffNav?
        var csrf: String?
        var flash: String?
        var chart: Bool
        /// Leaflet's stylesheet and script (the grid map).
        var map: Bool
        /// Stored, not computed: templates read properties by reflection.
        var portal: Bool
    }

    struct StaffNav {
        struct Link { var href: String; var label: String; var id: String; var current: Bool }
        var name: String
        var role: String
        var unit: String
        var links: [Link]
    }

    func page(_ template: String, _ model: Any, title: String, staff: StaffNav? = nil, csrf: String? = nil, flash: String? = nil,
              chart: Bool = false, map: Bool = false, imageSource: String? = nil, status: HTTPResponse.Status = .ok,
              cookies: [String] = []) -> Response {
        let body = render(template, model)
        let html = render("layout", Shell(title: title, body: body, staff: staff, csrf: csrf, flash: flash, chart: chart, map: map,
                                          portal: staff == nil))
        return Self.html(html, status: status, cookies: cookies, privatePage: staff != nil, imageSource: imageSource)
    }

    /// `imageSource`: one more origin images may come from (the map tile server, when configured).
    static func html(_ html: String, status: HTTPResponse.Status = .ok, cookies: [String] = [], privatePage: Bool,
                     imageSource: String? = nil) -> Response {
        let images = imageSource.map { "'self' data: " + $0 } ?? "'self' data:"
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: "default-src 'self'; script-src 'self'; style-src 'self'; img-src \(images); object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
        ]
        if privatePage { headers[.cacheControl] = "no-store" }
        for c in cookies { headers.append(HTTPField(name: .setCookie, value: c)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location]
        for c in cookies { headers.append(HTTPField(name: .setCookie, value: c)) }
        return Response(status: .seeOther, headers: headers)
    }
}
