import EvalSheet
import Foundation
import XCTest

/// Random forms and evaluations (seeded, so a failure can be replayed): the layout invariants hold, and
/// every character of every narrative comes out, in order.
final class PropertyTests: XCTestCase {
    struct Random {
        var generator: SplitMix64
        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    }

    static let han = Array(
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
    )
    static let latin = [
        "SLA", "CPU12576", "cloud", "Zhongshan", "2020", "44,001,840元", "99.81%", "6134.2TB", "——", "……",
        "（一）", "《办法》", "“数字政府”", "，", "。", "；", "：", "、", "？", "！", "〔2018〕67号",
        // Rare characters the fonts have (Extension A and B, newer Han, kana, Latin with marks).
        "㐀", "䶮", "𠮷", "龘", "鿏", "𬌗", "〇", "々", "ゑ", "ǘ", "ü", "é", "№", "Ⅳ", "①", "™",
        // Numbers that must not break, one longer than a narrow column.
        "3,141,592,653,589,793,238,462,643,383,279元", "12345678901234567890123456789012345678901234567890.12%"
    ]

    static func text(_ random: inout Random, length: Int) -> String {
        var result = ""
        while result.count < length {
            if random.int(0...5) == 0 {
                result += random.pick(Self.latin)
            } else {
                result.append(random.pick(Self.han))
            }
        }
        return result
    }

    /// Which optional columns a random form has.
    struct Columns {
        var section = false
        var weight = true
        var groupTotal = true
        /// A goals table under the score table: none, plain (3 columns), or with a caption and two notes (4).
        var goals = 0
        /// The level columns under one head (评价指标) and the score columns under another (评分): a two-row head.
        var grouped = false
        /// The header rows on a grid of their own (`headerColumns`), cut into the score table's.
        var ownHeaderGrid = false
        static let all: [Columns] = [
            Columns(), Columns(section: true), Columns(weight: false), Columns(groupTotal: false),
            Columns(section: true, weight: false, groupTotal: false), Columns(grouped: true),
            Columns(section: true, groupTotal: false, grouped: true), Columns(ownHeaderGrid: true),
            Columns(section: true, grouped: true, ownHeaderGrid: true)
        ]
    }

