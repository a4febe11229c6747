/// Joins a page's rules into as few segments as draw the same lines: a table draws each cell's borders,
/// so shared borders come twice and a row's top is a chain of touching pieces. Painting the merged set,
/// one stroke per width, is the same ink with far fewer PDF operations (each one costs Cairo's
/// paginated surface a recording, an analysis and an emission).
public enum RuleMerging {
    /// Touching or overlapping pieces of one horizontal or vertical line become one; others stay as they are.
    /// The result is sorted by width, then position, so identical pages give identical output.
    public static func merged(_ rules: [Rule], tolerance: Double = 0.01) -> [Rule] {
        struct Line: Hashable {
            var width: Double
            var horizontal: Bool
            var position: Double
        }
        var lines: [Line: [(Double, Double)]] = [:]
        var others: [Rule] = []
        for rule in rules {
            if abs(rule.from.y - rule.to.y) <= tolerance / 10 {
                let line = Line(width: rule.width, horizontal: true, position: rule.from.y)
                lines[line, default: []].append((min(rule.from.x, rule.to.x), max(rule.from.x, rule.to.x)))
            } else if abs(rule.from.x - rule.to.x) <= tolerance / 10 {
                let line = Line(width: rule.width, horizontal: false, position: rule.from.x)
                lines[line, default: []].append((min(rule.from.y, rule.to.y), max(rule.from.y, rule.to.y)))
            } else {
                others.append(rule)
            }
        }
        var result: [Rule] = []
        for (line, pieces) in lines {
            var spans: [(Double, Double)] = []
            for piece in pieces.sorted(by: { $0.0 < $1.0 }) {
                if let last = spans.last, piece.0 <= last.1 + tolerance {
                    spans[spans.count - 1].1 = max(last.1, piece.1)
                } else {
                    spans.append(piece)
                }
            }
            for (start, end) in spans {
                result.append(
                    line.horizontal
                        ? Rule(
                            from: Point(x: start, y: line.position), to: Point(x: end, y: line.position),
                            width: line.width)
                        : Rule(
                            from: Point(x: line.position, y: start), to: Point(x: line.position, y: end),
                            width: line.width))
            }
        }
        result.sort { a, b in
            (a.width, a.from.y, a.from.x, a.to.y, a.to.x) < (b.width, b.from.y, b.from.x, b.to.y, b.to.x)
        }
        return result + others
    }
}
