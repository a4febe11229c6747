import EvalSheet
import Foundation
import XCTest
import Yams

final class ScoringTests: XCTestCase {
    func testSeedFiguresAreComputed() throws {
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        XCTAssertEqual(sheet.indicatorTotals["process"], 38)
        XCTAssertEqual(sheet.indicatorTotals["performance"], 42)
        XCTAssertEqual(sheet.indicatorTotals["project-management"], 11)
        XCTAssertEqual(sheet.subtotal, 80)
        XCTAssertEqual(sheet.deductionTotal, -3)
        XCTAssertEqual(sheet.total, 77)
        XCTAssertEqual(sheet.grade?.name.zh, "中")
        XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }, [])
        XCTAssertEqual(sheet.summaryLine(), "202008367 电子政务云服务平台项目经费: 38 + 42 = 80, −3 → 77 中")
    }

    func testDecimalArithmeticIsExact() throws {
        let a = try XCTUnwrap(ExactDecimal.parse("0.1")), b = try XCTUnwrap(ExactDecimal.parse("0.2"))
        XCTAssertEqual(a + b, ExactDecimal.parse("0.3"))
        XCTAssertEqual(ExactDecimal.format(a + b), "0.3")
        // (Binary floating point gives 0.30000000000000004 here; that is a fact of Double, not of EvalSheet, so it
        // is not asserted.)
        // Scores of 7.5, 2.25, 0.1 and 0.2 sum exactly through the scorer.
        var yaml = TestSupport.seedYAML()
        yaml = yaml.replacingOccurrences(of: "  output-quantity: 7\n", with: "  output-quantity: 7.5\n")
            .replacingOccurrences(of: "  pm-adjustment: 3\n", with: "  pm-adjustment: 2.25\n")
            .replacingOccurrences(of: "  fm-rules: 2\n", with: "  fm-rules: 0.1\n")
            .replacingOccurrences(of: "  pm-rules: 2\n", with: "  pm-rules: 0.2\n")
        let sheet = try TestSupport.score(TestSupport.withoutTypedFigures(yaml)).get()
        XCTAssertFalse(sheet.hasErrors, "\(sheet.diagnostics)")
        XCTAssertEqual(ExactDecimal.format(sheet.indicatorTotals["project-management"]!), "8.45")
        XCTAssertEqual(ExactDecimal.format(sheet.indicatorTotals["process"]!), "33.55")
        XCTAssertEqual(ExactDecimal.format(sheet.subtotal), "76.05")
        XCTAssertEqual(ExactDecimal.format(sheet.total), "73.05")
    }

    func testParsingRejectsWhatIsNotADecimal() {
        for text in [
            "NaN", "inf", "1e3", "1,000", "", ".", "1.", "--1", "1-", "0x10", "１２", "12345678901234567890", "7+1",
            "+-1", "1.2.3"
        ] {
            XCTAssertNil(ExactDecimal.parse(text), text)
        }
        XCTAssertEqual(ExactDecimal.parse("-3"), -3)
        XCTAssertEqual(ExactDecimal.format(ExactDecimal.parse("4400.1")!, decimals: 2), "4400.10")
        XCTAssertEqual(ExactDecimal.display(-3), "\u{2212}3")
    }

    func testGradeBandsIncludeTheirLowerBound() throws {
        let form = try TestSupport.library.form(id: "zhongshan-2020").get()
        XCTAssertEqual(form.grades.grade(for: 90)?.name.zh, "优")
        XCTAssertEqual(form.grades.grade(for: ExactDecimal.parse("89.99")!)?.name.zh, "良")
        XCTAssertEqual(form.grades.grade(for: 80)?.name.zh, "良")
        XCTAssertEqual(form.grades.grade(for: 60)?.name.zh, "中")
        XCTAssertEqual(form.grades.grade(for: ExactDecimal.parse("59.5")!)?.name.zh, "差")
        XCTAssertEqual(form.grades.grade(for: -10)?.name.zh, "差")
    }

    func testEverySampleValidates() throws {
        let files = try EvaluationFiles.expand([TestSupport.samples.path])
        XCTAssertGreaterThanOrEqual(files.count, 7)
        var grades = Set<String>(), recommendations = Set<String>()
        for file in files {
            let sheet = try TestSupport.sheet(file)
            XCTAssertFalse(sheet.hasErrors, "\(file.lastPathComponent): \(sheet.diagnostics)")
            guard sheet.form.id == "zhongshan-2020" else { continue }
            grades.insert(sheet.grade?.name.zh ?? "")
            recommendations.insert(sheet.evaluation.recommendation?.value ?? "")
        }
        // The samples exercise every grade of interest and every recommendation.
        XCTAssertTrue(grades.isSuperset(of: ["优", "中", "差"]), "\(grades)")
        XCTAssertEqual(recommendations, ["retain", "reduce", "cancel"])
    }

    func testJSONLoadsTheSameAsYAML() throws {
        let json = try JSONFromYAML.convert(TestSupport.seedYAML())
        XCTAssertTrue(json.hasPrefix("{\"form\":\"zhongshan-2020\",\"year\":2020,"), String(json.prefix(80)))
        let fromJSON = try TestSupport.library.scoreData(Data(json.utf8), file: "seed.json").get()
        let fromYAML = try TestSupport.sheet(TestSupport.seedSample)
        XCTAssertEqual(fromJSON.summaryLine(), fromYAML.summaryLine())
        XCTAssertEqual(fromJSON.evaluation.narrative, fromYAML.evaluation.narrative)
        XCTAssertEqual(fromJSON.evaluation.header.mapValues(\.value), fromYAML.evaluation.header.mapValues(\.value))
        XCTAssertEqual(fromJSON.scores, fromYAML.scores)
        XCTAssertEqual(fromJSON.signoffDate, fromYAML.signoffDate)
        XCTAssertFalse(fromJSON.hasErrors, "\(fromJSON.diagnostics)")
    }
}

/// Converts YAML to JSON text, numbers as JSON numbers, so the JSON path is tested with real JSON.
enum JSONFromYAML {
    static func convert(_ yaml: String) throws -> String {
        guard let node = try Yams.compose(yaml: yaml) else { return "null" }
        return emit(node)
    }

    static func emit(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar):
            if scalar.style == .plain, ExactDecimal.parse(scalar.string) != nil { return scalar.string }
            let data = try! JSONSerialization.data(withJSONObject: [scalar.string], options: [.withoutEscapingSlashes])
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        case let .sequence(items):
            return "[" + items.map(emit).joined(separator: ",") + "]"
        case let .mapping(pairs):
            return "{"
                + pairs.map { emit(.scalar(.init($0.key.string ?? ""))) + ":" + emit($0.value) }.joined(separator: ",")
                + "}"
        case .alias:
            return "null"
        }
    }
}
