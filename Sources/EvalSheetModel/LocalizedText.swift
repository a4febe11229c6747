/// The languages a sheet can be printed in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case zh, en
}

/// A label of a form in Chinese, with an optional English rendering.
public struct LocalizedText: Sendable, Hashable {
    public var zh: String
    public var en: String?

    public init(zh: String, en: String? = nil) {
        self.zh = zh
        self.en = en
    }

    /// The text in `language`; Chinese when no English is given.
    public func text(_ language: Language) -> String {
        language == .en ? (en ?? zh) : zh
    }

    /// Substitutes `{name}` placeholders in both languages.
    public func filled(_ values: [String: String]) -> LocalizedText {
        func fill(_ template: String) -> String {
            values.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        return LocalizedText(zh: fill(zh), en: en.map(fill))
    }
}
