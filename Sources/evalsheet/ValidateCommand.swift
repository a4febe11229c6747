import ArgumentParser
import EvalSheet
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check evaluation files against their forms and print the computed figures.",
        discussion: """
            Exit code 0 when every file is valid, 1 when any has an error, 2 for a usage error. Each sheet is \
            also laid out as `render` lays it out, so that a character no bundled font can draw, or a block \
            taller than a page, is an error here and not first at rendering (without prepared fonts that \
            check is skipped, with a note).

            Examples:
              evalsheet validate Samples/zhongshan-2020/202008367.yaml
              evalsheet validate Samples/ --report json

            `--report` says how the findings are written; `--format` (its old name) is still read, with a note: \
            in `render` and `batch`, `--format` is the output file's format.
            """
    )

    enum Report: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Evaluation files (YAML or JSON), or folders to search for them.")
    var files: [String]

    @Option(help: "How the findings are written: text or json.")
    var report: Report = .text

    /// The option's old name, which meant the same; `render --format` means the file format.
    @Option(name: .customLong("format"), help: .hidden)
    var oldReportOption: Report?

    var format: Report { oldReportOption ?? report }

    @Option(help: "Also check what an English (en) or bilingual (zh-en) sheet needs.")
    var lang: Language = .zh

    func validate() throws {
    }

    @OptionGroup var layoutOptions: LayoutOptions

    @OptionGroup var fontOptions: FontOptions

    /// The renderer for the glyph check, or nil (with a note) when the fonts are not there: validating the
    /// figures needs no fonts.
    func glyphChecker() -> SheetRenderer? {
        do {
            return try SheetRenderer(fontsDirectory: try fontOptions.folder())
        } catch {
            printError(
                Message(
                    "glyphs-not-checked", en: "note: characters not checked against the fonts: \(error.text(in: .en))",
                    zh: "提示：未对照字体检查字符：\(error.text(in: .zh))"))
            return nil
        }
    }

    func run() throws {
        if oldReportOption != nil {
            printError(
                Message(
                    "report-option-renamed",
                    en: "note: validate --format is now --report (--format names the file format in render and batch)",
                    zh: "提示：`validate --format` 已改名为 `--report`（在 `render` 和 `batch` 中，`--format` 指输出文件的格式）"))
        }
        let library = try layoutOptions.library()
        let urls = try EvaluationFiles.expand(files)
        let language = lang
        let renderer = urls.isEmpty ? nil : glyphChecker()
        var anyError = false
        var reports: [[String: Any]] = []
        for url in urls {
            let result = library.scoreFile(url)
            let diagnostics: [Diagnostic]
            switch result {
            case let .success(sheet):
                // The same check as `render`: missing glyphs at the value where the character stands.
                let layoutProblems = renderer.map { $0.layoutChecked(sheet, language: language).1 } ?? []
                let extra = Scorer.languageWarnings(sheet, language: language) + layoutProblems
                diagnostics = sheet.diagnostics + extra
                if format == .text {
                    print(sheet.summaryLine())
                } else {
                    reports.append(ValidationReport.json(sheet, extra: extra))
                }
            case let .failure(error):
                diagnostics = error.diagnostics
                if format == .text {
                    say(Message("not-loaded", en: "\(url.path): not loaded", zh: "\(url.path)：无法读取"))

                } else {
                    reports.append([
                        "file": url.path, "valid": false, "diagnostics": diagnostics.map(ValidationReport.json)
                    ])
                }
            }
            if format == .text { diagnostics.forEach { print("  \($0)") } }
            anyError = anyError || diagnostics.contains { $0.severity == .error } || (try? result.get()) == nil
        }
        if format == .json {
            let data = try JSONSerialization.data(
                withJSONObject: reports, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
        if anyError { throw ExitCode(1) }
    }
}
