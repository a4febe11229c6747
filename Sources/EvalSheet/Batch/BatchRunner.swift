import EvalSheetDOCX
import EvalSheetHTML
import Foundation

public struct BatchOptions: Sendable {
    public enum Format: String, Sendable, CaseIterable { case pdf, html, png, docx, ofd }

    public var input: URL
    public var output: URL
    public var layouts: URL
    public var fonts: URL
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    public var formats: [Format] = [.pdf]
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
    public enum Status: String, Sendable { case rendered, skipped, failed, interrupted }
    public var input: String
    public var status: Status
    public var outputs: [String]
    public var problems: [Diagnostic]
}

public struct BatchReport: Sendable {
    public var outcomes: [BatchOutcome]
    public var seconds: Double
    public func count(_ status: BatchOutcome.Status) -> Int { outcomes.filter { $0.status == status }.count }
    public var failed: Bool { count(.failed) > 0 }
    public var interrupted: Bool { count(.interrupted) > 0 }
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
        var url: URL
        var relative: String
        var name: String
        var hash: String
        var row: BatchRow
    }

    /// `progress` is called (serially) once with the number of inputs, then once per input.
    public func run(progress: @escaping @Sendable (_ total: Int, _ outcome: BatchOutcome?) -> Void) throws -> BatchReport {
        let started = Date()
        try OutputFolder.create(options.output)
        removeStaleTemporaries()
        let manifestURL = options.output.appendingPathComponent(BatchManifest.fileName(shard: options.shard))
        let previous = BatchManifest.load(manifestURL)
        var manifest = BatchManifest()
        let base = options.input.standardizedFileURL.path
        let inputs = try EvaluationFiles.expand([options.input.path]).filter { options.shard.contains(relative($0, to: base)) }
        progress(inputs.count, nil)

        // Plan: load and score each input, name its outputs, find collisions and unchanged sheets. The
        // loading and scoring (2-3 ms a sheet) runs on every worker; a 100-sheet plan on one thread was a
        // tenth of the whole run with two jobs.
        var outcomes: [BatchOutcome] = []
        var jobs: [Job] = []
        var owners: [String: (relative: String, row: BatchRow)] = [:]
        let fontsKey = fontsFingerprint()
        func failed(_ relative: String, _ problems: [Diagnostic], row: BatchRow?) {
            outcomes.append(BatchOutcome(input: relative, status: .failed, outputs: [], problems: problems))
            let reason = problems.first.map { "\($0)" } ?? ""
            manifest.failures[relative] = row?.marked(.failed, reason: reason)
                ?? BatchRow(input: relative, status: .failed, reason: reason, sheet: nil)
        }
        for plan in plans(inputs, base: base, fontsKey: fontsKey) {
            guard let name = plan.name, let row = plan.row, let hash = plan.hash, plan.problems.isEmpty else {
                failed(plan.relative, plan.problems, row: plan.row)
                continue
            }
            if let owner = owners[name] {
                let message = "output name '\(name)' would collide with \(owner.relative); neither is overwritten"
                failed(plan.relative, [Diagnostic(.error, file: plan.url.path, at: plan.headerPosition, field: "header.code", message)], row: row)
                jobs.removeAll { $0.relative == owner.relative }
                manifest.entries[owner.relative] = nil
                outcomes.removeAll { $0.input == owner.relative }
                failed(owner.relative, [Diagnostic(.error, file: owner.relative, at: nil, field: "header.code",
                                                   "output name '\(name)' would collide with \(plan.relative); neither is overwritten")], row: owner.row)
                continue
            }
            owners[name] = (plan.relative, row)
            if !options.force, let old = previous.entries[plan.relative], old.hash == hash,
               !old.outputs.isEmpty, old.outputs.allSatisfy({ FileManager.default.fileExists(atPath: options.output.appendingPathComponent($0).path) }) {
                manifest.entries[plan.relative] = BatchManifest.Entry(input: plan.relative, hash: hash, outputs: old.outputs, row: row)
                outcomes.append(BatchOutcome(input: plan.relative, status: .skipped, outputs: old.outputs, problems: []))
            } else {
                jobs.append(Job(url: plan.url, relative: plan.relative, name: name, hash: hash, row: row))
            }
        }
        for outcome in outcomes { progress(inputs.count, outcome) }

        // Render: one renderer per worker thread, jobs taken from a shared queue. The manifest is saved
        // as sheets finish, so that a killed run resumes where it stopped.
        let checkpoint = ManifestCheckpoint(manifest, url: manifestURL)
        let jobsByInput = Dictionary(uniqueKeysWithValues: jobs.map { ($0.relative, $0) })
        let results = render(jobs) { outcome in
            if let job = jobsByInput[outcome.input] {
                if outcome.status == .rendered {
                    checkpoint.record(BatchManifest.Entry(input: job.relative, hash: job.hash, outputs: outcome.outputs, row: job.row))
                } else {
                    checkpoint.record(failure: job.row.marked(.failed, reason: outcome.problems.first.map { "\($0)" } ?? ""))
                }
            }
            progress(inputs.count, outcome)
        }
        // Sheets a Ctrl-C left unrendered: listed as interrupted, never reported one by one.
        for outcome in results where outcome.status == .interrupted {
            if let job = jobsByInput[outcome.input] { checkpoint.record(failure: job.row.marked(.interrupted, reason: "interrupted before rendering")) }
        }
        outcomes += results
        try checkpoint.save()
        return BatchReport(outcomes: outcomes, seconds: Date().timeIntervalSince(started))
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

    /// Every input loaded, scored, named and hashed, on as many threads as there are jobs, in input order.
    func plans(_ inputs: [URL], base: String, fontsKey: String) -> [Plan] {
        let slots = Slots<Plan>(count: inputs.count)
        let next = Counter()
        onWorkers(max(1, min(options.jobs, inputs.count))) { [self] in
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
                        plan.name = OutputName.sanitized(sheet.codeValue ?? "", fallback: url.deletingPathExtension().lastPathComponent)
                        plan.hash = hash(url, form: sheet.form, images: sheet.evaluation.signoffImages, fontsKey: fontsKey)
                        plan.headerPosition = sheet.evaluation.fieldPositions["header"]
                    }
                }
                slots.set(index, plan)
            }
        }
        return slots.all()
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
        hash.add((try? Data(contentsOf: options.fonts.deletingLastPathComponent().appendingPathComponent("fonts.conf"))) ?? Data())
        return hash.hex
    }

    /// A killed run can leave temporary files; they are never mistaken for outputs, and go here.
    func removeStaleTemporaries() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: options.output.path)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(at: options.output.appendingPathComponent(name))
        }
    }

    func render(_ jobs: [Job], report: @escaping @Sendable (BatchOutcome) -> Void) -> [BatchOutcome] {
        let results = Slots<BatchOutcome>(count: jobs.count)
        let next = Counter()
        onWorkers(max(1, min(options.jobs, jobs.count))) { [self] in
            // Pango objects stay on the thread that made them.
            let renderer: SheetRenderer
            do {
                renderer = try SheetRenderer(fontsDirectory: options.fonts)
            } catch {
                while let index = next.take(below: jobs.count) {
                    let outcome = BatchOutcome(input: jobs[index].relative, status: .failed, outputs: [],
                                               problems: [Diagnostic(.error, file: jobs[index].url.path, at: nil, field: "", "\(error)")])
                    results.set(index, outcome)
                    report(outcome)
                }
                return
            }
            let library = FormLibrary(directory: options.layouts)
            while !shouldStop, let index = next.take(below: jobs.count) {
                let outcome = self.renderOne(jobs[index], renderer: renderer, library: library)
                results.set(index, outcome)
                report(outcome)
            }
        }
        return (0..<jobs.count).map { index in
            results.get(index) ?? BatchOutcome(input: jobs[index].relative, status: .interrupted, outputs: [], problems: [])
        }
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

    func renderOne(_ job: Job, renderer: SheetRenderer, library: FormLibrary) -> BatchOutcome {
        func failure(_ problems: [Diagnostic]) -> BatchOutcome {
            BatchOutcome(input: job.relative, status: .failed, outputs: [], problems: problems)
        }
        let sheet: ScoredSheet
        switch library.scoreFile(job.url) {
        case let .failure(error): return failure(error.diagnostics)
        case let .success(scored): sheet = scored
        }
        let (document, glyphs) = renderer.layoutChecked(sheet, language: options.language)
        let errors = (sheet.diagnostics + glyphs).filter { $0.severity == .error }
        if !errors.isEmpty { return failure(errors) }
        var outputs: [String] = []
        do {
            for format in options.formats {
                switch format {
                case .pdf:
                    try renderer.writePDF(document, to: options.output.appendingPathComponent(job.name + ".pdf"))
                    outputs.append(job.name + ".pdf")
                case .html:
                    let html = HTMLRenderer.render(sheet, language: options.language)
                    try AtomicFile.write(Data(html.utf8), to: options.output.appendingPathComponent(job.name + ".html"))
                    outputs.append(job.name + ".html")
                case .docx:
                    try renderer.writeDOCX(sheet, layout: document, language: options.language,
                                           to: options.output.appendingPathComponent(job.name + ".docx"))
                    outputs.append(job.name + ".docx")
                case .ofd:
                    try renderer.writeOFD(document, to: options.output.appendingPathComponent(job.name + ".ofd"))
                    outputs.append(job.name + ".ofd")
                case .png:
                    let pages = try renderer.writePNG(document, to: options.output.appendingPathComponent(job.name + ".png"), dpi: options.pngDPI)
                    outputs += pages.map(\.lastPathComponent)
                }
            }
        } catch {
            return failure([Diagnostic(.error, file: job.url.path, at: nil, field: "", "\(error)")])
        }
        return BatchOutcome(input: job.relative, status: .rendered, outputs: outputs, problems: [])
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

/// One result per index, filled in by the worker threads in any order.
final class Slots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }
    func get(_ index: Int) -> Value? { lock.withLock { slots[index] } }
    /// The values set, in index order.
    func all() -> [Value] { lock.withLock { slots.compactMap { $0 } } }
}

