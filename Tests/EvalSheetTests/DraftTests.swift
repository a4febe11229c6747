import EvalSheet
import Foundation
import XCTest

/// A draft (`draft: true`) may miss scores: it prints 草稿 on every page in every output, and the totals over
/// a missing score print blank instead of the sum of the scores that are there.
final class DraftTests: XCTestCase {
    /// The reference sheet as a draft without the scores of 制度建设 (项目管理) and 支出率.
    func draft() throws -> ScoredSheet {
        var yaml = TestSupport.withoutTypedFigures(TestSupport.seedYAML()).replacingOccurrences(
            of: "year: 2020\n", with: "year: 2020\ndraft: true\n")
        yaml = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("  pm-rules:") && !$0.hasPrefix("  fm-expenditure-rate:") }.joined(separator: "\n")
        return try TestSupport.score(yaml).get()
    }

    func testMissingScoresLeaveTheirTotalsBlank() throws {
        let sheet = try draft()
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        XCTAssertEqual(sheet.missingScores, ["pm-rules", "fm-expenditure-rate"])
        XCTAssertEqual(
            sheet.summaryLine(),
            "202008367 电子政务云服务平台项目经费: draft, 2 scores missing (pm-rules, fm-expenditure-rate), no total")
        let table = SheetStructure(SheetText(sheet, language: .zh)).scoreTable()
        let cells = table.body.flatMap(\.cells)
        let totals = cells.filter { $0.role == "groupTotal" }.map(\.plainText)
        // 预算执行过程管理 has the missing scores: blank; 绩效指标完成情况 is complete: 42.
        XCTAssertEqual(totals.prefix(2), ["", "42"])
        let total = try XCTUnwrap(table.body.last { $0.cells.first?.plainText == "合计" })
        XCTAssertEqual(total.cells.last?.plainText, "")
        let grade = try XCTUnwrap(table.body.last)
        XCTAssertEqual(grade.cells.last?.plainText, "", "no grade for an incomplete sheet")
        // The complete sheet still prints its totals.
        let complete = try TestSupport.sheet(TestSupport.seedSample)
        XCTAssertEqual(
            SheetStructure(SheetText(complete, language: .zh)).scoreTable().body.last?.cells.last?.plainText, "中")
    }

    func testEveryOutputIsMarkedDraft() throws {
        let sheet = try draft()
        let folder = TestSupport.temporaryDirectory()
        let document = TestSupport.renderer.layout(sheet)
        let pdf = folder.appendingPathComponent("draft.pdf")
        try TestSupport.renderer.writePDF(document, to: pdf)
        for page in 1...document.pages.count {
            let text = try TestSupport.run(
                TestSupport.tool("pdftotext"), ["-f", "\(page)", "-l", "\(page)", pdf.path, "-"]
            ).stdout
            XCTAssertTrue(text.contains("草稿"), "page \(page)")
        }
        XCTAssertTrue(LayoutInvariants.check(document).isEmpty, "\(LayoutInvariants.check(document))")
        let final = TestSupport.renderer.layout(try TestSupport.sheet(TestSupport.seedSample))
        XCTAssertFalse(LayoutInvariants.lines(final).contains { $0.text == "草稿" })

        let html = HTMLRenderer.render(sheet)
        XCTAssertTrue(html.contains("<p class=\"draft-mark\" role=\"note\">草稿</p>"))
        XCTAssertTrue(html.contains("<title>[草稿] 电子政务云服务平台项目经费"))
        XCTAssertFalse(HTMLRenderer.render(try TestSupport.sheet(TestSupport.seedSample)).contains("draft-mark\""))

        let docx = folder.appendingPathComponent("draft.docx")
        try DOCXRenderer.write(sheet, to: docx)
        let read = try DOCXTests.read(docx)
        XCTAssertTrue(read.header.hasPrefix("草稿"), read.header)
        XCTAssertEqual(read.firstPageHeader, "草稿")
    }
}
