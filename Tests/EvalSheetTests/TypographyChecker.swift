import EvalSheet
import EvalSheetLayout
import EvalSheetModel
import Foundation

/// Counts, on the display list, what a careful reader of a printed sheet notices: lines against the
/// clreq line-start and line-end rules, a paragraph's single line left at a page foot or carried to the
/// next page, a heading left at a page foot, lines letter-spaced more than 0.15 em between Han
/// characters, scoring-notes lines short of the cell's edge, a paragraph's last line holding a single
/// character (孤字), and a number broken from its unit or the rest of it.
struct TypographyCounts: CustomStringConvertible {
    var lines = 0
    var kinsoku = 0
    var loneLinesAtBreaks = 0
    var strandedHeadings = 0
    var looseLines = 0
    var notesLines = 0
    var raggedNotesLines = 0
    var singleCharacterLastLines = 0
    var numberSplits = 0
    /// Pages where the sign-off stands without any narrative above it (under the repeated head).
    var signoffAlone = 0
    /// Gaps between a Chinese character and a Western letter or digit side by side on a line, and those not
    /// a quarter em (the script space; an eighth where line fitting narrowed it, none inside a number set solid,
    /// more in a line the other gaps could not fill).
    var scriptBoundaries = 0
    var unevenBoundaries = 0
    /// Of those, the ones wider than a quarter em (justification spread slack over them).
    var widenedBoundaries = 0
    /// Gaps between an ASCII bracket and the Chinese character inside it (`(如`, `额)`) wider than 0.05 em.
    var spacedBrackets = 0
    /// Lines of labels (centred lines of cells neither notes nor narrative) that end inside a word of two or more Chinese
    /// characters (`WordSegmentation`), of all label lines that end inside a paragraph.
    var labelBreaks = 0
    var labelBreaksInsideWords = 0
    /// Lines of English (more Latin letters than Chinese characters, with spaces) and those with a space
    /// between words wider than half an em, and the widest, in em.
    /// The least room between a narrative's text and its cell's side rules, in points.
    var narrativeInset = Double.infinity
    var englishLines = 0
    var wideWordSpaces = 0
    var widestWordSpace = 0.0
    var examples: [String] = []

    var description: String {
        "\(lines) lines: kinsoku \(kinsoku), lone paragraph lines at page breaks \(loneLinesAtBreaks), stranded headings \(strandedHeadings), "
            + "loose lines \(looseLines), ragged notes lines \(raggedNotesLines) of \(notesLines), single-character last lines \(singleCharacterLastLines), "
            + "numbers split \(numberSplits), sign-off alone \(signoffAlone), "
            + "script boundaries \(scriptBoundaries) (uneven \(unevenBoundaries), widened \(widenedBoundaries)), spaced brackets \(spacedBrackets), "
            + "label breaks inside words \(labelBreaksInsideWords) of \(labelBreaks), "
            + "narrative inset \(String(format: "%.1f", narrativeInset)) pt, English lines \(englishLines) (word spaces over 0.5 em \(wideWordSpaces), widest \(String(format: "%.2f", widestWordSpace)) em)"
    }

    static func + (a: Self, b: Self) -> Self {
        var sum = a
        sum.lines += b.lines; sum.kinsoku += b.kinsoku; sum.loneLinesAtBreaks += b.loneLinesAtBreaks
        sum.strandedHeadings += b.strandedHeadings; sum.looseLines += b.looseLines; sum.notesLines += b.notesLines
        sum.raggedNotesLines += b.raggedNotesLines; sum.singleCharacterLastLines += b.singleCharacterLastLines
        sum.numberSplits += b.numberSplits; sum.signoffAlone += b.signoffAlone; sum.examples += b.examples
        sum.scriptBoundaries += b.scriptBoundaries; sum.unevenBoundaries += b.unevenBoundaries
        sum.widenedBoundaries += b.widenedBoundaries
        sum.spacedBrackets += b.spacedBrackets; sum.labelBreaks += b.labelBreaks
        sum.labelBreaksInsideWords += b.labelBreaksInsideWords
        sum.englishLines += b.englishLines; sum.wideWordSpaces += b.wideWordSpaces
        sum.narrativeInset = min(a.narrativeInset, b.narrativeInset)
        sum.widestWordSpace = max(a.widestWordSpace, b.widestWordSpace)
        return sum
    }
}