    /// A form with a random tree (2–4 levels, random weights adding up) and a style whose grid fits its columns.
    /// `shallowBranches`: every fourth indicator above the deepest level, once a branch has reached it, is
    /// scored where it stands (a branch of unequal depth); decided outside `random`, so that the other seeds'
    /// forms are the ones they always drew.
    static func form(
        _ random: inout Random, in folder: URL, columns: Columns = Columns(), shallowBranches: Bool = false
    )
        throws -> (Form, [String])
    {
        let depth = random.int(2...4)
        var leaves: [String] = []
        var counter = 0
        func node(_ level: Int, weight: Int, indent: String) -> String {
            counter += 1
            let id = "n\(counter)"
            var yaml =
                "\(indent)- id: \(id)\n\(indent)  name: {zh: \"指标\(counter)名称\", en: \"Indicator \(counter)\"}\n\(indent)  weight: \(weight)\n"
            if level == depth || (shallowBranches && !leaves.isEmpty && counter % 4 == 0) {
                leaves.append(id)
                return yaml
                    + "\(indent)  notes: {zh: \"评分说明\(counter)：\(String(repeating: "根据完成情况评分", count: random.int(1...6)))\"}\n"
            }
            let children = max(1, min(weight, random.int(1...4)))
            var remaining = weight
            yaml += "\(indent)  children:\n"
            for child in 0..<children {
                let share =
                    child == children - 1 ? remaining : max(1, remaining / (children - child) + random.int(-1...1))
                remaining -= share
                yaml += node(level + 1, weight: share, indent: indent + "    ")
            }
            return yaml
        }
        let top = random.int(1...4)
        var indicators = "", remaining = 100
        for index in 0..<top {
            let share = index == top - 1 ? remaining : remaining / (top - index)
            remaining -= share
            indicators += node(1, weight: share, indent: "  ")
        }
        var roles: [(yaml: String, width: [Double])] = []
        if columns.section { roles.append(("  - {role: section, label: {zh: \"绩效指标\", en: \"Indicators\"}}", [8])) }
        let others = (columns.section ? 8.0 : 0) + (columns.weight ? 11 : 0) + 80 + 13 + (columns.groupTotal ? 17 : 0)
        let levelGroup = columns.grouped ? ", group: {zh: \"评价指标\", en: \"Indicators\"}" : ""
        let scoreGroup = columns.grouped ? ", group: {zh: \"评分\", en: \"Scoring\"}" : ""
        for level in 1...depth {
            roles.append(
                (
                    "  - {role: level\(level), label: {zh: \"\(level)级指标\", en: \"Level-\(level)\"}\(levelGroup)}",
                    [(180.0 - others) / Double(depth)]
                ))
        }
        if columns.weight { roles.append(("  - {role: weight, label: {zh: \"权重\", en: \"Weight\"}}", [11])) }
        roles.append(("  - {role: notes, label: {zh: \"评分说明\", en: \"Notes\"}, span: 3}", [27, 27, 26]))
        roles.append(("  - {role: score, label: {zh: \"评分\", en: \"Score\"}\(scoreGroup)}", [13]))
        if columns.groupTotal {
            roles.append(("  - {role: groupTotal, label: {zh: \"合计\", en: \"Total\"}\(scoreGroup)}", [17]))
        }
        let base = try String(
            contentsOf: TestSupport.layouts.appendingPathComponent("zhongshan-2020/form.yaml"), encoding: .utf8)
        let tail = base[base.range(of: "deductions:\n")!.lowerBound...]
        let headerSpan = roles.flatMap(\.width).count - 5
        let goals =
            columns.goals == 0
            ? ""
            : """
            blocks: [indicators, goals, opinion]
            goals:
              title: {zh: "项目基本情况", en: "Project"}
              expected: {zh: "项目年度目标", en: "Targets"}
              actual: {zh: "年度目标完成情况", en: "Outcomes"}

            """
                + (columns.goals == 1
                    ? ""
                    : """
                      caption: {zh: "1.项目年度目标完成情况", en: "1. Targets met"}
                      notes:
                        - {id: process, label: {zh: "2.项目实施内容及过程概述", en: "2. What was done"}}
                        - {id: remarks, label: {zh: "3.其他说明", en: "3. Remarks"}}

                    """)
        let yaml = """
            id: random
            title: {zh: "随机表单", en: "Random Form"}
            \(goals)total: 100
            header:
              - {id: code, label: {zh: "编码", en: "Code"}, labelSpan: 1, valueSpan: \(columns.ownHeaderGrid ? 1 : headerSpan)}
              - {id: project, label: {zh: "项目名称", en: "Project"}, labelSpan: 1, valueSpan: \(columns.ownHeaderGrid ? 1 : 3)}
            columns:
            \(roles.map(\.yaml).joined(separator: "\n"))
            indicators:
            \(indicators)
            \(tail)
            """
        let directory = folder.appendingPathComponent("random")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try yaml.write(to: directory.appendingPathComponent("form.yaml"), atomically: true, encoding: .utf8)
        var style = try String(
            contentsOf: TestSupport.layouts.appendingPathComponent("zhongshan-2020/style.yaml"), encoding: .utf8)
        let grid = roles.flatMap(\.width).map { String(format: "%.2f", $0) }.joined(separator: ", ")
        style = style.replacingOccurrences(
            of: "gridColumns: [18, 18, 20, 11, 29, 28, 26, 13, 17]", with: "gridColumns: [\(grid)]")
        if columns.goals > 0 {
            style += columns.goals == 1 ? "goalsColumns: [20, 80, 80]\n" : "goalsColumns: [20, 28, 66, 66]\n"
        }
        if columns.ownHeaderGrid { style += "headerColumns: [23.5, 36.5, 30, 90]\n" }
        try style.write(to: directory.appendingPathComponent("style.yaml"), atomically: true, encoding: .utf8)
        return (try FormLibrary(directory: folder).form(id: "random").get(), leaves)
    }

    /// Random texts for a form's goals table and its notes (a note left out at random).
    static func goalsYAML(_ form: Form, _ random: inout Random) -> String {
        guard let goals = form.goals else { return "" }
        var yaml = "goals:\n"
        for field in ["expected", "actual"] + goals.notes.map(\.id) where field != "remarks" || random.int(0...1) == 1 {
            yaml += "  \(field): [\(EvaluationYAML.quoted(Self.text(&random, length: random.int(1...600))))]\n"
        }
        return yaml
    }

