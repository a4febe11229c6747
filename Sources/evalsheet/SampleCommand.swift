import ArgumentParser
import EvalSheet
import Foundation

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write realistic synthetic evaluations of a form (for tests, demos and benchmarks).",
        discussion: """
            Examples:
              evalsheet sample --form zhongshan-2020 --count 500 -o year
              evalsheet sample --form mof-2020-self-evaluation --count 20 -o national
            """)

    @Option(help: "The form id.")
    var form: String = "zhongshan-2020"

    @Option(help: "How many evaluations.")
    var count: Int = 10

    @Option(name: .shortAndLong, help: "Folder to write them to.")
    var output: String

    @Option(help: "Seed: the same seed writes the same files.")
    var seed: UInt64 = 1

    @OptionGroup var layoutOptions: LayoutOptions

    func validate() throws {
        guard (1...1_000_000).contains(count) else { throw ValidationError("--count must be between 1 and 1000000") }
    }

    func run() throws {
        let library = try layoutOptions.library()
        do {
            let loaded = try library.form(id: form).get()
            let generator = try SampleGenerator(form: loaded, layouts: library.directory)
            let files = try generator.write(count: count, seed: seed, to: URL(fileURLWithPath: output))
            print("\(files.count) evaluations of \(form) written to \(output)")
        } catch let error as InputError {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}
