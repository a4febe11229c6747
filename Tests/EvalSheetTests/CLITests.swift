import EvalSheet
import Foundation
import XCTest

/// The command-line tool as a user runs it.
final class CLITests: XCTestCase {
    func evalsheet(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        XCTAssertTrue(
            FileManager.default.isExecutableFile(atPath: TestSupport.cli), "build the evalsheet product first")
        return try TestSupport.run(TestSupport.cli, arguments, in: TestSupport.root)
    }

    func testValidatePrintsTheComputedFigures() throws {
        let result = try evalsheet(["validate", "Samples/zhongshan-2020/202008367.yaml"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(result.stdout, "202008367 电子政务云服务平台项目经费: 38 + 42 = 80, −3 → 77 中\n")
    }

    func testValidateReportsThreeMistakesWithPositionsAndExitsOne() throws {
        let file = TestSupport.temporaryDirectory().appendingPathComponent("bad.yaml")
        let yaml = TestSupport.seedYAML().replacingOccurrences(of: "  pm-execution: 6\n", with: "  pm-execution: 9\n")
            .replacingOccurrences(of: "  date: 2021-09-27\n", with: "  date: 2021-02-30\n")
            .replacingOccurrences(of: "recommendation: retain\n", with: "recommendation: keep\n")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let result = try evalsheet(["validate", file.path])
        XCTAssertEqual(result.code, 1)
        let lines = yaml.components(separatedBy: "\n")
        func line(_ prefix: String) -> Int { lines.firstIndex { $0.hasPrefix(prefix) }! + 1 }
        XCTAssertTrue(
            result.stdout.contains(
                "\(file.path):\(line("  pm-execution:")):17: error: scores.pm-execution: score 9 is above the weight 8"),
            result.stdout)
        XCTAssertTrue(result.stdout.contains("\(file.path):\(line("  date:")):9: error: signoff.date:"), result.stdout)
        XCTAssertTrue(
            result.stdout.contains("\(file.path):\(line("recommendation:")):17: error: recommendation:"), result.stdout)
    }

    func testValidateJSON() throws {
        let result = try evalsheet(["validate", "--report", "json", "Samples/zhongshan-2020"])
        XCTAssertEqual(result.code, 0, result.stderr)
        // The option's old name still works, with a note; the report is the same.
        let old = try evalsheet(["validate", "--format", "json", "Samples/zhongshan-2020"])
        XCTAssertEqual(old.stdout, result.stdout)
        XCTAssertTrue(old.stderr.contains("note: validate --format is now --report"), old.stderr)
        // --lang is read into its type: a wrong word is a usage error naming the three.
        let language = try evalsheet(["validate", "--lang", "fr", "Samples/zhongshan-2020"])
        XCTAssertEqual(language.code, 2, language.stderr)
        XCTAssertTrue(language.stderr.contains("'zh', 'en' or 'zh-en'"), language.stderr)
        let reports = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(reports.count, 4)
        let seed = try XCTUnwrap(reports.first { $0["code"] as? String == "202008367" })
        XCTAssertEqual(seed["total"] as? String, "77")
        XCTAssertEqual(seed["grade"] as? String, "中")
        XCTAssertEqual(seed["groups"] as? [String: String], ["process": "38", "performance": "42"])
        XCTAssertEqual(seed["valid"] as? Bool, true)
    }

    func testEveryHelpHasExamplesAndOptionSpellingsAgree() throws {
        for command in [
            "validate", "render", "batch", "import", "export", "preview", "sample", "schema", "fonts", "doctor"
        ] {
            let help = try evalsheet([command, "--help"])
            XCTAssertEqual(help.code, 0, command)
            XCTAssertTrue(
                help.stdout.contains("Examples:\n") && help.stdout.contains("evalsheet \(command)"),
                "\(command) --help has no examples")
        }
        // --jobs has one default, said in words.
        let batch = try evalsheet(["batch", "--help"]).stdout.replacingOccurrences(
            of: "\\s+", with: " ", options: .regularExpression)
        XCTAssertTrue(
            batch.contains("(default: the cores this process may run on; `evalsheet doctor` shows them)"), batch)
        XCTAssertFalse(batch.range(of: "them\\)\\.? ?\\(default: \\d", options: .regularExpression) != nil, batch)
        // render --formats and batch --format are accepted.
        let folder = TestSupport.temporaryDirectory()
        XCTAssertEqual(
            try evalsheet([
                "render", "Samples/zhongshan-2020/202008367.yaml", "--formats", "html", "-o",
                folder.appendingPathComponent("a.html").path
            ]).code, 0)
        XCTAssertEqual(
            try evalsheet([
                "batch", "Samples/zhongshan-2020", "-o", folder.appendingPathComponent("b").path, "--format", "html",
                "--quiet"
            ]).code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("b/202008367.html").path))
    }

    func testUsageErrorExitsTwo() throws {
        XCTAssertEqual(try evalsheet(["validate", "--format", "xml", "Samples"]).code, 2)
        XCTAssertEqual(try evalsheet(["render", "--dpi", "5", "Samples"]).code, 2)
        XCTAssertEqual(try evalsheet(["frobnicate"]).code, 2)
        // Several inputs and an -o that looks like a file: a usage error, not a folder named two.pdf.
        let folder = TestSupport.temporaryDirectory()
        let two = try evalsheet([
            "render", "Samples/zhongshan-2020/202008367.yaml", "Samples/zhongshan-2020/202009412.yaml",
            "-o", folder.appendingPathComponent("two.pdf").path
        ])
        XCTAssertEqual(two.code, 2)
        XCTAssertTrue(two.stderr.contains("-o names a folder"), two.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("two.pdf").path))
    }

