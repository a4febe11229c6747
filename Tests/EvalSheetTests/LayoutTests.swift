import EvalSheet
import Foundation
import XCTest

final class LayoutTests: XCTestCase {
    func seedDocument() throws -> LaidOutDocument {
        TestSupport.renderer.layout(try TestSupport.sheet(TestSupport.seedSample))
    }

    /// A sheet on the stress form: a 15-row level-1 group, and a 存在问题 of more than 10,000 characters.
    static func stressYAML() throws -> String {
        let seed = try TestSupport.sheet(TestSupport.seedSample)
        let source = seed.evaluation.narrative["problems"]!.map(\.markup)
        var problems: [String] = []
        var length = 0
        while length < 10_000 {
            let paragraph = source[problems.count % source.count]
            problems.append(paragraph)
            length += paragraph.count
        }
        func quoted(_ text: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
                .description
        }
        var yaml =
            "form: stress-15\nyear: 2020\nheader:\n  unit: 压力测试单位\n  code: \"STRESS-1\"\n  project: 压力测试项目\n  budget: 100\n"
        yaml +=
            "scores:\n" + (1...15).map { "  leaf-\($0): \($0 % 5)\n" }.joined()
            + "  small-leaf-1: 20\n  small-leaf-2: 12.5\n"
        yaml += "narrative:\n  overall: [\(quoted(seed.evaluation.narrative["overall"]![0].plainText))]\n"
        yaml += "  problems:\n" + problems.map { "    - \(quoted($0))\n" }.joined()
        yaml += "  improvements: [\(quoted(seed.evaluation.narrative["improvements"]![1].plainText))]\n"
        yaml += "recommendation: reduce\nsignoff:\n  team: [甲, 乙]\n  institution: 测试机构\n  date: 2021-01-05\n"
        return yaml
    }

    func stressDocument() throws -> LaidOutDocument {
        let sheet = try TestSupport.score(
            try Self.stressYAML(), name: "stress.yaml", library: TestSupport.fixtureLibrary
        ).get()
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        XCTAssertGreaterThan(sheet.evaluation.narrative["problems"]!.map(\.plainText).joined().count, 10_000)
        return TestSupport.renderer.layout(sheet)
    }

    func testSeedSheetHoldsEveryInvariant() throws {
        let document = try seedDocument()
        XCTAssertEqual(LayoutInvariants.check(document), [])
        XCTAssertGreaterThanOrEqual(document.pages.count, 3)
        XCTAssertEqual(document.missingGlyphs, [])
    }

    func testStressSheetHoldsEveryInvariantAndMarksContinuations() throws {
        let document = try stressDocument()
        XCTAssertEqual(LayoutInvariants.check(document), [])
        let cells = LayoutInvariants.cells(document)
        // The 15-row group crosses a page: its label is repeated with （续） on a later page.
        let groupPages = Set(cells.filter { $0.cell.text.hasPrefix("压力测试一级指标") }.map(\.page))
        XCTAssertGreaterThan(groupPages.count, 1, "the 15-row group should cross a page")
        let continued = cells.filter {
            $0.cell.isContinuation && $0.cell.role == "level1" && $0.cell.text.hasSuffix("（续）")
        }
        let group = continued.filter { $0.cell.text.hasPrefix("压力测试一级指标") }
        XCTAssertEqual(group.count, groupPages.count - 1)
        XCTAssertEqual(group.first?.page, groupPages.max())
        // The long section spans pages, each later one labelled 存在问题（续）.
        let problemPages = Set(
            cells.filter { $0.cell.role == "section-body" && $0.cell.text.hasPrefix("一、项目管理") }.map(\.page))
        XCTAssertGreaterThanOrEqual(problemPages.count, 3)
        let labels = cells.filter { $0.cell.role == "section-label" && $0.cell.text == "存在问题（续）" }.map(\.page)
        XCTAssertEqual(Set(labels), problemPages.subtracting([problemPages.min()!]))
    }

    func testPagesAreFilledBeforeBreaking() throws {
        let document = try stressDocument()
        // Every page but the last is filled; the keep-together rules may push one or two rows over, never
        // more than a quarter of the page.
        for (number, page) in document.pages.enumerated().dropLast() {
            let bottom =
                page.items.compactMap { item -> Double? in
                    if case let .cell(c) = item { return c.frame.maxY } else { return nil }
                }.max() ?? 0
            XCTAssertGreaterThan(
                bottom, page.body.maxY - page.body.height / 4,
                "page \(number + 1) leaves \(page.body.maxY - bottom) pt blank")
        }
    }

    func testNoLoneRowFragmentOfAGroupThatFitsOnAPage() throws {
        let document = try stressDocument()
        // Level-2 groups are 5 rows: never split as 1 + 4 or 4 + 1.
        let cells = LayoutInvariants.cells(document)
        for name in ["二级指标1", "二级指标2", "二级指标3"] {
            let fragments = cells.filter { $0.cell.text.hasPrefix(name) }
            if fragments.count > 1 {
                for fragment in fragments {
                    let rows = cells.filter {
                        $0.page == fragment.page && $0.cell.role == "level3"
                            && $0.cell.frame.y >= fragment.cell.frame.y - 0.01
                            && $0.cell.frame.maxY <= fragment.cell.frame.maxY + 0.01
                    }
                    XCTAssertGreaterThan(rows.count, 1, "\(name) leaves a one-row fragment on page \(fragment.page)")
                }
            }
        }
    }

