import Foundation

/// Reads one YAML mapping field by field, reporting missing, mistyped, duplicate and unknown keys
/// with their positions. Every getter records its problem and returns nil, so reading goes on.
public struct FieldReader {
    public let value: YAMLValue
    private var entries: [String: (keyPosition: SourcePosition?, value: YAMLValue)] = [:]
    private var order: [String] = []
    private var used: Set<String> = []

    public init?(_ value: YAMLValue, log: inout DiagnosticLog) {
        guard let pairs = value.mapping else {
            log.error(
                value.path, at: value.position,
                Message(
                    "expected-mapping", en: "expected a mapping, found \(value.kindName.en)",
                    zh: "这里应是键值映射，实际是\(value.kindName.zh)"))
            return nil
        }
        self.value = value
        for pair in pairs {
            if entries[pair.key] != nil {
                log.error(
                    pair.value.path, at: pair.keyPosition,
                    Message("duplicate-key", en: "duplicate key '\(pair.key)'", zh: "键 '\(pair.key)' 重复"))
                continue
            }
            entries[pair.key] = (pair.keyPosition, pair.value)
            order.append(pair.key)
        }
    }

    public var keys: [String] { order }

    public mutating func optional(_ key: String) -> YAMLValue? {
        used.insert(key)
        guard let entry = entries[key], !entry.value.isNull else { return nil }
        return entry.value
    }

    public mutating func required(_ key: String, log: inout DiagnosticLog) -> YAMLValue? {
        if let found = optional(key) { return found }
        let path = value.path.isEmpty ? key : "\(value.path).\(key)"
        log.error(
            path, at: value.position,
            Message("missing-field", en: "missing required field '\(key)'", zh: "缺少必填字段 '\(key)'"))
        return nil
    }

    public func keyPosition(_ key: String) -> SourcePosition? { entries[key]?.keyPosition }

    /// Collects, while set, the keys each mapping's reader asked for (the keys the loader accepts there):
    /// the test that keeps docs/forms.md true compares them with the keys it documents.
    @TaskLocal public static var acceptedKeys: AcceptedKeys?

    /// Reports keys that no getter asked for: a misspelt field must not be silently ignored.
    public func reportUnknown(log: inout DiagnosticLog, severity: Diagnostic.Severity = .error) {
        Self.acceptedKeys?.record(file: log.file, path: value.path, keys: used)
        for key in order where !used.contains(key) {
            let entry = entries[key]!
            let message =
                Message("unknown-field", en: "unknown field '\(key)'", zh: "未知字段 '\(key)'")
                + Suggestions.hint(key, among: Array(used))

            if severity == .error {
                log.error(entry.value.path, at: entry.keyPosition, message)
            } else {
                log.warning(entry.value.path, at: entry.keyPosition, message)
            }
        }
    }
}

/// The keys read at each place of a file, the place written with list positions as `[]` (`indicators[]`).
public final class AcceptedKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [String: Set<String>] = [:]
    public init() {}

    func record(file: String, path: String, keys: Set<String>) {
        let place =
            URL(fileURLWithPath: file).lastPathComponent + ":"
            + path.replacingOccurrences(of: #"\[\d+\]"#, with: "[]", options: .regularExpression)
        lock.lock(); defer { lock.unlock() }
        found[place, default: []].formUnion(keys)
    }

    /// Each place (`form.yaml:indicators[]`) with the keys its reader accepts.
    public var places: [String: Set<String>] { lock.lock(); defer { lock.unlock() }; return found }
}

extension YAMLValue {
    public func string(log: inout DiagnosticLog) -> String? {
        guard let text = scalarText else {
            log.error(
                path, at: position,
                Message("expected-text", en: "expected text, found \(kindName.en)", zh: "这里应是文字，实际是\(kindName.zh)"))
            return nil
        }
        return text
    }

    public func decimal(log: inout DiagnosticLog) -> Decimal? {
        guard let text = scalarText else {
            log.error(
                path, at: position,
                Message(
                    "expected-number", en: "expected a number, found \(kindName.en)", zh: "这里应是数字，实际是\(kindName.zh)"))
            return nil
        }
        guard let number = ExactDecimal.parse(text) else {
            log.error(
                path, at: position,
                Message(
                    "not-a-decimal", en: "'\(text)' is not a decimal number (digits, an optional sign and point)",
                    zh: "'\(text)' 不是数字（只能有数字、正负号和小数点）"))
            return nil
        }
        return number
    }

    public func integer(log: inout DiagnosticLog) -> Int? {
        guard let text = scalarText, let number = Int(text), text.count < 10 else {
            log.error(
                path, at: position,
                Message(
                    "expected-whole-number", en: "expected a whole number, found '\(scalarText ?? kindName.en)'",
                    zh: "这里应是整数，实际是 '\(scalarText ?? kindName.zh)'"))
            return nil
        }
        return number
    }

    public func bool(log: inout DiagnosticLog) -> Bool? {
        switch scalarText {
        case "true", "True", "yes": return true
        case "false", "False", "no": return false
        default:
            log.error(
                path, at: position,
                Message(
                    "expected-boolean", en: "expected true or false, found '\(scalarText ?? kindName.en)'",
                    zh: "这里应是 true 或 false，实际是 '\(scalarText ?? kindName.zh)'"))
            return nil
        }
    }

    public func list(log: inout DiagnosticLog) -> [YAMLValue]? {
        guard let items = sequence else {
            log.error(
                path, at: position,
                Message("expected-list", en: "expected a list, found \(kindName.en)", zh: "这里应是列表，实际是\(kindName.zh)"))
            return nil
        }
        return items
    }

    /// A label: either plain text (Chinese) or a mapping `{zh: …, en: …}`.
    public func localized(log: inout DiagnosticLog) -> LocalizedText? {
        if let text = scalarText { return LocalizedText(zh: text) }
        guard var reader = FieldReader(self, log: &log) else { return nil }
        let zh = reader.required("zh", log: &log)?.string(log: &log)
        let en = reader.optional("en")?.string(log: &log)
        reader.reportUnknown(log: &log)
        return zh.map { LocalizedText(zh: $0, en: en) }
    }
}
