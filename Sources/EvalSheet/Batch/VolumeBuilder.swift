import EvalSheetCairo
import Foundation

/// Binds every sheet of a batch into one PDF: cover, table of contents with page numbers, every sheet
/// in budget-code order (each keeps its own 第 N 页 共 M 页 and carries the volume's page number, 汇编第 N 页,
/// which the contents refer to), and one bookmark per project. Sheets are laid out one at a time, so memory
/// does not grow with the number of sheets. Only rendered sheets are bound; `missing` failed or
/// interrupted ones are named on the cover as 不完整.
public enum VolumeBuilder {
    public static func build(manifest: BatchManifest, inputFolder: URL, layouts: URL, fonts: URL,
                             language: Language, to url: URL) throws -> (pages: Int, sheets: Int) {
        let rows = BatchSummary.rows(manifest).filter { $0.row.status == .rendered }.map(\.row)
        let missing = manifest.failures.count
        guard let first = rows.first else { throw RenderError("no sheets to bind") }
        let renderer = try SheetRenderer(fontsDirectory: fonts)
        let library = FormLibrary(directory: layouts)
        func sheet(_ row: BatchRow) throws -> ScoredSheet {
            try library.scoreFile(inputFolder.appendingPathComponent(row.input)).get()
        }
        // First pass: how long each sheet is.
        var lengths: [Int] = []
        for row in rows { lengths.append(renderer.layout(try sheet(row), language: language).pages.count) }
        let form = try sheet(first).form
        func entries(offset: Int) -> [VolumeLayout.Entry] {
            var page = offset + 1
            return zip(rows, lengths).map { row, length in
                defer { page += length }
                return VolumeLayout.Entry(code: row.code, project: row.project, unit: row.unit, grade: row.grade, firstPage: page)
            }
        }
        func front(_ offset: Int) -> LaidOutDocument {
            renderer.frontMatter(form: form, title: first.formTitle, institution: first.institution, year: first.year,
                                 entries: entries(offset: offset), missing: missing, language: language)
        }
        // The contents' length does not depend on the numbers in it (one line per sheet).
        let frontPages = front(0).pages.count
        let matter = front(frontPages)
        let writer = try PDFWriter(url: url, metadata: matter.metadata, firstPageSize: (matter.pages[0].width, matter.pages[0].height),
                                   fonts: renderer.faces)
        writer.append(matter, outline: .none)
        for (entry, row) in zip(entries(offset: frontPages), rows) {
            writer.append(renderer.layout(try sheet(row), language: language, folio: entry.firstPage),
                          outline: .single("\(row.code) \(row.project)"))
        }
        try writer.finish()
        return (writer.pageCount, rows.count)
    }
}
