import EvalSheet
import Foundation

/// Properties every laid-out sheet must have, whatever its data. Returns the violations found.
enum LayoutInvariants {
    /// clreq: no line starts with these…
    static let forbiddenAtStart: Set<Character> = Set("，。、；：？！）》」』】〕〗〉”’％‰℃·,.;:?!)]}")
    /// …and none ends with these.
    static let forbiddenAtEnd: Set<Character> = Set("（《「『【〔〖〈“‘￥$([{")

    static func check(_ document: LaidOutDocument) -> [String] {
        var problems: [String] = []
        let headed = Set(
            document.pages.flatMap(\.items).compactMap { item -> String? in
                if case let .cell(cell) = item, cell.isHead { return cell.table } else { return nil }
            })
        for (pageIndex, page) in document.pages.enumerated() {
            let p = "page \(pageIndex + 1)"
            let pageRect = Rect(x: 0, y: 0, width: page.width, height: page.height)
            var cells: [CellBox] = []
            var rules = Set<Rule>()
            var images: [ImageBox] = []
            for item in page.items {
                switch item {
                case let .text(box):
                    if !box.container.contains(box.frame, tolerance: 0.05) {
                        problems.append("\(p): line '\(box.text)' \(box.frame) outside its box \(box.container)")
                    }
                    if !pageRect.contains(box.frame) { problems.append("\(p): line '\(box.text)' outside the page") }
                    let text = box.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    if let first = text.first, forbiddenAtStart.contains(first), !box.startsParagraph {
                        problems.append("\(p): line starts with '\(first)': \(text)")
                    }
                    if let last = text.last, forbiddenAtEnd.contains(last) {
                        problems.append("\(p): line ends with '\(last)': \(text)")
                    }
                    if box.startsParagraph && box.indent > 0 {
                        if abs(box.indent - 2 * box.font.size) > 0.001 {
                            problems.append("\(p): indent \(box.indent) is not 2 em of \(box.font.size)")
                        }
                        if abs(box.frame.x - box.container.x - box.indent) > 0.05 {
                            problems.append(
                                "\(p): first line '\(box.text.prefix(8))' indented \(box.frame.x - box.container.x), not \(box.indent)"
                            )
                        }
                    }
                case let .cell(cell):
                    cells.append(cell)
                    if !page.body.contains(cell.frame) {
                        problems.append("\(p): cell '\(cell.text.prefix(10))' outside the margins")
                    }
                case let .rule(rule):
                    rules.insert(rule)
                case .bookmark:
                    break
                case let .image(box):
                    images.append(box)
                    if !box.container.contains(box.frame, tolerance: 0.05) {
                        problems.append("\(p): image of \(box.field) \(box.frame) outside its box \(box.container)")
                    }
                }
            }
            // An image covers text of its own cell only (a seal over 单位盖章), never another cell's.
            for image in images {
                for case let .text(line) in page.items
                where line.container != image.container && line.frame.overlaps(image.frame) {
                    problems.append("\(p): image of \(image.field) covers '\(line.text)' of another cell")
                }
            }
            for (index, a) in cells.enumerated() {
                for b in cells[(index + 1)...] where a.frame.overlaps(b.frame) {
                    problems.append("\(p): cells '\(a.text.prefix(8))' and '\(b.text.prefix(8))' overlap")
                }
                // Every cell is closed by rules on the sides it rules, all four unless its form opens some (a
                // group cut by the page foot included); an open side is drawn only by a neighbour that rules it.
                for (side, (from, to)) in edges(a.frame) {
                    let drawn = rules.contains { covers($0, from, to) }
                    if a.rules.contains(side), !drawn {
                        problems.append("\(p): cell '\(a.text.prefix(8))' has no rule from \(from) to \(to)")
                    } else if !a.rules.contains(side), drawn, !neighbourRules(side, of: a, among: cells) {
                        problems.append(
                            "\(p): cell '\(a.text.prefix(8))' is ruled from \(from) to \(to), a side it opens")
                    }
                }
            }
            // A table page opens with its head row (tables that have one).
            for table in Set(cells.map(\.table)) where headed.contains(table) {
                let tableCells = cells.filter { $0.table == table }
                let top = tableCells.map(\.frame.y).min()!
                if !tableCells.filter({ abs($0.frame.y - top) < 0.01 }).allSatisfy(\.isHead) {
                    problems.append("\(p): table \(table) does not open with its head row")
                }
            }
        }
        return problems
    }

    /// A cell's four sides, each from one corner to the next.
    static func edges(_ f: Rect) -> [(CellRules, (Point, Point))] {
        [
            (.bottom, (Point(x: f.x, y: f.maxY), Point(x: f.maxX, y: f.maxY))),
            (.top, (Point(x: f.x, y: f.y), Point(x: f.maxX, y: f.y))),
            (.left, (Point(x: f.x, y: f.y), Point(x: f.x, y: f.maxY))),
            (.right, (Point(x: f.maxX, y: f.y), Point(x: f.maxX, y: f.maxY)))
        ]
    }

    /// Whether a cell across `side` of `cell` rules the side they share (a shared side is drawn where either
    /// cell rules it).
    static func neighbourRules(_ side: CellRules, of cell: CellBox, among cells: [CellBox]) -> Bool {
        let f = cell.frame
        return cells.contains { other in
            let o = other.frame
            func overlapsAcross(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Bool {
                min(b, d) - max(a, c) > 0.05
            }
            switch side {
            case .top:
                return abs(o.maxY - f.y) < 0.02 && other.rules.contains(.bottom)
                    && overlapsAcross(f.x, f.maxX, o.x, o.maxX)
            case .bottom:
                return abs(o.y - f.maxY) < 0.02 && other.rules.contains(.top)
                    && overlapsAcross(f.x, f.maxX, o.x, o.maxX)
            case .left:
                return abs(o.maxX - f.x) < 0.02 && other.rules.contains(.right)
                    && overlapsAcross(f.y, f.maxY, o.y, o.maxY)
            default:
                return abs(o.x - f.maxX) < 0.02 && other.rules.contains(.left)
                    && overlapsAcross(f.y, f.maxY, o.y, o.maxY)
            }
        }
    }

    static func close(_ a: Point, _ b: Point) -> Bool { abs(a.x - b.x) < 0.02 && abs(a.y - b.y) < 0.02 }

    /// Whether a painted (merged) rule draws the whole segment from `from` to `to`.
    static func covers(_ rule: Rule, _ from: Point, _ to: Point) -> Bool {
        func within(_ point: Point) -> Bool {
            let (a, b) = (rule.from, rule.to)
            let cross = (b.x - a.x) * (point.y - a.y) - (b.y - a.y) * (point.x - a.x)
            let length = max(0.001, ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot())
            return abs(cross) / length < 0.02
                && point.x >= min(a.x, b.x) - 0.02 && point.x <= max(a.x, b.x) + 0.02
                && point.y >= min(a.y, b.y) - 0.02 && point.y <= max(a.y, b.y) + 0.02
        }
        return within(from) && within(to)
    }

    static func cells(_ document: LaidOutDocument) -> [(page: Int, cell: CellBox)] {
        document.pages.enumerated().flatMap { index, page in
            page.items.compactMap { if case let .cell(cell) = $0 { return (index + 1, cell) } else { return nil } }
        }
    }

    static func lines(_ document: LaidOutDocument) -> [TextBox] {
        document.pages.flatMap { page in
            page.items.compactMap { if case let .text(box) = $0 { return box } else { return nil } }
        }
    }
}
