import Foundation

/// The last PDFs and PNGs the preview rendered, reused while nothing they depend on has changed: the
/// watcher's generation (any change under the folder or the forms) and the file's size and date.
/// Without it, twenty browsers asking for the same PDF queued twenty renders on the one render thread.
final class RenderCache: @unchecked Sendable {
    private struct Entry {
        var stamp: String
        var data: Data
        var used: Int
    }

    private var entries: [String: Entry] = [:]
    private var clock = 0
    private let lock = NSLock()
    let capacity: Int

    init(capacity: Int = 48) { self.capacity = capacity }

    /// What identifies the state of `file` when it is rendered.
    static func stamp(generation: Int, file: URL) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let date = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = attributes?[.size] as? Int ?? -1
        return "\(generation)|\(date)|\(size)"
    }

    func data(for key: String, stamp: String) -> Data? {
        lock.withLock {
            guard var entry = entries[key], entry.stamp == stamp else { return nil }
            clock += 1
            entry.used = clock
            entries[key] = entry
            return entry.data
        }
    }

    func store(_ data: Data, for key: String, stamp: String) {
        lock.withLock {
            clock += 1
            entries[key] = Entry(stamp: stamp, data: data, used: clock)
            if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
                entries[oldest] = nil
            }
        }
    }
}
