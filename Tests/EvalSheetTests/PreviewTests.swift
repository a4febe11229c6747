import EvalSheet
import Foundation
import XCTest

/// The preview server as a user meets it: a real process on a free port, spoken to over HTTP.
final class PreviewTests: XCTestCase {
    nonisolated(unsafe) static var server: Process?
    nonisolated(unsafe) static var base = ""
    nonisolated(unsafe) static var folder = URL(fileURLWithPath: "/")

    override class func setUp() {
        super.setUp()
        folder = TestSupport.temporaryDirectory().appendingPathComponent("evaluations")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["202008367.yaml", "202011078.yaml"] {
            try! FileManager.default.copyItem(
                at: TestSupport.samples.appendingPathComponent("zhongshan-2020/\(name)"),
                to: folder.appendingPathComponent(name))
        }
        // The live-reload test edits its own copy.
        try! FileManager.default.copyItem(at: TestSupport.seedSample, to: folder.appendingPathComponent("edited.yaml"))
        try! "form: zhongshan-2020\nyear: 2020\nheader: [\n".write(
            to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        // A symlink that points out of the folder must never be served.
        try! FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("outside.yaml").path,
            withDestinationPath: TestSupport.root.appendingPathComponent("Package.swift").path)
        (server, base) = startPreview(folder)
    }

