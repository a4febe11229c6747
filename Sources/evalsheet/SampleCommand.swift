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
        guard (1...1_000_000).contains(count) else {
            throw ValidationError(
                Message("count-range", en: "--count must be between 1 and 1000000", zh: "--count 要在 1 到 1000000 之间")
                    .description)
        }
    }

    func run() throws {
        let library = try layoutOptions.library()
        // Samples are made up: never written over a folder of real evaluations (the files would be overwritten
        // or mixed with them).
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw ValidationError(
                    Message("output-is-a-file", en: "\(output) is a file, not a folder", zh: "\(output) 是文件，不是文件夹")
                        .description)
            }
            let existing = (try? EvaluationFiles.expand([output])) ?? []
            if !existing.isEmpty {
                let names = existing.prefix(3).map(\.lastPathComponent).joined(separator: ", ")
                printError(
                    Message(
                        "sample-folder-not-empty",
                        en:
                            "\(output) already holds \(existing.count) evaluation file(s) (\(names)\(existing.count > 3 ? ", …" : "")); synthetic samples go into a new or empty folder",
                        zh:
                            "\(output) 中已有 \(existing.count) 个评价文件（\(names)\(existing.count > 3 ? "，……" : "")）；生成的示例要放进新的或空的文件夹"
                    ))
                throw ExitCode(1)
            }
        }
        do {
            let loaded = try library.form(id: form).get()
            let generator = try SampleGenerator(form: loaded, layouts: library.directory)
            let files = try generator.write(count: count, seed: seed, to: URL(fileURLWithPath: output))
            say(
                Message(
                    "samples-written", en: "\(files.count) evaluations of \(form) written to \(output)",
                    zh: "已把表样 \(form) 的 \(files.count) 个评价写入 \(output)"))

        } catch let error as InputError {
            printError(error.diagnostics)
            throw ExitCode(1)
        }
    }
}
