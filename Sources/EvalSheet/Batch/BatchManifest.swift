import Foundation

/// What a batch run keeps in its output folder: for each input, the hash it was rendered from, its
/// outputs and its summary row, or the row of its failure. One file per shard, so that shards on other
/// machines never clash.
///
/// The file is a journal of JSON lines: the first names the engine, each further line is the record of
/// one input, and a later record of an input replaces an earlier one. A running batch appends a line when
/// each sheet is planned and when it finishes (`ManifestJournal`) and rewrites the file with one line per
/// input at its end (`compact`). It was one JSON object, kept whole in memory and re-encoded up to four
/// times a second: with the plans' rows that held about 4 KB an input, and a 3,000-sheet batch grew from
/// 76 to 89 MB resident while rendering (scripts/batch-memory.sh).
public struct BatchManifest: Sendable {
    public struct Entry: Codable, Sendable {
        public var input: String
        public var hash: String
        public var outputs: [String]
        public var row: BatchRow
    }

    public var entries: [String: Entry] = [:]
    /// Inputs that failed or were not reached, by input; retried by the next run.
    public var failures: [String: BatchRow] = [:]

    public init() {}

    /// One line: an entry (with its hash and outputs) or a failure (without).
    struct Record: Codable {
        var input: String
        var hash: String?
        var outputs: [String]?
        var row: BatchRow
    }

    struct Header: Codable { var engine: String }

    /// A record's input alone: compacting does not decode the rows.
    struct Key: Decodable { var input: String }

    /// What deciding to skip an input needs: its hash and outputs, without the row.
    public struct Rendered: Decodable, Sendable {
        public var input: String
        public var hash: String?
        public var outputs: [String]?
    }

    static let headerLine = Data(
        (String(decoding: try! JSONEncoder().encode(Header(engine: EngineVersion.current)), as: UTF8.self) + "\n").utf8)

    public static func fileName(shard: BatchShard) -> String {
        shard.count == 1 ? ".evalsheet-batch.json" : ".evalsheet-batch.\(shard.index)-of-\(shard.count).json"
    }

