import EvalSheet
import Foundation
import XCTest

/// Chinese line breaking and justification (W3C clreq), over a corpus at many widths.
final class TypographyTests: XCTestCase {
    let shaper = try! PangoShaper(fonts: TestSupport.renderer.fonts)

    static let corpus = [
        "本项目2020年度预算金额为44,001,840元，实际支出金额为43,918,960.46元，资金支出率为99.81%。项目资金主要用于电子政务云平台服务费、监理服务费。",
        "他说——这是一个重要的问题——我们必须认真对待……然而，结果却并不理想……“数字政府”建设仍需推进（见附件）。",
        "截至2020年12月，中山市电子政务云平台共分配CPU12576核、内存290666G，支撑全市463个政务信息化系统运行，SLA考核得分为77.59分。",
        "依据《中山市人民政府关于印发〈中山市“数字政府”改革建设方案〉的通知》（中府〔2018〕67号）等文件精神，项目运营单位选取程序合规。",
        "用户满意度分别为86.39%、95.24%，未达到90%的预期目标；扣款金额为2114,449.27元，扣除后共支付2,736,018.80元。"
    ]

    func lines(_ text: String, width: Double, justify: Bool = true) -> [ShapedLine] {
        let spec = ParagraphSpec(
            spans: [TextSpan(text)], font: FontSpec(family: "宋体", size: 10.5, bold: false),
            lineHeight: 1.5, justify: justify, firstLineIndent: 21,
            noBreak: TextPreparation.noBreakRanges(text))
        return shaper.shape(spec, width: width).lines
    }

