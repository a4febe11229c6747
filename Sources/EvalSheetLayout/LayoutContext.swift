/// Shapes text for one document and records characters that no font could draw, with their field.
public final class LayoutContext {
    public let shaper: TextShaper
    public private(set) var missingGlyphs: [MissingGlyph] = []

    public init(shaper: TextShaper) { self.shaper = shaper }

    public func shape(_ spec: ParagraphSpec, width: Double, field: String) -> ShapedParagraph {
        let shaped = shaper.shape(spec, width: width)
        for character in shaped.missingCharacters where !missingGlyphs.contains(where: { $0.character == character && $0.field == field }) {
            missingGlyphs.append(MissingGlyph(character: character, field: field))
        }
        return shaped
    }
}

/// Keeps shaped paragraphs for reuse across documents: the form's labels and scoring notes are the
/// same on every sheet and are shaped once. Bounded, so a long batch does not grow without limit.
/// A long text (over `longestCachedText` bytes: narratives, but also a form's longest scoring notes) is
/// kept only when it comes a second time: a narrative almost never does, and keeping every one would
/// fill the cache; six of the reference form's 21 notes are that long and were shaped anew on every sheet.
public final class CachingShaper: TextShaper {
    private struct Key: Hashable {
        var spec: ParagraphSpec
        var width: Double
    }

    private let base: TextShaper
    private var cache: [Key: ShapedParagraph] = [:]
    private let limit: Int
    private let longestCachedText: Int
    /// Hashes of the long texts shaped once (hashes, not texts: a narrative is not kept alive by them).
    private var seenOnce: Set<Int> = []

    public init(_ base: TextShaper, limit: Int = 4000, longestCachedText: Int = 400) {
        self.base = base
        self.limit = limit
        self.longestCachedText = longestCachedText
    }

    public func shape(_ paragraph: ParagraphSpec, width: Double) -> ShapedParagraph {
        let key = Key(spec: paragraph, width: width)
        if let hit = cache[key] { return hit }
        let shaped = base.shape(paragraph, width: width)
        let length = paragraph.spans.reduce(0) { $0 + $1.text.utf8.count }
        if length > longestCachedText {
            // A hash seen before may belong to another text: then one text is kept that need not be.
            guard seenOnce.insert(key.hashValue).inserted == false else {
                if seenOnce.count >= limit * 4 { seenOnce.removeAll(keepingCapacity: true) }
                return shaped
            }
        }
        if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
        cache[key] = shaped
        return shaped
    }
}
