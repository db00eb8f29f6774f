import Foundation

/// The shared data copied into `Tests/Data` (so a clean clone tests without `../shared`).
public enum SharedTestData {
    public static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data").appendingPathComponent(name)
    }
}
