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
                description: path.path == folder.standardizedFileURL.path
                    ? "\(folder.path) is a file, not a folder"
                    : "\(path.path) is a file, so the folder \(folder.path) cannot be made")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).map {
                String(cString: strerror(Int32($0.code)))
            }
            throw AtomicFile.WriteError(
                description: "\(folder.path): cannot create the folder (\(reason ?? "\(error)"))")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw AtomicFile.WriteError(
                description: "\(folder.path): the folder is not writable (\(String(cString: strerror(errno))))")
        }
    }
}
