import ArgumentParser
import EvalSheet
import Foundation

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Render every evaluation under a folder, in parallel, with a summary and an optional bound volume.",
        discussion: """
            Output files are named after the budget code and written atomically; a re-run renders only what \
            changed (evaluation, form, fonts, engine). A failing file does not stop the others; the exit code \
            is 1 if any failed. --shard K/N renders the K-th of N stable shares of the inputs, for spreading a \
            year over machines; a final --summary-only run builds index.html, summary.csv and the volume from \
            the shards' outputs (the inputs must be reachable for the volume).
            """)

    @Argument(help: "The folder of evaluations (searched recursively).")
    var input: String

    @Option(name: .shortAndLong, help: "The output folder.")
    var output: String

    @Option(help: "Parallel workers (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Comma-separated: pdf, html, png, docx.")
    var formats: String = "pdf,html"

    @Option(help: "Language of the sheets: zh, en or zh-en.")
    var lang: String = "zh"

    @Flag(help: "Render everything, even sheets whose inputs have not changed.")
    var force = false

    @Option(help: "Render only the K-th of N shares of the inputs, e.g. 2/8.")
    var shard: String?

    @Flag(help: "Also bind every sheet into one PDF, volume.pdf, with a cover and contents.")
    var volume = false

    @Flag(help: "Render nothing: build index.html, summary.csv (and with --volume the volume) from the shards' outputs.")
    var summaryOnly = false

    @Flag(name: .shortAndLong, help: "Print only the final summary and the failures.")
    var quiet = false

    @OptionGroup var fontOptions: FontOptions

    @OptionGroup var layoutOptions: LayoutOptions

    func validate() throws {
        guard jobs >= 1 && jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
        guard Language(rawValue: lang) != nil else { throw ValidationError("--lang must be one of zh, en, zh-en") }
        for format in formats.split(separator: ",") where BatchOptions.Format(rawValue: String(format)) == nil {
            throw ValidationError("unknown format '\(format)' (pdf, html, png, docx)")
        }
        if let shard, BatchShard(shard) == nil { throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/8") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(input) is not a folder")
        }
    }

    func run() throws {
        let layouts = try layoutOptions.library().directory
        let fontFolder = try fontOptions.folder()
        var options = BatchOptions(input: URL(fileURLWithPath: input), output: URL(fileURLWithPath: output),
                                   layouts: layouts, fonts: fontFolder)
        options.jobs = jobs
        options.formats = formats.split(separator: ",").compactMap { BatchOptions.Format(rawValue: String($0)) }
        options.language = Language(rawValue: lang) ?? .zh
        options.force = force
        options.shard = shard.flatMap(BatchShard.init) ?? .whole

        var failed = false
        if !summaryOnly {
            let runner = BatchRunner(options: options)
            let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            signal(SIGINT, SIG_IGN)
            interrupt.setEventHandler {
                printError("\ninterrupted: finishing the sheets being rendered; nothing partial is left")
                runner.stop()
            }
            interrupt.resume()
            let progress = Progress(quiet: quiet)
            let report = try runner.run { total, outcome in progress.update(total: total, outcome: outcome) }
            progress.finish()
            interrupt.cancel()
            signal(SIGINT, SIG_DFL)
            summarise(report)
            failed = report.failed
        }
        let manifest = BatchManifest.loadAll(in: options.output)
        // A shard only renders; the summary and volume need every shard (a final --summary-only run).
        if options.shard == .whole || summaryOnly {
            try BatchSummary.write(manifest, to: options.output)
            if !quiet { print("summary: \(options.output.appendingPathComponent("index.html").path), summary.csv") }
            if volume {
                let target = options.output.appendingPathComponent("volume.pdf")
                do {
                    let (pages, sheets) = try VolumeBuilder.build(manifest: manifest, inputFolder: options.input, layouts: layouts,
                                                                  fonts: fontFolder, language: options.language, to: target)
                    print("volume: \(target.path) (\(sheets) sheets, \(pages) pages)")
                } catch {
                    printError("evalsheet: volume: \(error)")
                    failed = true
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    func summarise(_ report: BatchReport) {
        print(String(format: "%d rendered, %d skipped (unchanged), %d failed in %.1f s",
                     report.count(.rendered), report.count(.skipped), report.count(.failed), report.seconds))
        for outcome in report.outcomes where outcome.status == .failed {
            printError("failed: \(outcome.input)")
            outcome.problems.forEach { printError("  \($0)") }
        }
    }
}

/// A progress bar on a terminal; a plain line per file otherwise (logs, CI); nothing with --quiet.
final class Progress: @unchecked Sendable {
    let quiet: Bool
    let terminal = isatty(STDERR_FILENO) != 0
    let started = Date()
    let lock = NSLock()
    var total = 0
    var done = 0
    var lastDraw = Date.distantPast

    init(quiet: Bool) { self.quiet = quiet }

    func update(total: Int, outcome: BatchOutcome?) {
        lock.withLock {
            self.total = total
            guard let outcome else { return }
            done += 1
            guard !quiet else { return }
            if terminal {
                if Date().timeIntervalSince(lastDraw) > 0.1 || done == total { draw() }
            } else {
                let detail = outcome.status == .failed ? (outcome.problems.first?.description ?? "") : outcome.outputs.joined(separator: " ")
                print("[\(done)/\(total)] \(outcome.status.rawValue) \(outcome.input) \(detail)")
            }
        }
    }

    func draw() {
        lastDraw = Date()
        let elapsed = max(0.001, Date().timeIntervalSince(started))
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data(String(format: "\r%@ %d/%d  %.1f/s  %d:%02d left ", bar, done, total, rate,
                                                   Int(left) / 60, Int(left) % 60).utf8))
    }

    func finish() {
        lock.withLock { if terminal && !quiet && total > 0 { draw(); FileHandle.standardError.write(Data("\n".utf8)) } }
    }
}
