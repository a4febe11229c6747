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

            The folder must be new or hold no evaluation files: samples never overwrite or mix with real ones.
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
        // Samples are made up: never written over a folder of real evaluations (the files would be overwritten
        // or mixed with them).
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw ValidationError("\(output) is a file, not a folder") }
            let existing = (try? EvaluationFiles.expand([output])) ?? []
            if !existing.isEmpty {
                printError(
                    "\(output) already holds \(existing.count) evaluation file(s) (\(existing.prefix(3).map(\.lastPathComponent).joined(separator: ", "))"
                        + "\(existing.count > 3 ? ", …" : "")); synthetic samples go into a new or empty folder")
                throw ExitCode(1)
            }
        }
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
