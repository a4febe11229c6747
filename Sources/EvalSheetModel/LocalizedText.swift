/// The languages a sheet can be printed in: Chinese, English, or both (each label in Chinese with the
/// English beneath it).
public enum Language: String, Sendable, CaseIterable, Codable {
    case zh, en
    case bilingual = "zh-en"

    /// Separates the Chinese and the English of a bilingual text; the layout prints the second part
    /// beneath the first in a smaller size, the HTML marks it `lang="en"`.
    public static let separator = "\u{1E}"

    /// The size of table text on a sheet in this language, relative to the form's: English words are long
    /// and never break, so an English sheet's tables are set a little smaller.
    public var tableTextScale: Double { self == .en ? 0.88 : 1 }

    /// The size of the English beneath the Chinese on a bilingual sheet, relative to the Chinese.
    public static let secondLanguageScale = 0.82

    /// The size of the English beneath Chinese text of `size` points: 0.82 of it to a tenth of a point, but
    /// never below 8 pt (notes came out 7.4 pt, hard to read on paper; 8 pt is the smallest text of the
    /// official forms themselves). Every backend sets the English at this size.
    public static func secondLanguageSize(_ size: Double) -> Double {
        max(8, (size * secondLanguageScale * 10).rounded() / 10)
    }

    /// Whether a scalar is set solid in CJK text, an em wide: Han, kana, full-width forms and CJK punctuation.
    /// The layout breaks and justifies by it; the DOCX estimates row heights by it.
    public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF,
            0x2014, 0x2026, 0x201C, 0x201D, 0x2018, 0x2019, 0x00B7, 0x2460...0x24FF:
            return true
        default:
            return false
        }
    }

    /// The single languages a text is made in.
    public var parts: [Language] { self == .bilingual ? [.zh, .en] : [self] }

    /// The parts of a text made by `SheetText`: one, or the Chinese and the English. (Foundation's
    /// `components(separatedBy:)` cost a tenth of the layout time here.)
    public static func split(_ text: String) -> [String] {
        guard text.utf8.contains(0x1E) else { return [text] }
        return text.split(separator: "\u{1E}", omittingEmptySubsequences: false).map(String.init)
    }
}

/// A label of a form in Chinese, with an optional English rendering.
public struct LocalizedText: Sendable, Hashable {
    public var zh: String
    public var en: String?

    /// The Chinese with its line breaks taken out: a two-line head (`预算金额\n(万元)`) in a message or a
    /// workbook's head.
    public var zhOnOneLine: String { zh.replacingOccurrences(of: "\n", with: "") }

    public init(zh: String, en: String? = nil) {
        self.zh = zh
        self.en = en
    }

    /// The text in `language`; Chinese when no English is given.
    public func text(_ language: Language) -> String {
        switch language {
        case .zh: return zh
        case .en: return en ?? zh
        case .bilingual: return en.map { $0 == zh ? zh : zh + Language.separator + $0 } ?? zh
        }
    }

    /// Substitutes `{name}` placeholders in both languages.
    public func filled(_ values: [String: String]) -> LocalizedText {
        func fill(_ template: String) -> String {
            // Most labels have no placeholder: not searched for each value (1.3 % of a batch's time).
            guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
            return values.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        return LocalizedText(zh: fill(zh), en: en.map(fill))
    }
}
