import Foundation
import EvalSheetLayout
import EvalSheetModel

/// One page's Content.xml (GB/T 33190-2016 §7.7 page object): the display list's merged rules as path
/// objects (§9.1), then its glyph runs as text objects (§11.2) in reading order, each glyph where the
/// PDF has it: the text code's X and DeltaX (§11.3) are the glyphs' positions, and a CGTransform (§11.4)
/// names the glyph drawn for each character, so nothing depends on a reader's own shaping.
struct OFDPageContent {
    var page: Page
    var fonts: OFDFonts
    var fontIDs: [OFDFonts.Key: Int]
    /// The multimedia resource of each image (by its PNG bytes).
    var imageIDs: [Data: Int]
    var nextID: Int
    var out = XMLBytes(capacity: 64 * 1024)

    init(page: Page, fonts: OFDFonts, fontIDs: [OFDFonts.Key: Int], imageIDs: [Data: Int] = [:], nextID: Int) {
        self.page = page; self.fonts = fonts; self.fontIDs = fontIDs; self.imageIDs = imageIDs; self.nextID = nextID
    }

    mutating func id() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    mutating func xml() -> [UInt8] {
        out.add(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Area><ofd:PhysicalBox>0 0 "
        )
        out.add(mm: page.width)
        out.add(" ")
        out.add(mm: page.height)
        out.add("</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID=\"")
        out.add(id())
        out.add("\" Type=\"Body\">")
        paths()
        for case let .text(box) in page.items {
            for run in box.line.runs { text(run, in: box) }
        }
        // Images last, over the text, as the PDF paints them.
        for case let .image(box) in page.items { image(box) }
        out.add("</ofd:Layer></ofd:Content></ofd:Page>\n")
        return out.bytes
    }

    /// One path object per rule width (the rules come sorted by width), its segments relative to the
    /// object's boundary, square caps as the PDF draws them.
    mutating func paths() {
        let rules = page.items.compactMap { if case let .rule(rule) = $0 { rule } else { nil } }
        var start = 0
        while start < rules.count {
            var end = start
            while end < rules.count, rules[end].width == rules[start].width { end += 1 }
            let group = rules[start..<end]
            let width = group.first!.width
            let minX = group.map { min($0.from.x, $0.to.x) }.min()! - width
            let minY = group.map { min($0.from.y, $0.to.y) }.min()! - width
            let maxX = group.map { max($0.from.x, $0.to.x) }.max()! + width
            let maxY = group.map { max($0.from.y, $0.to.y) }.max()! + width
            out.add("<ofd:PathObject ID=\"")
            out.add(id())
            boundary(minX, minY, maxX - minX, maxY - minY)
            out.add(" LineWidth=\"")
            out.add(mm: width)
            out.add("\" Cap=\"Square\" Stroke=\"true\" Fill=\"false\"><ofd:AbbreviatedData>")
            var first = true
            for rule in group {
                out.add(first ? "M " : " M ")
                first = false
                out.add(mm: rule.from.x - minX); out.add(" "); out.add(mm: rule.from.y - minY)
                out.add(" L ")
                out.add(mm: rule.to.x - minX); out.add(" "); out.add(mm: rule.to.y - minY)
            }
            out.add("</ofd:AbbreviatedData></ofd:PathObject>")
            start = end
        }
    }

    /// An image object (§10): its CTM scales the image's unit square to the boundary's size.
    mutating func image(_ box: ImageBox) {
        guard let resource = imageIDs[box.image.data] else { return }
        out.add("<ofd:ImageObject ID=\"")
        out.add(id())
        boundary(box.frame.x, box.frame.y, box.frame.width, box.frame.height)
        out.add(" CTM=\"")
        out.add(mm: box.frame.width)
        out.add(" 0 0 ")
        out.add(mm: box.frame.height)
        out.add(" 0 0\" ResourceID=\"")
        out.add(resource)
        out.add("\"/>")
    }

    mutating func boundary(_ x: Double, _ y: Double, _ width: Double, _ height: Double) {
        out.add("\" Boundary=\"")
        out.add(mm: x); out.add(" "); out.add(mm: y); out.add(" "); out.add(mm: width); out.add(" ");
        out.add(mm: height)
        out.add("\"")
    }