    static func line(_ record: Record) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(record)) ?? Data()
        data.append(0x0A)
        return data
    }

    static func line(entry: Entry) -> Data {
        line(Record(input: entry.input, hash: entry.hash, outputs: entry.outputs, row: entry.row))
    }
    static func line(failure row: BatchRow) -> Data {
        line(Record(input: row.input, hash: nil, outputs: nil, row: row))
    }

    /// Where a line is in its file.
    struct LinePlace { var offset: UInt64; var count: Int }

    /// Each line of a manifest after its header, with where it is, read in blocks of 1 MB: nothing for a
    /// manifest of another engine, a damaged header or no file; a line cut short by a kill is passed on and
    /// fails to decode. Not mapped: a journal of 10,000 sheets (two lines a sheet until it is compacted,
    /// 14 MB) mapped and read counted whole in the batch's resident memory (98 MB at its end against 78
    /// while rendering).
    static func forEachLine(_ url: URL, _ body: (Data, LinePlace) -> Void) {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return }
        defer { try? handle.close() }
        var pending = Data()
        var offset: UInt64 = 0
        var header = true
        func take(_ line: Data) -> Bool {
            defer { offset += UInt64(line.count + 1) }
            if header {
                header = false
                return (try? JSONDecoder().decode(Header.self, from: line))?.engine == EngineVersion.current
            }
            if !line.isEmpty { body(line, LinePlace(offset: offset, count: line.count)) }
            return true
        }
        while let block = try? handle.read(upToCount: 1 << 20), !block.isEmpty {
            pending.append(block)
            var start = pending.startIndex
            while let end = pending[start...].firstIndex(of: 0x0A) {
                guard take(pending[start..<end]) else { return }
                start = end + 1
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { _ = take(pending) }
    }

    /// The lines at `places` (each in one of `files`), in that order.
    static func readLines(_ files: [URL], at places: [(file: Int, line: LinePlace)], _ body: (Data) throws -> Void)
        throws
    {
        let handles = files.map { FileHandle(forReadingAtPath: $0.path) }
        defer { handles.forEach { try? $0?.close() } }
        for place in places {
            guard let handle = handles[place.file] else { continue }
            try handle.seek(toOffset: place.line.offset)
            try body(try handle.read(upToCount: place.line.count) ?? Data())
        }
    }

    /// The manifests in a folder (one per shard), in name order.
    static func fileNames(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            .filter { $0.hasPrefix(".evalsheet-batch") && $0.hasSuffix(".json") }
    }

    public static func load(_ url: URL) -> BatchManifest {
        var manifest = BatchManifest()
        let decoder = JSONDecoder()
        forEachLine(url) { line, _ in
            guard let record = try? decoder.decode(Record.self, from: line) else { return }
            if let hash = record.hash {
                manifest.entries[record.input] = Entry(
                    input: record.input, hash: hash, outputs: record.outputs ?? [], row: record.row)
                manifest.failures[record.input] = nil
            } else {
                manifest.failures[record.input] = record.row
                manifest.entries[record.input] = nil
            }
        }
        return manifest
    }

    /// The rendered inputs of a manifest with their hashes and outputs (what a run compares, without the rows).
    public static func rendered(_ url: URL) -> [String: Rendered] { scan(url).rendered }

    /// In one reading: the rendered inputs (the last record of each), and every output named by any record (after
    /// a killed run the journal still holds the records that later lines replaced, and their outputs may still be
    /// on disk).
    public static func scan(_ url: URL) -> (rendered: [String: Rendered], outputs: Set<String>) {
        var result: [String: Rendered] = [:]
        var outputs = Set<String>()
        let decoder = JSONDecoder()
        forEachLine(url) { line, _ in
            guard let record = try? decoder.decode(Rendered.self, from: line) else { return }
            result[record.input] = record.hash == nil ? nil : record
            outputs.formUnion(record.outputs ?? [])
        }
        return (result, outputs)
    }

    /// Every manifest in a folder (all shards), merged.
    public static func loadAll(in folder: URL) -> BatchManifest {
        var merged = BatchManifest()
        for name in fileNames(in: folder) {
            let manifest = load(folder.appendingPathComponent(name))
            for (key, entry) in manifest.entries { merged.entries[key] = entry }
            for (key, row) in manifest.failures { merged.failures[key] = row }
        }
        return merged
    }

    /// Rewrites a manifest with the last record of each of `inputs`, in input order (a journal that a run
    /// appended to holds its inputs' earlier records too, and those of inputs no longer there). The lines
    /// are copied as they are, not decoded.
    public static func compact(_ url: URL, keeping inputs: Set<String>) throws {
        var last: [String: LinePlace] = [:]
        let decoder = JSONDecoder()
        forEachLine(url) { line, place in
            if let key = try? decoder.decode(Key.self, from: line), inputs.contains(key.input) {
                last[key.input] = place
            }
        }
        try AtomicFile.stream(to: url) { out in
            try out.write(headerLine)
            try readLines([url], at: last.keys.sorted().map { (0, last[$0]!) }) { line in
                try out.write(line)
                try out.write(Data([0x0A]))
            }
        }
    }

    /// A whole manifest, written at once (one line per input, in input order).
    public func save(_ url: URL) throws {
        var out = Self.headerLine
        for input in entries.keys.sorted() { out.append(Self.line(entry: entries[input]!)) }
        for input in failures.keys.sorted() { out.append(Self.line(failure: failures[input]!)) }
        try AtomicFile.write(out, to: url)
    }
}

/// The manifest of a running batch: a line appended as each sheet finishes, so that a run killed at any
/// moment resumes where it stopped, with nothing of the records kept in memory.
final class ManifestJournal: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()

    /// Appends to the manifest at `url` if it is this engine's; any other (an older engine's, a damaged one,
    /// none) is replaced by an empty one first.
    init(_ url: URL) throws {
        var current = false
        if let handle = FileHandle(forReadingAtPath: url.path) {
            current = (try? handle.read(upToCount: BatchManifest.headerLine.count)) == BatchManifest.headerLine
            try? handle.close()
        }
        if !current { try AtomicFile.write(BatchManifest.headerLine, to: url) }
        descriptor = open(url.path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw AtomicFile.WriteError(
                Message(
                    "cannot-write", en: "\(url.path): cannot write (\(String(cString: strerror(errno))))",
                    zh: "\(url.path)：无法写入（\(String(cString: strerror(errno)))）"))
        }
        // A run killed in the middle of a line left it without its end: the next line starts on a line of its own.
        var last: UInt8 = 0x0A
        let size = lseek(descriptor, 0, SEEK_END)
        if size > 0, pread(descriptor, &last, 1, size - 1) == 1, last != 0x0A { append(Data([0x0A])) }
    }

    deinit { close(descriptor) }

    func record(_ entry: BatchManifest.Entry) { append(BatchManifest.line(entry: entry)) }

    func record(failure row: BatchRow) { append(BatchManifest.line(failure: row)) }

    /// One write of a whole line (O_APPEND: lines of two workers never interleave). A line that cannot be
    /// written (a full disk) is lost like a killed run's: its sheet is rendered again by the next run.
    private func append(_ line: Data) {
        lock.withLock {
            line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 {
                        // Whatever part went out ends here, so that it spoils no later line.
                        if offset > 0 { _ = write(descriptor, "\n", 1) }
                        return
                    }
                    offset += written
                }
            }
        }
    }
}
