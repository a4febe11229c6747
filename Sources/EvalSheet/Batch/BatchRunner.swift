import EvalSheetDOCX
import EvalSheetHTML
import Foundation

public struct BatchOptions: Sendable {
    public var input: URL
    public var output: URL
    public var layouts: URL
    public var fonts: URL
    public var jobs: Int = Cores.usable
    public var formats: [OutputFormat] = [.pdf]
    public var language: Language = .zh
    public var force = false
    public var shard = BatchShard.whole
    public var pngDPI = 150.0

    public init(input: URL, output: URL, layouts: URL, fonts: URL) {
        self.input = input; self.output = output; self.layouts = layouts; self.fonts = fonts
    }
}

/// What happened to one input.
public struct BatchOutcome: Sendable {
    public enum Status: String, Sendable {
        case rendered, skipped, failed, interrupted

        /// As a progress line says it.
        public var name: Message {
            switch self {
            case .rendered: return Message(en: "rendered", zh: "已生成")
            case .skipped: return Message(en: "skipped", zh: "已跳过")
            case .failed: return Message(en: "failed", zh: "失败")
            case .interrupted: return Message(en: "interrupted", zh: "已中断")
            }
        }
    }

    public var input: String
    public var status: Status
    public var outputs: [String]
    public var problems: [Diagnostic]
    /// A draft that rendered (or was unchanged): counted apart, never as a final sheet.
    public var draft = false
}

/// A run's counts, and the failures with their problems; the other inputs are counted, not kept (a year's
/// batch has thousands).
public struct BatchReport: Sendable {
    public var counts: [BatchOutcome.Status: Int] = [:]
    public var failures: [BatchOutcome] = []
    /// Sheets rendered or unchanged that are drafts.
    public var drafts = 0
    /// Outputs of earlier runs that no longer belong to a current sheet (their input failed, was removed or was
    /// not reached, or their format is no longer asked for), moved into `StaleOutputs.folderName`.
    public var movedAside: [String] = []
    public var seconds: Double = 0
    public func count(_ status: BatchOutcome.Status) -> Int { counts[status] ?? 0 }
    public var failed: Bool { count(.failed) > 0 }
    public var interrupted: Bool { count(.interrupted) > 0 }

    mutating func add(_ outcome: BatchOutcome) {
        counts[outcome.status, default: 0] += 1
        if outcome.status == .failed { failures.append(outcome) }
        if outcome.draft && (outcome.status == .rendered || outcome.status == .skipped) { drafts += 1 }
    }
}

/// Renders every evaluation under a folder in parallel. A file that fails to load, validate or render
/// does not stop the others; outputs are written atomically; unchanged sheets are skipped.
public final class BatchRunner: @unchecked Sendable {
    let options: BatchOptions
    let lock = NSLock()
    private var stopRequested = false

    public init(options: BatchOptions) { self.options = options }

    /// Asks the workers to stop after the sheet they are rendering (Ctrl-C).
    public func stop() { lock.withLock { stopRequested = true } }
    var shouldStop: Bool { lock.withLock { stopRequested } }

    struct Job: Sendable {
        /// The input's path.
        var path: String
        var relative: String
        var name: String
        var hash: String
        var url: URL { URL(fileURLWithPath: path) }
    }

