@testable import EvalSheetModel
@testable import EvalSheetOFD
import EvalSheet
import EvalSheetDOCX
import EvalSheetHTML
import EvalSheetLayout
import EvalSheetPackaging
import Foundation
import XCTest

/// Seal and signature images an evaluation gives (`seal: {image: seal.png}`): placed by the layout in the
/// form's box, painted by every backend from the same bytes, and checked when loaded.
final class SignOffImageTests: XCTestCase {
    static let sample = TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation/2020-primary-care.yaml")
    static let seal = TestSupport.samples.appendingPathComponent("mof-2020-self-evaluation/seal-specimen.png")
    static let millimetre = 72 / 25.4

    static func images(_ document: LaidOutDocument) -> [(page: Int, box: ImageBox)] {
        document.pages.enumerated().flatMap { index, page in
            page.items.compactMap { if case let .image(box) = $0 { (index, box) } else { nil } }
        }
    }

    /// The sample's seal: one image in the display list, 42 mm square, centred in the cell of 单位盖章 and
    /// over its label; the PDF paints it there (red ink inside its frame, none outside), with its
    /// transparency; the OFD, DOCX and HTML carry the same bytes at the same size; LibreOffice prints the
    /// DOCX with it.
    func testASealIsPaintedInItsBoxByEveryBackend() throws {
        let folder = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sheet = try TestSupport.sheet(Self.sample)
        let png = try Data(contentsOf: Self.seal)
        let document = TestSupport.renderer.layout(sheet)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        let placed = Self.images(document)
        XCTAssertEqual(placed.count, 1)
        let (pageIndex, box) = try XCTUnwrap(placed.first)
        XCTAssertEqual(box.image.data, png)
        XCTAssertEqual(box.field, "signoff.seal")
        XCTAssertEqual(box.frame.width, 42 * Self.millimetre, accuracy: 0.01)
        XCTAssertEqual(box.frame.height, 42 * Self.millimetre, accuracy: 0.01)
        let cell = try XCTUnwrap(
            document.pages[pageIndex].items.compactMap { item -> CellBox? in
                if case let .cell(cell) = item, cell.text.contains("单位盖章") { cell } else { nil }
            }.first)
        XCTAssertTrue(cell.frame.contains(box.frame))
        XCTAssertEqual(box.frame.x + box.frame.width / 2, cell.frame.x + cell.frame.width / 2, accuracy: 0.01)
        let label = try XCTUnwrap(
            document.pages[pageIndex].items.compactMap { item -> TextBox? in
                if case let .text(line) = item, line.text.contains("单位盖章") { line } else { nil }
            }.first)
        XCTAssertTrue(label.frame.overlaps(box.frame), "the seal is stamped over its label")

        // PDF: one 500 × 500 picture and its soft mask, painted inside the frame and nowhere else.
        let pdf = folder.appendingPathComponent("sheet.pdf")
        try TestSupport.renderer.writePDF(document, to: pdf)
        let listed = try TestSupport.run(TestSupport.tool("pdfimages"), ["-list", pdf.path])
        let rows = listed.stdout.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(
            rows.map { [$0[0], $0[2], $0[3], $0[4]] },
            [["\(pageIndex + 1)", "image", "500", "500"], ["\(pageIndex + 1)", "smask", "500", "500"]])
        let dpi = 50.0
        let raster = try Self.raster(pdf, page: pageIndex + 1, dpi: dpi, in: folder)
        let scale = dpi / 72
        let frame = (
            x0: Int(box.frame.x * scale) - 1, y0: Int(box.frame.y * scale) - 1,
            x1: Int(box.frame.maxX * scale) + 1, y1: Int(box.frame.maxY * scale) + 1
        )
        var inside = 0, outside = 0
        for y in 0..<raster.height {
            for x in 0..<raster.width where raster.isRed(x, y) {
                if x >= frame.x0 && x <= frame.x1 && y >= frame.y0 && y <= frame.y1 {
                    inside += 1
                } else {
                    outside += 1
                }
            }
        }
        XCTAssertGreaterThan(inside, 300, "the seal's red ring, star and text")
        XCTAssertEqual(outside, 0)

        // OFD: the PNG as it is, one image object at the frame.
        let parts = try OFDWriter.parts(document, creatorVersion: "test", fonts: OFDFontFiles())
        let media = parts.filter { $0.path.hasPrefix("Doc_0/Res/image_") }
        XCTAssertEqual(media.map(\.data), [png])
        let content = String(
            decoding: try XCTUnwrap(parts.first { $0.path == "Doc_0/Pages/Page_\(pageIndex)/Content.xml" }).data,
            as: UTF8.self)
        let boundary = [box.frame.x, box.frame.y, box.frame.width, box.frame.height].map { OFDNumber.mm($0) }.joined(
            separator: " ")
        XCTAssertTrue(
            content.contains("<ofd:ImageObject ID=") && content.contains("Boundary=\"\(boundary)\""),
            content.suffix(400).description)
        let resources = String(
            decoding: try XCTUnwrap(parts.first { $0.path == "Doc_0/DocumentRes.xml" }).data, as: UTF8.self)
        XCTAssertTrue(
            resources.contains(
                "Type=\"Image\" Format=\"PNG\"><ofd:MediaFile>\((media[0].path as NSString).lastPathComponent)"))

        // DOCX: the PNG in word/media, floating over the label at 42 mm (1,512,000 EMU), related by id.
        let docx = DOCXRenderer.parts(sheet)
        XCTAssertEqual(docx.filter { $0.path.hasPrefix("word/media/") }.map(\.data), [png])
        let body = String(decoding: try XCTUnwrap(docx.first { $0.path == "word/document.xml" }).data, as: UTF8.self)
        XCTAssertTrue(
            body.contains("<wp:anchor") && body.contains("r:embed=\"rIdImage1\"")
                && body.contains("<wp:extent cx=\"1512000\" cy=\"1512000\"/>"))
        let relationships = String(
            decoding: try XCTUnwrap(docx.first { $0.path == "word/_rels/document.xml.rels" }).data, as: UTF8.self)
        XCTAssertTrue(
            relationships.contains(
                "Id=\"rIdImage1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image1.png\""
            ))
        let docxFile = try DOCXTests.write(sheet, in: folder)
        let printed = try LibreOffice.print([docxFile], into: folder.appendingPathComponent("lo"))
        XCTAssertEqual(try XCTUnwrap(printed[docxFile.path]).pages.map(\.images).reduce(0, +), 1)

        // HTML: in the seal's cell, embedded, at 42 mm.
        let html = HTMLRenderer.render(sheet)
        let sealCell = try XCTUnwrap(
            html.range(
                of:
                    "<td class=\"line signature\"><div class=\"with-image over\"><div>（单位盖章）</div><img src=\"data:image/png;base64,"
            ))
        XCTAssertTrue(
            html[sealCell.upperBound...].hasPrefix(
                png.base64EncodedString() + "\" alt=\"（单位盖章）\" style=\"width: 42.0mm\">"))
    }

