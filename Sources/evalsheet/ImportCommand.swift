import ArgumentParser
import EvalSheet
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn an existing sheet (text export) or a spreadsheet of scores (XLSX, CSV) into evaluation files.",
        discussion: """
            Recognises the form from the sheet's title and indicator names (or use --form), keeps every word, \
            and reports what it could not place with line numbers. Figures typed on the sheet are kept under \
            `typed:`, so `evalsheet validate` checks them against the computed ones.

            Examples:
              evalsheet import old-sheet.txt -o Samples/2020/202008367.yaml
              evalsheet import scores.xlsx -o Samples/2021/        # the form is the sheet's name, as export writes it

            A row goes to the file its 文件 column names (export writes it), else to the folder's evaluation with \
            its budget code, else to a new file named after the code. An existing file is updated in place: only \
            the values that changed are rewritten, and its comments, order, quoting and dates stay as written; \
            each file is listed as created, updated (with the fields) or unchanged. A file that is not the row's \
            own is never overwritten without --overwrite. Importing a sheet's text into an existing file updates \
            it the same way.
              evalsheet import scores.csv --form zhongshan-2020 -o Samples/2021/
              evalsheet import unknown-sheet.txt --new-form my-county-2021 -o draft.yaml
            """)

    @Argument(help: "The sheet, exported as tab-separated text.")
    var file: String

    @Option(name: .shortAndLong, help: "The evaluation file to write (default: standard output).")
    var output: String?

    @Option(help: "The form id, when it should not be recognised.")
    var form: String?

    @Option(
        help:
            "Draft a new form with this id from the sheet's own rows into Layouts/ID/form.yaml, for a person to check.")
    var newForm: String?

    @Option(help: "Spreadsheets: the sheet to read (default: the first).")
    var sheet: String?

    @Option(help: "CSV: auto, utf-8 or gb18030.")
    var encoding: String = "auto"

    @Option(help: "Spreadsheets: the year, when there is no year column.")
    var year: Int?

    @Flag(help: "Spreadsheets: write rows with errors too (as drafts to fix), instead of skipping them.")
    var keepGoing = false

    @Flag(
        help:
            "Update an existing file that a row does not identify as its own (no 文件 column, no matching budget code), or replace one that is not an evaluation."
    )
    var overwrite = false

    func validate() throws {
        guard TextDecoding.Encoding(rawValue: encoding) != nil else {
            throw ValidationError(
                Message(
                    "encoding-choice", en: "--encoding is auto, utf-8 or gb18030",
                    zh: "--encoding 只能是 'auto'、'utf-8' 或 'gb18030'"
                ).description)
        }
    }

    @OptionGroup var layoutOptions: LayoutOptions

    func run() throws {
        let library = try layoutOptions.library()
        let url = URL(fileURLWithPath: file)
        if ["xlsx", "csv"].contains(url.pathExtension.lowercased()) {
            return try importSpreadsheet(url, library: library)
        }
        guard let data = try? Data(contentsOf: url) else {
            printError(Message("cannot-read-input", en: "\(file): cannot read the file", zh: "\(file)：无法读取文件"))
            throw ExitCode(1)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            printError(Message("not-utf8-text", en: "\(file): not UTF-8 text", zh: "\(file)：不是 UTF-8 文本"))
            throw ExitCode(1)
        }
        if let newForm { return try draftForm(newForm, from: text, library: library) }
        let result = SheetTextImporter.importSheet(text: text, file: file, library: library, formID: form)
        printError(result.problems)
        guard let draft = result.draft else { throw ExitCode(1) }
        let yaml = EvaluationYAML.write(draft)
        if let output {
            let target = URL(fileURLWithPath: output)
            // The one writer: an existing file is updated in place, a file that is not an evaluation of this
            // form is never replaced.
            let outcome: EvaluationFile.Outcome
            do {
                guard case let .success(loaded) = library.form(id: draft.formID) else { throw ExitCode(1) }
                outcome = try EvaluationFile.write(draft, to: target, form: loaded, replacing: overwrite)
            } catch let refusal as EvaluationFile.Refusal {
                printError(refusal.message + Message(en: " (--overwrite replaces it)", zh: "（--overwrite 会替换它）"))
                throw ExitCode(1)
            }
            // What was read, in the sheet's own terms: scores, declared indicators, funds rows, sections.
            let declared = draft.declared.reduce(0) { $0 + $1.items.count }
            let parts =
                [Message(en: "\(draft.scores.count) scores", zh: "\(draft.scores.count) 个评分")]
                + (declared > 0 ? [Message(en: "\(declared) declared indicators", zh: "\(declared) 个自列指标")] : [])
                + (draft.funds.isEmpty
                    ? [] : [Message(en: "\(draft.funds.count) funds rows", zh: "\(draft.funds.count) 行资金")])
                + [Message(en: "\(draft.narrative.count) sections", zh: "\(draft.narrative.count) 段评价意见")]
            let read = Message(
                en: parts.map(\.en).joined(separator: ", "), zh: parts.map(\.zh).joined(separator: "，"))
            switch outcome {
            case .created:
                printError(
                    Message("import-written", en: "\(output): written (\(read.en))", zh: "\(output)：已写入（\(read.zh)）"))
            case .unchanged:
                printError(
                    Message(
                        "import-unchanged", en: "\(output): unchanged (\(read.en))", zh: "\(output)：未改变（\(read.zh)）"))
            case let .updated(fields):
                printError(
                    Message(
                        "import-updated", en: "\(output): updated \(fields.joined(separator: ", "))",
                        zh: "\(output)：已更新 \(fields.joined(separator: ", "))"))
            }
        } else {
            print(yaml, terminator: "")
        }
        if result.problems.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }

    /// `--new-form ID`: the form drafted from the sheet's text into a new folder of the forms.
    func draftForm(_ newForm: String, from text: String, library: FormLibrary) throws {
        let folder = library.directory.appendingPathComponent(newForm)
        guard !FileManager.default.fileExists(atPath: folder.path) else {
            printError(
                Message(
                    "form-folder-exists", en: "\(folder.path) exists already; choose another id",
                    zh: "\(folder.path) 已存在；请换一个 id"))
            throw ExitCode(1)
        }
        do {
            let files = try FormDrafter.drafts(text: text, id: newForm, library: library)
            try OutputFolder.create(folder)
            for (name, content) in files.sorted(by: { $0.key < $1.key }) {
                try AtomicFile.write(Data(content.utf8), to: folder.appendingPathComponent(name))
            }
            printError(
                files["style.yaml"] == nil
                    ? Message(
                        "form-drafted", en: "\(folder.path)/form.yaml: drafted; check it and add a style.yaml",
                        zh: "\(folder.path)/form.yaml：已起草；请检查并加上 style.yaml")
                    : Message(
                        "form-drafted-whole",
                        en:
                            "\(folder.path): form.yaml, style.yaml and sample-text.yaml drafted; check them, then import the sheet with --form \(newForm) and render it",
                        zh:
                            "\(folder.path)：已起草 form.yaml、style.yaml 和 sample-text.yaml；请检查，然后用 --form \(newForm) 导入这张表并生成"
                    ))
        } catch {
            printFailure(error, of: file)
            throw ExitCode(1)
        }
    }

    func importSpreadsheet(_ url: URL, library: FormLibrary) throws {
        guard let output else {
            throw ValidationError(
                Message(
                    "spreadsheet-needs-output", en: "a spreadsheet needs -o DIR for its evaluation files",
                    zh: "表格导入需要用 -o DIR 指定评价文件的去处"
                ).description)
        }
        let known = library.availableIDs()
        // The tables to read, each with its form: every sheet of a workbook named after a form (export writes a
        // sheet per form); else the one sheet asked for (or the first), its form --form, its sheet's name or the file's.
        var tables: [(table: SpreadsheetTable, form: String)] = []
        do {
            if url.pathExtension.lowercased() == "xlsx" {
                if sheet == nil, form == nil {
                    tables = try XLSXReader.readAll(url).filter { known.contains($0.name) }.map { ($0, $0.name) }
                }
                if tables.isEmpty {
                    let table = try XLSXReader.read(url, sheet: sheet)
                    tables = [(table, try formID(for: table, url: url, known: known))]
                }
            } else {
                let data = try Data(contentsOf: url)
                let table = CSVReader.read(
                    try TextDecoding.decode(data, as: TextDecoding.Encoding(rawValue: encoding) ?? .auto))
                tables = [(table, try formID(for: table, url: url, known: known))]
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            printFailure(error, of: url.path)
            throw ExitCode(1)
        }
        let folder = URL(fileURLWithPath: output, isDirectory: true)
        try OutputFolder.create(folder)
        var writer = EvaluationWriter(folder: folder, library: library, overwrite: overwrite)
        var failed = false
        for (table, id) in tables {
            let loaded: Form
            switch library.form(id: id) {
            case let .success(found): loaded = found
            case let .failure(error):
                printError(error.diagnostics)
                throw ExitCode(1)
            }
            var log = DiagnosticLog(file: url.path)
            let importer = SpreadsheetImporter(form: loaded, file: url)
            let rows = importer.rows(table, year: year, log: &log).map { importer.validated($0, library: library) }
            printError(log.entries)
            if log.hasErrors { failed = true }
            for row in rows {
                printError(row.problems)
                if row.hasErrors && !keepGoing { writer.skipped += 1; continue }
                var draft = row.draft
                if row.hasErrors { draft.draft = true }
                let code = draft.header.first { $0.id == "code" }?.value ?? ""
                if !writer.write(draft, form: loaded, code: code, row: row.row + 1, from: url) { failed = true }
            }
        }
        say(
            writer.summary
                + (writer.skipped > 0
                    ? Message(
                        en: ", \(writer.skipped) row(s) with errors skipped (--keep-going writes them)",
                        zh: "，跳过 \(writer.skipped) 行有错误的（--keep-going 会写入它们）") : .empty))
        if writer.skipped > 0 || failed { throw ExitCode(1) }
    }

    /// The form of a single table: --form, else the sheet's name (export names it after the form), else the file's.
    func formID(for table: SpreadsheetTable, url: URL, known: [String]) throws -> String {
        guard
            let found = form ?? [table.name, url.deletingPathExtension().lastPathComponent].first(where: known.contains)
        else {
            throw ValidationError(
                Message(
                    "which-form",
                    en:
                        "which form is \(url.lastPathComponent)? Its sheet '\(table.name)' is not a form id; pass --form ID (\(known.joined(separator: ", ")))",
                    zh:
                        "\(url.lastPathComponent) 是哪个表样？它的工作表 '\(table.name)' 不是表样 id；请用 --form ID 指定（\(known.joined(separator: ", "))）"
                ).description
            )
        }
        return found
    }
}