    /// `progress` is called (serially) once with the number of inputs, then once per input.
    ///
    /// Memory does not grow with the sheets rendered: plans are taken in input order as the workers make
    /// them and dropped, a row goes to the manifest's journal when its sheet is planned (as not yet rendered)
    /// and again when it is rendered, and only the failures are kept for the report. What stays per input
    /// is its job (paths, name, hash) and the names kept for collisions and compaction: about 0.4 KB
    /// (scripts/batch-memory.sh: 10,000 sheets with one job, 58.5 MB against 54.8 for 1,000).
    public func run(progress: @escaping @Sendable (_ total: Int, _ outcome: BatchOutcome?) -> Void) throws
        -> BatchReport
    {
        let started = Date()
        try OutputFolder.create(options.output)
        removeStaleTemporaries()
        let manifestURL = options.output.appendingPathComponent(BatchManifest.fileName(shard: options.shard))
        // Every output an earlier run recorded (a killed run's journal holds them all): what is not an output
        // of a current sheet at the end of this run is moved aside, so that out/ holds only current results.
        let (previous, earlierOutputs) = BatchManifest.scan(manifestURL)
        let journal = try ManifestJournal(manifestURL)
        let base = options.input.standardizedFileURL.path
        var inputs = try EvaluationFiles.expand([options.input.path]).filter {
            options.shard.contains(relative($0, to: base))
        }
        let total = inputs.count
        progress(total, nil)

        // Plan: load and score each input, name its outputs, find collisions and unchanged sheets.
        var (report, jobs, planned) = plan(
            inputs, base: base, previous: previous, journal: journal, total: total, progress: progress)
        inputs = []

        // Planning's loading and scoring freed their memory: give it back before the renderers settle in
        // (10,000 inputs, one job, with the ring of plans in `Slots`: 63.6 → 59.5 MB while rendering).
        SheetRenderer.returnFreedMemory()

        // Render: one renderer per worker thread, jobs taken from a shared queue; each sheet's record is
        // appended to the manifest as it finishes, so that a killed run resumes where it stopped.
        let done = render(jobs) { job, outcome, row in
            switch outcome.status {
            case .rendered:
                journal.record(
                    BatchManifest.Entry(input: job.relative, hash: job.hash, outputs: outcome.outputs, row: row!))
            case .failed:
                journal.record(failure: Self.failureRow(job.relative, outcome.problems, row: row))
            case .skipped, .interrupted: break
            }
            report.add(outcome)
            progress(total, outcome)
        }
        // Sheets a Ctrl-C left unrendered: counted as interrupted (the manifest says so already), never
        // reported one by one.
        report.counts[.interrupted, default: 0] += jobs.count - done
        try settle(manifestURL, keeping: planned, earlierOutputs: earlierOutputs, report: &report)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Loads and scores each input, names its outputs, finds collisions and unchanged sheets: the jobs to render,
    /// the report so far (failures and unchanged sheets) and the inputs planned. The loading and scoring (2-3 ms a
    /// sheet) runs on every worker; a 100-sheet plan on one thread was a tenth of the whole run with two jobs.
    func plan(
        _ inputs: [URL], base: String, previous: [String: BatchManifest.Rendered], journal: ManifestJournal, total: Int,
        progress: @escaping @Sendable (_ total: Int, _ outcome: BatchOutcome?) -> Void
    ) -> (report: BatchReport, jobs: [Job], planned: Set<String>) {
        var report = BatchReport()
        var jobs: [Job] = []
        var owners: [String: (path: String, relative: String, skipped: Bool)] = [:]
        var planned = Set<String>()
        let fontsKey = fontsFingerprint()
        func failed(_ relative: String, _ problems: [Diagnostic], row: BatchRow?) {
            let outcome = BatchOutcome(input: relative, status: .failed, outputs: [], problems: problems)
            report.add(outcome)
            progress(total, outcome)
            journal.record(failure: Self.failureRow(relative, problems, row: row))
        }
        forEachPlan(inputs, base: base, fontsKey: fontsKey) { plan in
            planned.insert(plan.relative)
            guard let name = plan.name, let row = plan.row, let hash = plan.hash, plan.problems.isEmpty else {
                failed(plan.relative, plan.problems, row: plan.row)
                return
            }
            if let owner = owners[name] {
                let collision = self.collision(plan, name: name, owner: owner)
                failed(plan.relative, collision.plan, row: row)
                // The first of the two was counted as a job or as unchanged: it fails instead, with the row
                // it had (scored again: collisions are rare, rows are not kept).
                if owner.skipped {
                    report.counts[.skipped, default: 0] -= 1
                } else {
                    jobs.removeAll { $0.relative == owner.relative }
                }
                failed(owner.relative, collision.owner, row: collision.ownerRow)
                return
            }
            if let outputs = unchangedOutputs(plan.relative, hash: hash, previous: previous) {
                owners[name] = (plan.url.path, plan.relative, true)
                let outcome = BatchOutcome(
                    input: plan.relative, status: .skipped, outputs: outputs, problems: [], draft: row.draft)
                report.add(outcome)
                progress(total, outcome)
            } else {
                owners[name] = (plan.url.path, plan.relative, false)
                jobs.append(Job(path: plan.url.path, relative: plan.relative, name: name, hash: hash))
                // Until its sheet is rendered, the manifest says it was not reached: so it stays if the run
                // is interrupted or killed, and no row is kept in memory meanwhile.
                // The summary's 原因 column, in the interface's language at the time of the run.
                let reason = Message(
                    "interrupted-before-rendering", en: "interrupted before rendering", zh: "生成前被中断")
                journal.record(failure: row.marked(.interrupted, reason: reason.description))

            }
        }
        return (report, jobs, planned)
    }

    /// A failed input's row: what is known of its sheet (nothing, if it did not load) and its first problem.
    static func failureRow(_ relative: String, _ problems: [Diagnostic], row: BatchRow?) -> BatchRow {
        let reason = problems.first.map { "\($0)" } ?? ""
        return row?.marked(.failed, reason: reason)
            ?? BatchRow(input: relative, status: .failed, reason: reason, sheet: nil)
    }

    /// The two failures of a name collision: the later input's, at its code, and the earlier one's, with the row it
    /// had (scored again: collisions are rare, rows are not kept).
    func collision(_ plan: Plan, name: String, owner: (path: String, relative: String, skipped: Bool)) -> (
        plan: [Diagnostic], owner: [Diagnostic], ownerRow: BatchRow?
    ) {
        let message = Message(
            "output-name-collision",
            en: "output name '\(name)' would collide with \(owner.relative); neither is overwritten",
            zh: "输出文件名 '\(name)' 会与 \(owner.relative) 的相同；两者都不覆盖")

        let ownerRow =
            (try? FormLibrary(directory: options.layouts).scoreFile(URL(fileURLWithPath: owner.path)).get()).map {
                BatchRow($0, input: owner.relative)
            }
        return (
            [Diagnostic(.error, file: plan.url.path, at: plan.headerPosition, field: "header.code", message)],
            [
                Diagnostic(
                    .error, file: owner.relative, at: nil, field: "header.code",
                    Message(
                        "output-name-collision",
                        en: "output name '\(name)' would collide with \(plan.relative); neither is overwritten",
                        zh: "输出文件名 '\(name)' 会与 \(plan.relative) 的相同；两者都不覆盖"))
            ], ownerRow
        )
    }

    /// The outputs an earlier run recorded for this input, when its sheet has not changed since and they are all
    /// still there (nil: render it; always with `--force`).
    func unchangedOutputs(_ relative: String, hash: String, previous: [String: BatchManifest.Rendered]) -> [String]? {
        guard !options.force, let old = previous[relative], old.hash == hash, let outputs = old.outputs,
            !outputs.isEmpty,
            outputs.allSatisfy({
                FileManager.default.fileExists(atPath: options.output.appendingPathComponent($0).path)
            })
        else { return nil }
        return outputs
    }

    /// After the run: the manifest compacted to the inputs planned, outputs no current sheet has moved aside.
    func settle(
        _ manifestURL: URL, keeping planned: Set<String>, earlierOutputs: Set<String>, report: inout BatchReport
    ) throws {
        try BatchManifest.compact(manifestURL, keeping: planned)
        // Hashes and outputs only: the rows are not decoded (10,000 of them decoded at once are about 20 MB).
        let current = Set(BatchManifest.rendered(manifestURL).values.flatMap { $0.outputs ?? [] })
        report.movedAside = StaleOutputs.moveAside(earlierOutputs.subtracting(current), in: options.output)
        StaleOutputs.forget(current, in: options.output)
    }

    /// What planning learns of one input; failed when `problems` is not empty.
    struct Plan: Sendable {
        var url: URL
        var relative: String
        var problems: [Diagnostic] = []
        var row: BatchRow?
        var name: String?
        var hash: String?
        var headerPosition: SourcePosition?
    }

    /// Every input loaded, scored, named and hashed on as many threads as there are jobs, and given to `body`
    /// on this thread in input order, each as soon as it and those before it are ready.
    func forEachPlan(_ inputs: [URL], base: String, fontsKey: String, _ body: (Plan) -> Void) {
        let slots = Slots<Plan>(count: inputs.count)
        let next = Counter()
        let workers = max(1, min(options.jobs, inputs.count))
        let finished = DispatchGroup()
        finished.enter()
        Thread.detachNewThread { [self] in
            onWorkers(workers) { [self] in
                let library = FormLibrary(directory: options.layouts)
                while let index = next.take(below: inputs.count) {
                    let url = inputs[index]
                    var plan = Plan(url: url, relative: relative(url, to: base))
                    switch library.scoreFile(url) {
                    case let .failure(error):
                        plan.problems = error.diagnostics
                    case let .success(sheet):
                        plan.row = BatchRow(sheet, input: plan.relative)
                        if sheet.hasErrors {
                            plan.problems = sheet.diagnostics.filter { $0.severity == .error }
                        } else {
                            plan.name = OutputName.sanitized(
                                sheet.codeValue ?? "", fallback: url.deletingPathExtension().lastPathComponent)
                            plan.hash = hash(
                                url, form: sheet.form, images: sheet.evaluation.signoffImages, fontsKey: fontsKey)
                            plan.headerPosition = sheet.evaluation.fieldPositions["header"]
                        }
                    }
                    slots.set(index, plan)
                }
            }
            finished.leave()
        }
        for index in inputs.indices { body(slots.take(index)) }
        finished.wait()
    }

    func relative(_ url: URL, to base: String) -> String {
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : url.lastPathComponent
    }

    /// The evaluation and the images it names, its form and style, the fonts, the engine, and what is asked for.
    func hash(_ url: URL, form: Form, images: [String: Located<SignOffImage>], fontsKey: String) -> String {
        var hash = ContentHash()
        hash.add(EngineVersion.current)
        hash.add((try? Data(contentsOf: url)) ?? Data())
        for id in images.keys.sorted() { hash.add(images[id]!.value.data) }
        let formFolder = URL(fileURLWithPath: form.sourceFile).deletingLastPathComponent()
        hash.add((try? Data(contentsOf: URL(fileURLWithPath: form.sourceFile))) ?? Data())
        hash.add((try? Data(contentsOf: formFolder.appendingPathComponent("style.yaml"))) ?? Data())
        hash.add(fontsKey)
        hash.add(options.formats.map(\.rawValue).joined(separator: ","))
        hash.add(options.language.rawValue)
        hash.add(String(options.pngDPI))
        return hash.hex
    }

    /// The prepared fonts' keys (source hash and converter version), and the font configuration.
    func fontsFingerprint() -> String {
        var hash = ContentHash()
        for file in FontSetup.requiredFiles {
            hash.add((try? Data(contentsOf: options.fonts.appendingPathComponent(file + ".key"))) ?? Data(file.utf8))
        }
        hash.add(
            (try? Data(contentsOf: options.fonts.deletingLastPathComponent().appendingPathComponent("fonts.conf")))
                ?? Data())
        return hash.hex
    }

    /// A killed run can leave temporary files; they are never mistaken for outputs, and go here.
    func removeStaleTemporaries() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: options.output.path)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(at: options.output.appendingPathComponent(name))
        }
    }

    /// Renders the jobs on `--jobs` threads, calling `report` (serially) with each job's outcome and, when it
    /// loaded, its summary row. Returns how many were done: fewer than the jobs when a Ctrl-C stopped the run.
    func render(_ jobs: [Job], report: @escaping (Job, BatchOutcome, BatchRow?) -> Void) -> Int {
        let next = Counter()
        let serial = SerialReporter(report)
        let reportSerially: @Sendable (Job, BatchOutcome, BatchRow?) -> Void = { serial.report($0, $1, $2) }
        onWorkers(max(1, min(options.jobs, jobs.count))) { [self] in
            // Pango objects stay on the thread that made them.
            let renderer: SheetRenderer
            do {
                renderer = try SheetRenderer(fontsDirectory: options.fonts)
            } catch {
                while let index = next.take(below: jobs.count) {
                    reportSerially(
                        jobs[index],
                        BatchOutcome(
                            input: jobs[index].relative, status: .failed, outputs: [],
                            problems: [
                                Diagnostic(
                                    .error, file: jobs[index].url.path, at: nil, field: "",
                                    Message("render-failed", en: "\(error)", zh: "生成失败：\(error)"))
                            ]),
                        nil)
                }
                return
            }
            let library = FormLibrary(directory: options.layouts)
            while !shouldStop, let index = next.take(below: jobs.count) {
                let (outcome, row) = self.renderOne(jobs[index], renderer: renderer, library: library)
                reportSerially(jobs[index], outcome, row)
            }
        }
        return serial.count
    }

    /// Runs `body` on `count` threads of their own and waits for them all. Threads with 8 MB stacks, not
    /// Dispatch's workers: loading a deeply nested YAML file recurses.
    func onWorkers(_ count: Int, _ body: @escaping @Sendable () -> Void) {
        let group = DispatchGroup()
        for _ in 0..<count {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                body()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
    }

    /// One sheet in every format asked for, and its summary row (computed here, from the sheet this
    /// loads again, rather than kept from planning).
    func renderOne(_ job: Job, renderer: SheetRenderer, library: FormLibrary) -> (BatchOutcome, BatchRow?) {
        let sheet: ScoredSheet
        switch library.scoreFile(job.url) {
        case let .failure(error):
            return (BatchOutcome(input: job.relative, status: .failed, outputs: [], problems: error.diagnostics), nil)
        case let .success(scored): sheet = scored
        }
        let row = BatchRow(sheet, input: job.relative)
        func failure(_ problems: [Diagnostic]) -> (BatchOutcome, BatchRow?) {
            (BatchOutcome(input: job.relative, status: .failed, outputs: [], problems: problems), row)
        }
        let (document, glyphs) = renderer.layoutChecked(sheet, language: options.language)
        let errors = (sheet.diagnostics + glyphs).filter { $0.severity == .error }
        if !errors.isEmpty { return failure(errors) }
        var outputs: [String] = []
        do {
            for format in options.formats {
                let target = options.output.appendingPathComponent(job.name + "." + format.fileExtension)
                outputs += try renderer.write(
                    format, sheet, layout: document, language: options.language, to: target, dpi: options.pngDPI
                )
                .map(\.lastPathComponent)
            }
        } catch {
            // What this sheet's failed render wrote before the error is not a result: nothing of it stays.
            for name in outputs { try? FileManager.default.removeItem(at: options.output.appendingPathComponent(name)) }
            return failure([
                Diagnostic(
                    .error, file: job.url.path, at: nil, field: "",
                    Message("render-failed", en: "\(error)", zh: "生成失败：\(error)"))
            ])
        }
        return (
            BatchOutcome(input: job.relative, status: .rendered, outputs: outputs, problems: [], draft: row.draft), row
        )
    }
}

