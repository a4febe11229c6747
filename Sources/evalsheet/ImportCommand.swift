import ArgumentParser
import EvalSheet
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn an existing sheet (tab-separated text export) into an evaluation file.",
        discussion: """
            Recognises the form from the sheet's title and indicator names (or use --form), keeps every word, \
            and reports what it could not place with line numbers. Figures typed on the sheet are kept under \
            `typed:`, so `evalsheet validate` checks them against the computed ones.
            """)

    @Argument(help: "The sheet, exported as tab-separated text.")
    var file: String

    @Option(name: .shortAndLong, help: "The evaluation file to write (default: standard output).")
    var output: String?

    @Option(help: "The form id, when it should not be recognised.")
    var form: String?

    @Option(help: "Draft a new form with this id from the sheet's own rows into Layouts/ID/form.yaml, for a person to check.")
    var newForm: String?

    @OptionGroup var layoutOptions: LayoutOptions

    func run() throws {
        let library = try layoutOptions.library()
        let url = URL(fileURLWithPath: file)
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
                let yaml = try FormDrafter.draft(text: text, id: newForm)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try AtomicFile.write(Data(yaml.utf8), to: folder.appendingPathComponent("form.yaml"))
                printError("\(folder.path)/form.yaml: drafted; check it and add a style.yaml")
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
            printError("\(output): written (\(draft.scores.count) scores, \(draft.narrative.count) sections)")
        } else {
            print(yaml, terminator: "")
        }
        if result.problems.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}
