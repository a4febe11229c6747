import Foundation

/// Finds EvalSheet's data (`Layouts/`, the prepared fonts) for a command run from anywhere: an explicit
/// option, then an environment variable, then beside the real executable (symlinks and PATH entries
/// resolved through /proc/self/exe): an installed tree (`PREFIX/bin/evalsheet` with
/// `PREFIX/share/evalsheet/…`) or a checkout (`.build/release/evalsheet` under the checkout), and last the
/// working directory and its parents.
public enum Locations {
    /// Where `make install` puts the data, relative to the prefix.
    public static let installedData = "share/evalsheet"

    public static func layouts(explicit: String? = nil) -> URL? {
        find(explicit: explicit, variable: "EVALSHEET_LAYOUTS", relative: "Layouts")
    }

    public static func fonts(explicit: String? = nil) -> URL? {
        find(explicit: explicit, variable: "EVALSHEET_FONTS", relative: "Fonts/build")
    }

    /// The executable's real path: `/proc/self/exe` on Linux, else argv[0] with its symlinks resolved.
    public static var executable: URL {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target)
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    }

    /// Where a render may write caches (fontconfig's): `$XDG_CACHE_HOME/evalsheet`, else `~/.cache/evalsheet`,
    /// else a folder in the temporary directory; never the install tree.
    public static var cache: URL {
        let environment = ProcessInfo.processInfo.environment
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg, isDirectory: true)
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            base = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache")
        } else {
            base = FileManager.default.temporaryDirectory
        }
        return base.appendingPathComponent("evalsheet", isDirectory: true)
    }

    /// The places searched, in order, with what each would give: for `evalsheet doctor` and for messages.
    public static func searched(variable: String, relative: String) -> [String] {
        ["$\(variable)"]
            + starts.map { $0.path + " (and parents): " + relative + " or " + installedData + "/" + relative }
    }

    static var starts: [URL] {
        [
            executable.deletingLastPathComponent(),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        ]
    }

    static func find(explicit: String?, variable: String, relative: String) -> URL? {
        if let explicit { return URL(fileURLWithPath: explicit, isDirectory: true) }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty {
            return URL(fileURLWithPath: value, isDirectory: true)
        }
        for start in starts {
            var folder = start.standardizedFileURL
            for _ in 0..<8 {
                for candidate in [
                    folder.appendingPathComponent(relative, isDirectory: true),
                    folder.appendingPathComponent(installedData, isDirectory: true).appendingPathComponent(
                        relative, isDirectory: true)
                ]
                where FileManager.default.fileExists(atPath: candidate.path) {
                    return candidate
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }
}