/// Writes imported rows into a folder of evaluations through the one writer (`EvaluationFile`), each row to
/// the file it belongs to: the file its 文件 column names, else the evaluation of the folder with its budget
/// code, else a new file named after the code. An existing file is updated in place (only changed values);
/// a new row never replaces a file that is another project's, and two rows never write one file.
struct EvaluationWriter {
    let folder: URL
    let library: FormLibrary
    let overwrite: Bool
    /// The folder's evaluations by form and budget code, read once, when a row first needs them (rows of an
    /// export name their files and never do).
    var byCode: [String: [URL]]?
    var claimed: [String: Int] = [:]
    var created = 0, updated = 0, unchanged = 0, skipped = 0

    init(folder: URL, library: FormLibrary, overwrite: Bool) {
        self.folder = folder
        self.library = library
        self.overwrite = overwrite
    }

    mutating func evaluations(form: String, code: String) -> [URL] {
        if byCode == nil {
            var found: [String: [URL]] = [:]
            for file in (try? EvaluationFiles.expand([folder.path])) ?? [] {
                guard case let .success(sheet) = library.scoreFile(file), let code = sheet.codeValue, !code.isEmpty
                else { continue }
                found[sheet.form.id + " " + code, default: []].append(file)
            }
            byCode = found
        }
        return byCode?[form + " " + code] ?? []
    }

