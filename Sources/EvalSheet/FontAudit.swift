import EvalSheetCairo
import Foundation

/// Audits the prepared fonts for glyphs lost in PDF output: many document-sized random subsets per
/// face (the Cairo 1.16 defect hides in large subsets), plus the characters of given texts.
public struct FontAudit {
    public struct Report: Sendable {
        public var rendered: Int
        public var losses: [GlyphAudit.Loss]
    }

    public static let faces: [(family: String, bold: Bool)] = [
        ("Noto Serif CJK SC", false), ("Noto Serif CJK SC", true), ("Noto Sans CJK SC", false),
        ("Noto Sans CJK SC", true)
    ]

    /// The fallback face, audited with characters of Extension B (the plane it is there for).
    public static let fallback = (family: FontSetup.fallbackFamily, bold: false)
    static let fallbackRange: ClosedRange<UInt32> = 0x20000...0x2A6DF

    let audit: GlyphAudit

    public init(fonts: FontSetup, pdftoppm: String = "/usr/bin/pdftoppm") throws {
        audit = try GlyphAudit(fonts: fonts, pdftoppm: pdftoppm)
    }

    /// `subsets` random sets of `size` characters per face from the common Han block, each with 如 (the
    /// glyph seen lost), then the characters of `texts` in sets of `size`.
    public func run(
        subsets: Int, size: Int = 600, seed: UInt64 = 2020, texts: [String] = [],
        workDirectory: URL
    ) throws -> Report {
        var generator = SplitMix64(seed: seed)
        var sets: [[Character]] = []
        for _ in 0..<subsets {
            var chosen: Set<Character> = ["如"]
            while chosen.count < size {
                chosen.insert(Character(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5, using: &generator))!))
            }
            sets.append(chosen.sorted())
        }
        var seen = Set<Character>()
        let fromTexts = texts.joined().filter { !$0.isWhitespace && seen.insert($0).inserted }
        for start in stride(from: 0, to: fromTexts.count, by: size) {
            sets.append(Array(fromTexts.dropFirst(start).prefix(size)))
        }
        var rare: [[Character]] = []
        for index in 0..<subsets {
            var chosen: Set<Character> = index == 0 ? ["𡒄", "𪚥"] : []
            while chosen.count < size {
                chosen.insert(Character(Unicode.Scalar(UInt32.random(in: Self.fallbackRange, using: &generator))!))
            }
            rare.append(chosen.sorted())
        }
        var losses: [GlyphAudit.Loss] = []
        var rendered = 0
        for face in Self.faces + [Self.fallback] {
            for set in face.family == Self.fallback.family ? rare : sets {
                losses += try audit.lostGlyphs(set, family: face.family, bold: face.bold, workDirectory: workDirectory)
                rendered += set.count
            }
        }
        return Report(rendered: rendered, losses: losses)
    }
}

/// A small seeded generator, so an audit's subsets can be reproduced.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