    /// A signature image (on a name field, with the name) goes below its name line, at the form's
    /// `imageSize`, its shape kept and centred; the name is printed as before.
    func testASignatureGoesBelowItsNameLine() throws {
        let copied = try FormLanguageTests.copy("mof-2020-self-evaluation") {
            $0.replacingOccurrences(
                of: "label: {zh: \"项目负责人\", en: \"Project Lead\"}}",
                with: "label: {zh: \"项目负责人\", en: \"Project Lead\"}, imageSize: {width: 30, height: 12}}")
        }
        let folder = copied.file.deletingLastPathComponent().deletingLastPathComponent()
        try FileManager.default.copyItem(at: Self.seal, to: folder.appendingPathComponent("signature.png"))
        let yaml = try String(contentsOf: Self.sample, encoding: .utf8)
            .replacingOccurrences(of: "  lead: 钟琤", with: "  lead: {value: 钟琤, image: signature.png}")
            .replacingOccurrences(of: "  seal: {image: seal-specimen.png}\n", with: "")
        let input = folder.appendingPathComponent("signed.yaml")
        try yaml.write(to: input, atomically: true, encoding: .utf8)
        let sheet = try TestSupport.sheet(input, library: copied.library)
        let document = TestSupport.renderer.layout(sheet)
        XCTAssertEqual(LayoutInvariants.check(document), [])
        let placed = Self.images(document)
        XCTAssertEqual(placed.map(\.box.field), ["signoff.lead"])
        let box = try XCTUnwrap(placed.first?.box)
        // A square image in a 30 × 12 mm box: 12 mm square.
        XCTAssertEqual(box.frame.width, 12 * Self.millimetre, accuracy: 0.01)
        XCTAssertEqual(box.frame.height, 12 * Self.millimetre, accuracy: 0.01)
        XCTAssertEqual(box.frame.x + box.frame.width / 2, box.container.x + box.container.width / 2, accuracy: 0.01)
        let name = document.pages[placed[0].page].items.compactMap { item -> TextBox? in
            if case let .text(line) = item, line.field == "signoff.lead" { line } else { nil }
        }
        XCTAssertEqual(name.map(\.text).joined(), "项目负责人：钟琤")
        XCTAssertGreaterThanOrEqual(box.frame.y, try XCTUnwrap(name.map(\.frame.maxY).max()))
        XCTAssertTrue(
            HTMLRenderer.render(sheet).contains(
                "<div class=\"with-image below\"><div>项目负责人：钟琤</div><img src=\"data:image/png;base64,"))
        let body = String(
            decoding: try XCTUnwrap(DOCXRenderer.parts(sheet).first { $0.path == "word/document.xml" }).data,
            as: UTF8.self)
        XCTAssertTrue(
            body.contains("<wp:inline") && !body.contains("<wp:anchor")
                && body.contains("<wp:extent cx=\"432000\" cy=\"432000\"/>"))
    }

