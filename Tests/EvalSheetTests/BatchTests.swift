@testable import EvalSheet
import Foundation
import XCTest

final class BatchTests: XCTestCase {
    func evalsheet(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        try TestSupport.run(TestSupport.cli, arguments, in: TestSupport.root)
    }

    /// Generated evaluations plus broken ones and a pair whose outputs would collide.
    func year(_ count: Int) throws -> URL {
        let folder = TestSupport.temporaryDirectory().appendingPathComponent("year")
        let form = try TestSupport.library.form(id: "zhongshan-2020").get()
        _ = try SampleGenerator(form: form, layouts: TestSupport.layouts).write(
            count: count, seed: 11, to: folder.appendingPathComponent("a"))
        let seed = TestSupport.seedYAML()
        let broken = folder.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "form: zhongshan-2020\nyear: [2020\n".write(
            to: broken.appendingPathComponent("syntax.yaml"), atomically: true, encoding: .utf8)
        try seed.replacingOccurrences(of: "  pm-rules: 2\n", with: "  pm-rules: 5\n")
            .replacingOccurrences(of: "\"202008367\"", with: "\"202099001\"")
            .write(to: broken.appendingPathComponent("score.yaml"), atomically: true, encoding: .utf8)
        try seed.write(to: broken.appendingPathComponent("twin-a.yaml"), atomically: true, encoding: .utf8)
        try seed.write(to: broken.appendingPathComponent("twin-b.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    func testBatchRendersTheGoodReportsTheBrokenAndSkipsWhatIsUnchanged() throws {
        let input = try year(10)
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        let first = try evalsheet(["batch", input.path, "-o", output.path, "--jobs", "2", "--formats", "pdf,html"])
        XCTAssertEqual(first.code, 1, first.stdout + first.stderr)
        XCTAssertTrue(first.stdout.contains("10 rendered, 0 skipped (unchanged), 4 failed"), first.stdout)
        // Each failure names its file with line and column.
        // libyaml notices the unclosed list at the end of the input.
        XCTAssertTrue(first.stderr.contains("broken/syntax.yaml:3:1: error: YAML syntax error"), first.stderr)
        XCTAssertTrue(
            first.stderr.range(of: "broken/score.yaml:\\d+:\\d+: error: scores.pm-rules", options: .regularExpression)
                != nil, first.stderr)
        XCTAssertTrue(first.stderr.contains("would collide with"), first.stderr)
        // Each failure is printed once, with all its problems.
        XCTAssertEqual(first.stderr.components(separatedBy: "broken/syntax.yaml:3:1: error").count, 2, first.stderr)
        // The failed sheets are in the summary too, with their status and reason, and no totals.
        let csv = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8)
        let failedLines = csv.split(separator: "\r\n").filter { $0.contains(",失败,") }
        XCTAssertEqual(failedLines.count, 4, csv)
        XCTAssertTrue(
            failedLines.contains { $0.contains("broken/syntax.yaml") && $0.contains("YAML syntax error") }, csv)
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertEqual(index.components(separatedBy: "<tr class=\"failed\">").count - 1, 4)
        XCTAssertTrue(index.contains("（10 / 14 份完成，4 份未完成）"), index)
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        XCTAssertEqual(files.filter { $0.hasSuffix(".pdf") }.count, 10)
        XCTAssertEqual(files.filter { $0.hasSuffix(".html") }.count, 11, "10 sheets and index.html")
        XCTAssertFalse(files.contains("202008367.pdf"), "colliding inputs are never written")
        XCTAssertFalse(files.contains { $0.hasSuffix(".tmp") })
        XCTAssertTrue(files.contains("summary.csv"))

        // Nothing changed: nothing is rendered again.
        let second = try evalsheet(["batch", input.path, "-o", output.path, "--jobs", "2", "--formats", "pdf,html"])
        XCTAssertTrue(second.stdout.contains("0 rendered, 10 skipped (unchanged), 4 failed"), second.stdout)

        // One input edited: only that one.
        let edited = input.appendingPathComponent("a/202000003.yaml")
        try (String(contentsOf: edited, encoding: .utf8) + "\n# edited\n").write(
            to: edited, atomically: true, encoding: .utf8)
        let pdf = output.appendingPathComponent("202000004.pdf")
        let untouched = try FileManager.default.attributesOfItem(atPath: pdf.path)[.modificationDate] as? Date
        let third = try evalsheet(["batch", input.path, "-o", output.path, "--jobs", "2", "--formats", "pdf,html"])
        XCTAssertTrue(third.stdout.contains("1 rendered, 9 skipped (unchanged), 4 failed"), third.stdout)
        XCTAssertTrue(third.stdout.contains("rendered a/202000003.yaml"), third.stdout)
        XCTAssertEqual(
            try FileManager.default.attributesOfItem(atPath: pdf.path)[.modificationDate] as? Date, untouched)

        // A new input named like one rendered before: the unchanged one fails with it, and is no longer
        // counted as unchanged; its PDF stays as it was, never overwritten.
        try FileManager.default.copyItem(at: edited, to: input.appendingPathComponent("a/zz-copy.yaml"))
        let twin = try evalsheet(["batch", input.path, "-o", output.path, "--jobs", "2", "--formats", "pdf,html"])
        XCTAssertTrue(twin.stdout.contains("0 rendered, 9 skipped (unchanged), 6 failed"), twin.stdout)
        XCTAssertTrue(
            twin.stderr.contains("a/zz-copy.yaml") && twin.stderr.contains("failed a/202000003.yaml"), twin.stderr)
        let twinCSV = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8).split(
            separator: "\r\n")
        XCTAssertEqual(twinCSV.count - 1, 15, "every input once")
        XCTAssertEqual(twinCSV.filter { $0.contains(",失败,") && $0.hasSuffix(",a/202000003.yaml") }.count, 1)
        // The manifest, a journal the runs appended to, is left with one line per input (and its header).
        let manifest = try String(contentsOf: output.appendingPathComponent(".evalsheet-batch.json"), encoding: .utf8)
        XCTAssertEqual(manifest.split(separator: "\n").count, 16, manifest)
        try FileManager.default.removeItem(at: input.appendingPathComponent("a/zz-copy.yaml"))

        // --force renders everything.
        let forced = try evalsheet(["batch", input.path, "-o", output.path, "--force", "--quiet"])
        XCTAssertTrue(forced.stdout.contains("10 rendered, 0 skipped"), forced.stdout)
    }

