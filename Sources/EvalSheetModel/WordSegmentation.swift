import Foundation
import _FoundationICU

/// Chinese words, for breaking labels between words rather than inside them (电子政务云服务|平台项目, not
/// 电子政务云服|务平台项目). ICU's dictionary word break iterator, from the ICU the toolchain's Foundation is
/// built on (its data carries ICU's Chinese dictionary; swift-corelibs-foundation has no word enumeration on
/// Linux). Measured on the reference sheet's labels: 公众|满意|度, 对|下|年度|预算|安排|建议,
/// 预算|执行|过程|管理. The one place EvalSheet calls ICU.
public enum WordSegmentation {
    /// UTF-8 byte ranges of the words of two or more Chinese characters in a text, in order.
    public static func words(in text: String) -> [Range<Int>] {
        // Most cells hold no two Chinese characters side by side: nothing to ask ICU.
        guard hasHanPair(text) else { return [] }
        if let known = cache.withLock({ $0[text] }) { return known }
        let found = segment(text)
        cache.withLock { table in
            // Labels repeat from sheet to sheet; free text does not: the table is bounded.
            if table.count > 20_000 { table.removeAll() }
            table[text] = found
        }
        return found
    }

    private static let cache = LockedTable()

    private final class LockedTable: @unchecked Sendable {
        private let lock = NSLock()
        private var table: [String: [Range<Int>]] = [:]
        func withLock<T>(_ body: (inout [String: [Range<Int>]]) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&table)
        }
    }

    public static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        default: false
        }
    }

    static func hasHanPair(_ text: String) -> Bool {
        var previous = false
        for scalar in text.unicodeScalars {
            let han = isHan(scalar)
            if han && previous { return true }
            previous = han
        }
        return false
    }

    static func segment(_ text: String) -> [Range<Int>] {
        let units = Array(text.utf16)
        var status = U_ZERO_ERROR
        guard let iterator = swift_ubrk_open(UBRK_WORD, "zh", units, Int32(units.count), &status),
            status.rawValue <= 0
        else { return [] }
        defer { swift_ubrk_close(iterator) }
        // UTF-16 offsets to UTF-8 ones, and whether each UTF-16 position starts a Han character.
        var utf8Offsets = [Int](repeating: 0, count: units.count + 1)
        var han = [Bool](repeating: false, count: units.count + 1)
        var utf16 = 0, utf8 = 0
        for scalar in text.unicodeScalars {
            utf8Offsets[utf16] = utf8
            han[utf16] = isHan(scalar)
            utf16 += UTF16.width(scalar)
            utf8 += UTF8.width(scalar)
        }
        utf8Offsets[utf16] = utf8
        var words: [Range<Int>] = []
        var start = Int(swift_ubrk_first(iterator))
        while true {
            let end = Int(swift_ubrk_next(iterator))
            guard end >= 0, end > start else { break }
            // A word of at least two Han characters, all of it Han.
            var characters = 0, allHan = true
            var position = start
            while position < end {
                if !han[position] { allHan = false; break }
                characters += 1
                position += units[position] >= 0xD800 && units[position] < 0xDC00 ? 2 : 1
            }
            if allHan && characters >= 2 { words.append(utf8Offsets[start]..<utf8Offsets[end]) }
            start = end
        }
        return words
    }
}
