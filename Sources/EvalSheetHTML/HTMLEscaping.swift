import EvalSheetModel

/// Escapes text for HTML element content and attribute values: nothing in a sheet is ever markup.
enum HTMLEscaping {
    static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// Text with line breaks as `<br>` and runs of spaces kept; the English of a bilingual text beneath,
    /// marked as English.
    static func lines(_ text: String) -> String {
        let parts = Language.split(text)
        func line(_ part: String) -> String {
            part.components(separatedBy: "\n").map { spaced(escape($0)) }.joined(separator: "<br>")
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
}
