@testable import EvalSheetImport
import EvalSheetPackaging
import Foundation
import XCTest

/// A workbook's parts are unpacked by their directory's sizes: read back as written, and a damaged part (a
/// stream cut short inside its bytes, a changed byte) is an error at once, never a loop (ZIPFoundation's reader
/// spun for ever on such a stream at the end of the file: Fixtures/fuzz-crashes/timeout-77833be5…).
final class ZipEntriesTests: XCTestCase {
    let text = String(
        repeating: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>中山市</t></is></c></row>\n", count: 2000)

    func package() throws -> [UInt8] {
        [UInt8](try ZipPackage.data([PackagePart("xl/a.xml", xml: text), PackagePart("b.txt", xml: "b")]))
    }

    func testPartsReadBackAsWritten() throws {
        let zip = try XCTUnwrap(ZipEntries(Data(try package())))
        XCTAssertEqual(try zip.data("xl/a.xml", limit: 1 << 20), Data(text.utf8))
        XCTAssertEqual(try zip.data("b.txt", limit: 1 << 20), Data("b".utf8))
        XCTAssertNil(try zip.data("missing", limit: 1 << 20))
        XCTAssertLessThan(try XCTUnwrap(zip.entries["xl/a.xml"]).compressedSize, text.utf8.count / 10, "deflated")
        XCTAssertThrowsError(try zip.data("xl/a.xml", limit: 1000), "larger than the limit")
        XCTAssertNil(ZipEntries(Data("not a zip".utf8)))
        XCTAssertNil(ZipEntries(Data()))
    }

    func testADamagedPartIsAnError() throws {
        let bytes = try package()
        let zip = try XCTUnwrap(ZipEntries(Data(bytes)))
        let entry = try XCTUnwrap(zip.entries["xl/a.xml"])
        let start =
            entry.localHeader + 30 + Int(zip.word16(entry.localHeader + 26))
            + Int(zip.word16(entry.localHeader + 28))
        // The stream cut short: the directory says the part's bytes are half of them.
        var cut = bytes
        let half = UInt32(entry.compressedSize / 2)
        let directory = try XCTUnwrap(Self.centralEntry(of: "xl/a.xml", in: cut))
        for (index, shift) in [0, 8, 16, 24].enumerated() {
            cut[directory + 20 + index] = UInt8((half >> UInt32(shift)) & 0xFF)
        }
        let short = try XCTUnwrap(ZipEntries(Data(cut)))
        XCTAssertThrowsError(try short.data("xl/a.xml", limit: 1 << 20))
        // A byte of the stream changed: the stream breaks or the checksum disagrees.
        var changed = bytes
        changed[start + entry.compressedSize / 2] ^= 0x5A
        XCTAssertThrowsError(try XCTUnwrap(ZipEntries(Data(changed))).data("xl/a.xml", limit: 1 << 20))
    }

    /// Where a part's record in the central directory starts.
    static func centralEntry(of name: String, in bytes: [UInt8]) -> Int? {
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        for at in 0..<(bytes.count - 46) where Array(bytes[at..<(at + 4)]) == signature {
            let length = Int(bytes[at + 28]) | Int(bytes[at + 29]) << 8
            if String(decoding: bytes[(at + 46)..<(at + 46 + length)], as: UTF8.self) == name { return at }
        }
        return nil
    }
}
