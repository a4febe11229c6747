import EvalSheet
import Foundation
import XCTest

/// `preview --edit` as an evaluator uses it: Chromium driven by Selenium (chromium-driver) types into the sheet,
/// and what the browser showed and what the file holds afterwards are checked; the writes' guards over HTTP.
final class EditorBrowserTests: XCTestCase {
    nonisolated(unsafe) static var server: Process?
    nonisolated(unsafe) static var base = ""
    nonisolated(unsafe) static var folder = URL(fileURLWithPath: "/")
    static let script = TestSupport.root.appendingPathComponent("Tests/EvalSheetTests/Browser/edit_sheet.py").path

    override class func setUp() {
        super.setUp()
        folder = TestSupport.temporaryDirectory().appendingPathComponent("evaluations")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["edited.yaml", "conflict.yaml", "guarded.yaml", "choices.yaml"] {
            try! FileManager.default.copyItem(at: TestSupport.seedSample, to: folder.appendingPathComponent(name))
        }
        // The page's words and problems follow `--lang` (zh by default), whatever the machine's locale.
        (server, base) = PreviewTests.startPreview(folder, ["--edit"])
    }

    override class func tearDown() {
        if let server, server.isRunning {
            kill(server.processIdentifier, SIGINT)
            server.waitUntilExit()
        }
        super.tearDown()
    }

    /// Runs a scenario of the browser script; what it saw.
    func browse(_ scenario: String, _ file: String, _ extra: [String] = []) throws -> [String: Any] {
        let result = try TestSupport.run(HTMLTests.python, [Self.script, scenario, Self.base, file] + extra)
        XCTAssertEqual(result.code, 0, result.stderr)
        let seen = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        XCTAssertNil(seen["error"], "the browser stopped: \(seen)")
        return seen
    }

    /// The lines `git diff` shows removed and added between the sample and the saved file.
    func diff(_ file: URL) throws -> (removed: [String], added: [String]) {
        let result = try TestSupport.run(
            TestSupport.tool("git"), ["diff", "--no-index", "-U0", TestSupport.seedSample.path, file.path])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        return (
            lines.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.map { String($0.dropFirst()) },
            lines.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.map { String($0.dropFirst()) }
        )
    }

