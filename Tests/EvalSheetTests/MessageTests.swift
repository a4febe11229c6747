import EvalSheet
import Foundation
import XCTest

/// Mistakes people make, told in their terms, where they made them, once, without consequences reported
/// as further mistakes.
final class MessageTests: XCTestCase {
    /// The problems of a YAML text: those of loading, else the sheet's own.
    func problems(_ yaml: String) -> [Diagnostic] {
        switch TestSupport.score(yaml) {
        case let .failure(error): return error.diagnostics
        case let .success(sheet): return sheet.diagnostics
        }
    }

    func place(_ diagnostic: Diagnostic?) -> String { diagnostic?.position.map { "\($0.line):\($0.column)" } ?? "none" }

    var seed: String { TestSupport.seedYAML() }

    func testYAMLMistakesAreExplainedWhereTheyAre() {
        let tab = problems(seed.replacingOccurrences(of: "  unit: ", with: "\tunit: "))
        XCTAssertEqual(tab.count, 1)
        XCTAssertEqual(place(tab.first), "7:1")
        XCTAssertTrue(
            tab.first?.message.en.hasPrefix("a tab in the indentation: YAML indents with spaces only") ?? false,
            "\(tab)")

        let colon = problems(seed.replacingOccurrences(of: "  unit: ", with: "  unit："))
        XCTAssertEqual(place(colon.first), "7:7", "the line of the colon, not the next one where libyaml noticed")
        XCTAssertTrue(colon.first?.message.en.contains("full-width colon") ?? false, "\(colon)")

        let deeper = problems(seed.replacingOccurrences(of: "  pm-adjustment: 3", with: "   pm-adjustment: 3"))
        XCTAssertEqual(place(deeper.first), "14:4")
        XCTAssertTrue(
            deeper.first?.message.en.hasPrefix("'pm-adjustment' is indented 3 spaces where the line above has 2")
                ?? false,
            "\(deeper)")

        let shallower = problems(seed.replacingOccurrences(of: "  code: \"202008367\"", with: " code: \"202008367\""))
        XCTAssertEqual(place(shallower.first), "8:2")
        XCTAssertTrue(shallower.first?.message.en.hasPrefix("'code' is indented 1 space") ?? false, "\(shallower)")

        // A mistake the hints do not know keeps libyaml's own words.
        let other = problems(seed + "\nextra: [unclosed\n")
        XCTAssertTrue(other.first?.message.en.hasPrefix("YAML syntax error:") ?? false, "\(other)")
    }

    func testMisspeltKeysAndIdsGetASuggestionAndNoCascade() throws {
        let keys = problems(seed.replacingOccurrences(of: "scores:", with: "socres:"))
        XCTAssertEqual(
            keys.filter { $0.severity == .error }.map(\.message.en),
            [
                "unknown field 'socres'; did you mean 'scores'?",
                "no scores: a 'scores:' block with the 13 indicators of form zhongshan-2020 is expected"
            ])
        let sheet = try TestSupport.score(seed.replacingOccurrences(of: "scores:", with: "socres:")).get()
        XCTAssertFalse(sheet.summaryLine().contains("→"), "no headline total: \(sheet.summaryLine())")

        let ids = problems(seed.replacingOccurrences(of: "  pm-adjustment: 3", with: "  pm-adjustmnet: 3")).filter {
            $0.severity == .error
        }
        XCTAssertEqual(
            ids.map(\.field), ["scores.pm-adjustmnet", "scores.pm-adjustment"],
            "no typed totals disagreeing as a consequence")
        XCTAssertTrue(ids[0].message.en.hasSuffix("did you mean 'pm-adjustment'?"), ids[0].message.en)

        XCTAssertEqual(Suggestions.closest(to: "socres", among: ["scores", "header", "narrative"]), "scores")
        XCTAssertEqual(Suggestions.closest(to: "narative", among: ["scores", "header", "narrative"]), "narrative")
        XCTAssertNil(Suggestions.closest(to: "budget", among: ["scores", "header", "narrative"]))
    }

    func testAMissingGlyphPointsAtItsOwnParagraphOnce() throws {
        var lines = seed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try XCTUnwrap(lines.indices.first { $0 > 50 && lines[$0].hasPrefix("    - ") })
        lines[index] = String(lines[index].prefix(10)) + "\u{17000}" + lines[index].dropFirst(10)
        let sheet = try TestSupport.score(lines.joined(separator: "\n")).get()
        for language in Language.allCases {
            let (_, problems) = TestSupport.renderer.layoutChecked(sheet, language: language)
            XCTAssertEqual(problems.count, 1, "\(language): \(problems)")
            XCTAssertEqual(place(problems.first), "\(index + 1):11", "\(language)")
        }
    }

    /// A value taller than a page where the sheet cannot break (the project name sits in the header rows,
    /// which never split) is an error at that value, once, in every language: not a clipped page.
    func testTextThatCannotFitOnAPageIsAnErrorAtItsField() throws {
        let lines = seed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  project:") })
        var changed = lines
        changed[index] = "  project: \"" + String(repeating: "电子政务云服务平台项目", count: 300) + "\""
        let sheet = try TestSupport.score(changed.joined(separator: "\n")).get()
        for language in Language.allCases {
            let (_, problems) = TestSupport.renderer.layoutChecked(sheet, language: language)
            XCTAssertEqual(problems.map(\.field), ["header.project"], "\(language): \(problems)")
            XCTAssertEqual(problems.first?.severity, .error)
            XCTAssertEqual(problems.first?.position?.line, index + 1)
        }
        let (_, seedProblems) = TestSupport.renderer.layoutChecked(try TestSupport.sheet(TestSupport.seedSample))
        XCTAssertEqual(seedProblems, [], "the reference sheet fits")
    }
}
