import ArgumentParser
import EvalSheet
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a folder of evaluations as one spreadsheet (XLSX or CSV), one project per row.",
        discussion: """
            Edit it in Excel or WPS and bring it back with `evalsheet import FILE -o DIR`. The last column, 文件, \
            names each row's evaluation file: importing into the same folder updates those files in place, \
            changing only the values that changed. A folder of several forms makes a workbook with a sheet per \
            form (a CSV holds one form).

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

    @Option(help: "Only the evaluations of this form (default: every form, a sheet each in an .xlsx).")
    var form: String?

    @OptionGroup var layoutOptions: LayoutOptions

    func validate() throws {
        if template {
            guard form != nil else { throw ValidationError("--template needs --form ID") }
            guard output.lowercased().hasSuffix(".xlsx") else {
                throw ValidationError("--template writes an .xlsx workbook")
            }
        } else if input == nil {
            throw ValidationError(
                "give the folder of evaluations to export (or --template --form ID for a blank workbook)")
        }
    }

    func run() throws {
        let library = try layoutOptions.library()
        if template, let form { return try writeTemplate(form, library: library) }
        guard let input else { return }
        let (byForm, failed, leftOut) = try drafts(of: input, library: library)
        guard !byForm.isEmpty else {
            throw ValidationError("no evaluations\(form.map { " of form \($0)" } ?? "") in \(input)")
        }
        let url = URL(fileURLWithPath: output)
        let count = byForm.reduce(0) { $0 + $1.drafts.count }
        if url.pathExtension.lowercased() == "xlsx" {
            // Each form's sheet with its explanation (a sheet per form: 填写说明 followed by the form's id).
            try SpreadsheetExporter.xlsx(
                byForm.flatMap { form, drafts in
                    SpreadsheetExporter.workbook(
                        drafts, form: form,
                        notesName: byForm.count == 1 ? "填写说明" : String("填写说明 \(form.id)".prefix(31)))
                }, to: url)
        } else {
            guard byForm.count == 1 else {
                printError(
                    "\(input) holds evaluations of \(byForm.count) forms (\(byForm.map(\.form.id).joined(separator: ", "))); "
                        + "a CSV holds one: write an .xlsx (a sheet per form), or pass --form ID")
                throw ExitCode(1)
            }
            try AtomicFile.write(
                SpreadsheetExporter.csv(SpreadsheetExporter.table(byForm[0].drafts, form: byForm[0].form)), to: url)
        }
        let sheets = byForm.map { "\($0.form.id) \($0.drafts.count)" }.joined(separator: ", ")
        print(
            "\(count) evaluation(s) written to \(url.path)\(byForm.count > 1 ? " (a sheet per form: \(sheets))" : "")"
                + (leftOut > 0 ? "; \(leftOut) of other forms left out (--form \(form ?? ""))" : ""))
        if failed { throw ExitCode(1) }
    }

    /// `--template`: a form's blank workbook.
    func writeTemplate(_ form: String, library: FormLibrary) throws {
        switch library.form(id: form) {
        case let .success(loaded):
            try SpreadsheetExporter.xlsx(SpreadsheetExporter.template(form: loaded), to: URL(fileURLWithPath: output))
            print(
                "\(output): blank workbook of \(form) (fill from row 3; `evalsheet import \(output) -o DIR` reads it back)"
            )
        case let .failure(error):
            printError(error.description)
            throw ExitCode(1)
        }
    }

    /// The evaluations under `input`, one list per form in the order the forms first appear (a year's folder may
    /// mix them); whether some could not be read, and how many of other forms `--form` left out.
    func drafts(of input: String, library: FormLibrary) throws -> (
        byForm: [(form: Form, drafts: [EvaluationDraft])], failed: Bool, leftOut: Int
    ) {
        var byForm: [(form: Form, drafts: [EvaluationDraft])] = []
        var failed = false
        var leftOut = 0
        let folder = URL(fileURLWithPath: input)
        var isFolder: ObjCBool = false
        let base =
            FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) && isFolder.boolValue
            ? folder : folder.deletingLastPathComponent()
        for url in try EvaluationFiles.expand([input]) {
            var log = DiagnosticLog(file: url.path)
            guard let evaluation = EvaluationLoader.load(url: url, log: &log) else {
                log.entries.forEach { printError("\($0)") }
                failed = true
                continue
            }
            if let form, evaluation.formID != form {
                leftOut += 1
                continue
            }
            guard case let .success(loaded) = library.form(id: evaluation.formID) else {
                printError("\(url.path): unknown form \(evaluation.formID)")
                failed = true
                continue
            }
            // Image paths as seen from the spreadsheet, where the import will look for them; the file as seen
            // from the folder exported, which is what the row is (import matches rows to files by it).
            var draft = EvaluationDraft(evaluation, form: loaded).movingImages(
                from: url.deletingLastPathComponent(),
                to: URL(fileURLWithPath: output).deletingLastPathComponent())
            draft.file = RelativePath.of(url, from: base)
            if let index = byForm.firstIndex(where: { $0.form.id == loaded.id }) {
                byForm[index].drafts.append(draft)
            } else {
                byForm.append((loaded, [draft]))
            }
        }
        return (byForm, failed, leftOut)
    }
}
