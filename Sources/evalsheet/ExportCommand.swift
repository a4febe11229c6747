import ArgumentParser
import EvalSheet
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a folder of evaluations as one spreadsheet (XLSX or CSV), one project per row.",
        discussion: """
            Edit it in Excel or WPS and bring it back with `evalsheet import FILE --form ID -o DIR`.

            --template writes a blank workbook of a form for staff to fill: drop-downs for options, number \
            ranges for scores and deductions, and a sheet 填写说明 that says what each column takes.

            Examples:
              evalsheet export Samples/zhongshan-2020 -o scores.xlsx
              evalsheet export Samples/zhongshan-2020 -o scores.csv
              evalsheet export --template --form mof-2020-self-evaluation -o blank.xlsx
            """)

    @Argument(help: "The folder of evaluations.")
    var input: String?

    @Flag(help: "Write a blank workbook of --form to fill in (XLSX), with checks on what is typed and instructions.")
    var template = false

    @Option(name: .shortAndLong, help: "The spreadsheet to write: .xlsx or .csv.")
    var output: String

    @Option(help: "The form id (default: the form of the first evaluation).")
    var form: String?

    @OptionGroup var layoutOptions: LayoutOptions

    func validate() throws {
        if template {
            guard form != nil else { throw ValidationError("--template needs --form ID") }
            guard output.lowercased().hasSuffix(".xlsx") else { throw ValidationError("--template writes an .xlsx workbook") }
        } else if input == nil {
            throw ValidationError("give the folder of evaluations to export (or --template --form ID for a blank workbook)")
        }
    }

    func run() throws {
        let library = try layoutOptions.library()
        if template, let form {
            switch library.form(id: form) {
            case let .success(loaded):
                try SpreadsheetExporter.xlsx(SpreadsheetExporter.template(form: loaded), to: URL(fileURLWithPath: output))
                print("\(output): blank workbook of \(form) (fill from row 3; `evalsheet import \(output) -o DIR` reads it back)")
                return
            case let .failure(error):
                printError(error.description)
                throw ExitCode(1)
            }
        }
        guard let input else { return }
        var drafts: [EvaluationDraft] = []
        var chosen: Form?
        var failed = false
        for url in try EvaluationFiles.expand([input]) {
            var log = DiagnosticLog(file: url.path)
            guard let evaluation = EvaluationLoader.load(url: url, log: &log) else {
                log.entries.forEach { printError("\($0)") }
                failed = true
                continue
            }
            guard case let .success(loaded) = library.form(id: form ?? evaluation.formID) else {
                printError("\(url.path): unknown form \(form ?? evaluation.formID)")
                failed = true
                continue
            }
            if chosen == nil { chosen = loaded }
            guard loaded.id == chosen?.id, evaluation.formID == loaded.id else {
                printError("\(url.path): form \(evaluation.formID) is not \(chosen?.id ?? ""); one spreadsheet holds one form")
                failed = true
                continue
            }
            // Image paths as seen from the spreadsheet, where the import will look for them.
            drafts.append(EvaluationDraft(evaluation, form: loaded).movingImages(from: url.deletingLastPathComponent(),
                                                                               to: URL(fileURLWithPath: output).deletingLastPathComponent()))
        }
        guard let chosen else { throw ValidationError("no evaluations in \(input)") }
        let table = SpreadsheetExporter.table(drafts, form: chosen)
        let url = URL(fileURLWithPath: output)
        if url.pathExtension.lowercased() == "xlsx" {
            try SpreadsheetExporter.xlsx(table, numericColumns: SpreadsheetExporter.numericColumns(table, form: chosen), to: url)
        } else {
            try AtomicFile.write(SpreadsheetExporter.csv(table), to: url)
        }
        print("\(drafts.count) evaluation(s) written to \(url.path)")
        if failed { throw ExitCode(1) }
    }
}
