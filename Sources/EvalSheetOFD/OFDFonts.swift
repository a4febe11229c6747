import EvalSheetLayout
import Foundation

/// The fonts of an OFD: one `ofd:Font` per face and requested family (宋体 and 仿宋 may both be drawn
/// with the same file), one embedded subset per face file, and the glyph ids of the display list mapped
/// to the subsets'.
struct OFDFonts {
    struct Key: Hashable {
        var face: FontFace
        /// The family the form asked for (宋体, 黑体): the font's name in the OFD, so that a reader that
        /// does not use embedded fonts substitutes the official face the form prescribes.
        var family: String
    }

    private(set) var keys: [Key] = []
    private var ids: [Key: Int] = [:]
    private var faces: [FontFace] = []
    private var glyphs: [FontFace: Set<UInt32>] = [:]
    private var characters: [FontFace: Set<UInt32>] = [:]
    private(set) var subsets: [FontFace: FontSubset] = [:]

    /// Registers what a run uses; returns the font's resource ID (assigned from 1 in order of first use).
    mutating func use(_ run: GlyphRun, family: String) -> Int {
        let key = Key(face: run.face, family: family)
        if ids[key] == nil {
            keys.append(key)
            ids[key] = keys.count
        }
        if glyphs[run.face] == nil { faces.append(run.face) }
        glyphs[run.face, default: []].formUnion(run.glyphs.lazy.map(\.id))
        for cluster in run.clusters {
            for scalar in cluster.text.unicodeScalars { characters[run.face, default: []].insert(scalar.value) }
        }
        return ids[key]!
    }

    /// The file name of a face's subset in the package's resource folder.
    func fileName(of face: FontFace) -> String { "font_\((faces.firstIndex(of: face) ?? 0) + 1).ttf" }

    mutating func makeSubsets(from files: OFDFontFiles) throws {
        for face in faces {
            subsets[face] = try FontSubsetter.subset(
                face, from: files, glyphs: glyphs[face] ?? [], characters: characters[face] ?? [])
        }
    }

    func subsetGlyph(_ glyph: UInt32, of face: FontFace) -> UInt32 { subsets[face]?.glyphIDs[glyph] ?? 0 }

    var faceFiles: [(name: String, face: FontFace)] { faces.map { (fileName(of: $0), $0) } }
}