    func testJustifiedLinesReachTheRightEdge() throws {
        let document = try seedDocument()
        let body = LayoutInvariants.lines(document).filter { $0.font.size == 10.5 && $0.container.width > 300 }
        XCTAssertGreaterThan(body.count, 100)
        var flush = 0
        for (line, next) in zip(body, body.dropFirst()) where !next.startsParagraph && line.container == next.container
        {
            // A line followed by another of the same paragraph is justified to the cell's right edge.
            XCTAssertEqual(line.frame.maxX, line.container.maxX, accuracy: 0.05, "'\(line.text)'")
            flush += 1
        }
        XCTAssertGreaterThan(flush, 50)
    }

    func testEverySeedCellIsOnTheSheet() throws {
        let document = try seedDocument()
        let texts = LayoutInvariants.cells(document).map { TestSupport.squeezed($0.cell.text) }
        let all = texts.joined(separator: "\u{1}")
        let title = LayoutInvariants.lines(document).first.map { TestSupport.squeezed($0.text) }
        for cell in try SeedSheet.cells() {
            if cell == title { continue }
            XCTAssertTrue(texts.contains(cell) || all.contains(cell), "not on the sheet: \(cell)")
        }
    }

    func testIdenticalInputGivesIdenticalLayout() throws {
        let a = try seedDocument(), b = try seedDocument()
        XCTAssertEqual(LayoutInvariants.lines(a).map(\.frame), LayoutInvariants.lines(b).map(\.frame))
        XCTAssertEqual(LayoutInvariants.lines(a).map(\.text), LayoutInvariants.lines(b).map(\.text))
    }
    /// The display list holds the rules as painted, merged: cut into pieces at random and shuffled, they
    /// merge back into exactly the same set (every point of each is on the other), and a page has far fewer
    /// strokes than its cells have edges.
    func testMergedRulesDrawTheSameLines() throws {
        func covers(_ rules: [Rule], _ point: Point, width: Double) -> Bool {
            rules.contains { rule in
                rule.width == width
                    && point.x >= min(rule.from.x, rule.to.x) - 0.001 && point.x <= max(rule.from.x, rule.to.x) + 0.001
                    && point.y >= min(rule.from.y, rule.to.y) - 0.001 && point.y <= max(rule.from.y, rule.to.y) + 0.001
            }
        }
        func samples(_ rule: Rule) -> [Point] {
            (0...8).map { step in
                let t = Double(step) / 8
                return Point(
                    x: rule.from.x + (rule.to.x - rule.from.x) * t, y: rule.from.y + (rule.to.y - rule.from.y) * t)
            }
        }
        var generator = SplitMix64(seed: 14)
        var edges = 0, painted = 0
        for document in [try seedDocument(), try stressDocument()] {
            for page in document.pages {
                let merged = page.items.compactMap { item -> Rule? in
                    if case let .rule(rule) = item { rule } else { nil }
                }
                var pieces: [Rule] = []
                for rule in merged {
                    // Cut each rule at two random points, with overlaps, as neighbouring cells draw shared edges.
                    let cuts = [
                        0, Double.random(in: 0.1...0.5, using: &generator),
                        Double.random(in: 0.5...0.9, using: &generator), 1
                    ]
                    for (start, end) in zip(cuts, cuts.dropFirst()) {
                        func at(_ t: Double) -> Point {
                            Point(
                                x: rule.from.x + (rule.to.x - rule.from.x) * t,
                                y: rule.from.y + (rule.to.y - rule.from.y) * t)
                        }
                        pieces.append(Rule(from: at(start), to: at(min(1, end + 0.01)), width: rule.width))
                    }
                }
                pieces.shuffle(using: &generator)
                let remerged = RuleMerging.merged(pieces)
                for rule in merged {
                    for point in samples(rule) {
                        XCTAssertTrue(covers(remerged, point, width: rule.width), "\(rule) lost")
                    }
                }
                for rule in remerged {
                    for point in samples(rule) {
                        XCTAssertTrue(covers(merged, point, width: rule.width), "\(rule) added")
                    }
                }
                XCTAssertEqual(remerged.count, merged.count, "a painted rule that could have been merged")
                edges += 4 * page.items.filter { if case .cell = $0 { true } else { false } }.count
                painted += merged.count
            }
        }
        XCTAssertLessThan(painted * 3, edges, "\(edges) cell edges painted as \(painted) strokes")
    }
}

/// The reference sheet's cells, as text with in-cell line breaks removed.
enum SeedSheet {
    static func cells() throws -> [String] {
        let lines = try String(contentsOf: TestSupport.seedText, encoding: .utf8).components(separatedBy: "\n")
        var result: [String] = []
        for line in lines where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            for cell in line.components(separatedBy: "\t") where !cell.trimmingCharacters(in: .whitespaces).isEmpty {
                let paragraphs = cell.components(separatedBy: "<p>").filter { !$0.isEmpty }
                if cell.contains("<p>") {
                    for paragraph in paragraphs {
                        // Spaces inside a paragraph were in-cell line breaks: each piece is a line of its own.
                        let text = paragraph.replacingOccurrences(of: "</p>", with: "")
                        if text.contains("保留（") {
                            result.append(TestSupport.squeezed(text))
                        } else {
                            result += text.components(separatedBy: " ").map(TestSupport.squeezed).filter { !$0.isEmpty }
                        }
                    }
                } else {
                    result.append(TestSupport.squeezed(cell))
                }
            }
        }
        return result
    }
}