    func testRandomFormsAndEvaluationsKeepEveryInvariant() throws {
        for seed in UInt64(1)...UInt64(12) {
            var random = Random(generator: SplitMix64(seed: seed))
            let folder = TestSupport.temporaryDirectory()
            let (form, leaves) = try Self.form(
                &random, in: folder, columns: Columns(goals: Int(seed % 3)), shallowBranches: seed % 4 == 3)
            var yaml =
                "form: random\nyear: 2020\nheader:\n  code: \"R\(seed)\"\n  project: \"\(Self.text(&random, length: random.int(1...40)))\"\n"
            yaml += Self.goalsYAML(form, &random)
            yaml +=
                "scores:\n"
                + leaves.map { id in "  \(id): \(ExactDecimal.format(form.indicator(id: id)!.weight / 2))\n" }.joined()
            var written: [String: [String]] = [:]
            yaml += "narrative:\n"
            for section in form.sections {
                let lengths = [0, 1, 30, 400, 3000, 20_000]
                let total = random.pick(lengths)
                var paragraphs: [String] = []
                var produced = 0
                while produced < total {
                    let paragraph = Self.text(&random, length: min(total - produced, random.int(1...900)))
                    paragraphs.append(paragraph)
                    produced += paragraph.count
                }
                written[section.id] = paragraphs
                yaml += "  \(section.id): [" + paragraphs.map(EvaluationYAML.quoted).joined(separator: ", ") + "]\n"
            }
            // Every other sheet signed with an image below the team's names (the seal specimen, square).
            let team =
                seed % 2 == 0 ? "{value: [甲], image: \(EvaluationYAML.quoted(SignOffImageTests.seal.path))}" : "[甲]"
            yaml += "recommendation: cancel\nsignoff:\n  team: \(team)\n  institution: 机构\n  date: 2021-01-01\n"
            let sheet = try FormLibrary(directory: folder).scoreData(Data(yaml.utf8), file: "random-\(seed).yaml").get()
            XCTAssertEqual(
                sheet.diagnostics.filter { $0.severity == .error && !$0.field.hasPrefix("narrative") }, [],
                "seed \(seed)")
            XCTAssertEqual(sheet.evaluation.signoffImages.count, seed % 2 == 0 ? 1 : 0)
            for language in [Language.zh, .bilingual] {
                let document = TestSupport.renderer.layout(sheet, language: language)
                XCTAssertEqual(LayoutInvariants.check(document), [], "seed \(seed) \(language)")
                // Every character of each section, in order, across its fragments and pages.
                for section in form.sections {
                    // The narrative column's lines only (labels of continued sections sit in the other column).
                    let printed = document.pages.flatMap { page -> [String] in
                        let bodies = page.items.compactMap { item -> Rect? in
                            if case let .cell(cell) = item, cell.role == "section-body" {
                                return cell.frame
                            } else {
                                return nil
                            }
                        }
                        return page.items.compactMap { item -> String? in
                            guard case let .text(box) = item, bodies.contains(where: { $0.contains(box.container) })
                            else { return nil }
                            return box.text
                        }
                    }.joined()
                    let expected = (written[section.id] ?? []).map { TextPreparation.normalizeSpaces($0) }.joined()
                    // (An empty section has nothing to find; Foundation's contains("") is false.)
                    let want = TestSupport.squeezed(expected)
                    XCTAssertTrue(
                        want.isEmpty || TestSupport.squeezed(printed).contains(want),
                        "seed \(seed): \(section.id) lost characters")
                }
            }
        }
    }

    /// The HTML/PDF parity and full-rectangle checks over random forms with and without the optional columns
    /// (a section column merged over the table, no points column, no group-total column).
    func testRandomFormsAreTheSameTableInHTMLAndPDF() throws {
        for seed in UInt64(1)...UInt64(10) {
            var random = Random(generator: SplitMix64(seed: seed))
            let folder = TestSupport.temporaryDirectory()
            var columns = Columns.all[Int(seed) % Columns.all.count]
            columns.goals = Int(seed % 3)
            let (form, leaves) = try Self.form(&random, in: folder, columns: columns, shallowBranches: seed % 3 == 1)
            var yaml =
                "form: random\nyear: 2020\nheader:\n  code: \"R\(seed)\"\n  project: \"\(Self.text(&random, length: random.int(1...40)))\"\n"
            yaml += Self.goalsYAML(form, &random)
            yaml +=
                "scores:\n"
                + leaves.map { id in "  \(id): \(ExactDecimal.format(form.indicator(id: id)!.weight / 2))\n" }.joined()
            yaml +=
                "narrative:\n"
                + form.sections.map {
                    "  \($0.id): [\(EvaluationYAML.quoted(Self.text(&random, length: random.int(1...300))))]\n"
                }.joined()
            let team =
                seed % 2 == 1 ? "{value: [甲], image: \(EvaluationYAML.quoted(SignOffImageTests.seal.path))}" : "[甲]"
            yaml += "recommendation: cancel\nsignoff:\n  team: \(team)\n  institution: 机构\n  date: 2021-01-01\n"
            let sheet = try FormLibrary(directory: folder).scoreData(Data(yaml.utf8), file: "random-\(seed).yaml").get()
            for language in [Language.zh, .bilingual] {
                XCTAssertEqual(
                    try TableParity.problems(sheet, language: language), [], "seed \(seed) \(columns) \(language)")
            }
        }
    }
}