/// A shared index into the job list.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}

/// Calls a closure from worker threads one at a time, and counts the calls.
final class SerialReporter: @unchecked Sendable {
    private let body: (BatchRunner.Job, BatchOutcome, BatchRow?) -> Void
    private let lock = NSLock()
    private var calls = 0
    init(_ body: @escaping (BatchRunner.Job, BatchOutcome, BatchRow?) -> Void) { self.body = body }
    func report(_ job: BatchRunner.Job, _ outcome: BatchOutcome, _ row: BatchRow?) {
        lock.withLock {
            calls += 1
            body(job, outcome, row)
        }
    }
    var count: Int { lock.withLock { calls } }
}

/// One value per index, set by worker threads in any order and taken once, in order, by one consumer. A
/// worker waits to set a value more than `window` places ahead of the consumer, so that the plans waiting
/// (a row each) never grow with the inputs, whatever the consumer's speed.
final class Slots<Value: Sendable>: @unchecked Sendable {
    /// A ring of `window` places: index `i` waits in place `i % window` (a plan is a few hundred bytes; one
    /// place per input was 3 MB for 10,000).
    private var slots: [Value?]
    private var taken = 0
    private let window: Int
    private let condition = NSCondition()
    init(count: Int, window: Int = 64) {
        self.window = max(1, min(count, window))
        slots = Array(repeating: nil, count: self.window)
    }
    func set(_ index: Int, _ value: Value) {
        condition.lock()
        while index >= taken + window { condition.wait() }
        slots[index % window] = value
        condition.unlock()
        condition.broadcast()
    }
    /// The value at `index` once it is set (waiting until then), which the slot gives up. Indices are taken
    /// in order, from 0.
    func take(_ index: Int) -> Value {
        condition.lock()
        while slots[index % window] == nil { condition.wait() }
        let value = slots[index % window]!
        slots[index % window] = nil
        taken = index + 1
        condition.unlock()
        condition.broadcast()
        return value
    }
}