    /// Every image problem of every file is told at once, at the line of its `image:`, with what to do,
    /// and nothing is written; a damaged file never reaches the renderer.
    func testBadImagesAreErrorsAtTheirLines() throws {
        let folder = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let png = try Data(contentsOf: Self.seal)
        try Data("not a picture".utf8).write(to: folder.appendingPathComponent("note.png"))
        try (Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(count: 64)).write(to: folder.appendingPathComponent("photo.png"))
        try png.prefix(png.count / 2).write(to: folder.appendingPathComponent("cut.png"))
        var damaged = png
        damaged[png.count / 2] ^= 0xFF
        try damaged.write(to: folder.appendingPathComponent("damaged.png"))
        let base = try String(contentsOf: Self.sample, encoding: .utf8)
            .replacingOccurrences(of: "  seal: {image: seal-specimen.png}\n", with: "")
        func write(_ name: String, _ lead: String, _ finance: String, _ seal: String) throws -> (URL, [Int]) {
            let yaml =
                base.replacingOccurrences(of: "  lead: 钟琤", with: "  lead: {value: 钟琤, image: \(lead)}")
                .replacingOccurrences(of: "  finance: 曾岚", with: "  finance: {value: 曾岚, image: \(finance)}")
                + "  seal: {image: \(seal)}\n"
            let url = folder.appendingPathComponent(name)
            try yaml.write(to: url, atomically: true, encoding: .utf8)
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            return (
                url, ["  lead:", "  finance:", "  seal:"].map { key in lines.firstIndex { $0.hasPrefix(key) }! + 1 }
            )
        }
        let (first, firstLines) = try write("first.yaml", "missing.png", "note.png", "cut.png")
        let (second, secondLines) = try write("second.yaml", "photo.png", "damaged.png", "first.yaml")
        let result = try TestSupport.run(TestSupport.cli, ["validate", first.path, second.path])
        XCTAssertNotEqual(result.code, 0)
        let expected = [
            (first, firstLines[0], "cannot read missing.png: no such file"),
            (first, firstLines[1], "note.png is not a PNG file; save the image as PNG"),
            (first, firstLines[2], "cut.png is cut short"),
            (second, secondLines[0], "photo.png is a JPEG file; save the image as PNG"),
            (second, secondLines[1], "damaged.png is damaged"), (second, secondLines[2], "first.yaml is not a PNG file")
        ]
        for (file, line, message) in expected {
            let found = (result.stdout + result.stderr).split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            .contains { $0.hasPrefix("\(file.path):\(line):") && $0.contains(message) }
            XCTAssertTrue(found, "\(file.lastPathComponent):\(line): \(message)\n\(result.stdout)\(result.stderr)")
        }
        let pdf = folder.appendingPathComponent("out.pdf")
        let render = try TestSupport.run(TestSupport.cli, ["render", first.path, "-o", pdf.path])
        XCTAssertNotEqual(render.code, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf.path))

