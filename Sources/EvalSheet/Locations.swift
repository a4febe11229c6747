import Foundation

/// Finds the project's data folders (`Layouts/`, prepared fonts) for a command run from anywhere:
/// an explicit path, then an environment variable, then the working directory and its parents,
/// then the executable's folder and its parents (a built binary lives under `.build/`).
public enum Locations {
    public static func layouts(explicit: String? = nil) -> URL? {
        find(explicit: explicit, variable: "EVALSHEET_LAYOUTS", relative: "Layouts",
             marker: { FileManager.default.fileExists(atPath: $0.path) })
    }

    public static func fonts(explicit: String? = nil) -> URL? {
        find(explicit: explicit, variable: "EVALSHEET_FONTS", relative: "Fonts/build",
             marker: { FileManager.default.fileExists(atPath: $0.path) })
    }

    static func find(explicit: String?, variable: String, relative: String, marker: (URL) -> Bool) -> URL? {
        if let explicit { return URL(fileURLWithPath: explicit, isDirectory: true) }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty {
            return URL(fileURLWithPath: value, isDirectory: true)
        }
        let starts = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent(),
        ]
        for start in starts {
            var folder = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent(relative, isDirectory: true)
                if marker(candidate) { return candidate }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }
}
