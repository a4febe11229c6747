import EvalSheet
import Foundation
import XCTest

final class PDFTests: XCTestCase {
    static let directory = TestSupport.temporaryDirectory()

    /// The seed sheet rendered once for the tests that read the PDF.
    nonisolated(unsafe) static let seedPDF: (url: URL, document: LaidOutDocument) = {
        let sheet = try! TestSupport.sheet(TestSupport.seedSample)
        let document = TestSupport.renderer.layout(sheet)
        let url = directory.appendingPathComponent("seed.pdf")
        try! TestSupport.renderer.writePDF(document, to: url)
        return (url, document)
    }()

    func testTextExtractsInReadingOrder() throws {
        let (url, document) = Self.seedPDF
        let text = try TestSupport.bodyText(
            url, document: document, sheet: try TestSupport.sheet(TestSupport.seedSample), language: .zh)
        var cursor = text.startIndex
        for cell in try SeedSheet.cells() {
            guard let range = text.range(of: cell, range: cursor..<text.endIndex) else {
                XCTFail(
                    "not found in order after \(text.distance(from: text.startIndex, to: cursor)) characters: \(cell)")
                return
            }
            cursor = range.upperBound
        }
    }

    func testFontsAreEmbeddedAsSubsets() throws {
        let result = try TestSupport.run(TestSupport.tool("pdffonts"), [Self.seedPDF.url.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        let rows = result.stdout.split(separator: "\n").dropFirst(2)
        XCTAssertGreaterThanOrEqual(rows.count, 3)
        for row in rows {
            let name = row.split(separator: " ").first.map(String.init) ?? ""
            XCTAssertTrue(
                name.range(of: "^[A-Z]{6}\\+Noto(Serif|Sans)CJKsc-(Regular|Bold)$", options: .regularExpression) != nil,
                String(row))
            // Columns emb, sub, uni are "yes yes yes".
            XCTAssertTrue(row.contains("yes yes yes"), String(row))
            XCTAssertTrue(row.contains("TrueType"), "fonts go through the TrueType route, not CFF: \(row)")
        }
        // Real bold faces are used for the title and heads.
        XCTAssertTrue(rows.contains { $0.contains("NotoSerifCJKsc-Bold") })
        XCTAssertTrue(rows.contains { $0.contains("NotoSansCJKsc-Bold") })
    }

    func testQPDFFindsNoDamage() throws {
        let result = try TestSupport.run(TestSupport.tool("qpdf"), ["--check", Self.seedPDF.url.path])
        XCTAssertEqual(result.code, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("No syntax or stream encoding errors found"), result.stdout)
    }

    func testIdenticalInputGivesByteIdenticalPDF() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let a = Self.directory.appendingPathComponent("a.pdf"), b = Self.directory.appendingPathComponent("b.pdf")
        try TestSupport.renderer.writePDF(TestSupport.renderer.layout(sheet), to: a)
        // A fresh renderer (new font map and caches) must not change a byte either.
        let other = try SheetRenderer(fontsDirectory: TestSupport.fonts)
        try other.writePDF(other.layout(sheet), to: b)
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: Self.seedPDF.url))
    }

    func testMetadataAndOutline() throws {
        let info = try TestSupport.run(TestSupport.tool("pdfinfo"), ["-isodates", Self.seedPDF.url.path])
        var fields: [String: String] = [:]
        for line in info.stdout.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        XCTAssertEqual(fields["Title"], "电子政务云服务平台项目经费 — 2020年度市级财政支出项目绩效核查评分意见表")
        XCTAssertEqual(fields["Author"], "广州零点点数据科技有限公司")
        XCTAssertEqual(fields["Keywords"], "202008367")
        XCTAssertEqual(fields["Subject"], "2020年度市级财政支出项目绩效核查评分意见表")
        XCTAssertEqual(fields["CreationDate"]?.prefix(10), "2021-09-27")
        XCTAssertEqual(fields["ModDate"]?.prefix(10), "2021-09-27")
        XCTAssertEqual(fields["Pages"], String(Self.seedPDF.document.pages.count))
        XCTAssertEqual(fields["Page size"], "595.276 x 841.89 pts (A4)")
        let raw = try String(decoding: Data(contentsOf: Self.seedPDF.url), as: UTF8.self)
        XCTAssertEqual(raw.components(separatedBy: "/Type /Outlines").count - 1, 1, "one outline tree")
        // Title (the score table), three narrative sections and the recommendation.
        XCTAssertTrue(raw.contains("/Count 5") || raw.contains("/Count -5"), "five outline entries")
        XCTAssertFalse(raw.contains("/Subtype /Link"), "no link annotations (broken on Cairo 1.16)")
    }

    func testFooterCountsPagesAndRunningHeaderFollowsPageOne() throws {
        let document = Self.seedPDF.document
        let lines = document.pages.map { page in
            page.items.compactMap { item -> String? in
                if case let .text(box) = item { return box.text } else { return nil }
            }
        }
        for (index, page) in lines.enumerated() {
            XCTAssertTrue(page.contains("第 \(index + 1) 页 共 \(document.pages.count) 页"), "page \(index + 1)")
            XCTAssertEqual(page.contains("202008367　电子政务云服务平台项目经费"), index > 0, "page \(index + 1)")
        }
    }

    func testPNGPagesMatchThePDF() throws {
        let target = Self.directory.appendingPathComponent("seed.png")
        let pages = try TestSupport.renderer.writePNG(Self.seedPDF.document, to: target, dpi: 50)
        XCTAssertEqual(pages.count, Self.seedPDF.document.pages.count)
        let header = try FileHandle(forReadingFrom: pages[0]).readData(ofLength: 24)
        XCTAssertEqual(Array(header.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let width = header[16..<20].reduce(0) { $0 << 8 | Int($1) },
            height = header[20..<24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(width, Int((595.2756 * 50 / 72).rounded(.up)))
        XCTAssertEqual(height, Int((841.8898 * 50 / 72).rounded(.up)))
    }

    func testACharacterWithoutAGlyphFailsWithItsCodeAndField() throws {
        let yaml = TestSupport.seedYAML().replacingOccurrences(of: "资金支出率为99.81%。", with: "资金支出率为99.81%\u{1F600}。")
        let sheet = try TestSupport.score(yaml).get()
        let (_, problems) = TestSupport.renderer.layoutChecked(sheet)
        // The sentence occurs in two sections; each is reported.
        XCTAssertEqual(problems.map(\.field), ["narrative.overall", "narrative.problems"])
        XCTAssertEqual(problems.map(\.severity), [.error, .error])
        XCTAssertTrue(
            problems.allSatisfy { $0.message.en.contains("U+1F600") && $0.file == "test.yaml" }, "\(problems)")
        let (_, allowed) = TestSupport.renderer.layoutChecked(sheet, allowMissingGlyphs: true)
        XCTAssertEqual(allowed.map(\.severity), [.warning, .warning])
    }
}