    /// Starts `evalsheet preview FOLDER --port 0` (and `extra`), reading where it listens from its first line.
    static func startPreview(_ folder: URL, _ extra: [String] = []) -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.cli)
        process.arguments =
            [
                "preview", folder.path, "--port", "0", "--layouts", TestSupport.layouts.path, "--fonts",
                TestSupport.fonts.path
            ]
            + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try! process.run()
        // The first line says where it listens.
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        return (process, text.range(of: "http://[^ ]+/", options: .regularExpression).map { String(text[$0]) } ?? "")
    }

    override class func tearDown() {
        if let server, server.isRunning {
            kill(server.processIdentifier, SIGINT)
            server.waitUntilExit()
        }
        super.tearDown()
    }

    func get(_ path: String) throws -> (status: Int, type: String, body: Data) { try Self.fetch(path) }

    /// GET with curl: status, content type and body.
    static func fetch(_ path: String) throws -> (status: Int, type: String, body: Data) { try fetch(base, path) }

    /// GET from a server of another test class.
    static func fetch(_ base: String, _ path: String) throws -> (status: Int, type: String, body: Data) {
        let file = TestSupport.temporaryDirectory().appendingPathComponent("body")
        let result = try TestSupport.run(
            TestSupport.tool("curl"),
            [
                "-s", "--path-as-is", "--max-time", "30", "-o", file.path,
                "-w", "%{http_code} %{content_type}", base + path
            ])
        let parts = result.stdout.split(separator: " ", maxSplits: 1)
        return (
            Int(parts.first ?? "") ?? 0, parts.count > 1 ? String(parts[1]) : "",
            (try? Data(contentsOf: file)) ?? Data()
        )
    }

    func testServesTheIndexSheetsPDFAndPNG() throws {
        XCTAssertTrue(Self.base.hasPrefix("http://127.0.0.1:"), "listens on loopback: \(Self.base)")
        let index = try get("")
        XCTAssertEqual(index.status, 200)
        let html = String(decoding: index.body, as: UTF8.self)
        for expected in [
            "202008367", "电子政务云服务平台项目经费", "中山市政务服务数据管理局", "77", "202011078", "45.3", "差",
            "broken.yaml", "无法读取", "有效"
        ] {
            XCTAssertTrue(html.contains(expected), "index lacks \(expected)")
        }
        // One interface language (Chinese for --lang zh); grades sort in the form's order; a filter per column,
        // the grade's matching the whole cell.
        XCTAssertFalse(html.contains("not loaded") || html.contains("valid<") || html.contains("error(s)"))
        XCTAssertTrue(html.contains("<td data-sort=\"3\">差</td>"), "差 is the fourth band")
        XCTAssertTrue(html.contains("<input data-column=\"4\" data-exact"))
        XCTAssertFalse(html.contains("outside.yaml"), "a symlink out of the folder is not listed")

        let sheet = try get("sheet/202008367.yaml")
        XCTAssertEqual(sheet.status, 200)
        XCTAssertTrue(sheet.type.hasPrefix("text/html"))
        let page = String(decoding: sheet.body, as: UTF8.self)
        XCTAssertTrue(page.contains("<table class=\"score\">") && page.contains("EventSource(\"/events\")"))
        // Navigation above the sheet, with every page's PNG (the reference sheet has 5 pages) and the DOCX.
        let navigation = try XCTUnwrap(page.range(of: "<nav"))
        XCTAssertLessThan(navigation.lowerBound, try XCTUnwrap(page.range(of: "<h1>")).lowerBound)
        for number in 1...5 {
            XCTAssertTrue(page.contains("202008367.yaml?page=\(number)\">第 \(number) 页</a>"), "page \(number)")
        }
        XCTAssertFalse(page.contains("?page=6"))
        let docx = try get("docx/202008367.yaml")
        XCTAssertEqual(docx.status, 200)
        XCTAssertEqual(docx.type, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        XCTAssertEqual(Array(docx.body.prefix(2)), [0x50, 0x4B], "a ZIP package")

        let broken = try get("sheet/broken.yaml")
        XCTAssertEqual(broken.status, 200)
        // The problems in the page's language (--lang zh: Chinese), with line and column.
        XCTAssertTrue(
            String(decoding: broken.body, as: UTF8.self).contains("broken.yaml:4:1: 错误"),
            "errors with line and column, in Chinese")

        let pdf = try get("pdf/202008367.yaml")
        XCTAssertEqual(pdf.status, 200)
        XCTAssertEqual(pdf.type, "application/pdf")
        XCTAssertEqual(pdf.body.prefix(5), Data("%PDF-".utf8))

        let png = try get("png/202008367.yaml?page=2")
        XCTAssertEqual(png.status, 200)
        XCTAssertEqual(Array(png.body.prefix(4)), [0x89, 0x50, 0x4E, 0x47])

        // A render error answers 500 with a readable page, and the server stays up.
        let failed = try get("pdf/broken.yaml")
        XCTAssertEqual(failed.status, 500)
        XCTAssertTrue(String(decoding: failed.body, as: UTF8.self).contains("YAML 格式错误"))

        XCTAssertEqual(try get("").status, 200)
    }

    /// The response's headers, lower-cased names (curl -D).
    func headers(_ path: String) throws -> [String: String] {
        let result = try TestSupport.run(
            TestSupport.tool("curl"), ["-s", "--max-time", "30", "-D", "-", "-o", "/dev/null", Self.base + path])
        var fields: [String: String] = [:]
        for line in result.stdout.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Each download is saved under the evaluation's name with its format's extension (a browser saved the
    /// DOCX as `202008367.yaml`), UTF-8 names included; PDF and PNG open in the browser, DOCX and OFD are saved;
    /// a page past the end is not found (it was a 500, like a render error).
    func testDownloadsAreNamedAndMissingPagesAreNotFound() throws {
        let expected = [
            ("pdf/202008367.yaml", "inline; filename=\"202008367.pdf\"; filename*=UTF-8''202008367.pdf"),
            ("docx/202008367.yaml", "attachment; filename=\"202008367.docx\"; filename*=UTF-8''202008367.docx"),
            ("ofd/202008367.yaml", "attachment; filename=\"202008367.ofd\"; filename*=UTF-8''202008367.ofd"),
            ("png/202008367.yaml?page=2", "inline; filename=\"202008367-2.png\"; filename*=UTF-8''202008367-2.png")
        ]
        for (path, disposition) in expected {
            XCTAssertEqual(try headers(path)["content-disposition"], disposition, path)
        }
        let ofd = try get("ofd/202008367.yaml")
        XCTAssertEqual(ofd.status, 200)
        XCTAssertEqual(ofd.type, "application/ofd")
        XCTAssertEqual(Array(ofd.body.prefix(2)), [0x50, 0x4B], "an OFD package is a ZIP")
        // A Chinese file name: an ASCII fallback, and the name itself percent-encoded.
        let chinese = Self.folder.appendingPathComponent("电子政务.yaml")
        try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("202008367.yaml"), to: chinese)
        defer { try? FileManager.default.removeItem(at: chinese) }
        XCTAssertEqual(
            try headers("pdf/%E7%94%B5%E5%AD%90%E6%94%BF%E5%8A%A1.yaml")["content-disposition"],
            "inline; filename=\"sheet.pdf\"; filename*=UTF-8''%E7%94%B5%E5%AD%90%E6%94%BF%E5%8A%A1.pdf")
        // The sheet's navigation offers the OFD too.
        XCTAssertTrue(
            String(decoding: try get("sheet/202008367.yaml").body, as: UTF8.self).contains(
                "<a href=\"/ofd/202008367.yaml\">OFD</a>"))
        XCTAssertEqual(try get("png/202008367.yaml?page=99").status, 404)
        XCTAssertEqual(try get("png/202008367.yaml?page=0").status, 404)
        XCTAssertEqual(try get("png/202008367.yaml?page=5").status, 200, "the reference sheet's last page")
    }

    func testABusyPortIsSaidPlainly() throws {
        let port = try XCTUnwrap(Self.base.split(separator: ":").last.map { String($0.dropLast()) })
        let result = try TestSupport.run(TestSupport.cli, ["preview", TestSupport.samples.path, "--port", port])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.stderr.contains("port \(port) on 127.0.0.1 is already in use"), result.stderr)
        XCTAssertFalse(result.stderr.contains("errno"), result.stderr)
    }

    func testRefusesEverythingOutsideTheFolder() throws {
        let secret = try String(contentsOf: TestSupport.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        for path in [
            "sheet/../Package.swift", "sheet/%2e%2e/Package.swift", "sheet/%2E%2E/%2E%2E/Package.swift",
            "sheet/..%2fPackage.swift", "sheet/%2e%2e%2fPackage.swift", "sheet/%252e%252e/Package.swift",
            "sheet//etc/passwd", "sheet/%2fetc%2fpasswd", "pdf/../../etc/passwd", "sheet/outside.yaml",
            "png/outside.yaml", "sheet/nope.yaml", "sheet/"
        ] {
            let response = try get(path)
            XCTAssertTrue([403, 404].contains(response.status), "\(path) answered \(response.status)")
            XCTAssertFalse(String(decoding: response.body, as: UTF8.self).contains("swift-tools-version"), path)
            XCTAssertFalse(String(decoding: response.body, as: UTF8.self).contains("root:x:0"), path)
        }
        XCTAssertFalse(secret.isEmpty)
    }

    /// File names are shown as they are and linked percent-encoded, once: `%`, spaces and Chinese work.
    func testNamesWithPercentSpacesAndChineseAreListedAndServed() throws {
        let name = "预算 100%2e%.yaml"
        let file = Self.folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: TestSupport.seedSample, to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let index = String(decoding: try get("").body, as: UTF8.self)
        let link = try XCTUnwrap(
            index.range(of: "/sheet/[^\"]*100[^\"]*", options: .regularExpression).map { String(index[$0]) })
        XCTAssertEqual(link, "/sheet/%E9%A2%84%E7%AE%97%20100%252e%25.yaml")
        XCTAssertEqual(try get(String(link.dropFirst())).status, 200)
        XCTAssertEqual(try get("pdf/%E9%A2%84%E7%AE%97%20100%252e%25.yaml").type, "application/pdf")
    }

    func testSavingAFileSendsAReloadEvent() throws {
        let stream = Process()
        stream.executableURL = URL(fileURLWithPath: TestSupport.tool("curl"))
        stream.arguments = ["-s", "-N", "--max-time", "4", Self.base + "events"]
        let output = Pipe()
        stream.standardOutput = output
        try stream.run()
        // Rendered once before the edit: the PDF is cached, and the cache must not outlive the edit.
        let before = try get("pdf/edited.yaml").body
        XCTAssertEqual(try get("pdf/edited.yaml").body, before)
        Thread.sleep(forTimeInterval: 1.0)
        let file = Self.folder.appendingPathComponent("edited.yaml")
        let edited = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "  pm-execution: 6\n", with: "  pm-execution: 7\n")
        try edited.replacingOccurrences(of: "  total: 77\n", with: "  total: 78\n").replacingOccurrences(
            of: "process: 38", with: "process: 39"
        )
        .replacingOccurrences(of: "  subtotal: 80\n", with: "  subtotal: 81\n").write(
            to: file, atomically: true, encoding: .utf8)
        let started = Date()
        let received = output.fileHandleForReading.readDataToEndOfFile()
        stream.waitUntilExit()
        XCTAssertTrue(
            String(decoding: received, as: UTF8.self).contains("data: changed"),
            String(decoding: received, as: UTF8.self))
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        // The page now shows the new figures.
        let page = String(decoding: try get("sheet/edited.yaml").body, as: UTF8.self)
        XCTAssertTrue(page.contains(">78<") && page.contains(">39<"), "the sheet shows the edited totals")
        let after = try get("pdf/edited.yaml").body
        XCTAssertGreaterThan(after.count, 10_000)
        XCTAssertNotEqual(after, before, "the PDF is rendered again after the edit")
    }

    func testConcurrentRequests() throws {
        let group = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var statuses: [Int] = []
        for index in 0..<8 {
            group.enter()
            DispatchQueue.global().async {
                let path = index % 2 == 0 ? "pdf/202011078.yaml" : "sheet/202011078.yaml"
                let status = (try? Self.fetch(path).status) ?? 0
                lock.withLock { statuses.append(status) }
                group.leave()
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(lock.withLock { statuses }, Array(repeating: 200, count: 8))
    }

    /// Without `--edit` the preview writes nothing: no edit links, no edit pages, no write endpoints.
    func testWithoutEditThePreviewWritesNothing() throws {
        XCTAssertFalse(String(decoding: try get("").body, as: UTF8.self).contains("/edit/"))
        XCTAssertFalse(String(decoding: try get("sheet/202008367.yaml").body, as: UTF8.self).contains("/edit/"))
        XCTAssertEqual(try get("edit/202008367.yaml").status, 404)
        let result = try TestSupport.run(
            TestSupport.tool("curl"),
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Content-Type: application/json",
                "-H", "Origin: \(Self.base.dropLast())", "--data", "{}", Self.base + "api/save/202008367.yaml"
            ])
        XCTAssertNotEqual(result.stdout, "200")
    }

    func testBrowserLoadsTheSheetFromTheServer() throws {
        let result = try TestSupport.run(
            TestSupport.tool("chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", Self.base + "sheet/202011078.yaml"
            ])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("2020年度市级财政支出项目绩效核查评分意见表"))
        XCTAssertTrue(result.stdout.contains("中山市农村生活污水治理设施运维经费"))
        XCTAssertTrue(result.stdout.contains("<table class=\"score\">"))
    }

    func testCtrlCStopsTheServerWithAStreamOpen() throws {
        // A second server of its own, so the shared one stays up for the other tests.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.cli)
        process.arguments = ["preview", Self.folder.path, "--port", "0", "--layouts", TestSupport.layouts.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let url = try XCTUnwrap(line.range(of: "http://[^ ]+/", options: .regularExpression).map { String(line[$0]) })
        let stream = Process()
        stream.executableURL = URL(fileURLWithPath: TestSupport.tool("curl"))
        stream.arguments = ["-s", "-N", "--max-time", "30", url + "events"]
        stream.standardOutput = FileHandle.nullDevice
        try stream.run()
        Thread.sleep(forTimeInterval: 0.8)
        kill(process.processIdentifier, SIGINT)
        let stopped = Date()
        process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(stopped), 5, "Ctrl-C must stop the server promptly")
        XCTAssertEqual(process.terminationStatus, 0)
        stream.terminate()
    }
}

