@testable import EvalSheet
import Foundation
import XCTest

/// What a year's batch leaves on disk: only current results in the output folder, drafts never passing as
/// final, and a volume that is either the current sheets' or not there.
final class BatchOutputTests: XCTestCase {
    func evalsheet(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        try TestSupport.run(TestSupport.cli, arguments, in: TestSupport.root)
    }

    /// The four Zhongshan samples in a folder of their own.
    func samples() throws -> URL {
        let folder = TestSupport.temporaryDirectory().appendingPathComponent("year")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["202008367", "202009412", "202010233", "202011078"] {
            try FileManager.default.copyItem(
                at: TestSupport.samples.appendingPathComponent("zhongshan-2020/\(name).yaml"),
                to: folder.appendingPathComponent("\(name).yaml"))
        }
        return folder
    }

    func files(_ folder: URL) -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") })
    }

    func edit(_ file: URL, _ body: (String) -> String) throws {
        try body(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
    }

    func pdfText(_ url: URL, page: Int) throws -> String {
        TestSupport.squeezed(
            try TestSupport.run(TestSupport.tool("pdftotext"), ["-f", "\(page)", "-l", "\(page)", url.path, "-"]).stdout
        )
    }

    func pages(_ url: URL) throws -> Int {
        let info = try TestSupport.run(TestSupport.tool("pdfinfo"), [url.path]).stdout
        return Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
    }

    /// A re-run after a sheet fails and an input is removed: their outputs and the volume bound from the old
    /// sheets leave the output folder (moved into 已失效, said so); a sheet fixed again is current again.
    func testTheOutputFolderHoldsOnlyCurrentResults() throws {
        let input = try samples()
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        let first = try evalsheet([
            "batch", input.path, "-o", output.path, "--formats", "pdf,html", "--volume", "--quiet"
        ])
        XCTAssertEqual(first.code, 0, first.stderr)
        XCTAssertTrue(
            files(output).isSuperset(of: ["202008367.pdf", "202011078.html", "volume.pdf", "index.html", "summary.csv"])
        )

        // 202008367 now fails (a score above its weight); 202011078 is removed.
        try edit(input.appendingPathComponent("202008367.yaml")) {
            $0.replacingOccurrences(of: "  pm-rules: 2\n", with: "  pm-rules: 9\n")
        }
        try FileManager.default.removeItem(at: input.appendingPathComponent("202011078.yaml"))
        let second = try evalsheet([
            "batch", input.path, "-o", output.path, "--formats", "pdf,html", "--volume", "--quiet"
        ])
        XCTAssertEqual(second.code, 1, second.stdout + second.stderr)
        XCTAssertEqual(
            files(output),
            [
                "202009412.pdf", "202009412.html", "202010233.pdf", "202010233.html", "index.html", "summary.csv",
                "summary.xlsx", StaleOutputs.folderName
            ])
        let stale = output.appendingPathComponent(StaleOutputs.folderName)
        XCTAssertEqual(
            files(stale), ["202008367.pdf", "202008367.html", "202011078.pdf", "202011078.html", "volume.pdf", "说明.txt"]
        )
        XCTAssertTrue(
            second.stderr.contains("moved 4 outputs of failed, removed or unrendered inputs to \(stale.path)/"),
            second.stderr)
        XCTAssertTrue(second.stderr.contains("is an earlier run's volume; moved to 已失效/volume.pdf"), second.stderr)
        XCTAssertTrue(
            try String(contentsOf: stale.appendingPathComponent("说明.txt"), encoding: .utf8).contains("请勿打印、分发或归档"))
        // The summary has the current inputs only, the failed one with its reason and no outputs.
        let csv = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8).split(
            separator: "\r\n"
        ).dropFirst()
        XCTAssertEqual(csv.count, 3, "\(csv)")
        XCTAssertFalse(csv.contains { $0.contains("202011078") })
        let failed = try XCTUnwrap(csv.first { $0.contains("202008367") })
        XCTAssertTrue(
            failed.contains(",失败,") && failed.contains("scores.pm-rules") && !failed.contains(".pdf"), String(failed))

        // Fixed: its outputs are current again and no stale copy of them is left.
        try edit(input.appendingPathComponent("202008367.yaml")) {
            $0.replacingOccurrences(of: "  pm-rules: 9\n", with: "  pm-rules: 2\n")
        }
        let third = try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf,html", "--quiet"])
        XCTAssertEqual(third.code, 0, third.stderr)
        XCTAssertTrue(files(output).isSuperset(of: ["202008367.pdf", "202008367.html"]))
        XCTAssertEqual(files(stale), ["202011078.pdf", "202011078.html", "volume.pdf", "说明.txt"])

        // A format no longer asked for is no longer a current result.
        let fourth = try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--quiet"])
        XCTAssertEqual(fourth.code, 0, fourth.stderr)
        XCTAssertFalse(files(output).contains { $0.hasSuffix(".html") && $0 != "index.html" }, "\(files(output))")
        XCTAssertTrue(files(stale).isSuperset(of: ["202008367.html", "202009412.html", "202010233.html"]))
    }

    /// A draft is 草稿 in the batch line, summary.csv and the index; `--volume` does not bind it as final: it
    /// refuses, binds the others marked 不完整 (--partial-volume), or binds it marked on the cover and in the
    /// contents (--include-drafts).
    func testDraftsAreCountedAndNeverBoundAsFinal() throws {
        let input = try samples()
        try FileManager.default.removeItem(at: input.appendingPathComponent("202011078.yaml"))
        try edit(input.appendingPathComponent("202009412.yaml")) {
            $0.replacingOccurrences(of: "year: 2020\n", with: "year: 2020\ndraft: true\n")
        }
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        let refused = try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--volume", "--quiet"])
        XCTAssertEqual(refused.code, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(
            refused.stdout.contains(
                "3 rendered, 0 skipped (unchanged), 0 failed; 1 of the 3 sheets is a draft (草稿, not final)"),
            refused.stdout)
        XCTAssertTrue(
            refused.stderr.contains(
                "volume: not bound: 1 of 3 sheets is a draft (--include-drafts binds them, marked 草稿)"), refused.stderr)
        XCTAssertFalse(files(output).contains("volume.pdf"))
        let csv = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8).split(
            separator: "\r\n")
        XCTAssertEqual(csv.filter { $0.contains(",草稿,") }.count, 1)
        XCTAssertTrue(try XCTUnwrap(csv.first { $0.contains("202009412") }).contains(",草稿,"))
        XCTAssertEqual(csv.filter { $0.contains(",完成,") }.count, 2)
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("（3 份，其中草稿 1 份）"), index)
        XCTAssertEqual(index.components(separatedBy: "<tr class=\"draft\">").count - 1, 1)

        // The final sheets only, marked incomplete.
        let partial = try evalsheet([
            "batch", input.path, "-o", output.path, "--formats", "pdf", "--volume", "--partial-volume", "--quiet"
        ])
        XCTAssertEqual(partial.code, 0, partial.stderr)
        let volume = output.appendingPathComponent("volume.pdf")
        let sheetPages = try ["202008367", "202009412", "202010233"].map {
            try pages(output.appendingPathComponent("\($0).pdf"))
        }
        XCTAssertEqual(try pages(volume), 2 + sheetPages[0] + sheetPages[2])
        XCTAssertTrue(try pdfText(volume, page: 1).contains("不完整：缺1份"))
        XCTAssertFalse(try pdfText(volume, page: 2).contains("202009412"))

        // Bound on purpose: every sheet, the cover counts the drafts, the contents mark it, its pages carry 草稿.
        let included = try evalsheet([
            "batch", input.path, "-o", output.path, "--formats", "pdf", "--volume", "--include-drafts", "--quiet"
        ])
        XCTAssertEqual(included.code, 0, included.stderr)
        XCTAssertTrue(
            included.stdout.contains("(3 sheets, \(2 + sheetPages.reduce(0, +)) pages, 1 draft bound, marked 草稿)"),
            included.stdout)
        XCTAssertEqual(try pages(volume), 2 + sheetPages.reduce(0, +))
        let cover = try pdfText(volume, page: 1)
        XCTAssertTrue(cover.contains("共3份") && cover.contains("含草稿1份（非最终稿）") && !cover.contains("不完整"), cover)
        // The cover's date: the day the last bound sheet was signed, as the form writes dates.
        let sheets = try ["202008367", "202009412", "202010233"].map {
            try TestSupport.sheet(input.appendingPathComponent("\($0).yaml"))
        }
        let last = try XCTUnwrap(
            sheets.max {
                ($0.signoffDate ?? SignOffDate(year: 0, month: 1, day: 1))
                    < ($1.signoffDate ?? SignOffDate(year: 0, month: 1, day: 1))
            })
        let date = SheetText(last, language: .zh).date(try XCTUnwrap(last.signoffDate))
        XCTAssertTrue(cover.contains(TestSupport.squeezed(date)), "\(date) on \(cover)")
        XCTAssertNotEqual(
            Set(sheets.compactMap(\.signoffDate?.iso)).count, 1, "the sheets were signed on different days")
        let contents = try pdfText(volume, page: 2)
        XCTAssertTrue(contents.contains("中山市社区居家养老服务补助资金（草稿）"), contents)
        XCTAssertEqual(contents.components(separatedBy: "（草稿）").count - 1, 1)
        XCTAssertTrue(
            try pdfText(volume, page: 3 + sheetPages[0]).contains("草稿"), "the draft's first page carries its mark")

        // Without the option again, the volume that binds a draft is not left looking current.
        let again = try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--volume", "--quiet"])
        XCTAssertEqual(again.code, 1)
        XCTAssertFalse(files(output).contains("volume.pdf"))
        XCTAssertTrue(files(output.appendingPathComponent(StaleOutputs.folderName)).contains("volume.pdf"))
    }

    /// summary.xlsx beside summary.csv: the same rows, budget codes as text, the year and the figures as numbers,
    /// the head frozen and the columns as wide as their text; the export's workbooks freeze their two head rows.
    func testTheSummaryWorkbookKeepsCodesAsTextAndFiguresAsNumbers() throws {
        let input = try samples()
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        XCTAssertEqual(try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--quiet"]).code, 0)
        let workbook = output.deletingLastPathComponent().appendingPathComponent("export.xlsx")
        XCTAssertEqual(try evalsheet(["export", input.path, "-o", workbook.path]).code, 0)
        let script = """
            import openpyxl, sys, json
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.active
            heads = [c.value for c in ws[1]]
            rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
            seed = rows["202008367"]
            widths = {ws.cell(1, i + 1).value: ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(len(heads))}
            export = openpyxl.load_workbook(sys.argv[2]).active
            print(json.dumps({"sheet": ws.title, "frozen": ws.freeze_panes, "heads": heads, "count": len(rows),
                              "code": [seed[1].data_type, seed[1].value], "year": seed[0].value,
                              "total": seed[heads.index("合计")].value, "deductions": seed[heads.index("逆向指标")].value,
                              "status": seed[heads.index("状态")].value, "widths": widths,
                              "exportFrozen": export.freeze_panes}, ensure_ascii=False))
            """
        let check = try TestSupport.run(
            HTMLTests.python, ["-c", script, output.appendingPathComponent("summary.xlsx").path, workbook.path])
        XCTAssertEqual(check.code, 0, check.stderr)
        let read = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(read["sheet"] as? String, "汇总")
        XCTAssertEqual(read["frozen"] as? String, "A2")
        XCTAssertEqual(read["exportFrozen"] as? String, "A3")
        let csvHeads = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8)
            .replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n")[0].split(separator: ",").map(
                String.init)
        XCTAssertEqual(read["heads"] as? [String], csvHeads, "the same columns as summary.csv")
        XCTAssertEqual(read["count"] as? Int, 4)
        XCTAssertEqual(read["code"] as? [String], ["s", "202008367"], "a budget code is text, all its digits")
        XCTAssertEqual(read["year"] as? Int, 2020)
        XCTAssertEqual(read["total"] as? Int, 77)
        XCTAssertEqual(read["deductions"] as? Int, -3)
        XCTAssertEqual(read["status"] as? String, "完成")
        let widths = try XCTUnwrap(read["widths"] as? [String: Double])
        XCTAssertGreaterThan(widths["项目名称"] ?? 0, widths["年度"] ?? 0, "a column as wide as its text")
        XCTAssertLessThanOrEqual(widths.values.max() ?? 0, 60)
    }

    /// Ctrl-C while the volume binds: a message, exit 130, no volume (an old one moved aside), no temporary file.
    func testCtrlCWhileBindingLeavesNoVolume() throws {
        let input = TestSupport.temporaryDirectory().appendingPathComponent("year")
        let form = try TestSupport.library.form(id: "zhongshan-2020").get()
        _ = try SampleGenerator(form: form, layouts: TestSupport.layouts).write(count: 80, seed: 5, to: input)
        let output = TestSupport.temporaryDirectory().appendingPathComponent("out")
        // Rendered first, so that the second run goes straight to binding.
        XCTAssertEqual(try evalsheet(["batch", input.path, "-o", output.path, "--formats", "pdf", "--quiet"]).code, 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.cli)
        process.arguments = [
            "batch", input.path, "-o", output.path, "--formats", "pdf", "--volume", "--layouts",
            TestSupport.layouts.path,
            "--fonts", TestSupport.fonts.path
        ]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        // Interrupted once the binding has said how far it is.
        var stderr = Data()
        while !String(decoding: stderr, as: UTF8.self).contains("volume: measuring") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            stderr += chunk
        }
        kill(process.processIdentifier, SIGINT)
        stderr += err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: stderr, as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 130, text)
        XCTAssertNotNil(
            text.range(of: "volume: measuring [0-9]+/80\n", options: .regularExpression),
            "progress as it binds: \(text)")
        XCTAssertTrue(text.contains("volume: interrupted; not bound, nothing partial written"), text)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        XCTAssertFalse(left.contains("volume.pdf"))
        XCTAssertFalse(left.contains { $0.hasSuffix(".tmp") }, "\(left)")
    }
}
