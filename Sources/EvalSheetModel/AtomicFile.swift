import Foundation

/// Writes files so that a reader never sees a partial one: to a temporary name in the same folder,
/// then renamed over the target (atomic on one file system). A failure leaves the old file as it was.
public enum AtomicFile {
    public struct WriteError: MessageError {
        public var message: Message
        public init(_ message: Message) { self.message = message }
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
            throw WriteError(
                Message(
                    "cannot-move-into-place", en: "\(url.path): cannot move the finished file into place (\(reason))",
                    zh: "\(url.path)：无法把写好的文件移到位（\(reason)）"))
        }
    }

    public static func write(_ data: Data, to url: URL) throws {
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(
                Message(
                    "cannot-write", en: "\(url.path): cannot write (\((error as NSError).localizedDescription))",
                    zh: "\(url.path)：无法写入（\((error as NSError).localizedDescription)）"))
        }
        try commit(temporary, to: url)
    }

    /// Writes a file piece by piece through `body` (a batch summary of 10,000 rows is never held whole), to
    /// a temporary name renamed into place once `body` returns and every byte is written.
    public static func stream(to url: URL, _ body: (TextStream) throws -> Void) throws {
        let temporary = temporaryURL(for: url)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary.path)
        else {
            throw WriteError(
                Message(
                    "cannot-write", en: "\(url.path): cannot write (\(String(cString: strerror(errno))))",
                    zh: "\(url.path)：无法写入（\(String(cString: strerror(errno)))）"))
        }
        let stream = TextStream(handle)
        do {
            try body(stream)
            try stream.flush()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error as? WriteError
                ?? WriteError(
                    Message(
                        "cannot-write", en: "\(url.path): cannot write (\((error as NSError).localizedDescription))",
                        zh: "\(url.path)：无法写入（\((error as NSError).localizedDescription)）"))
        }
        try commit(temporary, to: url)
    }

    /// Text written to a file in blocks of 64 KB.
    public final class TextStream {
        private let handle: FileHandle
        private var buffer = Data()

        init(_ handle: FileHandle) { self.handle = handle }

        public func write(_ text: String) throws {
            buffer.append(contentsOf: text.utf8)
            try flushWhenFull()
        }

        public func write(_ data: Data) throws {
            buffer.append(data)
            try flushWhenFull()
        }

        private func flushWhenFull() throws {
            if buffer.count >= 1 << 16 { try flush() }
        }

        func flush() throws {
            guard !buffer.isEmpty else { return }
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