    func testAnEvaluatorFillsInTheSheetAndSavesExactlyTheChange() throws {
        let shot = TestSupport.temporaryDirectory().appendingPathComponent("editor.png")
        let seen = try browse("edit", "edited.yaml", [shot.path])
        // Every value of the sheet an evaluation holds is a field: scores, deductions, header, narrative, sign-off.
        let fields = try XCTUnwrap(seen["fields"] as? [String])
        for field in [
            "header.project", "header.budget", "scores.pm-rules", "deductions.self-evaluation", "narrative.problems",
            "recommendation", "signoff.team", "signoff.date"
        ] {
            XCTAssertTrue(fields.contains(field), field)
        }
        XCTAssertEqual(seen["total_before"] as? String, "77")
        XCTAssertEqual(seen["grade_before"] as? String, "中")
        // 17 → 20: the sheet's total and grade, as the scorer computes them.
        XCTAssertEqual(seen["total_raised"] as? String, "80")
        XCTAssertEqual(seen["grade_raised"] as? String, "良")
        XCTAssertEqual(seen["summary_raised"] as? String, "合计 80 分 · 等级 良 · 共 5 页")
        XCTAssertEqual(seen["total_after_escape"] as? String, "77", "Escape gives the old value back")
        XCTAssertTrue(seen["editor_after_escape"] is NSNull)
        XCTAssertEqual(seen["problem_raised"] as? String, "评分 9 超过 制度建设 的权重 2")
        XCTAssertEqual(seen["note_raised"] as? String, "评分 9 超过 制度建设 的权重 2", "shown beside the field")
        XCTAssertTrue((seen["panel_raised"] as? String)?.contains("scores.pm-rules: 评分 9 超过 制度建设 的权重 2") == true)
        XCTAssertTrue(seen["problem_cleared"] is NSNull, "the error goes when the score is within its weight")
        XCTAssertEqual(seen["total_final"] as? String, "76")
        XCTAssertTrue(seen["editor_after_enter"] is NSNull, "Enter confirms and closes the field")
        XCTAssertEqual(seen["focused_after_enter"] as? String, "scores.pm-rules")
        XCTAssertEqual(seen["after_tab"] as? String, "scores.pm-adjustment", "Tab: the next field in reading order")
        XCTAssertEqual(seen["after_shift_tab"] as? String, "scores.pm-rules")
        XCTAssertTrue((seen["paragraph"] as? String)?.contains("项目管理制度较为健全。2020年") == true)
        XCTAssertEqual(seen["page_marks"] as? [String], ["第 2 页起", "第 3 页起", "第 4 页起", "第 5 页起"])
        XCTAssertEqual(seen["unsaved_status"] as? String, "2 处未保存")
        XCTAssertEqual(seen["asks_before_leaving"] as? Bool, true)
        XCTAssertEqual(seen["status_saved"] as? String, "已保存")
        XCTAssertEqual(seen["save_disabled"] as? Bool, true)
        XCTAssertEqual(seen["asks_after_saving"] as? Bool, false)
        XCTAssertGreaterThan((seen["timings"] as? [Double])?.count ?? 0, 4)
        // The file: one line per changed value, everything else as it was.
        let (removed, added) = try diff(Self.folder.appendingPathComponent("edited.yaml"))
        XCTAssertEqual(removed.count, 2, "\(removed)")
        XCTAssertEqual(added.count, 2, "\(added)")
        XCTAssertEqual(removed.first, "  pm-rules: 2")
        XCTAssertEqual(added.first, "  pm-rules: 1")
        XCTAssertEqual(added.last, removed.last?.replacingOccurrences(of: "项目管理制度健全", with: "项目管理制度较为健全"))
        let sheet = try TestSupport.sheet(Self.folder.appendingPathComponent("edited.yaml"))
        XCTAssertEqual(sheet.total, 76)
    }

    func testTwoBrowsersOnOneFileGetAConflictNotALostSave() throws {
        let seen = try browse("conflict", "conflict.yaml")
        // Told by the save's refusal or, sooner, by the page noticing the file changed: either way, modified on disk.
        XCTAssertTrue((seen["banner"] as? String)?.contains("被修改") == true, "\(seen)")
        XCTAssertEqual(seen["second_unsaved"] as? String, "1 处未保存", "the second page keeps its edit until reloaded")
        XCTAssertEqual(seen["after_reload"] as? String, "5", "the reload shows the first browser's save")
        let (removed, added) = try diff(Self.folder.appendingPathComponent("conflict.yaml"))
        XCTAssertEqual(removed, ["  pm-execution: 6"])
        XCTAssertEqual(added, ["  pm-execution: 5"], "the second browser's 4 was never written")
    }

    func testTheRecommendationIsChosenFromItsListAndSignOffNamesAndDatesTyped() throws {
        let seen = try browse("choices", "choices.yaml")
        XCTAssertEqual(seen["options"] as? [String], ["—", "保留", "保留但建议部分核减", "取消"])
        XCTAssertEqual(seen["recommendation"] as? String, "保留（□）；保留但建议部分核减（√）；取消（□）。")
        XCTAssertEqual(seen["after_team"] as? String, "signoff.institution", "Tab: the sign-off's next field")
        XCTAssertEqual(seen["after_institution"] as? String, "signoff.date")
        XCTAssertTrue((seen["date"] as? String)?.contains("28") == true, "\(seen)")
        let (removed, added) = try diff(Self.folder.appendingPathComponent("choices.yaml"))
        XCTAssertEqual(removed, ["recommendation: retain", "  team: [李溪, 邹恩, 史佳伟]", "  date: 2021-09-27"])
        XCTAssertEqual(added.count, 3, "\(added)")
        let sheet = try TestSupport.sheet(Self.folder.appendingPathComponent("choices.yaml"))
        XCTAssertEqual(sheet.evaluation.recommendation?.value, "reduce")
    }

