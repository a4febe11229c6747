import EvalSheetModel

/// Escapes text for HTML element content and attribute values: nothing in a sheet is ever markup.
enum HTMLEscaping {
    static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// Text with line breaks as `<br>` and runs of spaces kept; the English of a bilingual text beneath,
    /// marked as English.
    static func lines(_ text: String) -> String {
        let parts = Language.split(text)
        func line(_ part: String) -> String {
            part.components(separatedBy: "\n").map { spaced(keptWhole($0)) }.joined(separator: "<br>")
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
    /// separators.
    static func keptWhole(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let groups = NumberGroups.ranges(in: text).filter { group in
            bytes[group].contains { !($0 >= 0x30 && $0 <= 0x39) && $0 != 0x2C && $0 != 0x2E }
        }
        guard !groups.isEmpty else { return escape(text) }
        var result = "", from = 0
        for group in groups {
            result += escape(String(decoding: bytes[from..<group.lowerBound], as: UTF8.self))
            result += "<span class=\"nb\">" + escape(String(decoding: bytes[group], as: UTF8.self)) + "</span>"
            from = group.upperBound
        }
        return result + escape(String(decoding: bytes[from...], as: UTF8.self))
    }
}
