import CInflate
import EvalSheetModel
import Foundation

/// The parts of a ZIP file (a workbook) by name, read from its central directory, each inflated with zlib on
/// request. ZIPFoundation 0.9's reader is not used for this: its inflate loop never ends on a deflate stream that
/// stops short at the end of the file (its reader then hands it empty chunks for ever), so a 15 KB damaged
/// workbook hung `import` (found by scripts/fuzz.sh, kept in Fixtures/fuzz-crashes). Here a part's bytes are cut
/// from the file by its sizes and a stream that does not end inside them is an error.
struct ZipEntries {
    struct Entry {
        var method: UInt16
        var compressedSize: Int
        var uncompressedSize: Int
        var crc32: UInt32
        var localHeader: Int
    }

    let bytes: [UInt8]
    private(set) var entries: [String: Entry] = [:]

    /// Nil when the file is not a ZIP archive (no end of central directory, or a directory that runs outside the
    /// file). ZIP64 archives are not read: a workbook is far below their 4 GB.
    init?(_ data: Data) {
        bytes = [UInt8](data)
        guard let end = Self.endOfDirectory(bytes) else { return nil }
        let count = Int(word16(end + 10)), size = Int(word32(end + 12)), start = Int(word32(end + 16))
        guard start + size <= end else { return nil }
        var at = start
        for _ in 0..<count {
            guard at + 46 <= end, word32(at) == 0x0201_4b50 else { return nil }
            let nameLength = Int(word16(at + 28)), extra = Int(word16(at + 30)), comment = Int(word16(at + 32))
            guard at + 46 + nameLength <= end else { return nil }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            entries[name] = Entry(
                method: word16(at + 10), compressedSize: Int(word32(at + 20)), uncompressedSize: Int(word32(at + 24)),
                crc32: word32(at + 16), localHeader: Int(word32(at + 42)))
            at += 46 + nameLength + extra + comment
        }
    }

    /// The end-of-central-directory record: searched from the end, over a comment of up to 64 KB.
    static func endOfDirectory(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var at = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while at >= lowest {
            if bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x05, bytes[at + 3] == 0x06 { return at }
            at -= 1
        }
        return nil
    }

    func word16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }

    func word32(_ at: Int) -> UInt32 { UInt32(word16(at)) | UInt32(word16(at + 2)) << 16 }

    enum Failure: Error { case damaged, tooLarge }

    /// A part's bytes, inflated, at most `limit` of them; nil when there is no such part.
    func data(_ name: String, limit: Int) throws -> Data? {
        guard let entry = entries[name] else { return nil }
        guard entry.uncompressedSize <= limit else { throw Failure.tooLarge }
        let header = entry.localHeader
        guard header + 30 <= bytes.count, word32(header) == 0x0403_4b50 else { throw Failure.damaged }
        let start = header + 30 + Int(word16(header + 26)) + Int(word16(header + 28))
        guard start + entry.compressedSize <= bytes.count else { throw Failure.damaged }
        let stored = Array(bytes[start..<(start + entry.compressedSize)])
        let result: [UInt8]
        switch entry.method {
        case 0: result = stored
        case 8: result = try Self.inflate(stored, expected: entry.uncompressedSize, limit: limit)
        default: throw Failure.damaged
        }
        guard result.count == entry.uncompressedSize, Self.crc32(result) == entry.crc32 else { throw Failure.damaged }
        return Data(result)
    }

    /// Raw deflate (no zlib header) of the whole input: an error unless the stream ends inside it, and more than
    /// `limit` bytes out is an error too.
    static func inflate(_ input: [UInt8], expected: Int, limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure.damaged
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(1, min(limit, expected) + 1))
        var input = input
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return CInflate.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Failure.damaged }
        return Array(output.prefix(Int(stream.total_out)))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CInflate.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }
}
