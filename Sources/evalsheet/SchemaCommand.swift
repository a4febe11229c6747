import ArgumentParser
import EvalSheet

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of evaluation files (with a form's ids when --form is given).",
        discussion: """
            Examples:
              evalsheet schema --form zhongshan-2020 > evaluation.schema.json   # for editors that check YAML
            """)

    @Option(help: "A form id from Layouts/, to list its indicators, sections and options.")
    var form: String?

    @OptionGroup var layoutOptions: LayoutOptions

    func run() throws {
        var loaded: Form?
        if let form {
            switch try layoutOptions.library().form(id: form) {
            case let .success(found): loaded = found
            case let .failure(error):
                printError(error.diagnostics)
                throw ExitCode(1)
            }
        }
        print(EvaluationSchema.json(for: loaded))
    }
}
