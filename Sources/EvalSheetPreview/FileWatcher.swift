import Foundation

/// Notices when any file under some folders changes (saved, added, removed) by polling their
/// modification times; the generation number goes up on every change. Polling keeps it portable and
/// needs no descriptor per file; a few hundred files cost well under a millisecond a poll.
public actor FileWatcher {
    public private(set) var generation = 0
    let folders: [URL]
    var fingerprint: [String: Date] = [:]

    public init(folders: [URL]) {
        self.folders = folders
    }

    public func start(every interval: Duration = .milliseconds(250)) {
        fingerprint = scan()
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                poll()
            }
        }
    }

    func poll() {
        let now = scan()
        if now != fingerprint {
            fingerprint = now
            generation += 1
        }
    }

    nonisolated func scan() -> [String: Date] {
        var result: [String: Date] = [:]
        for folder in folders {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else { continue }
            if !isFolder.boolValue {
                result[folder.path] =
                    (try? folder.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
                continue
            }
            let walker = FileManager.default.enumerator(
                at: folder, includingPropertiesForKeys: [.contentModificationDateKey],
                options: [.skipsHiddenFiles])
            while let url = walker?.nextObject() as? URL {
                result[url.path] =
                    (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
                    ?? .distantPast
            }
        }
        return result
    }
}
