import EvalSheetModel

/// Escapes text for HTML element content and attribute values: nothing in a sheet is ever markup.
enum HTMLEscaping {
    static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// Text with line breaks as `<br>` and runs of spaces kept; the English of a bilingual text beneath,
    /// marked as English. `betweenWords`: a label, broken between words as the PDF breaks it (`wordBreaks`).
    static func lines(_ text: String, betweenWords: Bool = false) -> String {
        let parts = Language.split(text)
        func line(_ part: String) -> String {
            part.components(separatedBy: "\n").map { spaced(keptWhole($0, betweenWords: betweenWords)) }
                .joined(separator: "<br>")
        }
        return line(parts[0])
            + parts.dropFirst().map { "<span class=\"en\" lang=\"en\">" + line($0) + "</span>" }.joined()
    }

    /// Runs of spaces as the PDF prints them (`项目名称:…    项目单位:…`): a browser folds a run into one space,
    /// so each space after a run's first is a no-break space; the first stays a place to wrap.
    static func spaced(_ text: String) -> String {
        guard text.contains("  ") else { return text }
        var result = "", previousWasSpace = false
        for character in text {
            result += character == " " && previousWasSpace ? "&#160;" : String(character)
            previousWasSpace = character == " "
        }
        return result
    }

    /// Escaped, each number with its unit (`NumberGroups`: `第048号`, `1.10万元`) in a span no line breaks, as the
    /// PDF keeps them: a browser's print broke `第048|号` and `1.10|万元`.
    /// A bare number (`17.4`, `4,400.18`) is left as it is: a browser breaks no line inside digits and their
    /// separators. `betweenWords`: a `<wbr>` at each break between words (the cell's `word-break: keep-all`
    /// allows no other between Chinese characters).
    static func keptWhole(_ text: String, betweenWords: Bool = false) -> String {
        let bytes = Array(text.utf8)
        let groups = NumberGroups.ranges(in: text).filter { group in
            bytes[group].contains { !($0 >= 0x30 && $0 <= 0x39) && $0 != 0x2C && $0 != 0x2E }
        }
        let breaks = betweenWords ? wordBreaks(text) : []
        guard !groups.isEmpty || !breaks.isEmpty else { return escape(text) }
        func plain(_ range: Range<Int>) -> String {
            var result = "", from = range.lowerBound
            for offset in breaks where offset > range.lowerBound && offset < range.upperBound {
                result += escape(String(decoding: bytes[from..<offset], as: UTF8.self)) + "<wbr>"
                from = offset
            }
            return result + escape(String(decoding: bytes[from..<range.upperBound], as: UTF8.self))
        }
        var result = "", from = 0
        for group in groups {
            result += plain(from..<group.lowerBound)
            result += "<span class=\"nb\">" + escape(String(decoding: bytes[group], as: UTF8.self)) + "</span>"
            from = group.upperBound
        }
        return result + plain(from..<bytes.count)
    }

    /// Byte offsets between two Chinese characters that are not inside one word (`WordSegmentation`): where a
    /// label may break (电子政务云|服务|平台|项目|经费). Not before the last character (公众满意|度 would leave it
    /// alone on a line, as the PDF never does).
    static func wordBreaks(_ text: String) -> [Int] {
        let words = WordSegmentation.words(in: text)
        guard !words.isEmpty else { return [] }
        var offsets: [Int] = []
        var offset = 0, previousIsHan = false, lastHan = 0
        for scalar in text.unicodeScalars {
            let isHan = WordSegmentation.isHan(scalar)
            if isHan && previousIsHan && !words.contains(where: { $0.lowerBound < offset && offset < $0.upperBound }) {
                offsets.append(offset)
            }
            if isHan { lastHan = offset }
            previousIsHan = isHan
            offset += UTF8.width(scalar)
        }
        return offsets.filter { $0 != lastHan }
    }
}