        // A date takes no image; a field the form does not have is named; a form's size out of range is a form error at its line.
        let dated =
            TestSupport.seedYAML().replacingOccurrences(
                of: "  date: 2021-09-27", with: "  date: {value: 2021-09-27, image: \(Self.seal.path)}"
            )
            .replacingOccurrences(of: "  team: [李溪, 邹恩, 史佳伟]", with: "  team: {value: [李溪, 邹恩, 史佳伟], image: /dev/zero}")
            + "  stamp: {image: \(Self.seal.path)}\n"
        let messages = try TestSupport.score(dated).get().diagnostics.map(\.description)
        XCTAssertTrue(
            messages.contains { $0.contains("signoff.date.image: 日期 is a date and takes no image") }, "\(messages)")
        XCTAssertTrue(
            messages.contains { $0.contains("'stamp' is not a sign-off field of form zhongshan-2020") }, "\(messages)")
        XCTAssertTrue(
            messages.contains { $0.contains("signoff.team.image: /dev/zero is not a file") },
            "a device is never read: \(messages)")
        let oversized = try FormLanguageTests.copy("mof-2020-self-evaluation") {
            $0.replacingOccurrences(of: "kind: seal}", with: "kind: seal, imageSize: {width: 300, height: 42}}")
        }
        guard case let .failure(error) = oversized.library.form(id: "mof-2020-self-evaluation") else {
            return XCTFail("the form loads")
        }
        let line =
            try String(contentsOf: oversized.file, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false
            )
            .firstIndex { $0.contains("imageSize: {width: 300") }! + 1
        XCTAssertTrue(
            error.diagnostics.contains {
                $0.position?.line == line && $0.message.en == "width 300 mm is out of range (5–150 mm)"
            }, "\(error)")
    }

    /// A spreadsheet carries the seal as a path beside it (`signoff.seal.image`), both ways, and a batch
    /// renders a sheet again when only its seal changed.
    func testSpreadsheetsAndBatchesFollowTheImage() throws {
        let folder = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("in"), sheets = folder.appendingPathComponent("sheets")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.sample, to: inputs.appendingPathComponent("care.yaml"))
        try FileManager.default.copyItem(at: Self.seal, to: inputs.appendingPathComponent("seal-specimen.png"))
        let workbook = sheets.appendingPathComponent("year.xlsx")
        try FileManager.default.createDirectory(at: sheets, withIntermediateDirectories: true)
        XCTAssertEqual(try TestSupport.run(TestSupport.cli, ["export", inputs.path, "-o", workbook.path]).code, 0)
        let back = folder.appendingPathComponent("back")
        let imported = try TestSupport.run(TestSupport.cli, ["import", workbook.path, "-o", back.path])
        XCTAssertEqual(imported.code, 0, imported.stderr)
        // Written to the file its row names (the export's 文件 column), as it was called.
        let yaml = try String(contentsOf: back.appendingPathComponent("care.yaml"), encoding: .utf8)
        XCTAssertTrue(yaml.contains("  seal: {image: \"../in/seal-specimen.png\"}"), yaml)
        let reread = try TestSupport.sheet(back.appendingPathComponent("care.yaml"))
        XCTAssertEqual(reread.evaluation.signoffImages["seal"]?.value.data, try Data(contentsOf: Self.seal))

        let out = folder.appendingPathComponent("out")
        let arguments = ["batch", inputs.path, "-o", out.path, "--formats", "pdf"]
        XCTAssertTrue(try TestSupport.run(TestSupport.cli, arguments).stdout.contains("1 rendered, 0 skipped"))
        XCTAssertTrue(
            try TestSupport.run(TestSupport.cli, arguments).stdout.contains("0 rendered, 1 skipped (unchanged)"))
        // The same picture with a comment chunk: other bytes, a valid PNG.
        var png = try Data(contentsOf: Self.seal)
        let text = Data("tEXtComment\u{0}v2".utf8)
        var chunk = Data([0, 0, 0, UInt8(text.count - 4)]) + text
        let crc = CRC32.of(text)
        chunk += Data([UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        png.insert(contentsOf: chunk, at: 33)
        try png.write(to: inputs.appendingPathComponent("seal-specimen.png"))
        let again = try TestSupport.run(TestSupport.cli, arguments)
        XCTAssertTrue(again.stdout.contains("1 rendered, 0 skipped"), again.stdout + again.stderr)
    }

    struct RGB {
        var width: Int, height: Int, pixels: [UInt8]
        func isRed(_ x: Int, _ y: Int) -> Bool {
            let i = (y * width + x) * 3
            return pixels[i] > 150 && pixels[i + 1] < 120 && pixels[i + 2] < 120
        }
    }

    /// One page rasterised by poppler, as a binary PPM (P6).
    static func raster(_ pdf: URL, page: Int, dpi: Double, in folder: URL) throws -> RGB {
        let prefix = folder.appendingPathComponent("raster")
        let result = try TestSupport.run(
            TestSupport.tool("pdftoppm"),
            ["-r", "\(Int(dpi))", "-f", "\(page)", "-l", "\(page)", "-singlefile", pdf.path, prefix.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        let bytes = [UInt8](try Data(contentsOf: prefix.appendingPathExtension("ppm")))
        var fields: [Int] = [], index = 2, value = 0, inNumber = false
        while fields.count < 3 {
            let byte = bytes[index]
            if (0x30...0x39).contains(byte) {
                value = value * 10 + Int(byte - 0x30); inNumber = true
            } else if inNumber {
                fields.append(value); value = 0; inNumber = false
            }
            index += 1
        }
        return RGB(width: fields[0], height: fields[1], pixels: Array(bytes[index...]))
    }
}
