import ArgumentParser
import EvalSheet
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a folder of evaluations as one spreadsheet (XLSX or CSV), one project per row.",
        discussion: "Edit it in Excel or WPS and bring it back with `evalsheet import FILE --form ID -o DIR`.")

    @Argument(help: "The folder of evaluations.")
    var input: String

    @Option(name: .shortAndLong, help: "The spreadsheet to write: .xlsx or .csv.")
    var output: String

    @Option(help: "The form id (default: the form of the first evaluation).")
    var form: String?

    @OptionGroup var layoutOptions: LayoutOptions

    func run() throws {
        let library = try layoutOptions.library()
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
            drafts.append(EvaluationDraft(evaluation, form: loaded))
        }
        guard let chosen else { throw ValidationError("no evaluations in \(input)") }
        let table = SpreadsheetExporter.table(drafts, form: chosen)
        let url = URL(fileURLWithPath: output)
        if url.pathExtension.lowercased() == "xlsx" {
            let numeric = Set(table.rows[1].indices.filter { index in
                chosen.leaves.contains { $0.name.zh == table.rows[1][index] } || chosen.deductions.items.contains { $0.name.zh == table.rows[1][index] }
            })
            try SpreadsheetExporter.xlsx(table, numericColumns: numeric, to: url)
        } else {
            try AtomicFile.write(SpreadsheetExporter.csv(table), to: url)
        }
        print("\(drafts.count) evaluation(s) written to \(url.path)")
        if failed { throw ExitCode(1) }
    }
}