    func testLineBreaksFollowClreqAtEveryWidth() {
        var checked = 0
        for text in Self.corpus {
            // From the narrowest column that holds running text (notes: 238 pt) well down to 110 pt; below
            // that a number such as 43,918,960.46元， no longer fits a line and must be broken somewhere.
            for width in stride(from: 110.0, through: 420.0, by: 3.0) {
                let broken = lines(text, width: width)
                XCTAssertEqual(broken.map(\.text).joined(), text, "text lost or changed at width \(width)")
                for (line, next) in zip(broken, broken.dropFirst()) {
                    checked += 1
                    let end = line.text.last!, start = next.text.first!
                    XCTAssertFalse(LayoutInvariants.forbiddenAtStart.contains(start), "'\(next.text)' at \(width)")
                    XCTAssertFalse(LayoutInvariants.forbiddenAtEnd.contains(end), "'\(line.text)' at \(width)")
                    XCTAssertFalse(end == "—" && start == "—", "—— split at \(width)")
                    XCTAssertFalse(end == "…" && start == "…", "…… split at \(width)")
                    // A number stays whole with its separators and its unit (元, %).
                    let numberEnd = end.isNumber || end == "," || end == "."
                    XCTAssertFalse(
                        numberEnd && (start.isNumber || "元%,.".contains(start)),
                        "number broken: '\(line.text)' | '\(next.text)'")
                }
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    func testJustificationNeverLetterSpacesDigitsOrLatin() throws {
        var widened = 0, runs = 0, westernKept = 0, bounded = 0
        for text in Self.corpus {
            for width in stride(from: 150.0, through: 400.0, by: 11.0) {
                let justified = lines(text, width: width)
                XCTAssertEqual(justified.map(\.text).joined(), text)
                // The paragraph shaped on one line, neither broken nor justified (shaped whole, so that every
                // digit has the same neighbours and script as in the broken paragraph).
                let plain = lines(text, width: 50_000, justify: false)[0].advances
                var offset = 0
                for (number, line) in justified.enumerated() {
                    let after = line.advances
                    defer { offset += after.count }
                    guard number < justified.count - 1 else { continue }
                    // Flush with the edge, unless its gaps reached the bound (half an em) and it was left short.
                    if TypographyChecker.looseness(line) < 0.49 {
                        XCTAssertEqual(line.x + line.width, width, accuracy: 0.05, "not justified: \(line.text)")
                    } else {
                        XCTAssertLessThan(line.x + line.width, width, "bounded: \(line.text)")
                        bounded += 1
                        XCTAssertLessThan(TypographyChecker.looseness(line), 0.51, line.text)
                    }
                    let before = Array(plain[offset..<(offset + after.count)])
                    XCTAssertEqual(after.map(\.0), before.map(\.0))
                    var hanGaps: [Double] = [], westernGaps: [Double] = []
                    for index in after.indices.dropLast() {
                        let (scalar, advance) = after[index], next = after[index + 1].0
                        if !TextPreparation.isWide(scalar) && !TextPreparation.isWide(next) {
                            // Inside a digit or Latin run the advance is exactly the shaped one.
                            XCTAssertEqual(
                                advance, before[index].1, accuracy: 0.0001, "'\(scalar)' spaced in \(line.text)")
                            runs += 1
                        } else if advance > before[index].1 + 0.01 {
                            widened += 1
                        }
                        if TypographyChecker.isHan(scalar) && TypographyChecker.isHan(next) {
                            hanGaps.append(advance - before[index].1)
                        }
                        // Between a Chinese character and a Western one (a digit, a letter, a sign, a bracket).
                        func western(_ scalar: Unicode.Scalar) -> Bool {
                            !TextPreparation.isWide(scalar) && !scalar.properties.isWhitespace
                        }
                        if TextPreparation.isIdeograph(scalar) && western(next)
                            || western(scalar) && TextPreparation.isIdeograph(next)
                        {
                            westernGaps.append(advance - before[index].1)
                        }
                    }
                    // Gaps between Chinese and digits keep their script space: they widen only in a line whose
                    // gaps between Chinese characters have reached the loose limit.
                    if let western = westernGaps.max() {
                        // (0.05 pt: the shaped advance of a digit varies by up to 0.014 pt with its neighbours.)
                        if western > 0.05 {
                            XCTAssertGreaterThanOrEqual(
                                hanGaps.min() ?? 10.5, 0.15 * 10.5 - 0.01,
                                "widened beside digits by \(western): \(line.text)")
                        } else if hanGaps.contains(where: { $0 > 0.05 }) {
                            westernKept += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(runs, 500)
        XCTAssertGreaterThan(widened, 1000, "justification should widen the gaps next to Han characters")
        XCTAssertGreaterThan(westernKept, 100, "gaps beside digits should keep their space in justified lines")
        // A few lines before numbers as wide as their column at 150–200 pt reach the bound and stay short.
        XCTAssertGreaterThan(bounded, 0)
        print("justified lines left short at the bound (half an em between characters): \(bounded)")
    }

    /// The script boundaries, found from UTF-8 bytes, are where the rule puts them, scalar by scalar: between a
    /// Chinese character (or kana) and a Western letter or digit, either way round, on texts of Han, kana,
    /// extension-B characters, ASCII, accented and Greek letters, full-width forms, marks and signs.
    func testScriptBoundariesFollowTheRule() {
        var random = SystemRandomNumberGenerator()
        let pieces = [
            "中", "国", "㐀", "𠀀", "か", "ア", "a", "Z", "7", "é", "Ω", "Ａ", "１", "（", "）", "(", ")", "，", "%", " ", "-",
            "①", "〔", "䷀", "ー"
        ]
        var boundaries = 0
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            var expected: [Int] = []
            var offset = 0
            var previous: Unicode.Scalar?
            for scalar in text.unicodeScalars {
                if let before = previous,
                    TextPreparation.isIdeograph(before) && TextPreparation.isWesternLetterOrDigit(scalar)
                        || TextPreparation.isWesternLetterOrDigit(before) && TextPreparation.isIdeograph(scalar)
                {
                    expected.append(offset)
                }
                previous = scalar
                offset += UTF8.width(scalar)
            }
            XCTAssertEqual(TextPreparation.scriptBoundaries(text), expected, text)
            boundaries += expected.count
        }
        XCTAssertGreaterThan(boundaries, 1000)
        XCTAssertEqual(TextPreparation.scriptBoundaries("在2,736元（全称）99.81%的PM2.5浓度"), [3, 8, 32, 37])
    }

    func testSpacesBetweenChineseAreRemovedAndLatinSpacesKept() {
        XCTAssertEqual(TextPreparation.normalizeSpaces("一、项目管理。 依据《办法》"), "一、项目管理。依据《办法》")
        XCTAssertEqual(TextPreparation.normalizeSpaces("SLA 考核 and cloud service"), "SLA 考核 and cloud service")
        XCTAssertEqual(TextPreparation.normalizeSpaces("保留（√）；  保留但建议部分核减"), "保留（√）；保留但建议部分核减")
    }

    /// The number scanner agrees with the regular expression that states the rule, on texts built
    /// from digits, separators, units and Chinese in random order.
    func testNumberRangesMatchTheRuleAsARegularExpression() throws {
        let rule = try NSRegularExpression(
            pattern: "第?[0-9][0-9,.:/]*"
                + "(?:万元|亿元|元|%|‰|℃|个百分点|年|月|日|号|分|次|个|项|条|款|页|期|人|天|家|名|位)?(?:%|‰)?")
        let pieces = [
            "0", "7", "44", ",", ".", ":", "/", "万元", "亿元", "元", "万", "%", "‰", "℃", "个百分点", "个",
            "，", "。", "年", "月", "日", "第", "号", "分", "A", " ", "（", "😀"
        ]
        var random = SplitMix64(seed: 8)
        var nonEmpty = 0
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            var expected: [Range<Int>] = []
            for match in rule.matches(in: text, range: NSRange(text.startIndex..., in: text))
            where match.range.length > 1 {
                let range = Range(match.range, in: text)!
                expected.append(
                    text.utf8.distance(
                        from: text.startIndex, to: range.lowerBound)..<text.utf8.distance(
                            from: text.startIndex, to: range.upperBound))
            }
            XCTAssertEqual(TextPreparation.noBreakRanges(text), expected, text)
            if !expected.isEmpty { nonEmpty += 1 }
        }
        XCTAssertGreaterThan(nonEmpty, 1000)
    }

    /// The parts of dates, numbered references and numbers with their counters stay whole at every width
    /// (2020年 5月 27日, 第048号, 0.1分): no line ends inside one.
    func testDatesAndNumberedReferencesAreNotBroken() {
        let text = "根据《党组会决定事项通知书》（〔2020〕第048号），2020年5月27日起每高于1个百分点扣0.1分，共3个项目，截至2020年12月。"
        let groups = ["第048号", "2020年", "5月", "27日", "1个百分点", "0.1分", "3个", "12月"]
        var checked = 0
        for width in stride(from: 60.0, through: 300.0, by: 1.5) {
            let broken = lines(text, width: width)
            for (line, next) in zip(broken, broken.dropFirst()) {
                let joint = line.text + next.text
                for group in groups
                where joint.contains(group) && !line.text.contains(group) && !next.text.contains(group) {
                    XCTFail("'\(group)' broken at \(width) pt: \(line.text) | \(next.text)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 300)
    }
}

extension TypographyTests {
    /// 标点挤压: of two marks side by side, the first closing (or stopping) one, or the second of two
    /// opening ones, is set at half width; single marks keep their full em.
    func testAdjacentPunctuationIsSetAtHalfWidth() throws {
        let text = "依据《办法》（中府〔2018〕67号）。他说：“好”。（《规定》）、见附件，完。"
        XCTAssertEqual(
            TextPreparation.compressedPunctuation(text).map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) },
            ["》", "）", "：", "”", "。", "《", "》", "）"])
        let line = try XCTUnwrap(lines(text, width: 2000, justify: false).first)
        let size = 10.5
        var halved: [String] = [], full: [String] = []
        for (scalar, advance) in line.advances
        where TextPreparation.openingMarks.contains(scalar) || TextPreparation.closingMarks.contains(scalar) {
            if abs(advance - size / 2) < 0.3 {
                halved.append(String(scalar))
            } else if abs(advance - size) < 0.3 {
                full.append(String(scalar))
            }
        }
        XCTAssertEqual(
            halved, ["》", "）", "：", "”", "。", "《", "》", "）", "。"],
            "each mark before another, 《 after （, 。 ending the line")
        XCTAssertEqual(full, ["《", "（", "〔", "〕", "。", "“", "（", "、", "，"], "marks standing alone keep their em")
    }

    /// Quotation marks in English take the Latin (proportional) forms; between Chinese characters they keep
    /// the full em of the Chinese forms.
    func testEnglishIsShapedAsEnglish() throws {
        let text = "He said “yes” to the ‘plan’. 称为“数字政府”的项目。"
        XCTAssertEqual(
            TextPreparation.englishRanges(text).map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) },
            ["He said “yes” to the ‘plan’. "])
        let line = try XCTUnwrap(lines(text, width: 2000, justify: false).first)
        let quotes = line.advances.filter { "“”‘’".unicodeScalars.contains($0.0) }.map(\.1)
        XCTAssertEqual(quotes.count, 6)
        for advance in quotes.prefix(4) {
            XCTAssertLessThan(advance, 10.5 * 0.6, "an English quotation mark is proportional: \(quotes)")
        }
        for advance in quotes.suffix(2) {
            XCTAssertEqual(advance, 10.5, accuracy: 0.3, "a Chinese one keeps its em: \(quotes)")
        }
    }

    /// A line that continues a paragraph and starts with an opening mark starts flush (the mark's glyph
    /// half an em to the left); a line ending with a closing or stopping mark ends flush, and is still
    /// justified to the full width.
    func testMarksAtLineEdgesAreSetFlush() {
        let text = String(repeating: "项目（一）资金管理，依据《办法》执行。", count: 12)
        var starts = 0, ends = 0
        for width in stride(from: 120.0, through: 260.0, by: 7.0) {
            let broken = lines(text, width: width)
            for (index, line) in broken.enumerated() {
                let first = line.text.unicodeScalars.first!, last = line.text.unicodeScalars.last!
                if index > 0, TextPreparation.openingMarks.contains(first) {
                    XCTAssertEqual(line.runs[0].glyphs[0].x, -10.5 / 2, accuracy: 0.01, "\(width): \(line.text)")
                    starts += 1
                }
                if index < broken.count - 1, TextPreparation.closingMarks.contains(last) {
                    XCTAssertEqual(line.x + line.width, width, accuracy: 0.05, "\(width): \(line.text)")
                    let advances = line.advances
                    XCTAssertEqual(
                        advances.last!.1, 10.5 / 2, accuracy: 0.3, "\(width): \(line.text) ends with a half-width mark")
                    ends += 1
                }
            }
        }
        XCTAssertGreaterThan(starts, 3)
        XCTAssertGreaterThan(ends, 20)
    }
}

/// The typographic checker over a stress corpus: the reference sheet in its three languages, the same
/// sheet with its narratives rotated so that every paragraph breaks its lines and pages anew, the stress
/// sheet (a 10,000-character 存在问题) and the national form's samples. The counts are in docs/typography.md.
final class TypographyCorpusTests: XCTestCase {
    static func rotated(by shift: Int) throws -> ScoredSheet {
        var yaml = TestSupport.seedYAML()
        let seed = try TestSupport.sheet(TestSupport.seedSample)
        for section in ["problems", "overall", "improvements"] {
            for paragraph in seed.evaluation.narrative[section] ?? []
            where paragraph.markup.count > 40 && !paragraph.markup.contains("**") {
                let text = paragraph.markup
                let cut = text.index(text.startIndex, offsetBy: shift % (text.count - 1))
                yaml = yaml.replacingOccurrences(of: text, with: String(text[cut...]) + String(text[..<cut]))
            }
        }
        return try TestSupport.score(yaml, name: "rotated-\(shift).yaml").get()
    }

    func testStressCorpus() throws {
        let renderer = TestSupport.renderer
        let seed = try TestSupport.sheet(TestSupport.seedSample)
        var reference = TypographyCounts()
        var total = TypographyCounts()
        for language in Language.allCases {
            let counts = TypographyChecker.count(renderer.layout(seed, language: language))
            if language == .zh { reference = counts }
            total = total + counts
        }
        for shift in stride(from: 3, through: 48, by: 3) {
            total = total + TypographyChecker.count(renderer.layout(try Self.rotated(by: shift)))
        }
        let stress = try TestSupport.score(
            try LayoutTests.stressYAML(), name: "stress.yaml", library: TestSupport.fixtureLibrary
        ).get()
        total = total + TypographyChecker.count(renderer.layout(stress))
        for url in try EvaluationFiles.expand([
            TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation").path
        ]) {
            total = total + TypographyChecker.count(renderer.layout(try TestSupport.sheet(url)))
        }
        print("typography, reference sheet (zh): \(reference)")
        print("typography, stress corpus: \(total)")
        print(total.examples.filter { $0.hasPrefix("loose") }.prefix(25).joined(separator: "\n"))
        // Every boundary between Chinese and a Western letter or digit of the reference sheet holds the same
        // quarter em; in the corpus, only where line fitting narrowed the spaces of a line to an eighth so that
        // what follows could come up (21 of 4,765), or a number set solid in a column too narrow for it; none
        // widened.
        XCTAssertGreaterThan(reference.scriptBoundaries, 200)
        XCTAssertEqual(reference.unevenBoundaries, 0)
        XCTAssertLessThan(total.unevenBoundaries * 50, total.scriptBoundaries)
        XCTAssertEqual(total.widenedBoundaries, 0)
        XCTAssertEqual(total.spacedBrackets, 0, "\(total.examples.filter { $0.hasPrefix("spaced") }.prefix(5))")
        // Labels break between words; inside one only where the word does not fit (≥6000人|次 in a 47 pt column,
        // whose number and unit stay together).
        XCTAssertGreaterThan(reference.labelBreaks, 30)
        XCTAssertEqual(reference.labelBreaksInsideWords, 0)
        XCTAssertLessThanOrEqual(total.labelBreaksInsideWords, 2)
        XCTAssertLessThanOrEqual(total.singleCharacterLastLines, 1)
        // A narrative's text stands at least 2.5 mm from its cell's rules (7.1 pt; it was the cells' 3.7 pt).
        XCTAssertGreaterThanOrEqual(reference.narrativeInset, PageStyle.defaultNarrativePaddingX - 0.01)
        XCTAssertGreaterThanOrEqual(total.narrativeInset, PageStyle.defaultNarrativePaddingX - 0.01)
        // English is justified only where its word spaces stay within half an em; else set ragged-right.
        XCTAssertGreaterThan(total.englishLines, 200)
        XCTAssertEqual(total.wideWordSpaces, 0, "\(total.examples.filter { $0.hasPrefix("wide word") }.prefix(5))")
        XCTAssertGreaterThan(total.lines, 9_000)
        XCTAssertEqual(
            total.kinsoku, 0, "\(total.examples.filter { $0.hasPrefix("starts") || $0.hasPrefix("ends") }.prefix(5))")
        XCTAssertEqual(total.loneLinesAtBreaks, 0, "\(total.examples.filter { $0.hasPrefix("lone") }.prefix(5))")
        XCTAssertEqual(total.strandedHeadings, 0, "\(total.examples.filter { $0.hasPrefix("stranded") }.prefix(5))")
        XCTAssertEqual(total.raggedNotesLines, 0, "\(total.examples.filter { $0.hasPrefix("ragged") }.prefix(5))")
        XCTAssertEqual(total.numberSplits, 0, "\(total.examples.filter { $0.hasPrefix("number") }.prefix(5))")
        XCTAssertEqual(total.looseLines, 0, "\(total.examples.filter { $0.hasPrefix("loose") }.prefix(5))")
        XCTAssertEqual(total.signoffAlone, 0, "\(total.examples.filter { $0.hasPrefix("sign-off") }.prefix(5))")
        XCTAssertGreaterThan(total.notesLines, 500)
        XCTAssertLessThanOrEqual(
            reference.singleCharacterLastLines, 2, "\(reference.examples.filter { $0.hasPrefix("single") })")
    }
}

extension TypographyTests {
    /// Breaks beside quotation marks between Chinese characters, as Unicode 15.1 allows (LB19a): before “
    /// after a Chinese character or a closing mark, after ” before a Chinese character or an opening mark;
    /// never after “ or before ”, nor between ” and 。. The zero-width space that makes the break is neither
    /// in a line's text nor in its glyph runs.
    func testQuotationMarksBetweenChineseCanBreak() {
        let text = "项目单位称为“数字政府”的平台，按“以奖代补”“四不两直”方式，“服务质量考核应扣费用”。等级为“中”。"
        let offsets = TextPreparation.quoteBreaks(text)
        let bytes = Array(text.utf8)
        XCTAssertEqual(
            offsets.map { String(decoding: bytes[..<$0], as: UTF8.self).suffix(2) + "|" },
            ["称为|", "府”|", "，按|", "补”|", "直”|", "式，|", "级为|"])
        var endsWithQuote = 0, startsWithQuote = 0
        for width in stride(from: 60.0, through: 300.0, by: 1.5) {
            let broken = lines(text, width: width)
            XCTAssertEqual(broken.map(\.text).joined(), text)
            for line in broken {
                XCTAssertFalse(line.text.unicodeScalars.contains(TextPreparation.zeroWidthSpace))
                XCTAssertFalse(
                    line.runs.flatMap(\.clusters).contains {
                        $0.text.isEmpty || $0.text.unicodeScalars.contains(TextPreparation.zeroWidthSpace)
                    })
                XCTAssertEqual(
                    line.runs.flatMap(\.clusters).map(\.glyphCount).reduce(0, +), line.runs.flatMap(\.glyphs).count)
            }
            for (line, next) in zip(broken, broken.dropFirst()) {
                XCTAssertFalse(
                    line.text.hasSuffix("“") || next.text.hasPrefix("”") || next.text.hasPrefix("。"),
                    "\(line.text) | \(next.text)")
                if line.text.hasSuffix("”") { endsWithQuote += 1 }
                if next.text.hasPrefix("“") { startsWithQuote += 1 }
            }
        }
        XCTAssertGreaterThan(endsWithQuote, 20)
        XCTAssertGreaterThan(startsWithQuote, 20)
    }

    /// Justified lines of the corpus letter-spaced more than 0.15 em between Chinese characters, at every
    /// width from the narrowest column that holds running text (the notes, 238 pt) up, with and without
    /// line fitting: what follows is pulled in by compressing marks, or the line above gives up characters,
    /// and gaps beside digits and Latin letters widen first (JLREQ 3.8). What is left is a first line
    /// before a number longer than its slack and its marks can give (43,918,960.46元，at 339 pt): no break
    /// but one inside the number would help, and no line above can give it characters.
    func testFewerLooseLinesAfterFitting() {
        func count(fitting: Bool) -> (checked: Int, loose: [String], compressed: Int) {
            shaper.fitsLines = fitting
            defer { shaper.fitsLines = true }
            var checked = 0, compressed = 0
            var loose: [String] = []
            for text in Self.corpus {
                for width in stride(from: 238.0, through: 420.0, by: 1.0) {
                    let broken = lines(text, width: width)
                    for (index, line) in broken.dropLast().enumerated() {
                        checked += 1
                        if TypographyChecker.isLoose(line) { loose.append("\(width) line \(index + 1): \(line.text)") }
                        // A pause mark at half width in mid-line with no mark beside it: compressed to pull text in.
                        let advances = line.advances
                        for index in advances.indices.dropFirst().dropLast()
                        where "，、；：".unicodeScalars.contains(advances[index].0)
                            && abs(advances[index].1 - 10.5 / 2) < 0.3
                            && !TextPreparation.openingMarks.contains(advances[index + 1].0)
                            && !TextPreparation.closingMarks.contains(advances[index + 1].0)
                        {
                            compressed += 1
                        }
                    }
                }
            }
            return (checked, loose, compressed)
        }
        let before = count(fitting: false), after = count(fitting: true)
        // And none wider than the bound at any width the corpus is set in.
        var widest = 0.0
        for text in Self.corpus {
            for width in stride(from: 150.0, through: 420.0, by: 3.0) {
                widest = max(widest, lines(text, width: width).dropLast().map(TypographyChecker.looseness).max() ?? 0)
            }
        }
        XCTAssertLessThanOrEqual(widest, 0.5 + 0.005)
        print(
            "justified lines \(after.checked): loose \(before.loose.count) without fitting, \(after.loose.count) with; marks compressed \(after.compressed)"
        )
        XCTAssertGreaterThan(after.checked, 1300)
        XCTAssertEqual(before.compressed, 0)
        XCTAssertGreaterThan(after.compressed, 10)
        // This corpus packs numbers of 5 to 8 em into every paragraph (108 loose lines without fitting, 69
        // with, 53 of them first lines); the sheets' stress corpus has none left (`TypographyCorpusTests`).
        XCTAssertLessThan(after.loose.count * 3, before.loose.count * 2, "\(after.loose.prefix(5))")
    }
}