    /// A cluster of a run: its characters (and how many), pen position (from the line's start), glyphs,
    /// and whether it is only white space.
    typealias Piece = (text: String, scalars: Int, x: Double, glyphs: Range<Int>, blank: Bool)

    /// A run as text objects, one per stretch between spaces: a space is only a gap in the positions,
    /// and a reader that trims or collapses the spaces of a text code could otherwise shift what follows.
    /// Stretches of one character to one glyph share an object with one CGTransform; a cluster that is
    /// not (—— shaped as one long dash) gets an object of its own, so that no text object needs two
    /// transforms (easyofd 20260427 fails on a text object with more than one).
    mutating func text(_ run: GlyphRun, in box: TextBox) {
        guard let font = fontIDs[OFDFonts.Key(face: run.face, family: box.font.family)] else { return }
        var pieces: [Piece] = []
        pieces.reserveCapacity(run.clusters.count)
        var glyph = 0
        var pen = run.glyphs.first?.x ?? 0
        for cluster in run.clusters {
            let glyphs = glyph..<(glyph + cluster.glyphCount)
            let x = glyphs.isEmpty ? pen : run.glyphs[glyph].x
            pen = x
            for index in glyphs { pen += run.glyphs[index].advance }
            glyph += cluster.glyphCount
            let scalars = cluster.text.unicodeScalars
            pieces.append((cluster.text, scalars.count, x, glyphs, scalars.allSatisfy(\.properties.isWhitespace)))
        }
        func simple(_ piece: Piece) -> Bool { piece.glyphs.count == 1 && piece.scalars == 1 }
        var index = 0
        while index < pieces.count {
            if pieces[index].blank { index += 1; continue }
            var end = index + 1
            if simple(pieces[index]) {
                while end < pieces.count, simple(pieces[end]), !pieces[end].blank { end += 1 }
            }
            textObject(pieces[index..<end], run: run, font: font, box: box)
            index = end
        }
    }

    mutating func textObject(_ pieces: ArraySlice<Piece>, run: GlyphRun, font: Int, box: TextBox) {
        let first = pieces[pieces.startIndex], last = pieces[pieces.endIndex - 1]
        let left = box.frame.x + first.x
        var lastAdvance = 0.0
        for index in last.glyphs { lastAdvance += run.glyphs[index].advance }
        let right = box.frame.x + last.x + max(lastAdvance, run.size)
        out.add("<ofd:TextObject ID=\"")
        out.add(id())
        boundary(left, box.frame.y, right - left, box.frame.height)
        out.add(" Font=\"")
        out.add(font)
        out.add("\" Size=\"")
        out.add(mm: run.size)
        out.add(run.face.bold ? "\" Weight=\"700\">" : "\">")
        // One transform: the object's characters to its glyphs, in the embedded subset's numbering.
        var codes = 0, glyphs = 0
        for piece in pieces { codes += piece.scalars; glyphs += piece.glyphs.count }
        out.add("<ofd:CGTransform CodePosition=\"0\" CodeCount=\"")
        out.add(codes)
        out.add("\" GlyphCount=\"")
        out.add(glyphs)
        out.add("\">")
        if glyphs > 0 {
            out.add("<ofd:Glyphs>")
            var separator = false
            for piece in pieces {
                for index in piece.glyphs {
                    if separator { out.add(" ") }
                    separator = true
                    out.add(fonts.subsetGlyph(run.glyphs[index].id, of: run.face))
                }
            }
            out.add("</ofd:Glyphs>")
        }
        out.add("</ofd:CGTransform><ofd:TextCode X=\"0\" Y=\"")
        out.add(mm: box.baselineY - box.frame.y)
        out.add("\"")
        if codes > 1 {
            // Every character of a cluster at the cluster's position; differences of rounded positions,
            // so that rounding never accumulates along a line.
            out.add(" DeltaX=\"")
            var previous = OFDNumber.thousandths(first.x)
            var separator = false
            var isFirst = true
            for piece in pieces {
                let position = OFDNumber.thousandths(piece.x)
                for _ in 0..<piece.scalars {
                    if isFirst { isFirst = false; continue }
                    if separator { out.add(" ") }
                    separator = true
                    out.add(thousandths: position - previous)
                    previous = position
                }
            }
            out.add("\"")
        }
        out.add(">")
        var text = ""
        for piece in pieces { text += piece.text }
        out.add(escaped: text)
        out.add("</ofd:TextCode></ofd:TextObject>")
    }
}
