import Foundation

/// Numbers that stay whole on a line with what belongs to them (the PDF's line breaker and the HTML's no-break
/// spans use these same groups, so that a browser's print keeps `第048号` and `1.10万元` whole as the PDF does).
public enum NumberGroups {
    /// Units and counters that stay with the number before them (2020年, 5月, 第048号, 0.1分, 3个), longest
    /// first where one starts another.
    private static let units: [[UInt8]] = [
        "万元", "亿元", "元", "%", "‰", "℃", "个百分点", "年", "月", "日", "号", "分", "次", "个",
        "项", "条", "款", "页", "期", "人", "天", "家", "名", "位"
    ].map { Array($0.utf8) }
    private static let percentSigns: [[UInt8]] = ["%", "‰"].map { Array($0.utf8) }
    /// An ordinal prefix that stays with its number (第048号).
    private static let ordinal = Array("第".utf8)

    /// UTF-8 byte ranges of `text` that a line must not break: a number together with its unit (`44,001,840元`,
    /// `99.81%`), each part of a date (`2020年` `5月` `27日`), a numbered reference (`第048号`). A number is a digit
    /// followed by digits and `,.:/`, then an optional unit and an optional `%`/`‰`; a `第` before it joins it. A
    /// whole date is not one group: 2020年5月27日 is 5.5 em, and moved whole to the next line it left lines
    /// letter-spaced by over 0.15 em (the typographic checker). Scanned by hand over the bytes: a regular
    /// expression here cost a tenth of the layout time.
    public static func ranges(in text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { ranges($0) }
    }

    private static func ranges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isNumberPart(_ byte: UInt8) -> Bool {
            isDigit(byte) || byte == 0x2C || byte == 0x2E || byte == 0x3A || byte == 0x2F
        }
        func matchLength(of candidates: [[UInt8]], at offset: Int) -> Int {
            for candidate in candidates
            where offset + candidate.count <= bytes.count
                && candidate.indices.allSatisfy({ bytes[offset + $0] == candidate[$0] })
            {
                return candidate.count
            }
            return 0
        }
        var ranges: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard isDigit(bytes[index]) else { index += 1; continue }
            var start = index
            if start >= ordinal.count, ordinal.indices.allSatisfy({ bytes[start - ordinal.count + $0] == ordinal[$0] }),
                ranges.last.map({ $0.upperBound <= start - ordinal.count }) ?? true
            {
                start -= ordinal.count
            }
            index += 1
            while index < bytes.count, isNumberPart(bytes[index]) { index += 1 }
            index += matchLength(of: units, at: index)
            index += matchLength(of: percentSigns, at: index)
            // A lone digit needs no protection.
            if index - start > 1 { ranges.append(start..<index) }
        }
        return ranges
    }
}
