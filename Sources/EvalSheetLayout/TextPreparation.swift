import Foundation
import EvalSheetModel

/// Chinese text clean-up before shaping, following W3C clreq.
public enum TextPreparation {
    /// Whether a scalar is set solid in CJK text (`Language.isWide`).
    public static func isWide(_ scalar: Unicode.Scalar) -> Bool { Language.isWide(scalar) }

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

    /// U+200B, the break opportunity the shaper inserts where Pango would not break (`quoteBreaks`); it is
    /// never painted nor extracted.
    public static let zeroWidthSpace: Unicode.Scalar = "\u{200B}"

    /// Full-width marks whose ink sits in one half of the em (GB style, as Noto CJK SC draws them): opening
    /// brackets and quotes on the right half, closing ones and the pause and stop marks on the left.
    public static let openingMarks = MarkSet("（《「『【〔〖〈“‘")
    public static let closingMarks = MarkSet("）》」』】〕〗〉”’，。、；：")
    /// Marks that follow a character and do not keep it company on a line: the closing marks, ？！, and their
    /// Latin counterparts (a last line `诉；` holds one character).
    public static let trailingMarks = MarkSet("）》」』】〕〗〉”’，。、；：？！%‰.,;:?!)]}")

    /// 标点挤压 (clreq 3.1.6, JLREQ 3.1.4): UTF-8 byte ranges of the marks to set at half width because the
    /// next one supplies the blank. A closing or stopping mark before another mark gives up its blank
    /// right half (`）》`, `”。`, `》（`); an opening mark after another opening one gives up its blank left
    /// half (`（《`). The shaper sets them with the font's `halt` feature, before lines are broken, so the
    /// room saved counts when the line is filled.
    public static func compressedPunctuation(_ text: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var previous: (scalar: Unicode.Scalar, range: Range<Int>)?
        var offset = 0
        for scalar in text.unicodeScalars {
            let range = offset..<(offset + UTF8.width(scalar))
            offset = range.upperBound
            // A zero-width space (a break the shaper added beside a quote) does not part two marks.
            if scalar == zeroWidthSpace { continue }
            if let before = previous, openingMarks.contains(scalar) || closingMarks.contains(scalar) {
                if closingMarks.contains(before.scalar) {
                    ranges.append(before.range)
                } else if openingMarks.contains(before.scalar) && openingMarks.contains(scalar) {
                    ranges.append(range)
                }
            }
            previous = (scalar, range)
        }
        return ranges
    }

