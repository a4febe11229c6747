/// The header rows on a grid of their own (`style.yaml: headerColumns`) over the table they open: one
/// table whose columns are cut at every edge of both grids, so that the header's cells and the table's
/// keep their own widths and the rules still meet (as Word's table grid does when rows differ).
/// A header edge within `snap` of a table edge is moved onto it: two edges a hair apart would make a
/// column too narrow to hold anything, and the eye reads them as one rule anyway.
public struct GridUnion: Equatable {
    /// The widths of the cut grid, left to right.
    public var widths: [Double]
    /// For each edge of the table's grid (0...count), its edge in the cut grid.
    public var tableEdges: [Int]
    /// For each edge of the header's grid, its edge in the cut grid.
    public var headerEdges: [Int]

    /// `snap`: 1 mm (a rule is 0.2–0.4 mm wide).
    public init(table: [Double], header: [Double], snap: Double = PageStyle.millimetre) {
        func edges(_ widths: [Double]) -> [Double] { widths.reduce(into: [0]) { $0.append($0.last! + $1) } }
        let tableAt = edges(table)
        let headerAt = edges(header).map { edge in
            tableAt.min { abs($0 - edge) < abs($1 - edge) }.flatMap { abs($0 - edge) <= snap ? $0 : nil } ?? edge
        }
        var cuts: [Double] = []
        for edge in (tableAt + headerAt).sorted() where cuts.last.map({ edge - $0 > 0.01 }) ?? true {
            cuts.append(edge)
        }
        func index(_ edge: Double) -> Int { cuts.firstIndex { abs($0 - edge) <= 0.01 }! }
        widths = zip(cuts, cuts.dropFirst()).map { $1 - $0 }
        tableEdges = tableAt.map(index)
        headerEdges = headerAt.map(index)
    }

    /// A cell's columns moved from a grid's to the cut grid's, by that grid's edges.
    public static func moved(column: Int, span: Int, edges: [Int]) -> (column: Int, span: Int) {
        let start = edges[min(column, edges.count - 1)]
        return (start, max(1, edges[min(column + span, edges.count - 1)] - start))
    }
}
