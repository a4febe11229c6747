import CHarfBuzzSubset
import EvalSheetLayout
import Foundation

/// A font cut down to the glyphs a document uses, by HarfBuzz's subsetter (hb-subset), with the map
/// from the original glyph ids (those in the display list) to the subset's.
struct FontSubset {
    var data: Data
    var glyphIDs: [UInt32: UInt32]
}

/// The font files as HarfBuzz faces, opened once per thread and reused by every OFD it writes, each with a
/// working copy cut to the characters sheets are written in.
///
/// Why the working copy: planning a subset walks the whole cmap of the source face, about 4.3 ms for a
/// prepared Noto CJK face (44,000 characters) and so 13 ms of a three-face sheet, where planning from a
/// face of GB 2312, Latin and the punctuation and symbol blocks takes 0.8 ms (measured with a C harness
/// over the reference sheet's text). `hb_subset_preprocess` would get there too, but costs 130 ms and
/// 83 MB per face. A sheet with a character outside the working copy is cut from the whole face: slower,
/// the same glyphs; which route a sheet takes depends only on its own characters, so identical input
/// still gives identical bytes.
public final class OFDFontFiles {
    struct Working {
        var face: OpaquePointer
        /// Glyph ids of the whole face → the working copy's.
        var glyphs: [UInt32: UInt32]
    }

    private var faces: [FontFace: OpaquePointer] = [:]
    private var working: [FontFace: Working] = [:]

    public init() {}

    deinit {
        faces.values.forEach { hb_face_destroy($0) }
        working.values.forEach { hb_face_destroy($0.face) }
    }

    func face(_ face: FontFace) throws -> OpaquePointer {
        if let open = faces[face] { return open }
        guard let blob = hb_blob_create_from_file_or_fail(face.file) else {
            throw FontSubsetter.Failure(description: "cannot read the font \(face.file)")
        }
        defer { hb_blob_destroy(blob) }
        guard let made = hb_face_create(blob, UInt32(face.index)), hb_face_get_glyph_count(made) > 0 else {
            throw FontSubsetter.Failure(description: "\(face.file) is not a font HarfBuzz can read")
        }
        faces[face] = made
        return made
    }

    /// Characters of the working copies: GB 2312 (its 6,763 hanzi and symbols), Latin, and the blocks of
    /// punctuation, symbols, enclosed numbers, CJK punctuation and full-width forms.
    static let workingCharacters: [UInt32] = {
        var characters = Set<UInt32>()
        for range in [
            0x20...0x24F, 0x2000...0x206F, 0x2100...0x22FF, 0x2460...0x24FF, 0x2500...0x25FF, 0x3000...0x303F,
            0xFF00...0xFFEF
        ] {
            for value in range { characters.insert(UInt32(value)) }
        }
        for high in UInt8(0xA1)...0xF7 {
            for low in UInt8(0xA1)...0xFE {
                // GB 2312's rows and cells, decoded as GB 18030 (its superset; Foundation's encoding 0x80000632).
                if let text = String(bytes: [high, low], encoding: .init(rawValue: 0x8000_0632)),
                    let scalar = text.unicodeScalars.first, text.unicodeScalars.count == 1
                {
                    characters.insert(scalar.value)
                }
            }
        }
        return characters.sorted()
    }()

    func working(_ face: FontFace) throws -> Working {
        if let made = working[face] { return made }
        let source = try self.face(face)
        guard let input = hb_subset_input_create_or_fail() else {
            throw FontSubsetter.Failure(description: "HarfBuzz: out of memory")
        }
        defer { hb_subset_input_destroy(input) }
        let unicodes = hb_subset_input_unicode_set(input)
        for character in Self.workingCharacters { hb_set_add(unicodes, character) }
        // Every layout feature kept, so that the forms shaping picks (locl, liga: —— as one dash, fi) stay.
        hb_set_invert(hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG))
        let (data, glyphs) = try FontSubsetter.run(source, input, keeping: nil, name: face.file)
        guard
            let blob = data.withUnsafeBytes({ bytes -> OpaquePointer? in
                hb_blob_create(
                    bytes.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(bytes.count),
                    HB_MEMORY_MODE_DUPLICATE, nil, nil)
            })
        else { throw FontSubsetter.Failure(description: "HarfBuzz: out of memory") }
        defer { hb_blob_destroy(blob) }
        let made = Working(face: hb_face_create(blob, 0), glyphs: glyphs)
        working[face] = made
        return made
    }
}

enum FontSubsetter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let droppedTables = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG"]

    /// Keeps `glyphs` (and .notdef) and a cmap for `characters`, so that a reader that maps text through
    /// the font's cmap instead of the text object's glyph ids finds the same glyphs. Layout tables are
    /// dropped: every glyph is already chosen and placed.
    static func subset(_ face: FontFace, from files: OFDFontFiles, glyphs: Set<UInt32>, characters: Set<UInt32>) throws
        -> FontSubset
    {
        let working = try files.working(face)
        let viaWorking = glyphs.allSatisfy { working.glyphs[$0] != nil }
        let source = viaWorking ? working.face : try files.face(face)
        let requested = viaWorking ? Set(glyphs.map { working.glyphs[$0]! }) : glyphs
        guard let input = hb_subset_input_create_or_fail() else {
            throw Failure(description: "HarfBuzz: out of memory")
        }
        defer { hb_subset_input_destroy(input) }
        let unicodeSet = hb_subset_input_unicode_set(input)
        for character in characters.sorted() { hb_set_add(unicodeSet, character) }
        let dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in droppedTables { hb_set_add(dropped, tag.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) }
        let (data, mapping) = try run(source, input, keeping: requested, name: face.file)
        var glyphIDs: [UInt32: UInt32] = [:]
        for glyph in glyphs {
            glyphIDs[glyph] = mapping[viaWorking ? working.glyphs[glyph]! : glyph] ?? 0
        }
        return FontSubset(data: data, glyphIDs: glyphIDs)
    }

    /// Plans and cuts one subset; returns its bytes and the map of every source glyph id kept.
    static func run(_ source: OpaquePointer, _ input: OpaquePointer, keeping glyphs: Set<UInt32>?, name: String)
        throws -> (Data, [UInt32: UInt32])
    {
        let glyphSet = hb_subset_input_glyph_set(input)
        hb_set_add(glyphSet, 0)
        for glyph in (glyphs ?? []).sorted() { hb_set_add(glyphSet, glyph) }
        guard let plan = hb_subset_plan_create_or_fail(source, input) else {
            throw Failure(description: "HarfBuzz cannot subset \(name)")
        }
        defer { hb_subset_plan_destroy(plan) }
        guard let subset = hb_subset_plan_execute_or_fail(plan) else {
            throw Failure(description: "HarfBuzz cannot subset \(name)")
        }
        defer { hb_face_destroy(subset) }
        // Every glyph of the subset, by its id in the source (HarfBuzz 6.0 has no map iterator).
        var mapping: [UInt32: UInt32] = [:]
        let newToOld = hb_subset_plan_new_to_old_glyph_mapping(plan)
        for new in 0..<hb_face_get_glyph_count(subset) {
            let old = hb_map_get(newToOld, new)
            if old != UInt32.max { mapping[old] = new }
        }
        let result = hb_face_reference_blob(subset)
        defer { hb_blob_destroy(result) }
        var length: UInt32 = 0
        guard let bytes = hb_blob_get_data(result, &length), length > 0 else {
            throw Failure(description: "HarfBuzz made an empty subset of \(name)")
        }
        return (Data(bytes: bytes, count: Int(length)), mapping)
    }
}