    /// The manifest is a journal: a line cut short by a kill is passed over, the lines after it are read,
    /// a later record of an input replaces an earlier one, and compacting keeps one line per input asked for.
    func testManifestJournalPassesOverATornLine() throws {
        let folder = TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(".evalsheet-batch.json")
        let sheet = try TestSupport.library.scoreFile(TestSupport.seedSample).get()
        func entry(_ input: String, _ hash: String) -> BatchManifest.Entry {
            BatchManifest.Entry(input: input, hash: hash, outputs: [input + ".pdf"], row: BatchRow(sheet, input: input))
        }
        var manifest = BatchManifest()
        for input in ["a", "b", "c"] { manifest.entries[input] = entry(input, "1") }
        try manifest.save(url)
        // A killed run: half a line at the end.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"hash\":\"2\",\"input\":\"b\",\"outp".utf8))
        try handle.close()
        XCTAssertEqual(Set(BatchManifest.load(url).entries.keys), ["a", "b", "c"])
        XCTAssertEqual(BatchManifest.load(url).entries["b"]?.hash, "1")
        // The next run appends after it: its records are read, the later ones winning.
        let journal = try ManifestJournal(url)
        journal.record(entry("b", "3"))
        journal.record(failure: BatchRow(input: "c", status: .failed, reason: "broken", sheet: nil))
        let loaded = BatchManifest.load(url)
        XCTAssertEqual(loaded.entries["b"]?.hash, "3")
        XCTAssertNil(loaded.entries["c"])
        XCTAssertEqual(loaded.failures["c"]?.reason, "broken")
        XCTAssertEqual(BatchManifest.rendered(url).keys.sorted(), ["a", "b"])
        try BatchManifest.compact(url, keeping: ["b", "c"])
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "the header and one line for each input kept")
        XCTAssertEqual(BatchManifest.load(url).entries["b"]?.hash, "3")
        XCTAssertEqual(BatchManifest.load(url).failures["c"]?.reason, "broken")
        // Another engine's manifest (or a damaged header) is not read.
        try Data("{\"engine\":\"0\"}\n".utf8).write(to: url)
        XCTAssertTrue(BatchManifest.load(url).entries.isEmpty)
    }

    func testSummaryAgreesWithValidate() throws {
        let input = try year(8)
        try FileManager.default.removeItem(at: input.appendingPathComponent("broken"))
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        XCTAssertEqual(try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--quiet"]).code, 0)
        let csv = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8)
        XCTAssertTrue(
            try Data(contentsOf: output.appendingPathComponent("summary.csv")).starts(with: [0xEF, 0xBB, 0xBF]),
            "UTF-8 BOM")
        // Foundation drops the byte-order mark when it decodes (the bytes are checked above).
        let text =
            csv.unicodeScalars.first == "\u{FEFF}"
            ? String(String.UnicodeScalarView(csv.unicodeScalars.dropFirst())) : csv
        let lines = text.split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        XCTAssertEqual(lines[0].prefix(5), ["年度", "指标编码", "项目单位", "项目名称", "预算金额（万元）"])
        let validation = try evalsheet(["validate", "--report", "json", input.path])
        let reports = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(validation.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(lines.count - 1, reports.count)
        let totalColumn = lines[0].firstIndex(of: "合计")!, gradeColumn = lines[0].firstIndex(of: "等级")!
        for report in reports {
            // Codes as text for Excel and WPS: ="202000001" (quoted for CSV).
            let line = try XCTUnwrap(
                lines.first { $0[1] == "\"=\"\"\(report["code"] as? String ?? "")\"\"\"" }, "\(report["code"] ?? "")")
            XCTAssertEqual(line[0], "2020")
            XCTAssertEqual(line[totalColumn], report["total"] as? String)
            XCTAssertEqual(line[gradeColumn], report["grade"] as? String)
            XCTAssertEqual(line[5], (report["groups"] as? [String: String])?["process"])
            XCTAssertEqual(line[lines[0].firstIndex(of: "状态")!], "完成")
        }
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("<svg role=\"img\" aria-label=\"等级分布\""))
        XCTAssertTrue(index.contains("<svg role=\"img\" aria-label=\"总分分布\""))
        // A filter per column (the grade's matches the whole cell) and grades sorted in the form's order.
        XCTAssertEqual(
            index.components(separatedBy: "<input data-column=").count - 1, 4 + 2 + 5,
            "code, unit, project, budget, two groups, deductions, total, grade, status, files")
        XCTAssertTrue(index.contains("data-exact"))
        XCTAssertTrue(index.range(of: "<td data-sort=\"[0-3]\">[优良中差]</td>", options: .regularExpression) != nil)
    }

    func testShardsAreDisjointAndTogetherCoverEverything() throws {
        let names = (0..<500).map { "folder\($0 % 7)/\($0).yaml" }
        for count in [1, 2, 3, 8] {
            var seen = Set<String>()
            for index in 1...count {
                let share = names.filter { BatchShard(index: index, count: count).contains($0) }
                XCTAssertTrue(seen.isDisjoint(with: share), "shares of \(count) overlap")
                seen.formUnion(share)
                if count > 1 { XCTAssertGreaterThan(share.count, names.count / count / 2, "shares are roughly even") }
            }
            XCTAssertEqual(seen.count, names.count)
        }
        XCTAssertNil(BatchShard("0/3"))
        XCTAssertNil(BatchShard("4/3"))
        XCTAssertNil(BatchShard("x"))

        // Two shards rendered separately, then one summary of both.
        let input = try year(9)
        try FileManager.default.removeItem(at: input.appendingPathComponent("broken"))
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        let one = try evalsheet([
            "batch", input.path, "-o", output.path, "--shard", "1/2", "--formats", "pdf", "--quiet"
        ])
        let two = try evalsheet([
            "batch", input.path, "-o", output.path, "--shard", "2/2", "--formats", "pdf", "--quiet"
        ])
        let rendered = [one.stdout, two.stdout].map { Int($0.split(separator: " ").first ?? "") ?? -1 }
        XCTAssertEqual(rendered.reduce(0, +), 9, one.stdout + two.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("summary.csv").path))
        let summary = try evalsheet(["batch", input.path, "-o", output.path, "--summary-only", "--volume"])
        XCTAssertEqual(summary.code, 0, summary.stderr)
        let csv = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\r\n").count, 10, "a head and one row per project")
        XCTAssertTrue(summary.stdout.contains("volume:"), summary.stdout)
    }

    func testVolumeBindsEverySheetWithContentsAndOneBookmarkEach() throws {
        let input = try year(6)
        try FileManager.default.removeItem(at: input.appendingPathComponent("broken"))
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        let result = try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--volume", "--quiet"])
        XCTAssertEqual(result.code, 0, result.stderr)
        func pages(_ url: URL) throws -> Int {
            let info = try TestSupport.run(TestSupport.tool("pdfinfo"), [url.path]).stdout
            return Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "")
                ?? 0
        }
        let sheets = try FileManager.default.contentsOfDirectory(atPath: output.path).filter {
            $0.hasSuffix(".pdf") && $0 != "volume.pdf"
        }.sorted()
        XCTAssertEqual(sheets.count, 6)
        let sheetPages = try sheets.map { try pages(output.appendingPathComponent($0)) }
        let volume = output.appendingPathComponent("volume.pdf")
        // Cover and one page of contents, then every sheet.
        XCTAssertEqual(try pages(volume), sheetPages.reduce(0, +) + 2)
        XCTAssertEqual(try TestSupport.run(TestSupport.tool("qpdf"), ["--check", volume.path]).code, 0)
        let json = try TestSupport.run(TestSupport.tool("qpdf"), ["--json=2", "--json-key=outlines", volume.path])
            .stdout
        let outlines = try XCTUnwrap(
            (JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["outlines"] as? [[String: Any]])
        XCTAssertEqual(outlines.count, 6, "one bookmark per project")
        // Each bookmark points at the first page of its sheet, in budget-code order, after cover and contents.
        var expected = 3
        for (outline, (name, length)) in zip(outlines, zip(sheets, sheetPages)) {
            XCTAssertTrue((outline["title"] as? String)?.hasPrefix(String(name.dropLast(4))) ?? false)
            XCTAssertEqual(outline["destpageposfrom1"] as? Int, expected)
            let text = try TestSupport.run(
                TestSupport.tool("pdftotext"), ["-f", "\(expected)", "-l", "\(expected)", volume.path, "-"]
            ).stdout
            XCTAssertTrue(
                TestSupport.squeezed(text).contains("第1页共\(length)页"), "sheet \(name) keeps its own page numbers")
            expected += length
        }
        let contents = try TestSupport.run(TestSupport.tool("pdftotext"), ["-f", "2", "-l", "2", volume.path, "-"])
            .stdout
        XCTAssertTrue(contents.contains("目录"))
        // Every page of a bound sheet carries the volume's page number, the one the contents give.
        for page in [3, 4, try pages(volume)] {
            let text = try TestSupport.run(
                TestSupport.tool("pdftotext"), ["-f", "\(page)", "-l", "\(page)", volume.path, "-"]
            ).stdout
            XCTAssertTrue(TestSupport.squeezed(text).contains("汇编第\(page)页"), "page \(page)")
        }
        XCTAssertTrue(TestSupport.squeezed(contents).contains("3"))

        // A run that changes nothing binds nothing.
        let bound = try FileManager.default.attributesOfItem(atPath: volume.path)[.modificationDate] as? Date
        let again = try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--volume", "--quiet"])
        XCTAssertEqual(again.code, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("(unchanged)"), again.stdout)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: volume.path)[.modificationDate] as? Date, bound)

        // A sheet that fails: no volume that looks complete; asked for, one marked 不完整 without it.
        let broken = input.appendingPathComponent("zz-broken.yaml")
        try "header: [".write(to: broken, atomically: true, encoding: .utf8)
        let refused = try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--volume", "--quiet"])
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.stderr.contains("volume: not bound: 1 of 7 sheets"), refused.stderr)
        // The old volume no longer holds the current sheets: it is moved aside, never left looking current.
        XCTAssertFalse(FileManager.default.fileExists(atPath: volume.path))
        let stale = output.appendingPathComponent(StaleOutputs.folderName).appendingPathComponent("volume.pdf")
        XCTAssertEqual(
            try FileManager.default.attributesOfItem(atPath: stale.path)[.modificationDate] as? Date, bound,
            "moved, not rebound")
        let partial = try evalsheet([
            "batch", input.path, "-o", output.path, "--formats", "pdf", "--volume", "--partial-volume", "--quiet"
        ])
        XCTAssertEqual(partial.code, 1, "a sheet still failed")
        let cover = try TestSupport.run(TestSupport.tool("pdftotext"), ["-f", "1", "-l", "1", volume.path, "-"]).stdout
        XCTAssertTrue(TestSupport.squeezed(cover).contains("不完整：缺1份"), cover)
        XCTAssertEqual(try pages(volume), sheetPages.reduce(0, +) + 2)
    }

    func testOutputNamesAreSanitised() {
        XCTAssertEqual(OutputName.sanitized("202008367", fallback: "x"), "202008367")
        XCTAssertEqual(OutputName.sanitized("../../etc/passwd", fallback: "x"), "____etcpasswd")
        XCTAssertEqual(OutputName.sanitized("a/b\\c\u{0}d\ne", fallback: "x"), "abcde")
        XCTAssertEqual(OutputName.sanitized("..", fallback: "file-7"), "file-7")
        XCTAssertEqual(OutputName.sanitized("", fallback: ""), "sheet")
        XCTAssertFalse(OutputName.sanitized(".hidden", fallback: "x").hasPrefix("."))
    }

    func testInterruptedRunLeavesOnlyWholeFiles() throws {
        let input = try year(60)
        try FileManager.default.removeItem(at: input.appendingPathComponent("broken"))
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        let (code, stdout, stderr) = try TestSupport.run(
            TestSupport.cli, ["batch", input.path, "-o", output.path, "--jobs", "2", "--formats", "pdf", "--volume"],
            interruptAfter: 0.6)
        // Ctrl-C: exit 130, one summary line, no line per sheet left undone, no volume.
        XCTAssertEqual(code, 130, stdout + stderr)
        XCTAssertTrue(stdout.contains("not rendered (interrupted)"), stdout)
        XCTAssertFalse(stderr.contains("failed:") || stderr.contains("] failed"), stderr)
        XCTAssertTrue(stderr.contains("volume: not bound"), stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        XCTAssertFalse(files.contains("volume.pdf"))
        let csv = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\r\n").count - 1, 60, "every sheet has a line")
        XCTAssertGreaterThan(csv.components(separatedBy: ",中断,").count - 1, 0)
        XCTAssertFalse(files.contains { $0.hasSuffix(".tmp") })
        let pdfs = files.filter { $0.hasSuffix(".pdf") }
        XCTAssertLessThan(pdfs.count, 60, "interrupted before the end")
        for pdf in pdfs {
            XCTAssertEqual(
                try TestSupport.run(TestSupport.tool("qpdf"), ["--check", output.appendingPathComponent(pdf).path])
                    .code, 0, pdf)
        }
        // The next run completes the rest.
        let rest = try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--quiet"])
        XCTAssertEqual(rest.code, 0, rest.stderr)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".pdf") }.count, 60)
    }

    func pdfCount(_ folder: URL) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".pdf") }
            .count
    }

    /// Killed without warning, several times, at random moments: only whole PDFs, and each run resumes.
    func testKilledRunsLeaveOnlyWholePDFsAndResume() throws {
        let count = 150
        let input = try year(count)
        try FileManager.default.removeItem(at: input.appendingPathComponent("broken"))
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        var random = SplitMix64(seed: 9)
        var finished = 0
        for round in 0..<3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestSupport.cli)
            process.arguments = ["batch", input.path, "-o", output.path, "--jobs", "2", "--formats", "pdf", "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Killed once a random number of further sheets are done (whatever the machine's speed),
            // a random moment later: in the middle of writing one, often.
            let target = finished + Int.random(in: 3...25, using: &random)
            let deadline = Date().addingTimeInterval(60)
            while pdfCount(output) < target && Date() < deadline && process.isRunning {
                Thread.sleep(forTimeInterval: 0.005)
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.05, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let pdfs = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".pdf") }
            for pdf in pdfs {
                let check = try TestSupport.run(
                    TestSupport.tool("qpdf"), ["--check", output.appendingPathComponent(pdf).path])
                XCTAssertEqual(check.code, 0, "round \(round): \(pdf) \(check.stdout.suffix(300))")
            }
            XCTAssertGreaterThanOrEqual(pdfs.count, finished, "a later run lost finished sheets")
            finished = pdfs.count
        }
        XCTAssertLessThan(finished, count, "killed before the end")
        let rest = try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf"])
        XCTAssertEqual(rest.code, 0, rest.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        XCTAssertEqual(files.filter { $0.hasSuffix(".pdf") }.count, count)
        XCTAssertFalse(files.contains { $0.hasSuffix(".tmp") }, "temporaries of killed runs are swept")
        // The manifest saved on the way lets the last run skip what the killed ones finished.
        let skipped = rest.stdout.range(of: "[0-9]+ skipped", options: .regularExpression).map {
            Int(rest.stdout[$0].split(separator: " ")[0])!
        }
        XCTAssertGreaterThan(skipped ?? 0, 0, rest.stdout)
    }

    /// A full disk (the file-size limit makes every write past 100 KB fail, as ENOSPC would): the sheets
    /// that do not fit fail with a clear message, leave nothing behind, and the others are written.
    func testFullDiskFailsOnlyTheSheetsThatDoNotFit() throws {
        let input = try year(12)
        try FileManager.default.removeItem(at: input.appendingPathComponent("broken"))
        // The limit is set between the sizes of the PDFs, so that some fit and some do not.
        let free = TestSupport.temporaryDirectory().appendingPathComponent("free")
        XCTAssertEqual(try evalsheet(["batch", input.path, "-o", free.path, "--formats", "pdf", "--quiet"]).code, 0)
        let sizes = try FileManager.default.contentsOfDirectory(atPath: free.path).filter { $0.hasSuffix(".pdf") }
            .map {
                try FileManager.default.attributesOfItem(atPath: free.appendingPathComponent($0).path)[.size] as! Int
            }.sorted()
        XCTAssertEqual(sizes.count, 12)
        let blocks = (sizes[5] + sizes[6]) / 2 / 512  // sh's ulimit -f counts 512-byte blocks
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let command =
            "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" batch \"$1\" -o \"$2\" --formats pdf,html --jobs 2"
        let result = try TestSupport.run(
            "/bin/sh", ["-c", command, TestSupport.cli, input.path, output.path], in: TestSupport.root)
        XCTAssertEqual(result.code, 1, result.stdout + result.stderr)
        XCTAssertTrue(
            (result.stdout + result.stderr).contains("writing the PDF failed (File too large)"),
            result.stdout + result.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        XCTAssertFalse(files.contains { $0.hasSuffix(".tmp") })
        let pdfs = files.filter { $0.hasSuffix(".pdf") }
        XCTAssertTrue((1..<12).contains(pdfs.count), "the sheets that fit are written, the others not: \(pdfs.count)")
        for pdf in pdfs {
            XCTAssertEqual(
                try TestSupport.run(TestSupport.tool("qpdf"), ["--check", output.appendingPathComponent(pdf).path])
                    .code, 0, pdf)
        }
        XCTAssertTrue(files.contains { $0.hasSuffix(".html") }, "small files still fit")
    }

    /// An output folder that cannot be made or written: a clear error naming it, exit 1, nothing written.
    func testUnwritableOutputIsAClearError() throws {
        let input = try year(3)
        try FileManager.default.removeItem(at: input.appendingPathComponent("broken"))
        let blocker = TestSupport.temporaryDirectory().appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let result = try evalsheet([
            "batch", input.path, "-o", blocker.appendingPathComponent("out").path, "--formats", "pdf"
        ])
        XCTAssertEqual(result.code, 1, result.stdout)
        XCTAssertTrue(result.stderr.contains(blocker.path), result.stderr)
        XCTAssertFalse(result.stderr.contains("Fatal error"))
        let render = try evalsheet([
            "render", TestSupport.seedSample.path, "-o", blocker.appendingPathComponent("x.pdf").path
        ])
        XCTAssertEqual(render.code, 1, render.stdout)
        XCTAssertTrue(render.stderr.contains(blocker.path), render.stderr)
    }
}