enum TypographyChecker {
    static let closing = Set("，。、；：？！）》」』】〕〗〉”’%‰.,;:?!)]}".unicodeScalars)
    static let units = Set("年月日号分次个项条款页期人天家名位元%‰℃,.".unicodeScalars)

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    static func count(_ document: LaidOutDocument) -> TypographyCounts {
        var counts = TypographyCounts()
        // The lines of each piece of text in reading order, with their page: a cell's text continues in the
        // cell of the same field and column on the next page.
        struct Line { var page: Int; var box: TextBox }
        var streams: [String: [Line]] = [:]
        var order: [String] = []
        var labels: [String: [TextBox]] = [:]
        for (page, content) in document.pages.enumerated() {
            let notes = content.items.compactMap { item -> Rect? in
                if case let .cell(cell) = item, cell.role == "notes" { cell.frame } else { nil }
            }
            let roles = Set(content.items.compactMap { if case let .cell(cell) = $0 { cell.role } else { nil } })
            if roles.contains("signoff") && !roles.contains("section-body") {
                counts.signoffAlone += 1; counts.examples.append("sign-off alone on page \(page + 1)")
            }
            let running = content.items.compactMap { item -> Rect? in
                if case let .cell(cell) = item, cell.role == "notes" || cell.role == "section-body" {
                    cell.frame
                } else {
                    nil
                }
            }
            let narratives = content.items.compactMap { item -> Rect? in
                if case let .cell(cell) = item, cell.role == "section-body" { cell.frame } else { nil }
            }
            for case let .text(box) in content.items {
                counts.lines += 1
                if let cell = narratives.first(where: { $0.contains(box.container) }) {
                    counts.narrativeInset = min(
                        counts.narrativeInset, box.container.x - cell.x, cell.maxX - box.container.maxX)
                }
                spacing(box.line, into: &counts)
                if !box.line.endsParagraph { wordSpaces(box.line, into: &counts) }
                // A label: a centred line of a cell that is not running text (notes, narratives).
                if !running.contains(where: { $0.contains(box.container) }), box.indent == 0,
                    abs((box.frame.x + box.frame.width / 2) - (box.container.x + box.container.width / 2)) < 0.6
                {
                    let key = "\(box.field)|\(Int(box.container.x.rounded()))|\(Int(box.container.width.rounded()))"
                    labels[key, default: []].append(box)
                }
                let key = "\(box.field)|\(Int(box.container.x.rounded()))|\(Int(box.container.width.rounded()))"
                if streams[key] == nil { order.append(key) }
                streams[key, default: []].append(Line(page: page, box: box))
                // Line breaks only: a paragraph that itself begins with ，is the text's, not the layout's.
                let text = box.text.trimmingCharacters(in: .whitespaces)
                if !box.startsParagraph, let first = text.first, LayoutInvariants.forbiddenAtStart.contains(first) {
                    counts.kinsoku += 1; counts.examples.append("starts with \(first): \(text)")
                }
                if !box.line.endsParagraph, let last = text.last, LayoutInvariants.forbiddenAtEnd.contains(last) {
                    counts.kinsoku += 1; counts.examples.append("ends with \(last): \(text)")
                }
                if notes.contains(where: { $0.contains(box.container) }) {
                    counts.notesLines += 1
                    // English set ragged-right rather than spaced out (`PangoShaper.widestWordSpace`) is not
                    // counted here; its word spaces are (`wideWordSpaces`).
                    let english =
                        box.line.advances.filter { $0.0.isASCII && $0.0.properties.isAlphabetic }.count
                        > box.line.advances.filter { TextPreparation.isWide($0.0) }.count
                    if !box.line.endsParagraph && !english && box.frame.maxX < box.container.maxX - 0.5 {
                        counts.raggedNotesLines += 1; counts.examples.append("ragged notes: \(text)")
                    }
                }
            }
        }
        // Running text set flush in a cell that is neither notes nor narrative (a deviation's explanation) has a
        // ragged last line at the start; a label's last line is centred short of both edges.
        for (_, boxes) in labels.sorted(by: { $0.key < $1.key })
        where boxes.last.map({ $0.frame.width < $0.container.width - 1 }) ?? false {
            for (line, next) in zip(boxes, boxes.dropFirst()) where !line.line.endsParagraph && !next.startsParagraph {
                counts.labelBreaks += 1
                let joined = line.text + next.text
                let offset = line.text.utf8.count
                if WordSegmentation.words(in: joined).contains(where: {
                    $0.lowerBound < offset && offset < $0.upperBound
                }) {
                    counts.labelBreaksInsideWords += 1
                    counts.examples.append("label broken inside a word: \(line.text)|\(next.text)")
                }
            }
        }
        for key in order {
            let lines = streams[key]!
            // Paragraphs: from a first line (or after a line that ends a paragraph) to a line that ends one.
            var paragraphs: [[Line]] = []
            for line in lines {
                if line.box.startsParagraph || paragraphs.isEmpty
                    || paragraphs[paragraphs.count - 1].last!.box.line.endsParagraph
                {
                    paragraphs.append([line])
                } else {
                    paragraphs[paragraphs.count - 1].append(line)
                }
            }
            // A loose line is shown with the start of the line after it: what could not come up.
            for (line, next) in zip(lines, lines.dropFirst().map { Optional($0) } + [nil]) where isLoose(line.box.line)
            {
                counts.looseLines += 1
                counts.examples.append(
                    "loose: \(String(format: "%.2f", looseness(line.box.line))) \(line.box.text)|\(next.map { String($0.box.text.prefix(8)) } ?? "")"
                )
            }
            for (index, paragraph) in paragraphs.enumerated() {
                let pages = Dictionary(grouping: paragraph, by: \.page)
                if pages.count > 1, pages.values.contains(where: { $0.count == 1 }) {
                    counts.loneLinesAtBreaks += 1
                    counts.examples.append("lone line at a break: \(paragraph[0].box.text.prefix(12))")
                }
                let heading =
                    paragraph.allSatisfy { line in
                        !line.box.line.runs.isEmpty && line.box.line.runs.allSatisfy(\.face.bold)
                    }
                    && !paragraph[0].box.line.font.bold
                if heading, index + 1 < paragraphs.count, paragraphs[index + 1][0].page > paragraph.last!.page {
                    counts.strandedHeadings += 1; counts.examples.append("stranded heading: \(paragraph[0].box.text)")
                }
                if paragraph.count > 1 {
                    let letters = paragraph.last!.box.text.unicodeScalars.filter {
                        !$0.properties.isWhitespace && !closing.contains($0)
                    }
                    if letters.count == 1, let only = letters.first, TextPreparation.isWide(only) {
                        counts.singleCharacterLastLines += 1
                        counts.examples.append(
                            "single character: \(paragraph[paragraph.count - 2].box.text.suffix(6))|\(paragraph.last!.box.text)"
                        )
                    }
                }
                for (line, next) in zip(paragraph, paragraph.dropFirst()) {
                    guard let end = line.box.text.unicodeScalars.last, let start = next.box.text.unicodeScalars.first
                    else { continue }
                    let digit = CharacterSet.decimalDigits
                    if (digit.contains(end) && (digit.contains(start) || units.contains(start)))
                        || (end == "第" && digit.contains(start))
                    {
                        counts.numberSplits += 1;
                        counts.examples.append("number split: \(line.box.text.suffix(6))|\(next.box.text.prefix(6))")
                    }
                }
            }
        }
        return counts
    }

