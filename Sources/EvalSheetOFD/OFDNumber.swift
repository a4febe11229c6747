/// Lengths in an OFD are millimetres; the display list is in points.
enum OFDNumber {
    static let millimetresPerPoint = 25.4 / 72

    /// A length in points as whole thousandths of a millimetre (under 0.003 pt).
    static func thousandths(_ points: Double) -> Int { Int((points * millimetresPerPoint * 1000).rounded()) }

    /// A length in points written in millimetres, to a thousandth, without trailing zeros.
    static func mm(_ points: Double) -> String {
        var out = XMLBytes()
        out.add(mm: points)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
