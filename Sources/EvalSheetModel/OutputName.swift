import Foundation

/// Output names from budget codes: no path separators, no `..`, no control characters.
public enum OutputName {
    public static func sanitized(_ code: String, fallback: String) -> String {
        var result = ""
        for scalar in code.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_" {
                result.unicodeScalars.append(scalar)
            } else if scalar == "." || scalar == " " {
                result += "_"
            }
        }
        result = String(result.prefix(80))
        if result.isEmpty || result.allSatisfy({ $0 == "_" }) {
            return fallback == code ? "sheet" : sanitized(fallback, fallback: fallback)
        }
        return result
    }
}