/// Printing the standalone HTML from a browser gives a sheet whose table heads repeat on every page.
final class BrowserPrintTests: XCTestCase {
    func testPrintedHTMLRepeatsTheTableHeads() throws {
        let folder = TestSupport.temporaryDirectory()
        let html = folder.appendingPathComponent("sheet.html"), pdf = folder.appendingPathComponent("printed.pdf")
        try HTMLRenderer.render(try TestSupport.sheet(TestSupport.seedSample)).write(
            to: html, atomically: true, encoding: .utf8)
        let result = try TestSupport.run(
            TestSupport.tool("chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
                html.absoluteString
            ])
        XCTAssertEqual(result.code, 0, result.stderr)
        let info = try TestSupport.run(TestSupport.tool("pdfinfo"), [pdf.path]).stdout
        let pages =
            Int(info.components(separatedBy: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "0")
            ?? 0
        XCTAssertGreaterThanOrEqual(pages, 3)
        var headed = 0
        var all = ""
        for page in 1...pages {
            let text = try TestSupport.run(
                TestSupport.tool("pdftotext"), ["-f", "\(page)", "-l", "\(page)", pdf.path, "-"]
            ).stdout
            all += text
            if text.contains("评分说明") || text.contains("评价意见") { headed += 1 }
            // The PDF's footer on every page, its running header from the second (page margin boxes).
            let printed = TestSupport.squeezed(text)
            XCTAssertTrue(printed.contains("第\(page)页共\(pages)页"), "footer, page \(page): \(printed)")
            XCTAssertEqual(
                printed.contains("202008367电子政务云服务平台项目经费"), page > 1, "running header, page \(page)")
        }
        XCTAssertEqual(headed, pages, "every printed page opens with a table head")
        // Numbers stay whole with their units on the printed lines, as in the PDF (`第048号`, `1.10万元`): each
        // group of the narrative is found whole on printed lines at least as often as the narrative has it.
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let narrative = sheet.evaluation.narrative.values.flatMap { $0 }.map { $0.runs.map(\.text).joined() }
        var groups: [String: Int] = [:]
        for paragraph in narrative {
            let bytes = Array(paragraph.utf8)
            for range in NumberGroups.ranges(in: paragraph) {
                groups[String(decoding: bytes[range], as: UTF8.self), default: 0] += 1
            }
        }
        XCTAssertGreaterThan(groups.count, 40)
        // (The browser's space between Chinese and digits, `text-autospace`, is extracted as a space.)
        let printedLines = all.components(separatedBy: "\n").map { $0.replacingOccurrences(of: " ", with: "") }
        let broken = groups.filter { group, count in
            printedLines.map { $0.components(separatedBy: group).count - 1 }.reduce(0, +) < count
        }
        XCTAssertEqual(broken.keys.sorted(), [], "numbers broken from their units on the printed page")
        let squeezed = TestSupport.squeezed(all)
        for needle in ["2020年度市级财政支出项目绩效核查评分意见表", "日期：2021年9月27日", "保留（√）"] {
            XCTAssertTrue(squeezed.contains(needle), needle)
        }
    }
}

extension BrowserPrintTests {
    /// The bilingual HTML that `render --format html` writes, printed by Chromium: every English word of the
    /// sheet is whole on the page (none broken at a cell's edge, as `Allocatio|n` was in the form's widths).
    func testPrintedBilingualHTMLKeepsEnglishWordsWhole() throws {
        let folder = TestSupport.temporaryDirectory()
        let html = folder.appendingPathComponent("sheet.html"), pdf = folder.appendingPathComponent("printed.pdf")
        let rendered = try TestSupport.run(
            TestSupport.cli,
            ["render", TestSupport.seedSample.path, "--lang", "zh-en", "--format", "html", "-o", html.path])
        XCTAssertEqual(rendered.code, 0, rendered.stderr)
        let printed = try TestSupport.run(
            TestSupport.tool("chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
                html.absoluteString
            ])
        XCTAssertEqual(printed.code, 0, printed.stderr)
        let text = try TestSupport.run(TestSupport.tool("pdftotext"), ["-enc", "UTF-8", pdf.path, "-"]).stdout
        func words(_ text: String) -> [String] {
            text.components(separatedBy: CharacterSet.letters.inverted).filter {
                $0.count >= 3 && $0.allSatisfy(\.isASCII)
            }
        }
        let onPage = Set(words(text) + words(text.replacingOccurrences(of: "-", with: "")))
        // Numbers' no-break spans unwrapped: only the English spans are read.
        let source = TestSupport.unwrappingNumbers(try String(contentsOf: html, encoding: .utf8))
        // Words of hyphenated compounds are checked as the compound: a line may end at its hyphen, and
        // pdftotext then joins the halves (Self-|evaluation → Selfevaluation).
        var english: [String] = []
        var rest = source[...]
        while let open = rest.range(of: "<span class=\"en\" lang=\"en\">"),
            let close = rest[open.upperBound...].range(of: "</span>")
        {
            english += String(rest[open.upperBound..<close.lowerBound]).components(separatedBy: .whitespacesAndNewlines)
                .map { $0.replacingOccurrences(of: "-", with: "") }.flatMap(words)
            rest = rest[close.upperBound...]
        }
        XCTAssertGreaterThan(Set(english).count, 100)
        XCTAssertEqual(Set(english).subtracting(onPage).sorted(), [], "English words broken on the printed page")
    }
}

extension BrowserPrintTests {
    /// Figures stay whole in the browser as in the PDF, in the narrowest columns a form has: the sheet of
    /// `Fixtures/qingshen-2023.txt` with its drafted form (得分 11.3 mm wide), printed by Chromium. With the
    /// PDF's side padding, the browser's collapsed borders left 10.00 a quarter point short: 10.0|0.
    func testPrintedHTMLKeepsFiguresWhole() throws {
        let (text, library) = try TextExportTests.draftedQingshen()
        let folder = TestSupport.temporaryDirectory()
        let imported = SheetTextImporter.importSheet(
            text: text, file: "qingshen-2023.txt", library: library, formID: "qingshen")
        let sheet = try TestSupport.score(EvaluationYAML.write(try XCTUnwrap(imported.draft)), library: library).get()
        let document = TestSupport.renderer.layout(sheet)
        let html = folder.appendingPathComponent("sheet.html"), pdf = folder.appendingPathComponent("printed.pdf")
        try HTMLRenderer.render(sheet, options: .init(columnWidths: document.columnWidths)).write(
            to: html, atomically: true, encoding: .utf8)
        let printed = try TestSupport.run(
            TestSupport.tool("chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
                html.absoluteString
            ])
        XCTAssertEqual(printed.code, 0, printed.stderr)
        let onPage = Set(
            try TestSupport.run(TestSupport.tool("pdftotext"), ["-enc", "UTF-8", pdf.path, "-"]).stdout
                .components(separatedBy: .whitespacesAndNewlines))
        let tables = SheetStructure(SheetText(sheet, language: .zh)).tables().map(\.table)
        let rows: [LogicalRow] = tables.flatMap { $0.lead + $0.head + $0.body }
        func isFigure(_ text: String) -> Bool {
            text.count >= 3 && text.allSatisfy { $0.isNumber || ".,%".contains($0) }
        }
        let figures: [String] = rows.flatMap(\.cells).map(\.plainText).filter(isFigure)
        XCTAssertTrue(figures.contains("10.00"), "\(figures)")
        XCTAssertEqual(Set(figures).subtracting(onPage).sorted(), [], "figures broken on the printed page")
    }
}
