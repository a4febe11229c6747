import EvalSheet
import Foundation
import XCTest

/// A user whose locale is Chinese meets no English when something goes wrong on the first day: bad YAML, a score
/// above its weight, a failed batch, an interrupted one, a busy port, an import error. What the program prints
/// (both streams, and the summary's reasons) is read for English words outside paths, field paths and quoted values.
final class InterfaceLanguageTests: XCTestCase {
    /// The environment of a clerk's machine set to Chinese.
    let chinese = ProcessInfo.processInfo.environment.filter { $0.key != "LC_ALL" && $0.key != "LC_MESSAGES" }
        .merging(["LANG": "zh_CN.UTF-8"]) { $1 }

    func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (
        code: Int32, stdout: String, stderr: String
    ) {
        try TestSupport.run(
            TestSupport.cli, arguments + ["--layouts", TestSupport.layouts.path], in: TestSupport.root,
            environment: environment ?? chinese)
    }

    /// English words in what the program printed: a diagnostic's field path (`错误: scores.pm-rules: `) and what
    /// `MessageSource.englishWords` keeps (paths, names in quotes, options) set aside.
    func english(_ output: String) -> [String] {
        let withoutFields = output.replacingOccurrences(
            of: #"(错误|警告): [A-Za-z0-9_.\-\[\]]+: "#, with: "$1：", options: .regularExpression)
        return MessageSource.englishWords(in: withoutFields)
    }

    func folder(_ name: String) throws -> URL {
        let folder = TestSupport.temporaryDirectory().appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func testValidateSpeaksChineseForBadYAMLAndAScoreAboveItsWeight() throws {
        let folder = try folder("validate")
        let seed = TestSupport.seedYAML()
        try seed.replacingOccurrences(of: "  unit: ", with: "\tunit: ").write(
            to: folder.appendingPathComponent("tab.yaml"), atomically: true, encoding: .utf8)
        try seed.replacingOccurrences(of: "  unit: ", with: "  unit：").write(
            to: folder.appendingPathComponent("colon.yaml"), atomically: true, encoding: .utf8)
        try seed.replacingOccurrences(of: "  pm-adjustment: 3\n", with: "  pm-adjustment: 5\n").write(
            to: folder.appendingPathComponent("score.yaml"), atomically: true, encoding: .utf8)
        let result = try run(["validate", folder.path])
        XCTAssertEqual(result.code, 1)
        let output = result.stdout + result.stderr
        XCTAssertEqual(english(output), [], output)
        XCTAssertTrue(output.contains("tab.yaml:7:1: 错误: 缩进中有制表符（Tab）"), output)
        XCTAssertTrue(output.contains("colon.yaml:7:7: 错误: 'unit' 后的 '：' 是全角冒号"), output)
        XCTAssertTrue(output.contains("scores.pm-adjustment: 评分 5 超过 项目调整 的权重 3"), output)

        // The same files with an English locale, and with --messages en over the Chinese locale: English.
        for english in [
            try run(["validate", folder.path], environment: [:]),
            try run(["validate", folder.path, "--messages", "en"])
        ] {
            XCTAssertTrue(english.stdout.contains("score 5 is above the weight 3 of 项目调整"), english.stdout)
            XCTAssertFalse(english.stdout.contains("错误"), english.stdout)
        }

        // The JSON report: the words in the interface's language, the code the same in both.
        let json = try run(["validate", folder.appendingPathComponent("score.yaml").path, "--report", "json"])
        let reports = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let diagnostics = try XCTUnwrap(reports.first?["diagnostics"] as? [[String: Any]])
        let above = try XCTUnwrap(diagnostics.first { $0["field"] as? String == "scores.pm-adjustment" })
        XCTAssertEqual(above["code"] as? String, "score-above-weight")
        XCTAssertEqual(above["message"] as? String, "评分 5 超过 项目调整 的权重 3")
        let tab = try run(
            ["validate", folder.appendingPathComponent("tab.yaml").path, "--report", "json"], environment: [:])
        let tabReport = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(tab.stdout.utf8)) as? [[String: Any]])
        let tabProblem = try XCTUnwrap((tabReport.first?["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(tabProblem["code"] as? String, "yaml-tab")
        XCTAssertTrue((tabProblem["message"] as? String)?.hasPrefix("a tab in the indentation") ?? false)
    }

    func testAFailedAndAnInterruptedBatchSpeakChinese() throws {
        let input = try folder("year")
        let form = try TestSupport.library.form(id: "zhongshan-2020").get()
        _ = try SampleGenerator(form: form, layouts: TestSupport.layouts).write(count: 60, seed: 5, to: input)
        try TestSupport.seedYAML().replacingOccurrences(of: "  pm-adjustment: 3\n", with: "  pm-adjustment: 5\n")
            .replacingOccurrences(of: "\"202008367\"", with: "\"202099001\"")
            .write(to: input.appendingPathComponent("above.yaml"), atomically: true, encoding: .utf8)

        // Interrupted after a moment: what it says, and the summary's reasons for the sheets not reached.
        let output = try folder("out")
        let (code, stdout, stderr) = try TestSupport.run(
            TestSupport.cli,
            [
                "batch", input.path, "-o", output.path, "--jobs", "2", "--formats", "pdf", "--volume", "--layouts",
                TestSupport.layouts.path
            ], environment: chinese, interruptAfter: 0.6)
        XCTAssertEqual(code, 130, stdout + stderr)
        XCTAssertEqual(english(stdout + stderr), [], stdout + stderr)
        XCTAssertTrue(stderr.contains("已中断"), stderr)
        XCTAssertTrue(stdout.contains("张未生成（已中断）"), stdout)
        let interrupted = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8)
        XCTAssertTrue(interrupted.contains(",中断,生成前被中断,"), interrupted)

        // Run to the end: the sheet above its weight fails, said in Chinese, its reason in the summary too.
        let finished = try run(["batch", input.path, "-o", output.path, "--formats", "pdf"])
        XCTAssertEqual(finished.code, 1)
        XCTAssertEqual(english(finished.stdout + finished.stderr), [], finished.stdout + finished.stderr)
        XCTAssertTrue(finished.stderr.contains("失败 above.yaml"), finished.stderr)
        XCTAssertTrue(finished.stdout.contains("失败 1 张"), finished.stdout)
        let summary = try String(contentsOf: output.appendingPathComponent("summary.csv"), encoding: .utf8)
        let row = try XCTUnwrap(summary.split(separator: "\r\n").first { $0.contains("above.yaml") })
        XCTAssertTrue(row.contains("评分 5 超过 项目调整 的权重 3"), String(row))
        XCTAssertEqual(english(String(row)), [], String(row))
    }

    func testABusyPortAndAnImportErrorSpeakChinese() throws {
        // A port something else listens on.
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                guard bind(socket, $0, length) == 0, listen(socket, 1) == 0, getsockname(socket, $0, &length) == 0
                else { throw XCTSkip("no socket to hold a port with") }
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let busy = try run(["preview", TestSupport.samples.path, "--port", "\(port)"])
        XCTAssertEqual(busy.code, 1)
        XCTAssertTrue(busy.stderr.contains("127.0.0.1 的端口 \(port) 已被占用"), busy.stderr)
        XCTAssertEqual(english(busy.stderr), [], busy.stderr)

        // A workbook row with a unit typed after the budget.
        let folder = try folder("import")
        let csv = folder.appendingPathComponent("year.csv")
        let exported = try run([
            "export", TestSupport.samples.appendingPathComponent("zhongshan-2020").path, "-o", csv.path, "--form",
            "zhongshan-2020"
        ])
        XCTAssertEqual(exported.code, 0, exported.stderr)
        XCTAssertEqual(english(exported.stdout + exported.stderr), [], exported.stdout)
        let text = try String(contentsOf: csv, encoding: .utf8)
        try text.replacingOccurrences(of: ",4400.18,", with: ",4400.18万元,").write(
            to: csv, atomically: true, encoding: .utf8)
        let imported = try run([
            "import", csv.path, "-o", folder.appendingPathComponent("out").path, "--form", "zhongshan-2020"
        ])
        XCTAssertEqual(imported.code, 1)
        XCTAssertTrue(imported.stderr.contains("'4400.18万元' 不是金额（应为数字）"), imported.stderr)
        XCTAssertEqual(english(imported.stdout + imported.stderr), [], imported.stdout + imported.stderr)
    }

    func testTheLocaleDecidesAndTheOptionOverrides() throws {
        // `--messages` anywhere on the line, in either spelling, over the locale; a wrong word is a usage error.
        let seed = TestSupport.seedSample.path
        XCTAssertTrue(try run(["--messages=en", "validate", seed]).stdout.contains("202008367"))
        let chosen = try run(["validate", "--messages=zh", "/nonexistent.yaml"], environment: [:])
        XCTAssertTrue(chosen.stderr.contains("/nonexistent.yaml：没有这个文件或文件夹"), chosen.stderr)
        let wrong = try run(["validate", seed, "--messages", "fr"], environment: [:])
        XCTAssertEqual(wrong.code, 2)
        XCTAssertTrue(wrong.stderr.contains("--messages takes zh or en, not 'fr'"), wrong.stderr)

        XCTAssertEqual(InterfaceLanguage(locale: ["LANG": "zh_CN.UTF-8"]), .zh)
        XCTAssertEqual(InterfaceLanguage(locale: ["LANG": "zh_TW.UTF-8"]), .zh)
        XCTAssertEqual(InterfaceLanguage(locale: ["LANG": "en_US.UTF-8"]), .en)
        XCTAssertEqual(InterfaceLanguage(locale: [:]), .en)
        XCTAssertEqual(InterfaceLanguage(locale: ["LANG": "zh_CN.UTF-8", "LC_ALL": "C"]), .en, "LC_ALL first")
        XCTAssertEqual(InterfaceLanguage(locale: ["LANG": "C", "LC_MESSAGES": "zh_CN.UTF-8"]), .zh)
        XCTAssertEqual(InterfaceLanguage(locale: ["LC_ALL": "", "LANG": "zh_CN"]), .zh, "an empty one is not set")
    }
}
