import ArgumentParser
import EvalSheet
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check evaluation files against their forms and print the computed figures.",
        discussion: """
            Exit code 0 when every file is valid, 1 when any has an error, 2 for a usage error.

            Examples:
              evalsheet validate Samples/zhongshan-2020/202008367.yaml
              evalsheet validate Samples/ --format json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Evaluation files (YAML or JSON), or folders to search for them.")
    var files: [String]

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "Also check what an English (en) or bilingual (zh-en) sheet needs.")
    var lang: String = "zh"

    func validate() throws {
        guard Language(rawValue: lang) != nil else { throw ValidationError("--lang must be one of zh, en, zh-en") }
    }

    @OptionGroup var layoutOptions: LayoutOptions

    func run() throws {
        let library = try layoutOptions.library()
        let urls = try EvaluationFiles.expand(files)
        var anyError = false
        var reports: [[String: Any]] = []
        for url in urls {
            let result = library.scoreFile(url)
            let diagnostics: [Diagnostic]
            switch result {
            case let .success(sheet):
                diagnostics = sheet.diagnostics + Scorer.languageWarnings(sheet, language: Language(rawValue: lang) ?? .zh)
                if format == .text { print(sheet.summaryLine()) } else { reports.append(ValidationReport.json(sheet)) }
            case let .failure(error):
                diagnostics = error.diagnostics
                if format == .text { print("\(url.path): not loaded") } else {
                    reports.append(["file": url.path, "valid": false, "diagnostics": diagnostics.map(ValidationReport.json)])
                }
            }
            if format == .text { diagnostics.forEach { print("  \($0)") } }
            anyError = anyError || diagnostics.contains { $0.severity == .error } || (try? result.get()) == nil
        }
        if format == .json {
            let data = try JSONSerialization.data(withJSONObject: reports, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
        if anyError { throw ExitCode(1) }
    }
}
