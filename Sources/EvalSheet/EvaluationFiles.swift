import Foundation

public struct MissingInputError: MessageError {
    public var path: String
    public var message: Message {
        Message("no-such-file", en: "\(path): no such file or folder", zh: "\(path)：没有这个文件或文件夹")
    }
}

/// Expands the command line's files and folders into evaluation files, in a stable order.
public enum EvaluationFiles {
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    public static func expand(_ paths: [String]) throws -> [URL] {
        var result: [URL] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw MissingInputError(path: path)
            }
            let url = URL(fileURLWithPath: path)
            guard isFolder.boolValue else { result.append(url); continue }
            let walker = FileManager.default.enumerator(
                at: url, includingPropertiesForKeys: [.isRegularFileKey],
                options: [.skipsHiddenFiles])
            var found: [URL] = []
            while let item = walker?.nextObject() as? URL {
                if extensions.contains(item.pathExtension.lowercased()) { found.append(item) }
            }
            result += found.sorted { $0.path < $1.path }
        }
        return result
    }
}