    /// POST with curl; the status and body.
    func post(
        _ path: String, _ body: String, origin: String? = nil, token: String? = nil, type: String = "application/json",
        headers: [String] = []
    ) throws -> (status: Int, body: String) {
        var arguments = ["-s", "--path-as-is", "--max-time", "30", "-X", "POST", "-w", "\n%{http_code}"]
        arguments += ["-H", "Content-Type: \(type)", "--data-binary", "@-"]
        if let origin { arguments += ["-H", "Origin: \(origin)"] }
        if let token { arguments += ["-H", "X-EvalSheet-Token: \(token)"] }
        for header in headers { arguments += ["-H", header] }
        let input = TestSupport.temporaryDirectory().appendingPathComponent("body.json")
        try body.write(to: input, atomically: true, encoding: .utf8)
        arguments[arguments.firstIndex(of: "@-")!] = "@" + input.path
        let result = try TestSupport.run(TestSupport.tool("curl"), arguments + [Self.base + path])
        let status = Int(result.stdout.split(separator: "\n").last ?? "") ?? 0
        return (status, String(result.stdout.dropLast(String(status).count + 1)))
    }

    func pageState(_ file: String) throws -> (token: String, stamp: String) {
        let page = String(decoding: try PreviewTests.fetch(Self.base, "edit/" + file).body, as: UTF8.self)
        func value(_ key: String) -> String {
            page.range(of: "\"\(key)\":\"[^\"]+\"", options: .regularExpression).map {
                String(page[$0].dropFirst(key.count + 4).dropLast())
            } ?? ""
        }
        return (value("token"), value("base"))
    }

