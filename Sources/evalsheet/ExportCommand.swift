import ArgumentParser
import EvalSheet
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a folder of evaluations as one spreadsheet (XLSX or CSV), one project per row.",
        discussion: """
            Edit it in Excel or WPS and bring it back with `evalsheet import FILE --form ID -o DIR`.

            Examples:
              evalsheet export Samples/zhongshan-2020 -o scores.xlsx
              evalsheet export Samples/zhongshan-2020 -o scores.csv
            """)

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
            if chosen == nil {
                // Say so rather than write a spreadsheet that loses data and cannot be imported back.
                let missing = [loaded.funds != nil ? "a funds table" : nil, loaded.goals != nil ? "goals" : nil,
                               loaded.declaredGroups.isEmpty ? nil : "indicators declared by each evaluation"].compactMap { $0 }
                guard missing.isEmpty else {
                    printError("evalsheet: form \(loaded.id) has \(missing.joined(separator: ", ")), which spreadsheets cannot hold yet; "
                               + "nothing written (export and import cover forms without them)")
                    throw ExitCode(1)
                }
                chosen = loaded
            }
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
            // Scores, deductions, the year and money fields as number cells (Excel sums and checks them); codes stay text.
            let moneyHeads = Set(chosen.header.filter { $0.kind == .money }.map { $0.label.zh.replacingOccurrences(of: "\n", with: "") })
            let numeric = Set(table.rows[1].indices.filter { index in
                let head = table.rows[1][index]
                return head == "year" || moneyHeads.contains(head) || chosen.leaves.contains { $0.name.zh == head }
                    || chosen.deductions.items.contains { $0.name.zh == head }
            })
            try SpreadsheetExporter.xlsx(table, numericColumns: numeric, to: url)
        } else {
            try AtomicFile.write(SpreadsheetExporter.csv(table), to: url)
        }
        print("\(drafts.count) evaluation(s) written to \(url.path)")
        if failed { throw ExitCode(1) }
    }
}
