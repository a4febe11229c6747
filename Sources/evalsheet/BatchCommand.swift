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
            hand and exits 130 (also while the volume binds: no volume is written then).

            out/ holds only current results: the outputs of inputs that failed, were removed or were not reached \
            in this run, and a volume not bound from the current sheets, are moved into out/已失效/ (and the run \
            says so). summary.csv and index.html give each sheet's status: 完成, 草稿, 失败 or 中断. A draft \
            (`draft: true`) is never bound into the volume as final: --volume refuses to bind while there are \
            drafts, unless --include-drafts binds them marked 草稿 (cover and contents) or --partial-volume \
            leaves them out.

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

    @Option(
        help: ArgumentHelp(
            "Parallel workers (default: the cores this process may run on; `evalsheet doctor` shows them).",
            valueName: "n"))
    var jobs: Int?

    // `--format` as `render` spells it is accepted too.
    @Option(
        name: [.customLong("formats"), .customLong("format")],
        help: ArgumentHelp("Comma-separated: \(OutputFormat.names)."))
    var formats: String = "pdf,html"

    @Option(help: "Language of the sheets: zh, en or zh-en.")
    var lang: Language = .zh

    @Flag(help: "Render everything, even sheets whose inputs have not changed.")
    var force = false

    @Option(help: "Render only the K-th of N shares of the inputs, e.g. 2/8.")
    var shard: String?

    @Flag(
        help:
            "Also bind every sheet into one PDF, volume.pdf, with a cover and contents (only when every sheet rendered)."
    )
    var volume = false

    @Flag(
        help:
            "With --volume: bind even when some sheets failed or were not rendered, or are drafts left out; the cover says 不完整."
    )
    var partialVolume = false

    @Flag(help: "With --volume: bind drafts too, each marked 草稿 in the contents, and the cover says how many.")
    var includeDrafts = false

    @Flag(
        help: "Render nothing: build index.html, summary.csv (and with --volume the volume) from the shards' outputs.")
    var summaryOnly = false

    @Flag(name: .shortAndLong, help: "Print only the final summary and the failures.")
    var quiet = false

    @OptionGroup var fontOptions: FontOptions

    @OptionGroup var layoutOptions: LayoutOptions

    func validate() throws {
        if let jobs {
            guard jobs >= 1 && jobs <= 256 else {
                throw ValidationError(
                    Message("jobs-range", en: "--jobs must be between 1 and 256", zh: "--jobs 要在 1 到 256 之间")
                        .description)
            }
        }
        if case let .failure(unknown) = OutputFormat.list(formats) { throw ValidationError(unknown.description) }
        if let shard, BatchShard(shard) == nil {
            throw ValidationError(
                Message(
                    "shard-syntax", en: "--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/8",
                    zh: "--shard 的写法是 K/N，且 1 ≤ K ≤ N，例如 2/8"
                ).description)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError(
                Message("not-a-folder", en: "\(input) is not a folder", zh: "\(input) 不是文件夹").description)
        }
    }

    func run() throws {
        let layouts = try layoutOptions.library().directory
        let fontFolder = try fontOptions.folder()
        var options = BatchOptions(
            input: URL(fileURLWithPath: input), output: URL(fileURLWithPath: output),
            layouts: layouts, fonts: fontFolder)
        options.jobs = jobs ?? Cores.usable
        options.formats = (try? OutputFormat.list(formats).get()) ?? [.pdf]
        options.language = lang
        options.force = force
        options.shard = shard.flatMap(BatchShard.init) ?? .whole

        var failed = false
        var interrupted = false
        // Ctrl-C stops the renderers after the sheets in hand, and the volume before its next sheet.
        let stop = StopRequest()
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signal(SIGINT, SIG_IGN)
        interrupt.setEventHandler { stop.request() }
        interrupt.resume()
        defer {
            interrupt.cancel()
            signal(SIGINT, SIG_DFL)
        }
        if !summaryOnly {
            let runner = BatchRunner(options: options)
            stop.onRequest {
                printError(
                    Message(
                        "batch-interrupted",
                        en: "\ninterrupted: finishing the sheets being rendered; nothing partial is left",
                        zh: "\n已中断：正在完成生成中的评分表；不会留下不完整的文件"))
                runner.stop()
            }
            let progress = Progress(quiet: quiet)
            let report = try runner.run { total, outcome in progress.update(total: total, outcome: outcome) }
            progress.finish()
            summarise(report, output: options.output, listFailures: quiet || progress.terminal)
            failed = report.failed
            interrupted = report.interrupted
        }
        // The renderers' threads have ended; what their heaps held goes back to the system before the summary
        // and the volume (10,000 sheets, two jobs: 6 MB less at the peak, measured by scripts/batch-memory.sh).
        SheetRenderer.returnFreedMemory()
        // A shard only renders; the summary and volume need every shard (a final --summary-only run).
        if options.shard == .whole || summaryOnly {
            try writeSummaryAndVolume(
                options, layouts: layouts, fonts: fontFolder, stop: stop, interrupted: &interrupted, failed: &failed)
        }
        // Ctrl-C: the shell's convention for a run ended by SIGINT.
        if interrupted || stop.requested { throw ExitCode(130) }
        if failed { throw ExitCode(1) }
    }

    /// The summary of every sheet rendered so far, then the volume when asked for (or an older one moved aside).
    func writeSummaryAndVolume(
        _ options: BatchOptions, layouts: URL, fonts fontFolder: URL, stop: StopRequest, interrupted: inout Bool,
        failed: inout Bool
    ) throws {
        try BatchSummary.write(from: options.output)
        if !quiet {
            say(
                Message(
                    "summary-written",
                    en:
                        "summary: \(options.output.appendingPathComponent("index.html").path), summary.csv, summary.xlsx",
                    zh: "汇总：\(options.output.appendingPathComponent("index.html").path)、summary.csv、summary.xlsx"))
        }
        // Every row decoded: only when there is a volume to bind or one to check.
        let hasVolume = FileManager.default.fileExists(
            atPath: options.output.appendingPathComponent(Self.volumeName).path)
        let manifest = volume || hasVolume ? BatchManifest.loadAll(in: options.output) : BatchManifest()
        // A volume asked for and not bound this run: an older one would pass for this run's, so it goes too.
        var notBound = false
        if volume && interrupted {
            printError(
                Message(
                    "volume-not-bound-interrupted",
                    en: "volume: not bound: the run was interrupted before every sheet was rendered",
                    zh: "合订本：未装订：运行在所有评分表生成之前被中断"))
            notBound = true
        } else if volume {
            stop.onRequest {
                printError(
                    Message(
                        "volume-interrupted-now", en: "\ninterrupted: the volume is not bound", zh: "\n已中断：合订本未装订"))
            }
            switch bindVolume(manifest, options: options, layouts: layouts, fonts: fontFolder, stop: stop) {
            case .bound, .unchanged: break
            case .refused, .failed: failed = true; notBound = true
            case .interrupted: interrupted = true; notBound = true
            }
        }
        // Whatever happened, a volume that is not the current sheets' does not stay looking current.
        moveStaleVolume(manifest, options: options, notBoundThisRun: notBound)
    }

    enum VolumeResult { case bound, unchanged, refused, failed, interrupted }

    static let volumeName = "volume.pdf"
    static let volumeKeyName = ".evalsheet-volume.key"

    /// Binds the volume when every sheet rendered and none is a draft (--partial-volume binds the final sheets,
    /// marked 不完整; --include-drafts binds the drafts too, marked 草稿), and only when something it holds
    /// changed since it was last bound.
    func bindVolume(_ manifest: BatchManifest, options: BatchOptions, layouts: URL, fonts: URL, stop: StopRequest)
        -> VolumeResult
    {
        let target = options.output.appendingPathComponent(Self.volumeName)
        let contents = VolumeBuilder.Contents(manifest, includeDrafts: includeDrafts)
        let failures = manifest.failures.count
        let draftsLeftOut = contents.missing - failures
        let total = manifest.entries.count + failures
        if contents.missing > 0 && !partialVolume {
            var reasons: [Message] = []
            if failures > 0 {
                reasons.append(
                    Message(
                        en: "\(failures) of \(total) sheets failed or were not rendered",
                        zh: "\(total) 张评分表中有 \(failures) 张失败或未生成"))
            }
            if draftsLeftOut > 0 {
                reasons.append(
                    Message(
                        en:
                            "\(draftsLeftOut) of \(total) sheets \(draftsLeftOut == 1 ? "is a draft" : "are drafts") (--include-drafts binds them, marked 草稿)",
                        zh: "\(total) 张评分表中有 \(draftsLeftOut) 张是草稿（--include-drafts 会装订它们，标注“草稿”）"))
            }
            let why = reasons.dropFirst().reduce(reasons[0]) { $0 + Message(en: "; ", zh: "；") + $1 }
            printError(
                Message(
                    "volume-not-bound",
                    en: "volume: not bound: \(why.en) (--partial-volume binds the others, marked 不完整 on the cover)",
                    zh: "合订本：未装订：\(why.zh)（--partial-volume 装订其余的，封面标注“不完整”）"))
            return .refused
        }
        let key = VolumeBuilder.key(manifest, includeDrafts: includeDrafts, language: options.language)
        let keyFile = options.output.appendingPathComponent(Self.volumeKeyName)
        if FileManager.default.fileExists(atPath: target.path),
            (try? String(contentsOf: keyFile, encoding: .utf8)) == key
        {
            say(Message("volume-unchanged", en: "volume: \(target.path) (unchanged)", zh: "合订本：\(target.path)（未改变）"))
            return .unchanged
        }
        let progress = VolumeProgress(quiet: quiet, sheets: contents.rows.count)
        do {
            let (pages, sheets) = try VolumeBuilder.build(
                contents, inputFolder: options.input, layouts: layouts, fonts: fonts,
                language: options.language, to: target,
                progress: progress.update, shouldStop: { stop.requested })
            progress.finish()
            try AtomicFile.write(Data(key.utf8), to: keyFile)
            var notes: [Message] = []
            if contents.missing > 0 {
                notes.append(
                    Message(en: ", 不完整: \(contents.missing) missing", zh: "，不完整：缺 \(contents.missing) 张"))
            }
            if contents.drafts > 0 {
                notes.append(
                    Message(
                        en: ", \(contents.drafts) draft\(contents.drafts == 1 ? "" : "s") bound, marked 草稿",
                        zh: "，装订了 \(contents.drafts) 张草稿，标注“草稿”"))
            }
            let noted = notes.reduce(Message.empty, +)
            say(
                Message(
                    "volume-bound", en: "volume: \(target.path) (\(sheets) sheets, \(pages) pages\(noted.en))",
                    zh: "合订本：\(target.path)（\(sheets) 张评分表，\(pages) 页\(noted.zh)）"))
            return .bound
        } catch is VolumeBuilder.Interrupted {
            progress.finish()
            printError(
                Message(
                    "volume-interrupted-unbound", en: "volume: interrupted; not bound, nothing partial written",
                    zh: "合订本：已中断；未装订，没有写出不完整的文件"))
            return .interrupted
        } catch {
            progress.finish()
            printError(
                Message(
                    "volume-failed", en: "evalsheet: volume: \(error.text(in: .en))",
                    zh: "evalsheet：合订本：\(error.text(in: .zh))"))
            return .failed
        }
    }

    /// A volume.pdf whose key is not that of the current sheets (bound before a sheet changed, failed or was
    /// removed), or any volume when one was asked for and not bound this run, is moved into the stale folder,
    /// and the run says so. A run that asks for no volume keeps one that is still the current sheets'.
    func moveStaleVolume(_ manifest: BatchManifest, options: BatchOptions, notBoundThisRun: Bool) {
        let target = options.output.appendingPathComponent(Self.volumeName)
        guard FileManager.default.fileExists(atPath: target.path) else { return }
        let keyFile = options.output.appendingPathComponent(Self.volumeKeyName)
        let written = try? String(contentsOf: keyFile, encoding: .utf8)
        let current = [false, true].map { VolumeBuilder.key(manifest, includeDrafts: $0, language: options.language) }
        if !notBoundThisRun, let written, current.contains(written) { return }
        StaleOutputs.moveAside([Self.volumeName], in: options.output)
        try? FileManager.default.removeItem(at: keyFile)
        let why =
            notBoundThisRun
            ? Message(en: "is an earlier run's volume", zh: "是以前运行的合订本")
            : Message(en: "was not bound from the current sheets", zh: "不是由当前评分表装订的")
        printError(
            Message(
                "volume-moved-aside",
                en: "volume: \(target.path) \(why.en); moved to \(StaleOutputs.folderName)/\(Self.volumeName)",
                zh: "合订本：\(target.path) \(why.zh)；已移到 \(StaleOutputs.folderName)/\(Self.volumeName)"))
    }

    /// One line of counts; the failures with all their problems, unless the progress lines already said them.
    func summarise(_ report: BatchReport, output: URL, listFailures: Bool) {
        let (rendered, skipped, failed) = (report.count(.rendered), report.count(.skipped), report.count(.failed))
        var counts = Message(
            "batch-counts", en: "\(rendered) rendered, \(skipped) skipped (unchanged), \(failed) failed",
            zh: "生成 \(rendered) 张，跳过 \(skipped) 张（未改变），失败 \(failed) 张")
        if report.interrupted {
            let left = report.count(.interrupted)
            counts = counts + Message(en: ", \(left) not rendered (interrupted)", zh: "，\(left) 张未生成（已中断）")
        }
        if report.drafts > 0 {
            let sheets = report.count(.rendered) + report.count(.skipped)
            counts =
                counts
                + Message(
                    en:
                        "; \(report.drafts) of the \(sheets) sheets \(report.drafts == 1 ? "is a draft" : "are drafts") (草稿, not final)",
                    zh: "；\(sheets) 张评分表中有 \(report.drafts) 张是草稿（不是定稿）")
        }
        let seconds = String(format: "%.1f", report.seconds)
        say(counts + Message(en: " in \(seconds) s", zh: "，用时 \(seconds) 秒"))
        if !report.movedAside.isEmpty {
            let folder = output.appendingPathComponent(StaleOutputs.folderName).path
            let moved = report.movedAside.count
            printError(
                Message(
                    "outputs-moved-aside",
                    en:
                        "moved \(moved) output\(moved == 1 ? "" : "s") of failed, removed or unrendered inputs to \(folder)/",
                    zh: "已把失败、删除或未生成的输入的 \(moved) 个输出文件移到 \(folder)/"))
        }
        guard listFailures else { return }
        for outcome in report.failures {
            printError(Message("batch-failed-input", en: "failed: \(outcome.input)", zh: "失败：\(outcome.input)"))
            printError(outcome.problems, indent: "  ")
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
                printError(
                    Message(
                        "batch-progress-failed", en: "[\(done)/\(total)] failed \(outcome.input)",
                        zh: "[\(done)/\(total)] 失败 \(outcome.input)"))
                printError(outcome.problems, indent: "  ")
            } else {
                say(
                    Message(
                        "batch-progress",
                        en:
                            "[\(done)/\(total)] \(outcome.status.name.en) \(outcome.input) \(outcome.outputs.joined(separator: " "))",
                        zh:
                            "[\(done)/\(total)] \(outcome.status.name.zh) \(outcome.input) \(outcome.outputs.joined(separator: " "))"
                    ))
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
        let (speed, remaining) = (
            String(format: "%.1f", rate), String(format: "%d:%02d", Int(left) / 60, Int(left) % 60)
        )
        let line = Message(
            "batch-progress-bar", en: "\(bar) \(done)/\(total)  \(speed)/s  \(remaining) left",
            zh: "\(bar) \(done)/\(total)  每秒 \(speed) 张  剩余 \(remaining)")
        FileHandle.standardError.write(Data("\r\(line) ".utf8))

    }

    func finish() {
        lock.withLock { if terminal && !quiet && total > 0 { draw(); FileHandle.standardError.write(Data("\n".utf8)) } }
    }
}