    func testWritesComeOnlyFromThePreviewsOwnPage() throws {
        let (token, stamp) = try pageState("guarded.yaml")
        XCTAssertFalse(token.isEmpty)
        let origin = String(Self.base.dropLast())
        let edit = "{\"base\":\"\(stamp)\",\"edits\":[{\"field\":\"scores.pm-rules\",\"value\":\"1\"}]}"
        let before = try Data(contentsOf: Self.folder.appendingPathComponent("guarded.yaml"))
        // Another site's page: its origin, or no token, or a form's content type, or a cross-site fetch.
        XCTAssertEqual(try post("api/save/guarded.yaml", edit, origin: "http://evil.example", token: token).status, 403)
        XCTAssertEqual(try post("api/save/guarded.yaml", edit, origin: origin).status, 403)
        XCTAssertEqual(try post("api/save/guarded.yaml", edit, origin: origin, token: "guess").status, 403)
        XCTAssertEqual(
            try post("api/save/guarded.yaml", edit, origin: origin, token: token, type: "text/plain").status, 403)
        XCTAssertEqual(
            try post(
                "api/save/guarded.yaml", edit, origin: origin, token: token, headers: ["Sec-Fetch-Site: cross-site"]
            ).status, 403)
        XCTAssertEqual(try post("api/save/guarded.yaml", edit, token: token).status, 403, "no Origin: not a page's")
        // Outside the folder, too large, not an edit.
        XCTAssertNotEqual(
            try post("api/save/..%2F..%2Fetc%2Fpasswd", edit, origin: origin, token: token).status, 200)
        let large =
            "{\"base\":\"\(stamp)\",\"edits\":[{\"field\":\"narrative.overall\",\"value\":\"\(String(repeating: "字", count: 400_000))\"}]}"
        XCTAssertEqual(try post("api/save/guarded.yaml", large, origin: origin, token: token).status, 413)
        XCTAssertEqual(try post("api/save/guarded.yaml", "[1,2", origin: origin, token: token).status, 400)
        XCTAssertEqual(try Data(contentsOf: Self.folder.appendingPathComponent("guarded.yaml")), before)
        // A value that cannot be taken: nothing written, the field named.
        let bad = try post(
            "api/save/guarded.yaml", edit.replacingOccurrences(of: "\"1\"", with: "\"一\""), origin: origin,
            token: token)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.body.contains("\"scores.pm-rules\":\"'一' 不是数字\""), bad.body)
        XCTAssertEqual(try Data(contentsOf: Self.folder.appendingPathComponent("guarded.yaml")), before)
        // A stale stamp (the file changed since the page opened it): a conflict, nothing written.
        let stale = try post(
            "api/save/guarded.yaml", edit.replacingOccurrences(of: stamp, with: "0-0"), origin: origin, token: token)
        XCTAssertEqual(stale.status, 409)
        XCTAssertTrue(stale.body.contains("未保存"), stale.body)
        XCTAssertEqual(try Data(contentsOf: Self.folder.appendingPathComponent("guarded.yaml")), before)
        // The page's own save: written.
        let saved = try post("api/save/guarded.yaml", edit, origin: origin, token: token)
        XCTAssertEqual(saved.status, 200, saved.body)
        XCTAssertTrue(
            try String(contentsOf: Self.folder.appendingPathComponent("guarded.yaml"), encoding: .utf8).contains(
                "  pm-rules: 1\n"))
    }

    func testANewEvaluationStartsAsABlankDraftOfAForm() throws {
        let (token, _) = try pageState("guarded.yaml")
        let origin = String(Self.base.dropLast())
        let made = try post(
            "api/new", "{\"form\":\"zhongshan-2020\",\"file\":\"new/2021-roads\",\"year\":2021}", origin: origin,
            token: token)
        XCTAssertEqual(made.status, 201, made.body)
        XCTAssertTrue(made.body.contains("/edit/new/2021-roads.yaml"), made.body)
        let text = try String(contentsOf: Self.folder.appendingPathComponent("new/2021-roads.yaml"), encoding: .utf8)
        let blank = try TestSupport.score(text).get()
        XCTAssertEqual(blank.form.id, "zhongshan-2020")
        XCTAssertEqual(blank.evaluation.year, 2021)
        XCTAssertTrue(blank.evaluation.draft)
        let page = String(decoding: try PreviewTests.fetch(Self.base, "edit/new/2021-roads.yaml").body, as: UTF8.self)
        XCTAssertTrue(page.contains("data-field=\"scores.pm-rules\""), "the blank sheet's fields are editable")
        // Its first values go in as block entries of the empty mappings the draft starts with.
        let stamp = try pageState("new/2021-roads.yaml").stamp
        let first = try post(
            "api/save/new/2021-roads.yaml",
            "{\"base\":\"\(stamp)\",\"edits\":[{\"field\":\"scores.pm-rules\",\"value\":\"2\"},{\"field\":\"header.project\",\"value\":\"乡村道路养护\"}]}",
            origin: origin, token: token)
        XCTAssertEqual(first.status, 200, first.body)
        let filled = try TestSupport.score(
            String(contentsOf: Self.folder.appendingPathComponent("new/2021-roads.yaml"), encoding: .utf8)
        ).get()
        XCTAssertEqual(filled.evaluation.scores["pm-rules"]?.value, 2)
        XCTAssertEqual(filled.header("project"), "乡村道路养护")
        // Never over a file, never outside the folder.
        let again = try post(
            "api/new", "{\"form\":\"zhongshan-2020\",\"file\":\"new/2021-roads\",\"year\":2021}", origin: origin,
            token: token)
        XCTAssertEqual(again.status, 409)
        // A folder inside that is a symlink out of it.
        let outside = TestSupport.temporaryDirectory()
        try FileManager.default.createSymbolicLink(
            at: Self.folder.appendingPathComponent("elsewhere"), withDestinationURL: outside)
        let escaped = try post(
            "api/new", "{\"form\":\"zhongshan-2020\",\"file\":\"elsewhere/x\",\"year\":2021}", origin: origin,
            token: token)
        XCTAssertEqual(escaped.status, 403, escaped.body)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [])
        for name in ["../escape", "/tmp/escape", "a/../../b"] {
            let refused = try post(
                "api/new", "{\"form\":\"zhongshan-2020\",\"file\":\"\(name)\",\"year\":2021}", origin: origin,
                token: token)
            XCTAssertEqual(refused.status, 400, name)
        }
    }
}
