import EvalSheetModel

/// Escapes text for HTML element content and attribute values: nothing in a sheet is ever markup.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}": result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Text with line breaks as `<br>`; the English of a bilingual text beneath, marked as English.
    static func lines(_ text: String) -> String {
        let parts = Language.split(text)
        let first = parts[0].components(separatedBy: "\n").map(escape).joined(separator: "<br>")
        return first + parts.dropFirst().map {
            "<span class=\"en\" lang=\"en\">" + $0.components(separatedBy: "\n").map(escape).joined(separator: "<br>") + "</span>"
        }.joined()
    }
}
