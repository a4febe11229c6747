import EvalSheet
import Foundation
import XCTest

/// Paths and shared objects for the tests. The fonts must have been prepared (scripts/test.sh does it).
enum TestSupport {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let layouts = root.appendingPathComponent("Layouts")
    static let samples = root.appendingPathComponent("Samples")
    static let fixtures = root.appendingPathComponent("Tests/EvalSheetTests/Fixtures")
    static let fonts = root.appendingPathComponent("Fonts/build")
    static let seedSample = samples.appendingPathComponent("zhongshan-2020/202008367.yaml")
    /// The reference sheet as a text export (a copy of shared/seeds/000_7a08ccc9a4943f8f.txt).
    static let seedText = fixtures.appendingPathComponent("reference-sheet.txt")

    /// The forms; first used before any message is read, so it also fixes the tests' interface language: English
    /// whatever the machine's locale (a test of the Chinese asks for it, `text(in: .zh)` or `--messages zh`).
    static let library: FormLibrary = {
        InterfaceLanguage.current = .en
        return FormLibrary(directory: layouts)
    }()
    static let fixtureLibrary = FormLibrary(directory: fixtures.appendingPathComponent("Layouts"))

    /// One renderer for the whole test run (XCTest runs tests on one thread).
    nonisolated(unsafe) static let renderer: SheetRenderer = {
        do { return try SheetRenderer(fontsDirectory: fonts) } catch { fatalError("fonts not prepared: \(error)") }
    }()

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evalsheet-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func seedYAML() -> String { try! String(contentsOf: seedSample, encoding: .utf8) }

    /// The YAML without its `typed:` block, for tests that change scores.
    static func withoutTypedFigures(_ yaml: String) -> String {
        var lines: [Substring] = []
        var skipping = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("typed:") { skipping = true; continue }
            if skipping && (line.hasPrefix(" ") || line.isEmpty) { continue }
            skipping = false
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Scores YAML text as if it were a file called `name`.
    static func score(_ yaml: String, name: String = "test.yaml", library: FormLibrary = library) -> Result<
        ScoredSheet, InputError
    > {
        library.scoreData(Data(yaml.utf8), file: name)
    }

    static func sheet(_ url: URL, library: FormLibrary = library) throws -> ScoredSheet {
        try library.scoreFile(url).get()
    }

    /// Runs a command and returns its exit code and output; with `interruptAfter`, sends it Ctrl-C (SIGINT) that
    /// many seconds after it started.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String]? = nil, interruptAfter seconds: Double? = nil
    ) throws -> (code: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        // The program's messages in English unless a test asks otherwise, whatever the machine's locale.
        process.environment =
            environment
            ?? ProcessInfo.processInfo.environment.filter { $0.key != "LC_ALL" && $0.key != "LC_MESSAGES" }.merging(
                ["LANG": "C.UTF-8"]) { $1 }

        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let seconds {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { kill(pid, SIGINT) }
        }
        // Drain both pipes at once: a child that fills one while we wait on the other would block forever.
        nonisolated(unsafe) var errData = Data()
        let errHandle = err.fileHandleForReading
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData = errHandle.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    static func tool(_ name: String) -> String {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"]
        where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        return name
    }

    /// The built command-line tool.
    static var cli: String {
        let candidates = [".build/debug/evalsheet", ".build/release/evalsheet"].map {
            root.appendingPathComponent($0).path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// An HTML sheet's markup with the spans that keep numbers whole with their units unwrapped (`(50分)`, not
    /// `(<span class="nb">50分</span>)`) and the breaks between a label's words (`<wbr>`) taken out, for tests
    /// that look for a cell's text in the markup.
    static func unwrappingNumbers(_ html: String) -> String {
        html.replacingOccurrences(of: #"<span class="nb">([^<]*)</span>"#, with: "$1", options: .regularExpression)
            .replacingOccurrences(of: "<wbr>", with: "")
    }

    /// Whitespace removed: in-cell line breaks in the seed appear as spaces.
    static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }

    /// The text of a rendered PDF in reading order (`pdftotext -raw`), whitespace removed, without what
    /// pages add: footers, running headers, head rows repeated after their first page, continuation labels.
    static func bodyText(_ url: URL, document: LaidOutDocument, sheet: ScoredSheet, language: Language) throws -> String
    {
        var text = squeezed(try run(tool("pdftotext"), ["-raw", "-enc", "UTF-8", url.path, "-"]).stdout)
        text = text.replacingOccurrences(of: "第\\d+页共\\d+页", with: "", options: .regularExpression)
            .replacingOccurrences(of: "Page\\d+of\\d+", with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: squeezed(SheetText(sheet, language: language).runningHeader), with: "")
        let cells = LayoutInvariants.cells(document)
        func parts(_ text: String) -> [String] {
            text.components(separatedBy: Language.separator).map(squeezed).filter { !$0.isEmpty }
        }
        for label in Set(
            cells.filter { $0.cell.isContinuation && ($0.cell.text.contains("续）") || $0.cell.text.contains("(cont.)")) }
                .flatMap { parts($0.cell.text) })
        {
            text = text.replacingOccurrences(of: label, with: "")
        }
        for table in ["score", "narrative"] {
            let head = cells.filter { $0.cell.table == table && $0.cell.isHead && !$0.cell.role.hasPrefix("header-") }
            guard let page = head.map(\.page).min() else { continue }
            let row = head.filter { $0.page == page }.map(\.cell.text).flatMap(parts).joined()
            if let first = text.range(of: row) {
                text =
                    String(text[..<first.upperBound])
                    + text[first.upperBound...].replacingOccurrences(of: row, with: "")
            }
        }
        return text
    }
}