    /// Counts a line of English and its widest space between words.
    static func wordSpaces(_ line: ShapedLine, into counts: inout TypographyCounts) {
        let advances = line.advances
        let latin = advances.filter { $0.0.isASCII && $0.0.properties.isAlphabetic }.count
        let wide = advances.filter { TextPreparation.isWide($0.0) }.count
        let spaces = advances.dropLast().filter { $0.0 == " " }.map { $0.1 / line.font.size }
        guard latin > wide, let widest = spaces.max() else { return }
        counts.englishLines += 1
        counts.widestWordSpace = max(counts.widestWordSpace, widest)
        if widest > 0.5 {
            counts.wideWordSpaces += 1
            counts.examples.append("wide word space: \(String(format: "%.2f", widest)) em in \(line.text)")
        }
    }

    /// Counts the gaps beside Western text on a line: between Chinese and a letter or digit (the script space),
    /// and inside ASCII brackets next to Chinese.
    static func spacing(_ line: ShapedLine, into counts: inout TypographyCounts) {
        var previous: (scalar: Unicode.Scalar, end: Double, size: Double)?
        for run in line.runs {
            var glyph = 0
            for cluster in run.clusters {
                defer { glyph += cluster.glyphCount }
                guard cluster.glyphCount > 0, let scalar = cluster.text.unicodeScalars.first,
                    let last = cluster.text.unicodeScalars.last
                else {
                    previous = nil; continue
                }
                let start = run.glyphs[glyph].x
                if let before = previous {
                    let gap = (start - before.end) / run.size
                    if TextPreparation.isIdeograph(before.scalar) && TextPreparation.isWesternLetterOrDigit(scalar)
                        || TextPreparation.isWesternLetterOrDigit(before.scalar) && TextPreparation.isIdeograph(scalar)
                    {
                        counts.scriptBoundaries += 1
                        if abs(gap - TextPreparation.scriptSpacing) > 0.01 {
                            counts.unevenBoundaries += 1
                            if gap > TextPreparation.scriptSpacing { counts.widenedBoundaries += 1 }
                            counts.examples.append(
                                "uneven boundary: \(String(format: "%.3f", gap)) em at \(before.scalar)\(scalar) in \(line.text)"
                            )
                        }
                    }
                    if before.scalar == "(" && TextPreparation.isIdeograph(scalar)
                        || TextPreparation.isIdeograph(before.scalar) && scalar == ")",
                        gap > 0.05
                    {
                        counts.spacedBrackets += 1
                        counts.examples.append("spaced bracket: \(before.scalar)\(scalar) in \(line.text)")
                    }
                }
                let end = run.glyphs[glyph..<(glyph + cluster.glyphCount)].reduce(start) { $0 + $1.advance }
                previous = (last, end, run.size)
            }
        }
    }

    /// How much further apart than set solid the two Han characters of a line furthest apart stand, in em.
    static func looseness(_ line: ShapedLine) -> Double {
        var most = 0.0
        // Glyph positions are from the line's start, so a pair split between two runs counts too.
        var previous: (scalar: Unicode.Scalar, x: Double)?
        for run in line.runs {
            var glyph = 0
            for cluster in run.clusters {
                defer { glyph += cluster.glyphCount }
                guard cluster.glyphCount > 0, let scalar = cluster.text.unicodeScalars.first else {
                    previous = nil; continue
                }
                let x = run.glyphs[glyph].x
                if let previous, isHan(previous.scalar), isHan(scalar) {
                    most = max(most, (x - previous.x - run.size) / run.size)
                }
                previous = (scalar, x)
            }
        }
        return most
    }

    /// Whether two Han characters next to each other stand more than 0.15 em further apart than set solid.
    static func isLoose(_ line: ShapedLine) -> Bool { looseness(line) > 0.15 }
}
