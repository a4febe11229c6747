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
            the shards' outputs (the inputs must be reachable for the volume). Ctrl-C finishes the sheets in \
            hand and exits 130.

            Examples:
              evalsheet batch year -o out --volume
              evalsheet batch year -o out --formats pdf,docx --jobs 2
              evalsheet batch year -o out --shard 2/4 --jobs 1
              evalsheet batch year -o out --summary-only --volume   # after every shard
            """)

    @Argument(help: "The folder of evaluations (searched recursively).")
    var input: String

    @Option(name: .shortAndLong, help: "The output folder.")
    var output: String

    @Option(help: ArgumentHelp("Parallel workers (default: the cores this process may run on; `evalsheet doctor` shows them).", valueName: "n"))
    var jobs: Int?

    // `--format` as `render` spells it is accepted too.
    @Option(name: [.customLong("formats"), .customLong("format")], help: "Comma-separated: pdf, html, png, docx, ofd.")
    var formats: String = "pdf,html"

    @Option(help: "Language of the sheets: zh, en or zh-en.")
    var lang: String = "zh"

    @Flag(help: "Render everything, even sheets whose inputs have not changed.")
    var force = false

    @Option(help: "Render only the K-th of N shares of the inputs, e.g. 2/8.")
    var shard: String?

    @Flag(help: "Also bind every sheet into one PDF, volume.pdf, with a cover and contents (only when every sheet rendered).")
    var volume = false

    @Flag(help: "With --volume: bind even when some sheets failed or were not rendered; the cover says 不完整.")
    var partialVolume = false

    @Flag(help: "Render nothing: build index.html, summary.csv (and with --volume the volume) from the shards' outputs.")
    var summaryOnly = false

    @Flag(name: .shortAndLong, help: "Print only the final summary and the failures.")
    var quiet = false

    @OptionGroup var fontOptions: FontOptions

    @OptionGroup var layoutOptions: LayoutOptions

    func validate() throws {
        if let jobs { guard jobs >= 1 && jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") } }
        guard Language(rawValue: lang) != nil else { throw ValidationError("--lang must be one of zh, en, zh-en") }
        for format in formats.split(separator: ",") where BatchOptions.Format(rawValue: String(format)) == nil {
            throw ValidationError("unknown format '\(format)' (pdf, html, png, docx, ofd)")
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
        options.jobs = jobs ?? Cores.usable
        options.formats = formats.split(separator: ",").compactMap { BatchOptions.Format(rawValue: String($0)) }
        options.language = Language(rawValue: lang) ?? .zh
        options.force = force
        options.shard = shard.flatMap(BatchShard.init) ?? .whole

        var failed = false
        var interrupted = false
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
            summarise(report, listFailures: quiet || progress.terminal)
            failed = report.failed
            interrupted = report.interrupted
        }
        // The renderers' threads have ended; what their heaps held goes back to the system before the summary
        // and the volume (10,000 sheets, two jobs: 6 MB less at the peak, measured by scripts/batch-memory.sh).
        SheetRenderer.returnFreedMemory()
        // A shard only renders; the summary and volume need every shard (a final --summary-only run).
        if options.shard == .whole || summaryOnly {
            try BatchSummary.write(from: options.output)
            if !quiet { print("summary: \(options.output.appendingPathComponent("index.html").path), summary.csv") }
            if volume {
                bindVolume(BatchManifest.loadAll(in: options.output), options: options, layouts: layouts, fonts: fontFolder, failed: &failed)
            }
        }
        // Ctrl-C: the shell's convention for a run ended by SIGINT.
        if interrupted { throw ExitCode(130) }
        if failed { throw ExitCode(1) }
    }

    /// Binds the volume when every sheet rendered (or --partial-volume says to bind what there is, marked
    /// 不完整), and only when something it holds changed since it was last bound.
    func bindVolume(_ manifest: BatchManifest, options: BatchOptions, layouts: URL, fonts: URL, failed: inout Bool) {
        let target = options.output.appendingPathComponent("volume.pdf")
        let missing = manifest.failures.count
        if missing > 0 && !partialVolume {
            printError("volume: not bound: \(missing) of \(manifest.entries.count + missing) sheets failed or were not rendered "
                       + "(--partial-volume binds the others, marked 不完整 on the cover)")
            failed = true
            return
        }
        var key = ContentHash()
        key.add(EngineVersion.current)
        key.add(options.language.rawValue)
        for (input, entry) in manifest.entries.sorted(by: { $0.key < $1.key }) { key.add(input); key.add(entry.hash) }
        for input in manifest.failures.keys.sorted() { key.add("missing " + input) }
        let keyFile = options.output.appendingPathComponent(".evalsheet-volume.key")
        if FileManager.default.fileExists(atPath: target.path), (try? String(contentsOf: keyFile, encoding: .utf8)) == key.hex {
            print("volume: \(target.path) (unchanged)")
            return
        }
        do {
            let (pages, sheets) = try VolumeBuilder.build(manifest: manifest, inputFolder: options.input, layouts: layouts,
                                                          fonts: fonts, language: options.language, to: target)
            try AtomicFile.write(Data(key.hex.utf8), to: keyFile)
            print("volume: \(target.path) (\(sheets) sheets, \(pages) pages\(missing > 0 ? ", 不完整: \(missing) missing" : ""))")
        } catch {
            printError("evalsheet: volume: \(error)")
            failed = true
        }
    }

    /// One line of counts; the failures with all their problems, unless the progress lines already said them.
    func summarise(_ report: BatchReport, listFailures: Bool) {
        var counts = String(format: "%d rendered, %d skipped (unchanged), %d failed", report.count(.rendered), report.count(.skipped),
                            report.count(.failed))
        if report.interrupted { counts += ", \(report.count(.interrupted)) not rendered (interrupted)" }
        print(counts + String(format: " in %.1f s", report.seconds))
        guard listFailures else { return }
        for outcome in report.failures {
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
            // At most the total: an input that collides after it was counted as unchanged is counted again as failed.
            done = min(done + 1, total)
            guard !quiet else { return }
            if terminal {
                if Date().timeIntervalSince(lastDraw) > 0.1 || done == total { draw() }
            } else if outcome.status == .failed {
                // Every problem here, once; the final summary then gives only the counts.
                printError("[\(done)/\(total)] failed \(outcome.input)")
                outcome.problems.forEach { printError("  \($0)") }
            } else {
                print("[\(done)/\(total)] \(outcome.status.rawValue) \(outcome.input) \(outcome.outputs.joined(separator: " "))")
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
