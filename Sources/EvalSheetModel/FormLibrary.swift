import Foundation

/// Finds forms by id in a `Layouts/` folder and keeps each loaded form, so that a batch of a
/// thousand evaluations reads each form once. Safe to share between threads.
public final class FormLibrary: @unchecked Sendable {
    public let directory: URL
    private var cache: [String: Result<Form, InputError>] = [:]
    private let lock = NSLock()

    public init(directory: URL) { self.directory = directory }

    public func form(id: String) -> Result<Form, InputError> {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[id] { return cached }
        let result: Result<Form, InputError>
        let folder = directory.appendingPathComponent(id, isDirectory: true)
        if !FormLibrary.isSafeID(id)
            || !FileManager.default.fileExists(atPath: folder.appendingPathComponent("form.yaml").path)
        {
            let known = availableIDs().joined(separator: ", ")
            result = .failure(
                InputError([
                    Diagnostic(
                        .error, file: directory.path, at: nil, field: "form",
                        Message(
                            "unknown-form", en: "unknown form '\(id)' (forms in \(directory.path): \(known))",
                            zh: "没有表样 '\(id)'（\(directory.path) 中的表样：\(known)）"))
                ]))
        } else {
            do throws(InputError) {
                result = .success(try FormLoader.load(directory: folder))
            } catch {
                result = .failure(error)
            }
        }
        cache[id] = result
        return result
    }

    public func availableIDs() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter {
            FileManager.default.fileExists(
                atPath: directory.appendingPathComponent($0).appendingPathComponent("form.yaml").path)
        }.sorted()
    }

    /// Form ids are folder names; nothing that could leave `Layouts/`.
    static func isSafeID(_ id: String) -> Bool {
        !id.isEmpty && id.count < 100
            && id.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == "."
            } && !id.hasPrefix(".")
    }

    /// Loads, scores and checks one evaluation file. Problems in the form itself are reported too.
    public func scoreFile(_ url: URL) -> Result<ScoredSheet, InputError> {
        var log = DiagnosticLog(file: url.path)
        guard let evaluation = EvaluationLoader.load(url: url, log: &log) else {
            return .failure(InputError(log.entries))
        }
        return scored(evaluation, log: log)
    }

    public func scoreData(_ data: Data, file: String) -> Result<ScoredSheet, InputError> {
        var log = DiagnosticLog(file: file)
        guard let evaluation = EvaluationLoader.load(data: data, file: file, log: &log) else {
            return .failure(InputError(log.entries))
        }
        return scored(evaluation, log: log)
    }

    private func scored(_ evaluation: Evaluation, log: DiagnosticLog) -> Result<ScoredSheet, InputError> {
        switch form(id: evaluation.formID) {
        case let .failure(error):
            var entries = log.entries
            for var diagnostic in error.diagnostics {
                if diagnostic.field == "form" {
                    diagnostic.file = evaluation.file
                    diagnostic.position = evaluation.fieldPositions["form"]
                }
                entries.append(diagnostic)
            }
            return .failure(InputError(entries))
        case let .success(form):
            var sheet = Scorer.score(evaluation, form: form)
            sheet.diagnostics = log.entries + sheet.diagnostics
            return .success(sheet)
        }
    }
}
