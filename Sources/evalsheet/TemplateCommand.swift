import ArgumentParser
import EvalSheet
import EvalSheetImport
import Foundation

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Draft a form's sheet (title, header fields, sheet:) from a workbook that draws the published table.",
        discussion: """
            Draw the sheet in Excel or WPS as it is published: its cells, merged cells, column widths, bold heads and
            borders (the ruled cells are the tables; a row without borders is a line of text between them), with
            bindings typed where the values go: {header.project}, {funds.total.rate}, and in a row that repeats,
            {node.name} {node.score} (an indicator per row), {row.executed} (a funds row), {section.text}. A .xls or
            .docx sheet: open it in Excel, WPS or LibreOffice and save it as .xlsx first (a Word table: copy it into a
            sheet). Then paste the draft into the form's form.yaml (docs/forms.md, "Drawing the sheet").

            Examples:
              evalsheet template county-sheet.xlsx -o sheet.yaml
              evalsheet template workbook.xlsx --sheet 自评表
            """)

    @Argument(help: "The workbook (.xlsx).")
    var workbook: String

    @Option(help: "The sheet to read (default: the first).")
    var sheet: String?

    @Option(name: .shortAndLong, help: "Write the draft here (default: print it).")
    var output: String?

    func run() throws {
        let url = URL(fileURLWithPath: workbook)
        let layout: WorkbookLayout
        do { layout = try WorkbookLayout.read(url, sheet: sheet) } catch {
            printFailure(error, of: workbook)
            throw ExitCode(1)
        }
        let draft = SheetTemplateDrafter.draft(layout, source: url.lastPathComponent)
        guard let output else { print(draft, terminator: ""); return }
        try AtomicFile.write(Data(draft.utf8), to: URL(fileURLWithPath: output))
        say(
            Message(
                "sheet-drafted",
                en:
                    "\(output): the sheet drafted from \(url.lastPathComponent); paste it into form.yaml and write the model it binds",
                zh: "\(output)：已由 \(url.lastPathComponent) 起草评分表；请粘贴到 form.yaml 中，并写出它所绑定的模型"))

    }
}
