import EvalSheet
import Foundation
import XCTest

/// Hundreds of malformed inputs (Fixtures/make_corpus.py, plus large ones made here): each is rejected
/// with a positioned message and exit code 1 or 2, never a crash or hang, and no partial output.
final class CorpusTests: XCTestCase {
    func corpus() throws -> URL {
        let folder = TestSupport.temporaryDirectory().appendingPathComponent("corpus")
        let made = try TestSupport.run(
            HTMLTests.python,
            [
                TestSupport.fixtures.appendingPathComponent("make_corpus.py").path,
                folder.path, TestSupport.seedSample.path
            ])
        XCTAssertEqual(made.code, 0, made.stderr)
        // Large inputs, not committed: a 10 MB narrative and a 10 MB line of garbage.
        let huge = TestSupport.seedYAML().replacingOccurrences(
            of: "    - \"**一、项目管理。**\"", with: "    - \"" + String(repeating: "长", count: 3_500_000) + "\"")
        try huge.write(to: folder.appendingPathComponent("huge-string.yaml"), atomically: true, encoding: .utf8)
        try Data(repeating: 0x41, count: 10 << 20).write(to: folder.appendingPathComponent("huge-line.yaml"))
        return folder
    }

    func testEveryMalformedInputIsRejectedCleanly() throws {
        let folder = try corpus()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertGreaterThanOrEqual(files.count, 300)
        var rejected = 0
        var slowest = 0.0
        // A process per input (a crash on one must not hide the others), as many at once as there are cores: the
        // 368 one after another took 46–83 s.
        let lock = NSLock()
        nonisolated(unsafe) var results:
            [String: (result: (code: Int32, stdout: String, stderr: String)?, seconds: Double)] = [:]
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let name = files[index]
            let started = Date()
            let result = try? TestSupport.run(
                TestSupport.cli, ["validate", folder.appendingPathComponent(name).path], in: TestSupport.root)
            let seconds = Date().timeIntervalSince(started)
            lock.lock()
            results[name] = (result, seconds)
            lock.unlock()
        }
        for name in files {
            let (ran, seconds) = results[name] ?? (nil, 0)
            let result = try XCTUnwrap(ran, "\(name): validate did not run")
            slowest = max(slowest, seconds)
            XCTAssertTrue([0, 1, 2].contains(result.code), "\(name): exit \(result.code)\n\(result.stderr.suffix(400))")
            XCTAssertFalse(result.stderr.contains("Fatal error") || result.stderr.contains("Program crashed"), name)
            if result.code == 1 {
                rejected += 1
                // Every problem names the file, and a position where there is one.
                let problems = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
                XCTAssertFalse(problems.isEmpty, "\(name): rejected without a message")
                for problem in problems {
                    XCTAssertTrue(problem.contains(name), "\(name): \(problem)")
                }
                let positioned = problems.filter {
                    $0.range(of: "\\.(yaml|json|csv):[0-9]+:[0-9]+: error", options: .regularExpression) != nil
                }
                // Whole-file problems (too large, not text, empty) have no position.
                if ![
                    "huge-line.yaml", "huge-string.yaml", "binary.yaml", "utf16.yaml", "empty.yaml", "only-comment.yaml"
                ].contains(name) {
                    XCTAssertFalse(positioned.isEmpty, "\(name): no line and column in \(problems.first ?? "")")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(rejected, 200)
        XCTAssertLessThan(slowest, 15, "every input is answered within bounded time")
    }

    func testRenderingMalformedInputWritesNothing() throws {
        let folder = try corpus()
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let chosen = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().enumerated()
            .filter { $0.offset % 6 == 0 }.map { folder.appendingPathComponent($0.element).path }
        let result = try TestSupport.run(
            TestSupport.cli, ["render"] + chosen + ["-o", output.path], in: TestSupport.root)
        XCTAssertEqual(result.code, 1)
        XCTAssertFalse(result.stderr.contains("Program crashed"))
        // Only whole PDFs, for the inputs that were valid after all; nothing temporary.
        for name in try FileManager.default.contentsOfDirectory(atPath: output.path) {
            XCTAssertTrue(name.hasSuffix(".pdf"), name)
            let check = try TestSupport.run(
                TestSupport.tool("qpdf"), ["--check", output.appendingPathComponent(name).path])
            XCTAssertEqual(check.code, 0, name)
        }
    }

    func testSpreadsheetBombsAndBrokenWorkbooksAreRefused() throws {
        let folder = TestSupport.temporaryDirectory()
        // A "workbook" whose sheet unpacks to 200 MB of zeros.
        let script = """
            import zipfile, sys
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
                z.writestr("xl/worksheets/sheet1.xml", b"\\0" * (200 << 20))
            """
        let bomb = folder.appendingPathComponent("bomb.xlsx")
        let made = try TestSupport.run(HTMLTests.python, ["-c", script, bomb.path])
        XCTAssertEqual(made.code, 0, made.stderr)
        XCTAssertLessThan(try FileManager.default.attributesOfItem(atPath: bomb.path)[.size] as? Int ?? 0, 1 << 20)
        let result = try TestSupport.run(
            TestSupport.cli,
            ["import", bomb.path, "--form", "zhongshan-2020", "-o", folder.appendingPathComponent("out").path],
            in: TestSupport.root)
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.stderr.contains("refused"), result.stderr)
        // Not a ZIP at all, and a ZIP without a workbook.
        try Data("PK not really".utf8).write(to: folder.appendingPathComponent("fake.xlsx"))
        let fake = try TestSupport.run(
            TestSupport.cli,
            ["import", folder.appendingPathComponent("fake.xlsx").path, "--form", "zhongshan-2020", "-o", folder.path],
            in: TestSupport.root)
        XCTAssertEqual(fake.code, 1)
        XCTAssertTrue(fake.stderr.contains("not an XLSX workbook"), fake.stderr)
    }

    /// Inputs on which scripts/fuzz.sh once found a crash, kept and replayed through every reader they
    /// were found in (the first byte chose it): none crashes now.
    func testKeptFuzzingFindingsNoLongerCrash() throws {
        let folder = TestSupport.fixtures.appendingPathComponent("fuzz-crashes")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
            folder.appendingPathComponent($0).path
        }
        XCTAssertFalse(files.isEmpty)
        let replay = URL(fileURLWithPath: TestSupport.cli).deletingLastPathComponent().appendingPathComponent(
            "evalsheet-fuzz"
        ).path
        let result = try TestSupport.run(replay, files, in: TestSupport.root)  // Layouts/ relative to the root
        XCTAssertEqual(result.code, 0, result.stderr.suffix(600).description)
        XCTAssertEqual(result.stdout, "replayed \(files.count) inputs\n")
    }
}
