import Yams

/// Where each value of an evaluation was read: every mapping key by its dotted path (`header.project`,
/// `narrative.problems`), and every text under each top-level key with where its first character stands, as
/// libyaml marked them while parsing. A problem found after loading (a character no font draws, a paragraph
/// taller than a page) points at its value's line and column from here, without the file's text.
public struct SourceMap: Sendable {
    /// A text value, where it starts (its quote, if quoted) and whether it was written plain or in quotes (not
    /// as a block).
    struct Text: Sendable {
        var text: String
        var start: SourcePosition
        var plain: Bool
        var quoted: Bool
    }

    private var keys: [String: SourcePosition] = [:]
    private var texts: [String: [Text]] = [:]

    public init() {}

    /// One walk of the parsed document: the keys of the first two levels (deeper ones are placed at theirs), and
    /// each top-level field's texts, none of them looked into (a problem is rare): scanning every value for line
    /// breaks and escapes at each load cost 0.5 % of a batch's instructions; the walk alone costs 0.24 %
    /// (callgrind, 20 sheets, 3.4161 → 3.4244 G), where keeping the file's text cost about 0.1 %.
    init(_ root: YAMLValue) {
        guard case let .mapping(pairs) = root.node else { return }
        // Aliases are expanded in the tree: a file of nested aliases (a "billion laughs") would be walked for ever.
        // 200,000 values stop the walk (the largest sample has fewer than 100 lines); what is past them is placed
        // at its field's key.
        var budget = 200_000
        for pair in pairs {
            guard let key = pair.key.string else { continue }
            if let mark = pair.key.mark { keys[key] = SourcePosition(line: mark.line, column: mark.column) }
            if case let .mapping(inner) = pair.value {
                for innerPair in inner {
                    guard let innerKey = innerPair.key.string, let mark = innerPair.key.mark else { continue }
                    keys[key + "." + innerKey] = SourcePosition(line: mark.line, column: mark.column)
                }
            }
            var found: [Text] = []
            Self.gather(pair.value, into: &found, budget: &budget)
            if !found.isEmpty { texts[key] = found }
        }
    }

    private static func gather(_ node: Node, into found: inout [Text], budget: inout Int) {
        budget -= 1
        guard budget > 0 else { return }
        switch node {
        case let .mapping(pairs):
            for pair in pairs { gather(pair.value, into: &found, budget: &budget) }
        case let .sequence(items):
            for item in items { gather(item, into: &found, budget: &budget) }
        case let .scalar(scalar):
            guard let mark = scalar.mark, !scalar.string.isEmpty else { return }
            found.append(
                Text(
                    text: scalar.string, start: SourcePosition(line: mark.line, column: mark.column),
                    plain: scalar.style == .plain,
                    quoted: scalar.style == .singleQuoted || scalar.style == .doubleQuoted))
        case .alias:
            return
        }
    }

    /// Where a field's key stands (`header.project`: the `project:` inside `header:`); the nearest enclosing key
    /// found when the path goes deeper than the keys written (an item of a list).
    public func position(ofKey path: String) -> SourcePosition? {
        var path = Substring(path)
        while !path.isEmpty {
            if let found = keys[String(path)] { return found }
            guard let dot = path.lastIndex(of: ".") else { return nil }
            path = path[..<dot]
        }
        return nil
    }

    /// Where `character` first occurs in a text under the top-level key `field`: its own column in a one-line
    /// value, else the start of the value that holds it; nil when no text there holds it.
    public func position(of character: Character, inField field: String) -> SourcePosition? {
        for text in texts[field] ?? [] {
            guard let index = text.text.firstIndex(of: character) else { continue }
            // Each character one column after the one before only in a one-line value written as read: an escape
            // (a backslash, a doubled quote) in a quoted one, or a line break, would shift the columns after it.
            let bytes = text.text.utf8
            let escapes = text.quoted && bytes.contains { $0 == 0x22 || $0 == 0x27 || $0 == 0x5C }
            let scalars = text.text.unicodeScalars
            guard (text.plain || text.quoted) && !escapes && !bytes.contains(0x0A),
                let at = index.samePosition(in: scalars)
            else { return text.start }
            let column = text.start.column + (text.quoted ? 1 : 0) + scalars.distance(from: scalars.startIndex, to: at)
            return SourcePosition(line: text.start.line, column: column)
        }
        return nil
    }
}