    func relative(_ url: URL) -> String { RelativePath.of(url, from: folder) }

    /// Writes one row's draft; false (with the reason said) when it was not written.
    mutating func write(_ draft: EvaluationDraft, form: Form, code: String, row: Int, from source: URL) -> Bool {
        let target: URL
        var isNew = false
        if let file = draft.file {
            target = folder.appendingPathComponent(file)
        } else if !code.isEmpty, case let matches = evaluations(form: form.id, code: code), !matches.isEmpty {
            guard matches.count == 1 else {
                printError(
                    Message(
                        "budget-code-ambiguous",
                        en:
                            "\(source.path): row \(row): \(matches.count) evaluations in \(folder.path) have the budget code \(code) (\(matches.map(relative).joined(separator: ", "))); add a 文件 column naming the file (export writes it)",
                        zh:
                            "\(source.path)：第 \(row) 行：\(folder.path) 中有 \(matches.count) 个评价文件的预算编码都是 \(code)（\(matches.map(relative).joined(separator: ", "))）；请加一列“文件”写明文件名（导出时会写）"
                    ))
                return false
            }
            target = matches[0]
        } else {
            target = folder.appendingPathComponent(OutputName.sanitized(code, fallback: "row-\(row)") + ".yaml")
            isNew = true
        }
        if let earlier = claimed[target.standardizedFileURL.path] {
            printError(
                Message(
                    "rows-same-file",
                    en:
                        "\(source.path): rows \(earlier) and \(row) are both \(relative(target)); neither is written twice",
                    zh: "\(source.path)：第 \(earlier) 行和第 \(row) 行都是 \(relative(target))；都不重复写入"))
            return false
        }
        claimed[target.standardizedFileURL.path] = row
        // A new row named like a file of another project (or of none): never replaced without --overwrite.
        if isNew && FileManager.default.fileExists(atPath: target.path) && !overwrite {
            printError(
                Message(
                    "row-file-exists",
                    en:
                        "\(source.path): row \(row): \(relative(target)) exists and is not this row's evaluation (no 文件 column, and its budget code is not \(code.isEmpty ? "given" : code)); not overwritten (--overwrite updates it)",
                    zh:
                        "\(source.path)：第 \(row) 行：\(relative(target)) 已存在，且不是这一行的评价（没有“文件”列，它的预算编码也不是 \(code.isEmpty ? "（未填）" : code)）；未覆盖（--overwrite 会更新它）"
                ))
            return false
        }
        var placed = draft.movingImages(
            from: source.deletingLastPathComponent(), to: target.deletingLastPathComponent())
        placed.file = nil
        do {
            try OutputFolder.create(target.deletingLastPathComponent())
            switch try EvaluationFile.write(placed, to: target, form: form, replacing: overwrite) {
            case .created:
                created += 1
                say(Message("row-created", en: "\(relative(target)): created", zh: "\(relative(target))：已新建"))
            case .unchanged:
                unchanged += 1
                say(Message("row-unchanged", en: "\(relative(target)): unchanged", zh: "\(relative(target))：未改变"))
            case let .updated(fields):
                updated += 1
                say(
                    Message(
                        "row-updated", en: "\(relative(target)): updated \(fields.joined(separator: ", "))",
                        zh: "\(relative(target))：已更新 \(fields.joined(separator: ", "))"))
            }
            return true
        } catch {
            printError(
                Message(
                    "row-not-written", en: "\(source.path): row \(row): \(error.text(in: .en))",
                    zh: "\(source.path)：第 \(row) 行：\(error.text(in: .zh))"))
            return false
        }
    }

    var summary: Message {
        Message(
            "import-summary",
            en:
                "\(created + updated + unchanged) evaluation(s) in \(folder.path): \(created) created, \(updated) updated, \(unchanged) unchanged",
            zh:
                "\(folder.path) 中 \(created + updated + unchanged) 个评价文件：新建 \(created) 个，更新 \(updated) 个，未改变 \(unchanged) 个"
        )
    }

}
