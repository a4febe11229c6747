import EvalSheet
import Foundation
import XCTest

/// Random forms that draw their sheet as a grid (`sheet:`): random tables, widths, spans, lines between
/// tables, head rows, bands over the indicators (level cells merged), deductions, sections and sign-offs,
/// checked like the random block forms: the layout's invariants, the same table in the HTML as in the PDF,
/// and each random evaluation valid against its form's JSON schema.
final class TemplatePropertyTests: XCTestCase {
    typealias Random = PropertyTests.Random

    static func quoted(_ text: String) -> String { EvaluationYAML.quoted(text) }

    /// A random `sheet:` for a tree `depth` levels deep, on the Zhongshan form's deductions, sections,
    /// recommendation and sign-off.
    /// `groupHeads`: a head row before each level-1 group; `openCells`: cells with their own rules and padding
    /// (the recommendation's row open between its two cells, the sign-off's rows open all round, notes and
    /// narratives with room of their own). Both decided outside `random`, so that the rest of the form is the
    /// one each seed always drew.
    static func sheet(_ random: inout Random, depth: Int, groupHeads: Bool = false, openCells: Bool = false)
        -> String
    {
        // Widths as forms give them (scaled to the page): a column as narrow as the block forms' narrowest at least.
        func widths(_ ranges: [ClosedRange<Int>]) -> String {
            ranges.map { String(random.int($0)) }.joined(separator: ", ")
        }
        var yaml = "sheet:\n"
        if random.int(0...1) == 1 { yaml += "  - line: {text: \"报表编号：{header.code}\", align: end}\n" }
        let head = random.int(4...6)
        yaml +=
            "  - table:\n      id: project\n      columns: [\(widths(Array(repeating: 15...45, count: head)))]\n      rows:\n"
        yaml += "        - [\"编码\", \"{header.code}\", \"项目名称\", {text: \"{header.project}\", span: \(head - 3)}]\n"
        if random.int(0...1) == 1 { yaml += "  - line: \"二、绩效评价指标评分\"\n" }
        let section = random.int(0...1) == 1, groupTotal = random.int(0...1) == 1
        let count = (section ? 1 : 0) + depth + 3 + (groupTotal ? 1 : 0)
        let scoreWidths =
            (section ? [8...9] : []) + Array(repeating: 16...30, count: depth) + [11...14, 40...70, 13...16]
            + (groupTotal ? [15...18] : [])
        yaml +=
            "  - table:\n      id: scores\n      joined: \(random.int(0...1) == 1)\n      columns: [\(widths(scoreWidths))]\n      rows:\n"
        let heads =
            (section ? ["绩效指标"] : []) + (1...depth).map { "\($0)级指标" } + ["权重", "评分说明", "得分"]
            + (groupTotal ? ["合计"] : [])
        yaml += "        - head: true\n          cells: [\(heads.map(quoted).joined(separator: ", "))]\n"
        var band = section ? ["{text: \"绩效指标\", merge: band}"] : []
        band +=
            (1..<depth).map { "\"{level\($0).heading}\"" } + [
                "\"{node.name}\"", "\"{node.weight}\"",
                "{text: \"{node.notes}\", kind: notes\(openCells ? ", padding: {x: 0.5, y: 0.5}" : "")}",
                "\"{node.score|1}\""
            ]
        if groupTotal { band.append("\"{level1.score}\"") }
        yaml += "        - band: indicators\n          cells: [\(band.joined(separator: ", "))]\n"
        // A head row before each level-1 group, beside a cell merged over the whole band.
        if groupHeads {
            let width = count - (section ? 1 : 0) - (groupTotal ? 1 : 0)
            yaml +=
                "          groupHeads:\n            - [{text: \"{level1.name}(权重{level1.weight})\", span: \(width - 1)}, \"{level1.score}\"\(groupTotal ? ", \"\"" : "")]\n"
        }
        var deductions = section ? ["{text: \"扣分\", merge: band}"] : []
        deductions +=
            ["{text: \"逆向指标\", merge: band}"] + (depth > 1 ? ["{text: \"{item.heading}\", span: \(depth - 1)}"] : [])
        deductions += ["\"{item.cap}\"", "{text: \"{item.notes}\", kind: notes}", "\"{item.score}\""]
        if groupTotal { deductions.append("{text: \"{deductions.total}\", merge: band}") }
        yaml += "        - band: deductions\n          cells: [\(deductions.joined(separator: ", "))]\n"
        yaml += "        - [{text: \"总分\", span: \(count - 1)}, \"{total}\"]\n"
        if random.int(0...1) == 1 { yaml += "        - [{text: \"等级\", span: \(count - 1)}, \"{grade}\"]\n" }
        yaml +=
            "  - table:\n      id: opinion\n      joined: \(random.int(0...1) == 1)\n      columns: [\(widths([25...40, 130...155]))]\n      rows:\n"
        if random.int(0...1) == 1 { yaml += "        - head: true\n          cells: [\"内容\", \"评价意见\"]\n" }
        yaml +=
            "        - band: sections\n          cells: [{text: \"{section.label}\", kind: label}, "
            + (openCells ? "{text: \"{section.text}\", padding: 3}" : "\"{section.text}\"") + "]\n"
        let (label, line, field) =
            openCells
            ? (
                ", rules: [top, bottom, left], padding: {x: 1}", ", rules: [top, bottom, right], padding: {y: 3}",
                ", rules: none"
            )
            : ("", "", "")
        yaml +=
            "        - cells: [{text: \"建议\", kind: label\(label)}, {text: \"{recommendation}\", kind: line\(line)}]\n          keepWithPrevious: \(random.int(0...1) == 1)\n"
        yaml += "        - band: signoff\n          cells: [{text: \"{field.line}\", span: 2, kind: line\(field)}]\n"
        if random.int(0...1) == 1 { yaml += "  - line: {text: \"填表人：\", align: start}\n" }
        return yaml
    }

    func testRandomTemplateFormsKeepTheInvariantsAndTheParity() throws {
        let property = PropertyTests.self
        var schemaFiles: [(schema: String, file: URL)] = []
        for seed in UInt64(1)...UInt64(12) {
            var random = Random(generator: SplitMix64(seed: seed &+ 1000))
            let folder = TestSupport.temporaryDirectory()
            let (blockForm, leaves) = try property.form(&random, in: folder, shallowBranches: seed % 4 == 1)
            // The same form drawn by a random template instead of its blocks and columns.
            let file = folder.appendingPathComponent("random/form.yaml")
            var yaml = try String(contentsOf: file, encoding: .utf8)
            let columns = try XCTUnwrap(yaml.range(of: "columns:\n")),
                indicators = try XCTUnwrap(yaml.range(of: "indicators:\n"))
            yaml.removeSubrange(columns.lowerBound..<indicators.lowerBound)
            yaml = yaml.replacingOccurrences(
                of: "\nchecks:",
                with: "\n"
                    + Self.sheet(
                        &random, depth: blockForm.depth, groupHeads: seed % 2 == 0, openCells: seed % 3 == 0)
                    + "checks:")
            try yaml.write(to: file, atomically: true, encoding: .utf8)
            let library = FormLibrary(directory: folder)
            let form = try library.form(id: "random").get()
            XCTAssertNotNil(form.template, "seed \(seed)")

            var evaluation =
                "form: random\nyear: 2020\nheader:\n  code: \"R\(seed)\"\n  project: \(Self.quoted(property.text(&random, length: random.int(1...40))))\n"
            evaluation +=
                "scores:\n"
                + leaves.map { id in "  \(id): \(ExactDecimal.format(form.indicator(id: id)!.weight / 2))\n" }.joined()
            evaluation +=
                "narrative:\n"
                + form.sections.map { section in
                    "  \(section.id): [\(Self.quoted(property.text(&random, length: random.pick([1, 30, 400, 3000]))))]\n"
                }.joined()
            evaluation += "recommendation: cancel\nsignoff:\n  team: [甲, 乙]\n  institution: 机构\n  date: 2021-01-01\n"
            let sheet = try library.scoreData(Data(evaluation.utf8), file: "random-\(seed).yaml").get()
            XCTAssertEqual(sheet.diagnostics.filter { $0.severity == .error }, [], "seed \(seed)")
            for language in [Language.zh, .bilingual] {
                let document = TestSupport.renderer.layout(sheet, language: language)
                XCTAssertEqual(LayoutInvariants.check(document), [], "seed \(seed) \(language)")
                XCTAssertEqual(try TableParity.problems(sheet, language: language), [], "seed \(seed) \(language)")
            }
            let written = folder.appendingPathComponent("random-\(seed).yaml")
            try evaluation.write(to: written, atomically: true, encoding: .utf8)
            schemaFiles.append((EvaluationSchema.json(for: form), written))
        }
        for (schema, file) in schemaFiles {
            XCTAssertEqual(try SchemaTests.validate(schema, [file]).values.flatMap { $0 }, [], file.lastPathComponent)
        }
    }
}
