@testable import EvalSheetOFD
import EvalSheet
import EvalSheetLayout
import Foundation
import XCTest

/// OFD output read back by independent programs (ofdkit for text, easyofd to draw it, fontTools for the
/// embedded fonts), against the PDF of the same layout.
final class OFDTests: XCTestCase {
    struct Check: Decodable {
        struct Info: Decodable {
            var title: String?; var author: String?; var creation_date: String?; var creator: String?
        }
        struct Text: Decodable {
            var runs: Int; var missing: Int; var extra: Int; var misplaced: [String]; var misplaced_count: Int
        }
        struct Fonts: Decodable { var embedded: Int; var glyph_ids_outside_font: Int; var alternates: [Int] }
        struct Raster: Decodable { var pages: Int; var ink_lost: [Int]; var ink_added: [Int] }
        var file: String
        var pages: [Int]
        var info: Info
        var text: Text
        var fonts: Fonts
        var raster: Raster
    }

    /// Every shipped sample in every language: the OFD has the PDF's pages, each page the PDF's
    /// characters with every text run where the PDF has it, its fonts embedded and every glyph id
    /// valid, and drawn by easyofd it covers the PDF's ink (blocks of 2.5 mm at 60 dpi, 2 px of slack)
    /// but where easyofd, which ignores CGTransform, draws a shaped form (—— as one dash) its own way.
    func testEverySampleReadsBackAsItsPDF() throws {
        let folder = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments = [
            TestSupport.fixtures.appendingPathComponent("ofd_check.py").path,
            TestSupport.fonts.appendingPathComponent("NotoSerifCJKsc-Regular.ttf").path
        ]
        var expected: [String: (LaidOutDocument, ScoredSheet)] = [:]
        for (index, url) in try DOCXTests.samples().enumerated() {
            let sheet = try TestSupport.sheet(url)
            for language in DOCXTests.languages {
                let document = TestSupport.renderer.layout(sheet, language: language)
                let name = "\(index)-\(language.rawValue)"
                let ofd = folder.appendingPathComponent(name + ".ofd"),
                    pdf = folder.appendingPathComponent(name + ".pdf")
                try TestSupport.renderer.writeOFD(document, to: ofd)
                try TestSupport.renderer.writePDF(document, to: pdf)
                arguments += [ofd.path, pdf.path]
                expected[ofd.path] = (document, sheet)
            }
        }
        // A sheet with characters outside the subsetter's working copy (CJK Extension A), cut from the whole face.
        let rare = try TestSupport.score(
            TestSupport.seedYAML().replacingOccurrences(of: "电子政务云服务平台", with: "电子政务㐀䶮云服务平台")
        ).get()
        let rareDocument = TestSupport.renderer.layout(rare)
        XCTAssertEqual(rareDocument.missingGlyphs, [])
        let rareOFD = folder.appendingPathComponent("rare.ofd"), rarePDF = folder.appendingPathComponent("rare.pdf")
        try TestSupport.renderer.writeOFD(rareDocument, to: rareOFD)
        try TestSupport.renderer.writePDF(rareDocument, to: rarePDF)
        arguments += [rareOFD.path, rarePDF.path]
        expected[rareOFD.path] = (rareDocument, rare)
        let result = try TestSupport.run(HTMLTests.python, arguments)
        XCTAssertEqual(result.code, 0, result.stderr)
        let checks = try result.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
            .map { try JSONDecoder().decode(Check.self, from: Data($0.utf8)) }
        XCTAssertEqual(checks.count, expected.count, "a result for every file")
        for check in checks {
            let name = (check.file as NSString).lastPathComponent
            guard let (document, _) = expected[check.file] else { XCTFail("unknown \(check.file)"); continue }
            XCTAssertEqual(check.pages, [document.pages.count, document.pages.count], name)
            XCTAssertGreaterThan(check.text.runs, 20 * document.pages.count, name)
            XCTAssertEqual(check.text.missing, 0, "\(name): characters of the PDF not in the OFD")
            XCTAssertEqual(check.text.extra, 0, "\(name): characters in the OFD not in the PDF")
            XCTAssertEqual(check.text.misplaced_count, 0, "\(name): \(check.text.misplaced)")
            XCTAssertGreaterThanOrEqual(check.fonts.embedded, 2, name)
            XCTAssertEqual(check.fonts.glyph_ids_outside_font, 0, name)
            XCTAssertEqual(check.raster.pages, document.pages.count, name)
            for page in 0..<min(check.raster.ink_lost.count, check.fonts.alternates.count) {
                XCTAssertLessThanOrEqual(
                    check.raster.ink_lost[page], check.fonts.alternates[page], "\(name) page \(page + 1): ink lost")
                XCTAssertLessThanOrEqual(
                    check.raster.ink_added[page], check.fonts.alternates[page], "\(name) page \(page + 1): ink added")
            }
            XCTAssertEqual(check.info.title, document.metadata.title, name)
            XCTAssertEqual(check.info.author, document.metadata.author.isEmpty ? nil : document.metadata.author, name)
            XCTAssertEqual(check.info.creation_date, document.metadata.date, name)
            XCTAssertEqual(check.info.creator, "EvalSheet", name)
        }
    }

