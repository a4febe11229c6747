import Foundation

/// Exact decimal numbers for scores and money. Binary floating point is never used for a figure:
/// 0.1 + 0.2 must print 0.3 on a sheet that a finance bureau signs.
public enum ExactDecimal {
    /// Accepts `7`, `-3`, `+2.25`, `4400.18`; rejects exponents, NaN, infinities, thousands separators,
    /// a sign anywhere but first, and more than 18 significant digits (Decimal's exact range).
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var significand: UInt64 = 0
        var digits = 0, decimals = 0
        var sawPoint = false, negative = false
        for (index, char) in trimmed.unicodeScalars.enumerated() {
            switch char {
            case "+" where index == 0: continue
            case "-" where index == 0: negative = true
            case ".":
                if sawPoint { return nil }
                sawPoint = true
            case "0"..."9":
                digits += 1
                guard digits <= 18 else { return nil }
                significand = significand * 10 + UInt64(char.value - 48)
                if sawPoint { decimals += 1 }
            default: return nil
            }
        }
        guard digits > 0, !trimmed.hasSuffix(".") else { return nil }
        // Made from its digits rather than by `Decimal(string:locale:)`, which asks ICU for the locale's
        // decimal separator (the figures of a cold render took 1.2 ms that way, 0.5 now) and read "1+2" as 1.
        let magnitude = Decimal(sign: .plus, exponent: -decimals, significand: Decimal(significand))
        return negative && significand != 0 ? -magnitude : magnitude
    }

    /// `38`, `7.5`, `-3`, `2.25`: no trailing zeros, no exponent, plain ASCII minus.
    public static func format(_ value: Decimal) -> String {
        var rounded = value
        var source = value
        NSDecimalRound(&rounded, &source, 10, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        return text == "-0" ? "0" : text
    }

    /// Fixed number of decimals, e.g. money in 万元 with two decimals.
    public static func format(_ value: Decimal, decimals: Int) -> String {
        var rounded = value
        var source = value
        NSDecimalRound(&rounded, &source, decimals, .plain)
        var text = format(rounded)
        guard decimals > 0 else { return text }
        if !text.contains(".") { text += "." }
        let have = text.split(separator: ".", omittingEmptySubsequences: false)[1].count
        return text + String(repeating: "0", count: max(0, decimals - have))
    }

    /// A figure for people: `−3` with a true minus sign (U+2212).
    public static func display(_ value: Decimal) -> String {
        let text = format(value)
        return text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
    }
}
