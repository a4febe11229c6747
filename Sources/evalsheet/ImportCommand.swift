import ArgumentParser
import EvalSheet
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn an existing sheet (text export) or a spreadsheet of scores (XLSX, CSV) into evaluation files.",
        discussion: """
            Recognises the form from the sheet's title and indicator names (or use --form), keeps every word, \
            and reports what it could not place with line numbers. Figures typed on the sheet are kept under \
            `typed:`, so `evalsheet validate` checks them against the computed ones.

            Examples:
              evalsheet import old-sheet.txt -o Samples/2020/202008367.yaml
              evalsheet import scores.xlsx -o Samples/2021/        # the form is the sheet's name, as export writes it
              evalsheet import scores.csv --form zhongshan-2020 -o Samples/2021/
              evalsheet import unknown-sheet.txt --new-form my-county-2021 -o draft.yaml
            """)

    @Argument(help: "The sheet, exported as tab-separated text.")
    var file: String

    @Option(name: .shortAndLong, help: "The evaluation file to write (default: standard output).")
    var output: String?

    @Option(help: "The form id, when it should not be recognised.")
    var form: String?

    @Option(help: "Draft a new form with this id from the sheet's own rows into Layouts/ID/form.yaml, for a person to check.")
    var newForm: String?

    @Option(help: "Spreadsheets: the sheet to read (default: the first).")
    var sheet: String?

    @Option(help: "CSV: auto, utf-8 or gb18030.")
    var encoding: String = "auto"

    @Option(help: "Spreadsheets: the year, when there is no year column.")
    var year: Int?

    @Flag(help: "Spreadsheets: write rows with errors too (as drafts to fix), instead of skipping them.")
    var keepGoing = false

    func validate() throws {
        guard TextDecoding.Encoding(rawValue: encoding) != nil else { throw ValidationError("--encoding is auto, utf-8 or gb18030") }
    }

    @OptionGroup var layoutOptions: LayoutOptions

    func run() throws {
        let library = try layoutOptions.library()
        let url = URL(fileURLWithPath: file)
        if ["xlsx", "csv"].contains(url.pathExtension.lowercased()) { return try importSpreadsheet(url, library: library) }
        guard let data = try? Data(contentsOf: url) else {
            printError("\(file): cannot read the file")
            throw ExitCode(1)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            printError("\(file): not UTF-8 text")
            throw ExitCode(1)
        }
        if let newForm {
            let folder = library.directory.appendingPathComponent(newForm)
            guard !FileManager.default.fileExists(atPath: folder.path) else {
                printError("\(folder.path) exists already; choose another id")
                throw ExitCode(1)
            }
            do {
                let files = try FormDrafter.drafts(text: text, id: newForm, library: library)
                try OutputFolder.create(folder)
                for (name, content) in files.sorted(by: { $0.key < $1.key }) {
                    try AtomicFile.write(Data(content.utf8), to: folder.appendingPathComponent(name))
                }
                printError(files["style.yaml"] == nil ? "\(folder.path)/form.yaml: drafted; check it and add a style.yaml"
                           : "\(folder.path): form.yaml, style.yaml and sample-text.yaml drafted; check them, then import the sheet with --form \(newForm) and render it")
            } catch {
                printError("\(file): \(error)")
                throw ExitCode(1)
            }
            return
        }
        let result = SheetTextImporter.importSheet(text: text, file: file, library: library, formID: form)
        result.problems.forEach { printError("\($0)") }
        guard let draft = result.draft else { throw ExitCode(1) }
        let yaml = EvaluationYAML.write(draft)
        if let output {
            try AtomicFile.write(Data(yaml.utf8), to: URL(fileURLWithPath: output))
            // What was read, in the sheet's own terms: scores, declared indicators, funds rows, sections.
            let declared = draft.declared.reduce(0) { $0 + $1.items.count }
            let parts = ["\(draft.scores.count) scores"] + (declared > 0 ? ["\(declared) declared indicators"] : [])
                + (draft.funds.isEmpty ? [] : ["\(draft.funds.count) funds rows"]) + ["\(draft.narrative.count) sections"]
            printError("\(output): written (\(parts.joined(separator: ", ")))")
        } else {
            print(yaml, terminator: "")
        }
        if result.problems.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }

    func importSpreadsheet(_ url: URL, library: FormLibrary) throws {
        guard let output else { throw ValidationError("a spreadsheet needs -o DIR for its evaluation files") }
        let table: SpreadsheetTable
        do {
            if url.pathExtension.lowercased() == "xlsx" {
                table = try XLSXReader.read(url, sheet: sheet)
            } else {
                let data = try Data(contentsOf: url)
                table = CSVReader.read(try TextDecoding.decode(data, as: TextDecoding.Encoding(rawValue: encoding) ?? .auto))
            }
        } catch {
            printError("\(url.path): \(error)")
            throw ExitCode(1)
        }
        // The form: --form, else the sheet's name (export names it after the form), else the file's name.
        let known = library.availableIDs()
        guard let form = form ?? [table.name, url.deletingPathExtension().lastPathComponent].first(where: known.contains) else {
            throw ValidationError("which form is \(url.lastPathComponent)? Its sheet '\(table.name)' is not a form id; pass --form ID (\(known.joined(separator: ", ")))")
        }
        let loaded: Form
        switch library.form(id: form) {
        case let .success(found): loaded = found
        case let .failure(error):
            printError(error.description)
            throw ExitCode(1)
        }
        var log = DiagnosticLog(file: url.path)
        let importer = SpreadsheetImporter(form: loaded, file: url)
        let rows = importer.rows(table, year: year, log: &log).map { importer.validated($0, library: library) }
        log.entries.forEach { printError("\($0)") }
        let folder = URL(fileURLWithPath: output, isDirectory: true)
        try OutputFolder.create(folder)
        var written = 0, skipped = 0
        var names = Set<String>()
        for row in rows {
            row.problems.forEach { printError("\($0)") }
            if row.hasErrors && !keepGoing { skipped += 1; continue }
            let code = row.draft.header.first { $0.id == "code" }?.value ?? ""
            var name = OutputName.sanitized(code, fallback: "row-\(row.row + 1)")
            if names.contains(name) { name += "-row\(row.row + 1)" }
            names.insert(name)
            var draft = row.draft.movingImages(from: url.deletingLastPathComponent(), to: folder)
            if row.hasErrors { draft.draft = true }
            try AtomicFile.write(Data(EvaluationYAML.write(draft).utf8), to: folder.appendingPathComponent(name + ".yaml"))
            written += 1
        }
        print("\(written) evaluation(s) written to \(folder.path)\(skipped > 0 ? ", \(skipped) row(s) with errors skipped (--keep-going writes them)" : "")")
        if skipped > 0 || log.hasErrors { throw ExitCode(1) }
    }
}