    /// The package holds the display list as it is: per page, one glyph id per glyph of the list (spaces
    /// aside), each text object where its first glyph is, a path for each rule width, the outline.
    func testPagesHoldTheDisplayList() throws {
        let document = TestSupport.renderer.layout(try TestSupport.sheet(TestSupport.seedSample), language: .bilingual)
        let parts = try OFDWriter.parts(document, creatorVersion: EvalSheetVersion.number, fonts: OFDFontFiles())
        let names = parts.map(\.path)
        XCTAssertEqual(Array(names.prefix(3)), ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml"])
        XCTAssertEqual(names.filter { $0.hasSuffix("Content.xml") }.count, document.pages.count)
        let root = String(decoding: parts[1].data, as: UTF8.self)
        let bookmarks = document.pages.flatMap(\.items).filter { if case .bookmark = $0 { true } else { false } }.count
        XCTAssertEqual(root.components(separatedBy: "<ofd:OutlineElem ").count - 1, bookmarks)
        for (index, page) in document.pages.enumerated() {
            let xml = String(
                decoding: parts.first { $0.path == "Doc_0/Pages/Page_\(index)/Content.xml" }!.data, as: UTF8.self)
            var glyphs = 0, starts: [Double] = []
            for case let .text(box) in page.items {
                for run in box.line.runs {
                    // An object starts after a space, at a cluster that is not one character to one glyph
                    // (a ligature stands alone), and after such a cluster.
                    var glyph = 0
                    var startsObject = true
                    for cluster in run.clusters {
                        let blank = cluster.text.allSatisfy(\.isWhitespace)
                        let simple = cluster.text.unicodeScalars.count == 1 && cluster.glyphCount == 1
                        if !blank {
                            glyphs += cluster.glyphCount
                            if (startsObject || !simple), cluster.glyphCount > 0 {
                                starts.append(box.frame.x + run.glyphs[glyph].x)
                            }
                        }
                        startsObject = blank || !simple
                        glyph += cluster.glyphCount
                    }
                }
            }
            let written = xml.components(separatedBy: "<ofd:Glyphs>").dropFirst()
                .map { $0.prefix { $0 != "<" }.split(separator: " ").count }.reduce(0, +)
            XCTAssertEqual(written, glyphs, "page \(index + 1): one glyph id per glyph")
            // Each text object's first glyph: Boundary x + TextCode X, in millimetres.
            let objects = xml.components(separatedBy: "<ofd:TextObject ").dropFirst().map { object -> Double in
                func number(_ attribute: String) -> Double {
                    let tail = object.components(separatedBy: attribute + "=\"")[1]
                    return Double(tail.prefix { $0 != "\"" && $0 != " " })!
                }
                return number("Boundary") + number("X")
            }
            XCTAssertEqual(objects.count, starts.count, "page \(index + 1): a text object per word run")
            for (written, start) in zip(objects, starts) {
                XCTAssertEqual(written, start * 25.4 / 72, accuracy: 0.002, "page \(index + 1)")
            }
            let widths = Set(page.items.compactMap { if case let .rule(rule) = $0 { rule.width } else { nil } })
            XCTAssertEqual(
                xml.components(separatedBy: "<ofd:PathObject ").count - 1, widths.count, "a path per rule width")
        }
    }

    func testIdenticalInputGivesIdenticalBytesAndNothingHalfWritten() throws {
        let folder = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sheet = try TestSupport.sheet(TestSupport.seedSample)
        let a = folder.appendingPathComponent("a.ofd"), b = folder.appendingPathComponent("b.ofd")
        try TestSupport.renderer.writeOFD(TestSupport.renderer.layout(sheet), to: a)
        try TestSupport.renderer.writeOFD(TestSupport.renderer.layout(sheet), to: b)
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
        let pdf = folder.appendingPathComponent("a.pdf")
        try TestSupport.renderer.writePDF(TestSupport.renderer.layout(sheet), to: pdf)
        XCTAssertLessThan(
            try Data(contentsOf: a).count, 2 * (try Data(contentsOf: pdf).count), "fonts are subset, not embedded whole"
        )

        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked.path) }
        if getuid() != 0 {
            XCTAssertThrowsError(
                try TestSupport.renderer.writeOFD(
                    TestSupport.renderer.layout(sheet), to: locked.appendingPathComponent("x.ofd")))
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: locked.path), [])
        }
        // A font that cannot be read is an error naming it, and nothing is written.
        var document = TestSupport.renderer.layout(sheet)
        for (p, page) in document.pages.enumerated() {
            for (i, item) in page.items.enumerated() {
                guard case var .text(box) = item else { continue }
                box.line.runs = box.line.runs.map { run in
                    var copy = run; copy.face = FontFace(file: "/nonexistent/font.ttf"); return copy
                }
                document.pages[p].items[i] = .text(box)
            }
        }
        let target = folder.appendingPathComponent("broken.ofd")
        XCTAssertThrowsError(try TestSupport.renderer.writeOFD(document, to: target)) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/font.ttf"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))
    }

    /// `batch --formats ofd` on two threads writes the same bytes as `render --format ofd`, and the
    /// summary links each OFD.
    func testBatchWritesTheSameOFDAsRender() throws {
        let folder = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = TestSupport.samples.appendingPathComponent("zhongshan-2020").path
        let batch = try TestSupport.run(
            TestSupport.cli,
            [
                "batch", input, "-o", folder.appendingPathComponent("batch").path,
                "--formats", "pdf,ofd", "--jobs", "2", "--quiet"
            ])
        XCTAssertEqual(batch.code, 0, batch.stderr)
        let render = try TestSupport.run(
            TestSupport.cli,
            ["render", input, "--format", "ofd", "-o", folder.appendingPathComponent("single").path + "/"])
        XCTAssertEqual(render.code, 0, render.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("single").path)
            .filter { $0.hasSuffix(".ofd") }
        XCTAssertEqual(names.count, 4)
        for name in names {
            XCTAssertEqual(
                try Data(contentsOf: folder.appendingPathComponent("batch/\(name)")),
                try Data(contentsOf: folder.appendingPathComponent("single/\(name)")), name)
        }
        let summary = try String(contentsOf: folder.appendingPathComponent("batch/summary.csv"), encoding: .utf8)
        let header = summary.split(separator: "\n")[0].split(separator: ",").map {
            String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}"))
        }
        let column = try XCTUnwrap(header.firstIndex(of: "OFD"))
        for line in summary.split(separator: "\n").dropFirst() {
            XCTAssertTrue(
                line.split(separator: ",", omittingEmptySubsequences: false)[column].hasSuffix(".ofd"), String(line))
        }
    }
}
