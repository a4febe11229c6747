import Foundation

/// Creates the folder outputs go to, with a message a user can act on: Foundation's own errors name
/// Cocoa error codes ("Code=516 A file with the same name already exists").
public enum OutputFolder {
    public static func create(_ folder: URL) throws(AtomicFile.WriteError) {
        var path = folder.standardizedFileURL
        // The nearest part of the path that exists must be a folder.
        while !FileManager.default.fileExists(atPath: path.path) && path.path != "/" { path.deleteLastPathComponent() }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw AtomicFile.WriteError(
                path.path == folder.standardizedFileURL.path
                    ? Message(
                        "output-is-a-file", en: "\(folder.path) is a file, not a folder",
                        zh: "\(folder.path) 是文件，不是文件夹")
                    : Message(
                        "output-under-a-file",
                        en: "\(path.path) is a file, so the folder \(folder.path) cannot be made",
                        zh: "\(path.path) 是文件，因此无法建立文件夹 \(folder.path)"))
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).map {
                String(cString: strerror(Int32($0.code)))
            }
            throw AtomicFile.WriteError(
                Message(
                    "cannot-create-folder", en: "\(folder.path): cannot create the folder (\(reason ?? "\(error)"))",
                    zh: "\(folder.path)：无法建立文件夹（\(reason ?? "\(error)")）"))
        }
        guard access(folder.path, W_OK) == 0 else {
            throw AtomicFile.WriteError(
                Message(
                    "folder-not-writable",
                    en: "\(folder.path): the folder is not writable (\(String(cString: strerror(errno))))",
                    zh: "\(folder.path)：文件夹不可写（\(String(cString: strerror(errno)))）"))

        }
    }
}
