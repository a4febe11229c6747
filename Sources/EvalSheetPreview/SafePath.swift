import Foundation

/// Maps a request path onto a file under the served folder, refusing anything that leaves it:
/// `..` in any spelling, absolute paths, and symlinks whose target lies outside. Request paths arrive
/// percent-encoded (the router does not decode them) and are decoded here exactly once.
public struct SafePath: Sendable {
    public enum Refusal: Error, Equatable { case notFound, forbidden }

    public let root: URL
    let realRoot: String

    public init(root: URL) {
        self.root = root.standardizedFileURL
        realRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
    }

    public func resolve(_ relative: String) -> Result<URL, Refusal> {
        let decoded = relative.removingPercentEncoding ?? relative
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true)
        if decoded.hasPrefix("/") || decoded.contains("\\") || decoded.contains("\0")
            || parts.contains(where: { $0 == ".." || $0 == "." })
        {
            return .failure(.forbidden)
        }
        return file(parts.reduce(root) { $0.appendingPathComponent(String($1)) })
    }

    /// A file found on disk, not from a request: served only if its real path is inside the root.
    public func file(_ candidate: URL) -> Result<URL, Refusal> {
        let real = candidate.resolvingSymlinksInPath().standardizedFileURL.path
        guard real == realRoot || real.hasPrefix(realRoot + "/") else { return .failure(.forbidden) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isFolder), !isFolder.boolValue else {
            return .failure(.notFound)
        }
        return .success(URL(fileURLWithPath: real))
    }

    /// Whether a file not written yet at `candidate` would be inside the root: the nearest folder of it that exists
    /// is, by its real path (a folder on the way that is a symlink out of the root is refused).
    public func admitsNew(_ candidate: URL) -> Bool {
        var folder = candidate.standardizedFileURL.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.path) && folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        let real = folder.resolvingSymlinksInPath().standardizedFileURL.path
        return real == realRoot || real.hasPrefix(realRoot + "/")
    }

    /// The path of `url` relative to the root, for links.
    public func relative(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : url.lastPathComponent
    }
}