    func testNeverCrashesOnMalformedInput() throws {
        let folder = TestSupport.temporaryDirectory()
        let inputs: [String: Data] = [
            "empty.yaml": Data(), "binary.yaml": Data([0xFF, 0xFE, 0x00, 0x01, 0x80]),
            "list.yaml": Data("- 1\n- 2\n".utf8), "scalar.json": Data("42".utf8),
            "truncated.yaml": Data(TestSupport.seedYAML().prefix(700).utf8),
            "types.yaml": Data("form: [1]\nyear: soon\nheader: 3\nscores: {pm-rules: {a: 1}}\n".utf8),
            "nan.yaml": Data(
                TestSupport.seedYAML().replacingOccurrences(of: "pm-rules: 2", with: "pm-rules: .nan").utf8),
            "huge.yaml": Data(
                TestSupport.seedYAML().replacingOccurrences(of: "pm-rules: 2", with: "pm-rules: 1e400").utf8),
            "form.yaml": Data("form: ../../etc\nyear: 2020\nheader: {}\nscores: {}\n".utf8)
        ]
        for (name, data) in inputs { try data.write(to: folder.appendingPathComponent(name)) }
        let result = try evalsheet(["validate", folder.path])
        XCTAssertEqual(result.code, 1, result.stdout + result.stderr)
        for name in inputs.keys { XCTAssertTrue(result.stdout.contains(name), "\(name) not reported") }
        XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
    }

    func testRenderIsAtomic() throws {
        let folder = TestSupport.temporaryDirectory()
        let target = folder.appendingPathComponent("sheet.pdf")
        let good = try evalsheet(["render", "Samples/zhongshan-2020/202008367.yaml", "-o", target.path])
        XCTAssertEqual(good.code, 0, good.stderr)
        let before = try Data(contentsOf: target)
        XCTAssertEqual(before.prefix(5), Data("%PDF-".utf8))
        // A failing render (an invalid evaluation) leaves the existing output untouched and no temporary file.
        let bad = folder.appendingPathComponent("bad.yaml")
        try TestSupport.seedYAML().replacingOccurrences(of: "  pm-rules: 2\n", with: "  pm-rules: 3\n").write(
            to: bad, atomically: true, encoding: .utf8)
        let failed = try evalsheet(["render", bad.path, "-o", target.path])
        XCTAssertEqual(failed.code, 1)
        XCTAssertEqual(try Data(contentsOf: target), before)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["bad.yaml", "sheet.pdf"])
        // An unwritable destination is a clear error, not a crash.
        let nowhere = try evalsheet(["render", "Samples/zhongshan-2020/202008367.yaml", "-o", "/proc/evalsheet/x.pdf"])
        XCTAssertEqual(nowhere.code, 1)
        XCTAssertFalse(nowhere.stderr.isEmpty)
    }

    /// A render reads no fontconfig configuration but the prepared fonts' own: Pango would otherwise load the
    /// system's (/etc/fonts and every installed font) on a thread, and wait for it, though nothing uses it.
    /// fontconfig itself reports each configuration file it reads (FC_DEBUG=1024), here on standard output.
    func testRenderReadsNoSystemFontConfiguration() throws {
        let target = TestSupport.temporaryDirectory().appendingPathComponent("sheet.pdf")
        var environment = ProcessInfo.processInfo.environment
        environment["FC_DEBUG"] = "1024"
        let result = try TestSupport.run(
            TestSupport.cli, ["render", "Samples/zhongshan-2020/202008367.yaml", "-o", target.path],
            in: TestSupport.root, environment: environment)
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: target.path))
        // Our configuration is loaded from memory ("Loading config file from memory", when fontconfig says so);
        // any file it names is the system's.
        let configFiles = (result.stdout + result.stderr).split(separator: "\n").filter {
            $0.contains("config file from /")
        }
        XCTAssertEqual(configFiles, [], "fontconfig read configuration files of the system")
    }

    func testFontsShowsTheResolvedFiles() throws {
        let result = try evalsheet(["fonts"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("宋体: \(TestSupport.fonts.path)/NotoSerifCJKsc-Regular.ttf"), result.stdout)
        XCTAssertTrue(
            result.stdout.contains("黑体 bold: \(TestSupport.fonts.path)/NotoSansCJKsc-Bold.ttf"), result.stdout)
        XCTAssertTrue(
            result.stdout.contains("fallback for rare characters (HanaMinB): \(TestSupport.fonts.path)/HanaMinB.ttf"),
            result.stdout)
        // doctor names it among the faces, and where the files are.
        let doctor = try evalsheet(["doctor"])
        XCTAssertTrue(doctor.stdout.contains("HanaMinB.ttf"), doctor.stdout)
        XCTAssertTrue(doctor.stdout.contains("     from: "), doctor.stdout)
    }

    func testSchemaListsTheFormsIds() throws {
        let result = try evalsheet(["schema", "--form", "zhongshan-2020"])
        XCTAssertEqual(result.code, 0, result.stderr)
        let schema = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let properties = try XCTUnwrap(schema["properties"] as? [String: Any])
        let scores = try XCTUnwrap((properties["scores"] as? [String: Any])?["properties"] as? [String: Any])
        XCTAssertEqual(scores.count, 13)
        XCTAssertNotNil(scores["fm-expenditure-rate"])
        let recommendation = try XCTUnwrap(properties["recommendation"] as? [String: Any])
        XCTAssertEqual(recommendation["enum"] as? [String], ["retain", "reduce", "cancel"])
    }
}

