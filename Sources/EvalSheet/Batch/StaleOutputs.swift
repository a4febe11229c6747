import Foundation

/// Where a batch puts the files of its output folder that no longer belong to a current sheet: the outputs of
/// inputs that failed, were removed or were not reached, and a volume that was not bound from the current
/// sheets. Moved, not deleted (they may be wanted for comparison), into one folder whose name says what they
/// are, with a note inside, so that whoever zips or mails the output folder can tell them apart.
public enum StaleOutputs {
    public static let folderName = "已失效"
    static let noteName = "说明.txt"
    static let note = """
        本文件夹中的文件不属于最近一次批量生成的结果：其输入已删除、已修改但未能生成（失败或中断），或汇编未按当前结果装订。
        这些文件仅供核对，请勿打印、分发或归档。每次批量生成都会更新本文件夹。
        The files in this folder are not results of the latest batch: their input was removed, or changed and
        could not be rendered (failed or interrupted), or the volume was not bound from the current sheets.
        Keep them for comparison only; do not print, send or archive them.

        """

    /// Moves each of `names` (paths relative to `folder`) that exists into the stale folder, replacing an
    /// older stale copy; returns the names moved, sorted.
    @discardableResult
    public static func moveAside(_ names: Set<String>, in folder: URL) -> [String] {
        let manager = FileManager.default
        let stale = folder.appendingPathComponent(folderName)
        var moved: [String] = []
        for name in names.sorted() where !name.isEmpty && !name.hasPrefix(folderName + "/") {
            let source = folder.appendingPathComponent(name)
            guard manager.fileExists(atPath: source.path) else { continue }
            let target = stale.appendingPathComponent(name)
            do {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? manager.removeItem(at: target)
                try manager.moveItem(at: source, to: target)
                moved.append(name)
            } catch {
                // A file that cannot be moved (a read-only folder) is removed rather than left looking current.
                if (try? manager.removeItem(at: source)) != nil { moved.append(name) }
            }
        }
        if !moved.isEmpty { try? AtomicFile.write(Data(note.utf8), to: stale.appendingPathComponent(noteName)) }
        return moved
    }

    /// Removes the stale copies of files that are current again (an input fixed after it failed), and the stale
    /// folder once it holds nothing but its note.
    public static func forget(_ current: Set<String>, in folder: URL) {
        let manager = FileManager.default
        let stale = folder.appendingPathComponent(folderName)
        guard manager.fileExists(atPath: stale.path) else { return }
        for name in current { try? manager.removeItem(at: stale.appendingPathComponent(name)) }
        let left = (manager.enumerator(atPath: stale.path)?.allObjects as? [String] ?? []).filter {
            $0 != noteName && !isFolder(stale.appendingPathComponent($0))
        }
        if left.isEmpty { try? manager.removeItem(at: stale) }
    }

    static func isFolder(_ url: URL) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &folder) && folder.boolValue
    }
}
