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
            guard form != nil else {
                throw ValidationError(
                    Message("template-needs-form", en: "--template needs --form ID", zh: "--template 需要 --form ID")
                        .description)
            }
            guard output.lowercased().hasSuffix(".xlsx") else {
                throw ValidationError(
                    Message(
                        "template-is-xlsx", en: "--template writes an .xlsx workbook", zh: "--template 写出的是 .xlsx 工作簿"
                    ).description)
            }
        } else if input == nil {
            throw ValidationError(
                Message(
                    "export-needs-folder",
                    en: "give the folder of evaluations to export (or --template --form ID for a blank workbook)",
                    zh: "请给出要导出的评价文件所在的文件夹（或用 --template --form ID 生成空白工作簿）"
                ).description)
        }
    }

    func run() throws {
        let library = try layoutOptions.library()
        if template, let form { return try writeTemplate(form, library: library) }
        guard let input else { return }
        let (byForm, failed, leftOut) = try drafts(of: input, library: library)
        guard !byForm.isEmpty else {
            throw ValidationError(
                Message(
                    "no-evaluations", en: "no evaluations\(form.map { " of form \($0)" } ?? "") in \(input)",
                    zh: "\(input) 中没有\(form.map { "表样 \($0) 的" } ?? "")评价文件"
                ).description)
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
                    Message(
                        "csv-one-form",
                        en:
                            "\(input) holds evaluations of \(byForm.count) forms (\(byForm.map(\.form.id).joined(separator: ", "))); a CSV holds one: write an .xlsx (a sheet per form), or pass --form ID",
                        zh:
                            "\(input) 中有 \(byForm.count) 个表样的评价（\(byForm.map(\.form.id).joined(separator: ", "))）；CSV 只能放一个：请写成 .xlsx（每个表样一个工作表），或用 --form ID 指定"
                    ))
                throw ExitCode(1)
            }
            try AtomicFile.write(
                SpreadsheetExporter.csv(SpreadsheetExporter.table(byForm[0].drafts, form: byForm[0].form)), to: url)
        }
        let sheets = byForm.map { "\($0.form.id) \($0.drafts.count)" }.joined(separator: ", ")
        say(
            Message(
                "export-written",
                en:
                    "\(count) evaluation(s) written to \(url.path)\(byForm.count > 1 ? " (a sheet per form: \(sheets))" : "")",
                zh: "已把 \(count) 个评价写入 \(url.path)\(byForm.count > 1 ? "（每个表样一个工作表：\(sheets)）" : "")")
                + (leftOut > 0
                    ? Message(
                        en: "; \(leftOut) of other forms left out (--form \(form ?? ""))",
                        zh: "；未包括其他表样的 \(leftOut) 个（--form \(form ?? "")）") : .empty))
        if failed { throw ExitCode(1) }
    }

    /// `--template`: a form's blank workbook.
    func writeTemplate(_ form: String, library: FormLibrary) throws {
        switch library.form(id: form) {
        case let .success(loaded):
            try SpreadsheetExporter.xlsx(SpreadsheetExporter.template(form: loaded), to: URL(fileURLWithPath: output))
            say(
                Message(
                    "template-written",
                    en:
                        "\(output): blank workbook of \(form) (fill from row 3; `evalsheet import \(output) -o DIR` reads it back)",
                    zh: "\(output)：表样 \(form) 的空白工作簿（从第 3 行起填写；`evalsheet import \(output) -o DIR` 读回）"))
        case let .failure(error):
            printError(error.diagnostics)
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
                printError(log.entries)
                failed = true
                continue
            }
            if let form, evaluation.formID != form {
                leftOut += 1
                continue
            }
            guard case let .success(loaded) = library.form(id: evaluation.formID) else {
                printError(
                    Message(
                        "unknown-form-of-file", en: "\(url.path): unknown form \(evaluation.formID)",
                        zh: "\(url.path)：未知的表样 \(evaluation.formID)"))

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