/// The manifest of a running batch, written as sheets finish: at the first, then at most four times a
/// second, and never taking more than a twentieth of the time: saving re-encodes every entry, and a
/// 10,000-sheet batch that saved every quarter second under the lock the workers report through slowed
/// from 54 to about 22 sheets a second as entries accumulated (324 s for the batch; 222 s now, measured
/// with two jobs). The encoding runs outside the lock, on the reporting worker, one at a time.
final class ManifestCheckpoint: @unchecked Sendable {
    private var manifest: BatchManifest
    private let url: URL
    private let lock = NSLock()
    private var nextSave = Date.distantPast
    private var saving = false

    init(_ manifest: BatchManifest, url: URL) {
        self.manifest = manifest
        self.url = url
    }

    func record(_ entry: BatchManifest.Entry) { update { $0.entries[entry.input] = entry } }

    func record(failure row: BatchRow) { update { $0.failures[row.input] = row } }

    private func update(_ change: (inout BatchManifest) -> Void) {
        let snapshot: BatchManifest? = lock.withLock {
            change(&manifest)
            guard !saving, Date() >= nextSave else { return nil }
            saving = true
            return manifest
        }
        guard let snapshot else { return }
        let started = Date()
        try? snapshot.save(url)
        let took = Date().timeIntervalSince(started)
        lock.withLock {
            saving = false
            nextSave = Date().addingTimeInterval(max(0.25, took * 20))
        }
    }

    func save() throws {
        try lock.withLock { try manifest.save(url) }
    }
}
