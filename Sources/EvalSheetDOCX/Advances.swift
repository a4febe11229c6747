import EvalSheetModel

/// Characters' advances in ems, without a shaper: what the DOCX estimates Word's lines from (`RowHeights`,
/// `LastLineKeeping`).
enum Advances {
    /// A scalar's advance in ems: Noto Serif CJK SC's, the font the forms' 宋体 resolves to (Noto Sans CJK's
    /// differ by 0.03 em at most): Chinese, full-width marks and the signs it draws full-width an em; ASCII
    /// brackets and stops 0.33–0.36, capitals 0.71 on average, `%` 0.92, other letters and digits 0.55.
    static func ems(_ scalar: Unicode.Scalar) -> Double {
        if Language.isWide(scalar) { return 1 }
        switch scalar {
        case "≥", "≤", "×", "÷", "±": return 1
        case " ": return 0.25
        case "(", ")", "[", "]", ".", ",", ";", ":", "-", "/", "'", "!", "·": return 0.35
        case "%": return 0.92
        case "A"..."Z": return 0.7
        default: return 0.55
        }
    }

    /// A text's advance in ems.
    static func ems(_ text: Substring) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ems($1) }
    }
}
