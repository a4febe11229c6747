import EvalSheetLayout
import EvalSheetModel
import EvalSheetTables
import EvalSheetPackaging
import Foundation

/// Writes a laid-out document as an OFD package (GB/T 33190-2016, 电子文件存储与交换格式 版式文档), from
/// the display list alone, as the PDF is painted: the same pages, glyphs and rules. The structure
/// follows the standard's clauses as open implementations name them (ofdrw's `org.ofdrw.core`):
///
///     OFD.xml                         §7.4 main entry: DocInfo (title, author, dates), DocRoot
///     Doc_0/Document.xml              §7.5 document root: CommonData, Pages, Outlines (§7.8)
///     Doc_0/PublicRes.xml             §7.9 resources: one Font (§11.1) per face and requested family
///     Doc_0/DocumentRes.xml           §7.9 resources: one MultiMedia (§10) per image (a seal), if any
///     Doc_0/Res/font_N.ttf            the faces, cut to the glyphs used by HarfBuzz's hb-subset
///     Doc_0/Res/image_N.png           the images, the evaluation's PNG files unchanged
///     Doc_0/Pages/Page_N/Content.xml  §7.7 pages: PathObject (§9.1), TextObject (§11.2–11.4)
///
/// Identical input gives identical bytes (ZipPackage's fixed dates, a DocID derived from the content);
/// the file appears under its name only when complete.
public enum OFDWriter {
    /// `fonts`: the font files opened so far by this thread's writer (reused between documents).
    public static func write(
        _ document: LaidOutDocument, creatorVersion: String, fonts files: OFDFontFiles, to url: URL
    ) throws {
        try ZipPackage.write(try parts(document, creatorVersion: creatorVersion, fonts: files), to: url)
    }

    static func parts(_ document: LaidOutDocument, creatorVersion: String, fonts files: OFDFontFiles) throws
        -> [PackagePart]
    {
        guard let first = document.pages.first else {
            throw OFDError(
                message: Message("no-pages", en: "nothing to write: the document has no pages", zh: "没有可写的内容：文档没有页面"))
        }
        // Fonts first: the pages need the subsets' glyph ids.
        var fonts = OFDFonts()
        var fontIDs: [OFDFonts.Key: Int] = [:]
        for page in document.pages {
            for case let .text(box) in page.items {
                for run in box.line.runs where !run.face.file.isEmpty {
                    fontIDs[OFDFonts.Key(face: run.face, family: box.font.family)] = fonts.use(
                        run, family: box.font.family)
                }
            }
        }
        do { try fonts.makeSubsets(from: files) } catch {
            throw OFDError(message: Message("ofd-failed", en: "\(error)", zh: "OFD 写出失败：\(error)"))
        }

        var nextID = fonts.keys.count + 1
        // Images next, each once however many pages show it, numbered in order of appearance.
        var images: [(id: Int, data: Data)] = []
        var imageIDs: [Data: Int] = [:]
        for page in document.pages {
            for case let .image(box) in page.items where imageIDs[box.image.data] == nil {
                imageIDs[box.image.data] = nextID
                images.append((nextID, box.image.data))
                nextID += 1
            }
        }
        var pageIDs: [Int] = []
        var parts: [PackagePart] = []
        var pageParts: [PackagePart] = []
        for (index, page) in document.pages.enumerated() {
            pageIDs.append(nextID)
            var content = OFDPageContent(
                page: page, fonts: fonts, fontIDs: fontIDs, imageIDs: imageIDs, nextID: nextID + 1)
            let xml = content.xml()
            nextID = content.nextID
            pageParts.append(PackagePart("Doc_0/Pages/Page_\(index)/Content.xml", Data(xml)))
        }
        let maxID = nextID - 1
        parts.append(
            PackagePart("OFD.xml", xml: entry(document.metadata, creatorVersion: creatorVersion, pages: pageParts)))
        parts.append(
            PackagePart(
                "Doc_0/Document.xml",
                xml: root(
                    document, firstPage: first, pageIDs: pageIDs, maxID: maxID,
                    hasImages: !images.isEmpty)))
        parts.append(PackagePart("Doc_0/PublicRes.xml", xml: resources(fonts)))
        if !images.isEmpty { parts.append(PackagePart("Doc_0/DocumentRes.xml", xml: media(images.map(\.id)))) }
        for (name, face) in fonts.faceFiles {
            parts.append(PackagePart("Doc_0/Res/\(name)", fonts.subsets[face]?.data ?? Data()))
        }
        for image in images { parts.append(PackagePart("Doc_0/Res/image_\(image.id).png", image.data)) }
        return parts + pageParts
    }

    static let namespace = "xmlns:ofd=\"http://www.ofdspec.org/2016\""
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    typealias mm = OFDNumber

    static func element(_ name: String, _ text: String) -> String {
        text.isEmpty ? "" : "<ofd:\(name)>\(MarkupEscaping.escape(text))</ofd:\(name)>"
    }