    /// Byte offsets where Unicode's line breaking allows a break beside a quotation mark between East Asian
    /// characters (UAX #14 since Unicode 15.1, rule LB19a): before an opening “ ‘ that follows a Han character
    /// or a closing or stopping mark, and after a closing ” ’ that comes before a Han character or an opening
    /// mark. Pango 1.50 still forbids a break on either side of every quotation mark (the older rule LB19), so
    /// `称为“数字政府”的平台` could break nowhere from 为 to 的; the shaper adds these breaks itself.
    public static func quoteBreaks(_ text: String) -> [Int] {
        let opening = Set("“‘".unicodeScalars), closing = Set("”’".unicodeScalars)
        let isHan = WordSegmentation.isHan
        // Most paragraphs have no quotation mark: nothing to look at. (“ ” ‘ ’ are E2 80 98–9D in UTF-8; looking
        // for them scalar by scalar in a set cost 0.6 % of a batch.)
        var hasQuote = false
        var utf8 = text
        utf8.withUTF8 { bytes in
            var index = 0
            while index + 2 < bytes.count {
                if bytes[index] == 0xE2 && bytes[index + 1] == 0x80 && (0x98...0x9D).contains(bytes[index + 2]) {
                    hasQuote = true
                    return
                }
                index += 1
            }
        }
        guard hasQuote else { return [] }
        var offsets: [Int] = []
        var offset = 0
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if opening.contains(scalar), index > 0,
                isHan(scalars[index - 1]) || trailingMarks.contains(scalars[index - 1]) && isWide(scalars[index - 1])
            {
                if offsets.last != offset { offsets.append(offset) }
            }
            offset += UTF8.width(scalar)
            if closing.contains(scalar), index + 1 < scalars.count,
                isHan(scalars[index + 1]) || openingMarks.contains(scalars[index + 1])
            {
                offsets.append(offset)
            }
        }
        return offsets
    }

    /// U+2005 (four-per-em space), what the shaper inserts between Chinese and Western text: set as exactly a
    /// quarter em whatever the font, never painted nor extracted. Its line-breaking class (BA) keeps a break
    /// there after it, never before it, so a line never starts with it; a line ending with it has it set at
    /// no width (Pango zeroes a wrapped line's final space).
    public static let scriptSpace: Unicode.Scalar = "\u{2005}"

    /// The space between Chinese and Western text, in em: clreq's quarter em (3.4.3), on every boundary
    /// alike (docs/typography.md, "Spacing between scripts").
    public static let scriptSpacing = 0.25
    /// The narrowest a script space is set, in em, where that lets what follows come up instead of leaving a
    /// line letter-spaced (JLREQ 3.8's minimum for the space between Japanese and Western text).
    public static let scriptSpacingMinimum = 0.125

    /// A Chinese character or kana (not a mark: marks carry their own blank half).
    public static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        // The common Han blocks without a property lookup (1 % of a batch's time went to it).
        if (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value) { return true }
        return isWide(scalar) && scalar.properties.isAlphabetic
    }

    /// A Western letter or digit: what CSS's `text-autospace` (ideograph-alpha, ideograph-numeric) and Word's
    /// automatic spacing separate from Chinese. Signs (`%`, `-`) and brackets are not: `(全称)`, `99.81%的`
    /// stay as typed.
    public static func isWesternLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (0x30...0x39).contains(scalar.value) || scalar.properties.isAlphabetic }
        return !isWide(scalar) && (scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal)
    }

    /// Byte offsets where a script space goes: between a Chinese character and a Western letter or digit
    /// next to it, either way round (`在 2,736,018.80 元`, `第 048 号`, `PM2.5 浓度`).
    public static func scriptBoundaries(_ text: String) -> [Int] {
        // Read as UTF-8, the common cases by their bytes: an ASCII letter or digit, a Han character of the main
        // block (three bytes); only the rest is decoded (scalar by scalar, this was 0.4 % of a batch).
        enum Kind { case western, ideograph, other }
        var offsets: [Int] = []
        var previous = Kind.other
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let kind: Kind
                var width = 1
                if byte < 0x80 {
                    let letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                    kind = letter || (byte >= 0x30 && byte <= 0x39) ? .western : .other
                } else {
                    width = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    // U+4E00–U+9FFF: E4 B8 80 to E9 BF BF.
                    if byte >= 0xE5 && byte <= 0xE9
                        || byte == 0xE4 && index + 1 < bytes.count && bytes[index + 1] >= 0xB8
                    {
                        kind = .ideograph
                    } else {
                        var decoder = UTF8()
                        var iterator = bytes[index..<min(bytes.count, index + width)].makeIterator()
                        if case let .scalarValue(scalar) = decoder.decode(&iterator) {
                            kind = isIdeograph(scalar) ? .ideograph : isWesternLetterOrDigit(scalar) ? .western : .other
                        } else {
                            kind = .other
                        }
                    }
                }
                if previous == .ideograph && kind == .western || previous == .western && kind == .ideograph {
                    offsets.append(index)
                }
                previous = kind
                index += width
            }
        }
        return offsets
    }

    /// UTF-8 byte ranges of English inside a text: the stretches between Chinese characters that hold at
    /// least two Latin letters, quotation marks within them included. The shaper tags them as English, so
    /// that “ ” and ‘ ’ in an English sentence take the Latin forms, not the full-width Chinese ones; quotes
    /// between Chinese characters (称为“数字政府”) stay Chinese.
    public static func englishRanges(_ text: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0, offset = 0, letters = 0
        func close() {
            if letters >= 2 && offset > start { ranges.append(start..<offset) }
            letters = 0
        }
        let quotes = Set("“”‘’".unicodeScalars)
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            if isWide(scalar) && !quotes.contains(scalar) {
                close()
                start = offset + width
            } else if scalar.isASCII && scalar.properties.isAlphabetic {
                letters += 1
            }
            offset += width
        }
        close()
        return ranges
    }

    /// UTF-8 byte ranges that must not be broken (`NumberGroups`: a number with its unit, `第048号`). Pango
    /// disables the breaks inside an allow-breaks range but not the one at its start (measured), so the break
    /// before the group stays possible.
    public static func noBreakRanges(_ text: String) -> [Range<Int>] { NumberGroups.ranges(in: text) }

    /// For a number wider than its line: breaks stay possible between two digits only, never before a
    /// separator or a unit (no line starts with `,` `.` `%` `元`). Each returned range glues one such
    /// character to the one before it.
    public static func relaxed(_ range: Range<Int>, in text: String) -> [Range<Int>] {
        let bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        var index = range.lowerBound + 1
        while index < range.upperBound {
            let byte = bytes[index]
            var length = 1
            if byte >= 0xC0 { length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2 }
            if !(byte >= 0x30 && byte <= 0x39) {
                var previous = index - 1
                while previous > range.lowerBound && bytes[previous] & 0xC0 == 0x80 { previous -= 1 }
                ranges.append(previous..<min(range.upperBound, index + length))
            }
            index += length
        }
        return ranges
    }
}

/// A few punctuation marks, asked about nearly every character of every paragraph. Han characters and
/// anything outside the marks' range are answered without hashing: hashing each character to find it absent
/// was 1–2 % of a batch's time (perf, the peer benchmark's 100 sheets).
public struct MarkSet: Sendable {
    private let marks: Set<Unicode.Scalar>
    private let lowest: UInt32
    private let highest: UInt32

    public init(_ marks: String) {
        self.marks = Set(marks.unicodeScalars)
        lowest = self.marks.map(\.value).min() ?? 1
        highest = self.marks.map(\.value).max() ?? 0
    }

    public func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value >= lowest, value <= highest, !(0x3400...0x9FFF).contains(value) else { return false }
        return marks.contains(scalar)
    }
}
