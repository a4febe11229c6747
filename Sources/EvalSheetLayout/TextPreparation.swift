import Foundation

/// Chinese text clean-up before shaping, following W3C clreq.
public enum TextPreparation {
    /// Whether a scalar is set solid in CJK text: Han, kana, full-width forms and CJK punctuation.
    public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF,
             0x2014, 0x2026, 0x201C, 0x201D, 0x2018, 0x2019, 0x00B7, 0x2460...0x24FF:
            return true
        default:
            return false
        }
    }

    /// Removes ASCII spaces between two CJK characters: in Chinese they are typing accidents or
    /// exported line breaks, and a justified line would pour all its slack into them.
    public static func normalizeSpaces(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(" ") else { return text }
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == " " {
                var end = index
                while end < scalars.count, scalars[end] == " " { end += 1 }
                let before = index > 0 ? scalars[index - 1] : nil
                let after = end < scalars.count ? scalars[end] : nil
                if let before, let after, isWide(before) && isWide(after) {
                    index = end
                    continue
                }
                result.append(contentsOf: scalars[index..<end])
                index = end
                continue
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }

    nonisolated(unsafe) private static let numberPattern = try! NSRegularExpression(
        pattern: "[0-9][0-9,.:/]*(?:[0-9]|万元|亿元|元|%|‰|℃|个百分点)?(?:%|‰)?")

    /// UTF-8 byte ranges that must not be broken: a number together with its unit (`44,001,840元`,
    /// `99.81%`). The range starts after the first character so that a break before the number stays possible.
    public static func noBreakRanges(_ text: String) -> [Range<Int>] {
        let nsRange = NSRange(text.startIndex..., in: text)
        var ranges: [Range<Int>] = []
        for match in numberPattern.matches(in: text, range: nsRange) where match.range.length > 1 {
            guard let range = Range(match.range, in: text) else { continue }
            let start = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
            let end = text.utf8.distance(from: text.utf8.startIndex, to: range.upperBound)
            ranges.append((start + 1)..<end)
        }
        return ranges
    }
}
