import EvalSheetModel
import Foundation
import ZIPFoundation

/// One file of a ZIP-based document package (an OOXML part of XLSX or DOCX, an OFD file).
public struct PackagePart: Sendable {
    public var path: String
    public var data: Data

    public init(_ path: String, _ data: Data) { self.path = path; self.data = data }
    public init(_ path: String, xml: String) { self.init(path, Data(xml.utf8)) }
}

/// Writes document packages: the parts in the order given, deflated, with one fixed date, so that the
/// same input gives the same bytes; to a temporary file that is renamed into place only when complete.
public enum ZipPackage {
    /// 2020-09-13, any fixed date: ZIP entries carry a modification time, and a real one would make
    /// every render differ.
    static let fixedDate = Date(timeIntervalSince1970: 1_600_000_000)

    public static func write(_ parts: [PackagePart], to url: URL) throws {
        try AtomicFile.write(try data(parts), to: url)
    }

    /// The package's bytes. Built in memory: ZIPFoundation's `Archive(url:)` leaks the C string of the
    /// path it opens (Foundation's `fileSystemRepresentation`, never freed), about 50 bytes a document,
    /// which valgrind counted as one lost block per OFD written (scripts/reliability.sh, 2 and 22 renders).
    public static func data(_ parts: [PackagePart]) throws -> Data {
        do {
            let archive = try Archive(accessMode: .create)
            for part in parts {
                let data = part.data
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                    compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let data = archive.data else {
                throw AtomicFile.WriteError(
                    Message("package-not-built", en: "the package was not built", zh: "文件包没有生成"))
            }
            return data
        } catch let error as AtomicFile.WriteError {
            throw error
        } catch {
            throw AtomicFile.WriteError(
                Message("cannot-build-package", en: "cannot build the package (\(error))", zh: "无法生成文件包（\(error)）"))
        }
    }
}
