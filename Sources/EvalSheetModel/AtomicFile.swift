import Foundation

/// Writes files so that a reader never sees a partial one: to a temporary name in the same folder,
/// then renamed over the target (atomic on one file system). A failure leaves the old file as it was.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    /// Renames a finished temporary file over `url`.
    public static func commit(_ temporary: URL, to url: URL) throws {
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(description: "\(url.path): cannot move the finished file into place (\(reason))")
        }
    }

    public static func write(_ data: Data, to url: URL) throws {
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(description: "\(url.path): cannot write (\((error as NSError).localizedDescription))")
        }
        try commit(temporary, to: url)
    }
}
