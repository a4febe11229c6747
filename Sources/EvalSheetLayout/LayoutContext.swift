/// Shapes text for one document and records characters that no font could draw, with their field.
public final class LayoutContext {
    public let shaper: TextShaper
    public private(set) var missingGlyphs: [MissingGlyph] = []

    public init(shaper: TextShaper) { self.shaper = shaper }

    public func shape(_ spec: ParagraphSpec, width: Double, field: String) -> ShapedParagraph {
        let shaped = shaper.shape(spec, width: width)
        record(shaped.missingCharacters.map { MissingGlyph(character: $0, field: field) })
        return shaped
    }

    /// Records characters without a glyph, each once per field (another context's, too: a `LayoutHelper`'s).
    public func record(_ missing: [MissingGlyph]) {
        for glyph in missing where !missingGlyphs.contains(glyph) { missingGlyphs.append(glyph) }
    }
}

/// Keeps shaped paragraphs for reuse across documents: the form's labels and scoring notes are the
/// same on every sheet and are shaped once. A paragraph is kept only when a later document asks for it
/// again (`beginDocument` marks where one starts): a narrative's paragraphs, shaped twice within one
/// sheet where a page breaks them but never again, once filled the cache (a batch of 1,000 varied sheets
/// grew from 59 to 124 MB, measured). Bounded by an estimate of the bytes it holds (a 300-character
/// paragraph is about 25 KB of glyphs, clusters and strings), so that a batch's memory stays flat.
public final class CachingShaper: TextShaper {
    private struct Key: Hashable {
        var spec: ParagraphSpec
        var width: Double
    }

    private let base: TextShaper
    private var cache: [Key: ShapedParagraph] = [:]
    private let limit: Int
    private let byteLimit: Int
    private var bytes = 0
    /// The document in which each paragraph not kept was first shaped, by hash (hashes, not texts: a
    /// narrative is not kept alive by them).
    private var firstSeen: [Int: Int] = [:]
    private var document = 0

    public init(_ base: TextShaper, limit: Int = 4000, byteLimit: Int = 4 << 20) {
        self.base = base
        self.limit = limit
        self.byteLimit = byteLimit
    }

    /// What a shaped paragraph holds, roughly: per glyph its id and position, per cluster a short string,
    /// per line its text.
    static func estimatedBytes(_ shaped: ShapedParagraph) -> Int {
        shaped.lines.reduce(256) { total, line in
            total + 128 + line.text.utf8.count
                + line.runs.reduce(0) { $0 + 96 + $1.glyphs.count * 40 + $1.clusters.count * 40 }
        }
    }

    /// Paragraphs shaped from here on belong to a new document.
    public func beginDocument() { document += 1 }

    public func shape(_ paragraph: ParagraphSpec, width: Double) -> ShapedParagraph {
        let key = Key(spec: paragraph, width: width)
        if let hit = cache[key] { return hit }
        let shaped = base.shape(paragraph, width: width)
        // A hash seen before may belong to another paragraph: then one is kept that need not be.
        let hash = key.hashValue
        if let first = firstSeen[hash], first < document {
            let size = Self.estimatedBytes(shaped)
            if cache.count >= limit || bytes + size > byteLimit {
                cache.removeAll(keepingCapacity: true)
                bytes = 0
            }
            cache[key] = shaped
            bytes += size
            firstSeen[hash] = nil
        } else if firstSeen[hash] == nil {
            if firstSeen.count >= limit * 4 { firstSeen.removeAll(keepingCapacity: true) }
            firstSeen[hash] = document
        }
        return shaped
    }
}
