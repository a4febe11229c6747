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
                // Every cell is closed by rules on all four sides (a group cut by the page foot included).
                let f = a.frame
                let edges = [
                    (Point(x: f.x, y: f.maxY), Point(x: f.maxX, y: f.maxY)),
                    (Point(x: f.x, y: f.y), Point(x: f.maxX, y: f.y)),
                    (Point(x: f.x, y: f.y), Point(x: f.x, y: f.maxY)),
                    (Point(x: f.maxX, y: f.y), Point(x: f.maxX, y: f.maxY))
                ]
                for (from, to) in edges where !rules.contains(where: { covers($0, from, to) }) {
                    problems.append("\(p): cell '\(a.text.prefix(8))' has no rule from \(from) to \(to)")
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
