import EvalSheetModel

/// Escapes text for HTML element content and attribute values: nothing in a sheet is ever markup.
enum HTMLEscaping {
    static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }

    /// Text with line breaks as `<br>`; the English of a bilingual text beneath, marked as English.
    static func lines(_ text: String) -> String {
        let parts = Language.split(text)
        let first = parts[0].components(separatedBy: "\n").map(escape).joined(separator: "<br>")
        return first + parts.dropFirst().map {
            "<span class=\"en\" lang=\"en\">" + $0.components(separatedBy: "\n").map(escape).joined(separator: "<br>") + "</span>"
        }.joined()
    }
}
