import EvalSheetTables
import EvalSheetCairo
import Foundation

/// Binds every sheet of a batch into one PDF: cover, table of contents with page numbers, every sheet
/// in budget-code order (each keeps its own 第 N 页 共 M 页 and carries the volume's page number, 汇编第 N 页,
/// which the contents refer to), and one bookmark per project. Sheets are laid out one at a time, so memory
/// does not grow with the number of sheets. Only rendered sheets are bound, and drafts only when asked
/// (`includeDrafts`: each is marked in the contents, and the cover counts them); the others (failed,
/// interrupted, drafts left out) are counted on the cover as 不完整.
public enum VolumeBuilder {
    /// A Ctrl-C while binding: the volume is not written (`batch` then moves an older one aside).
    public struct Interrupted: MessageError {
        public var message: Message {
            Message(
                "volume-interrupted", en: "interrupted while binding; no volume written",
                zh: "装订时被中断；没有写出合订本")
        }
    }

    /// Which sheets a volume binds and how many of the batch it leaves out.
    public struct Contents: Sendable {
        public var rows: [BatchRow]
        public var missing: Int
        public var drafts: Int { rows.filter(\.draft).count }

        public init(_ manifest: BatchManifest, includeDrafts: Bool) {
            let all = BatchSummary.rows(manifest).map(\.row)
            rows = all.filter { $0.status == .rendered && (includeDrafts || !$0.draft) }
            missing = all.count - rows.count
        }
    }

    /// What the volume is made from: the bound sheets' hashes, what it leaves out and how it is printed. The
    /// batch keeps it beside the volume (`.evalsheet-volume.key`): a volume whose key is not the current
    /// sheets' is stale.
    public static func key(_ manifest: BatchManifest, includeDrafts: Bool, language: Language) -> String {
        var key = ContentHash()
        key.add(EngineVersion.current)
        key.add(language.rawValue)
        key.add(includeDrafts ? "drafts bound" : "drafts left out")
        for (input, entry) in manifest.entries.sorted(by: { $0.key < $1.key }) {
            key.add(input)
            key.add(entry.hash)
            if entry.row.draft { key.add("draft") }
        }
        for input in manifest.failures.keys.sorted() { key.add("missing " + input) }
        return key.hex
    }

    /// `progress(done, total)` after each sheet of each of the two passes (total is twice the sheets);
    /// `shouldStop` is asked before each sheet, and a stop throws `Interrupted` with nothing written.
    public static func build(
        _ contents: Contents, inputFolder: URL, layouts: URL, fonts: URL, language: Language, to url: URL,
        progress: (Int, Int) -> Void = { _, _ in }, shouldStop: () -> Bool = { false }
    ) throws -> (pages: Int, sheets: Int) {
        let rows = contents.rows
        guard let first = rows.first else {
            throw RenderError(Message("volume-empty", en: "no sheets to bind", zh: "没有可装订的评分表"))
        }
        let renderer = try SheetRenderer(fontsDirectory: fonts)
        let library = FormLibrary(directory: layouts)
        let steps = 2 * rows.count
        var done = 0
        func sheet(_ row: BatchRow) throws -> ScoredSheet {
            if shouldStop() { throw Interrupted() }
            return try library.scoreFile(inputFolder.appendingPathComponent(row.input)).get()
        }
        func step() {
            done += 1
            progress(done, steps)
        }
        // First pass: how long each sheet is, and the day the last of them was signed (the cover's date: the
        // volume's content is final then; the same input gives the same bytes, as for the sheets).
        var lengths: [Int] = []
        var latest: (date: SignOffDate, text: String)?
        for row in rows {
            let scored = try sheet(row)
            lengths.append(renderer.layout(scored, language: language).pages.count)
            if let date = scored.signoffDate, latest.map({ date > $0.date }) ?? true {
                latest = (date, SheetText(scored, language: language).date(date))
            }
            step()
        }
        let form = try sheet(first).form
        func entries(offset: Int) -> [VolumeLayout.Entry] {
            var page = offset + 1
            return zip(rows, lengths).map { row, length in
                defer { page += length }
                return VolumeLayout.Entry(
                    code: row.code, project: row.project, unit: row.unit, grade: row.grade, firstPage: page,
                    draft: row.draft)
            }
        }
        func front(_ offset: Int) -> LaidOutDocument {
            renderer.frontMatter(
                form: form, title: first.formTitle, institution: first.institution, year: first.year,
                entries: entries(offset: offset), missing: contents.missing, date: latest?.text, language: language)
        }
        // The contents' length does not depend on the numbers in it (one line per sheet).
        let frontPages = front(0).pages.count
        let matter = front(frontPages)
        let writer = try PDFWriter(
            url: url, metadata: matter.metadata, firstPageSize: (matter.pages[0].width, matter.pages[0].height),
            fonts: renderer.faces)
        writer.append(matter, outline: .none)
        for (entry, row) in zip(entries(offset: frontPages), rows) {
            writer.append(
                renderer.layout(try sheet(row), language: language, folio: entry.firstPage),
                outline: .single("\(row.code) \(row.project)"))
            step()
        }
        try writer.finish()
        return (writer.pageCount, rows.count)
    }
}
