import Foundation

/// A grid boundary as a GeoJSON geometry (`Polygon` or `MultiPolygon`, WGS 84 longitude/latitude).
/// Accepts a bare geometry, a `Feature` or a one-feature `FeatureCollection`, and stores the geometry alone.
public enum GridBoundary {
    /// Largest boundary accepted (a detailed village outline is a few kilobytes).
    public static let maxBytes = 512 * 1024

    /// The validated geometry as compact JSON.
    public static func normalize(_ text: String) throws -> String {
        guard text.utf8.count <= maxBytes else {
            throw HuiyinError.invalid("boundary_too_large", "网格边界不得超过 512 KB", field: "boundary")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)), let root = object as? [String: Any] else {
            throw invalid("不是有效的 GeoJSON 对象")
        }
        let geometry = try self.geometry(in: root)
        guard let type = geometry["type"] as? String, let coords = geometry["coordinates"] as? [Any] else {
            throw invalid("缺少 type 或 coordinates")
        }
        switch type {
        case "Polygon": try polygon(coords)
        case "MultiPolygon":
            guard !coords.isEmpty else { throw invalid("MultiPolygon 没有任何多边形") }
            for p in coords { try polygon(p as? [Any] ?? []) }
        default: throw invalid("几何类型须为 Polygon 或 MultiPolygon（现为 \(type)）")
        }
        let data = try JSONSerialization.data(withJSONObject: ["type": type, "coordinates": coords], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    private static func geometry(in root: [String: Any]) throws -> [String: Any] {
        switch root["type"] as? String {
        case "Feature":
            guard let g = root["geometry"] as? [String: Any] else { throw invalid("Feature 没有 geometry") }
            return g
        case "FeatureCollection":
            guard let features = root["features"] as? [[String: Any]], features.count == 1,
                  let g = features[0]["geometry"] as? [String: Any] else { throw invalid("FeatureCollection 须恰好包含一个要素") }
            return g
        default: return root
        }
    }

    /// Rings of at least four positions, closed, with longitude and latitude in range.
    private static func polygon(_ rings: [Any]) throws {
        guard !rings.isEmpty else { throw invalid("多边形没有边界环") }
        for ring in rings {
            guard let points = ring as? [[Any]], points.count >= 4 else { throw invalid("边界环至少需要 4 个坐标点（首尾相同）") }
            let pairs: [(Double, Double)] = try points.map { p in
                guard p.count >= 2, let lon = (p[0] as? NSNumber)?.doubleValue, let lat = (p[1] as? NSNumber)?.doubleValue,
                      (-180...180).contains(lon), (-90...90).contains(lat) else {
                    throw invalid("坐标须为 [经度, 纬度]，经度 −180–180，纬度 −90–90")
                }
                return (lon, lat)
            }
            guard pairs.first! == pairs.last! else { throw invalid("边界环须首尾闭合") }
        }
    }

    private static func invalid(_ why: String) -> HuiyinError {
        HuiyinError.invalid("invalid_boundary", "网格边界无效：\(why)", field: "boundary")
    }
}