/// A Ctrl-C, asked for once by the signal handler and read by whatever is running: the renderers, then the
/// volume. What to say when it comes changes with the phase.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var asked = false
    private var action: () -> Void = {}

    func onRequest(_ body: @escaping () -> Void) { lock.withLock { action = body } }

    func request() {
        let body = lock.withLock { () -> () -> Void in
            asked = true
            return action
        }
        body()
    }

    var requested: Bool { lock.withLock { asked } }
}

/// The volume's progress: a bar on a terminal, a line every tenth of the way otherwise, nothing with --quiet.
/// Binding 300 sheets takes about 9 s, 10,000 nearly 8 minutes (README).
final class VolumeProgress {
    let quiet: Bool
    let sheets: Int
    let terminal = isatty(STDERR_FILENO) != 0
    var lastDraw = Date.distantPast
    var lastTenth = 0

    init(quiet: Bool, sheets: Int) {
        self.quiet = quiet
        self.sheets = sheets
    }

    func update(_ done: Int, _ total: Int) {
        guard !quiet, total > 0 else { return }
        // Two passes over the sheets: measuring, then writing.
        let phase =
            done <= total / 2 ? Message(en: "measuring", zh: "排版") : Message(en: "writing", zh: "写出")
        let sheet = done <= total / 2 ? done : done - total / 2
        if terminal {
            guard Date().timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
            lastDraw = Date()
            let line = Message(
                "volume-progress", en: "volume: \(phase.en) \(sheet)/\(sheets)",
                zh: "合订本：\(phase.zh) \(sheet)/\(sheets)")
            FileHandle.standardError.write(Data("\r\(line) ".utf8))
        } else {
            let tenth = done * 10 / total
            guard tenth > lastTenth else { return }
            lastTenth = tenth
            printError(
                Message(
                    "volume-progress", en: "volume: \(phase.en) \(sheet)/\(sheets)",
                    zh: "合订本：\(phase.zh) \(sheet)/\(sheets)"))

        }
    }

    func finish() {
        if terminal && !quiet && lastDraw != .distantPast { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