    /// OFD.xml. The DocID (32 hex digits, a UUID's length) is a hash of the pages, not a random UUID, so
    /// that the same sheet gives the same file.
    static func entry(_ metadata: DocumentMetadata, creatorVersion: String, pages: [PackagePart]) -> String {
        var hash = StableHash()
        hash.add(metadata.title)
        hash.add(metadata.date)
        for page in pages { hash.add(page.data) }
        let keywords =
            metadata.keywords.isEmpty ? "" : "<ofd:Keywords>\(element("Keyword", metadata.keywords))</ofd:Keywords>"
        return declaration + "<ofd:OFD \(namespace) Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo>"
            + "<ofd:DocID>\(hash.hex)</ofd:DocID>" + element("Title", metadata.title)
            + element("Author", metadata.author)
            + element("Subject", metadata.subject) + element("CreationDate", metadata.date)
            + element("ModDate", metadata.date)
            + keywords + element("Creator", metadata.creator) + element("CreatorVersion", creatorVersion)
            + "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n"
    }

    /// Document.xml: the default page area (the first page's size), the pages, and the outline.
    static func root(_ document: LaidOutDocument, firstPage: Page, pageIDs: [Int], maxID: Int, hasImages: Bool)
        -> String
    {
        var xml =
            declaration + "<ofd:Document \(namespace)><ofd:CommonData><ofd:MaxUnitID>\(maxID)</ofd:MaxUnitID>"
            + "<ofd:PageArea><ofd:PhysicalBox>0 0 \(mm.mm(firstPage.width)) \(mm.mm(firstPage.height))</ofd:PhysicalBox></ofd:PageArea>"
            + "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
            + (hasImages ? "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" : "") + "</ofd:CommonData><ofd:Pages>"
        for (index, id) in pageIDs.enumerated() {
            xml += "<ofd:Page ID=\"\(id)\" BaseLoc=\"Pages/Page_\(index)/Content.xml\"/>"
        }
        xml += "</ofd:Pages>"
        var outline = ""
        for (index, page) in document.pages.enumerated() {
            for case let .bookmark(bookmark) in page.items {
                outline +=
                    "<ofd:OutlineElem Title=\"\(MarkupEscaping.escape(bookmark.title))\"><ofd:Actions><ofd:Action Event=\"CLICK\">"
                    + "<ofd:Goto><ofd:Dest Type=\"XYZ\" PageID=\"\(pageIDs[index])\" Left=\"\(mm.mm(page.body.x))\" Top=\"\(mm.mm(bookmark.y))\"/>"
                    + "</ofd:Goto></ofd:Action></ofd:Actions></ofd:OutlineElem>"
            }
        }
        if !outline.isEmpty { xml += "<ofd:Outlines>\(outline)</ofd:Outlines>" }
        return xml + "</ofd:Document>\n"
    }

    /// DocumentRes.xml: the images, PNG files in Res/ (§10, MultiMedia of type Image).
    static func media(_ ids: [Int]) -> String {
        declaration + "<ofd:Res \(namespace) BaseLoc=\"Res\"><ofd:MultiMedias>"
            + ids.map {
                "<ofd:MultiMedia ID=\"\($0)\" Type=\"Image\" Format=\"PNG\"><ofd:MediaFile>image_\($0).png</ofd:MediaFile></ofd:MultiMedia>"
            }.joined()
            + "</ofd:MultiMedias></ofd:Res>\n"
    }

    /// PublicRes.xml: the fonts, each naming the family the form asked for and embedding its face.
    static func resources(_ fonts: OFDFonts) -> String {
        var xml = declaration + "<ofd:Res \(namespace) BaseLoc=\"Res\"><ofd:Fonts>"
        for (index, key) in fonts.keys.enumerated() {
            let name = MarkupEscaping.escape(key.family)
            xml +=
                "<ofd:Font ID=\"\(index + 1)\" FontName=\"\(name)\" FamilyName=\"\(name)\"\(key.face.bold ? " Bold=\"true\"" : "")>"
                + "<ofd:FontFile>\(fonts.fileName(of: key.face))</ofd:FontFile></ofd:Font>"
        }
        return xml + "</ofd:Fonts></ofd:Res>\n"
    }
}

public struct OFDError: MessageError {
    public var message: Message
}

/// 128-bit FNV-1a: a stable digest for the DocID (Swift's Hasher is seeded per process).
struct StableHash {
    private var low: UInt64 = 0xcbf2_9ce4_8422_2325
    private var high: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(_ text: String) { add(Data(text.utf8)) }

    mutating func add(_ data: Data) {
        data.withUnsafeBytes { bytes in
            for byte in bytes {
                low = (low ^ UInt64(byte)) &* 0x100_0000_01b3
                high = (high ^ UInt64(byte) ^ (low >> 7)) &* 0x100_0000_01b3
            }
        }
    }

    var hex: String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for word in [high, low] {
            for shift in stride(from: 60, through: 0, by: -4) {
                text.append(digits[Int((word >> UInt64(shift)) & 0xF)])
            }
        }
        return text
    }
}