/// `schema --form ID` is right for every shipped form: a real JSON Schema validator (jsonschema, draft
/// 2020-12) accepts every shipped and generated sample of the form and rejects files the loader rejects.
final class SchemaTests: XCTestCase {
    static func validate(_ schema: String, _ files: [URL]) throws -> [String: [String]] {
        let folder = TestSupport.temporaryDirectory()
        let schemaFile = folder.appendingPathComponent("schema.json")
        try schema.write(to: schemaFile, atomically: true, encoding: .utf8)
        let result = try TestSupport.run(
            HTMLTests.python,
            [TestSupport.fixtures.appendingPathComponent("schema_check.py").path, schemaFile.path] + files.map(\.path))
        XCTAssertEqual(result.code, 0, result.stderr)
        return try JSONDecoder().decode([String: [String]].self, from: Data(result.stdout.utf8))
    }

    func testEverySampleOfEveryFormValidatesAgainstItsSchema() throws {
        let library = TestSupport.library
        var checked = 0
        for id in library.availableIDs() {
            let schema = try TestSupport.run(TestSupport.cli, ["schema", "--form", id]).stdout
            var files = try EvaluationFiles.expand([TestSupport.samples.appendingPathComponent(id).path])
            let generated = TestSupport.temporaryDirectory().appendingPathComponent("generated")
            let sample = try TestSupport.run(
                TestSupport.cli, ["sample", "--form", id, "--count", "3", "-o", generated.path])
            XCTAssertEqual(sample.code, 0, "sample --form \(id): \(sample.stderr)")
            files += try EvaluationFiles.expand([generated.path])
            XCTAssertGreaterThanOrEqual(files.count, 5, id)
            for (file, errors) in try Self.validate(schema, files) {
                XCTAssertEqual(errors, [], "\(id): \(URL(fileURLWithPath: file).lastPathComponent)")
                checked += 1
            }
            // Files the loader rejects or warns about, the schema rejects.
            let good = try String(contentsOf: files[0], encoding: .utf8)
            let bad = TestSupport.temporaryDirectory()
            let mistakes = [
                "unknown": good + "\nremarks: 无\n",
                "year": good.replacingOccurrences(of: #"year: \d{4}"#, with: "year: 二〇二〇", options: .regularExpression),
                "form": good.replacingOccurrences(of: "form: \(id)", with: "form: [\(id)]")
            ]
            var badFiles: [URL] = []
            for (name, text) in mistakes.sorted(by: { $0.key < $1.key }) {
                XCTAssertNotEqual(text, good, name)
                let url = bad.appendingPathComponent("\(name).yaml")
                try text.write(to: url, atomically: true, encoding: .utf8)
                badFiles.append(url)
                let loaded = try? TestSupport.sheet(url)
                XCTAssertTrue(
                    loaded.map { !$0.diagnostics.isEmpty } ?? true,
                    "the loader has nothing to say about the \(name) mistake")
            }
            for (file, errors) in try Self.validate(schema, badFiles) {
                XCTAssertFalse(
                    errors.isEmpty, "\(id): the schema accepts \(URL(fileURLWithPath: file).lastPathComponent)")
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 10)
    }
}
