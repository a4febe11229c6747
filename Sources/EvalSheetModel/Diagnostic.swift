/// A position in a source file: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct SourcePosition: Sendable, Hashable, Codable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// One problem found in an input file. Loaders and validators collect these rather than throwing,
/// so that a user sees every problem of a file at once.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable {
        case error, warning

        public var name: Message {
            switch self {
            case .error: return Message(en: "error", zh: "错误")
            case .warning: return Message(en: "warning", zh: "警告")
            }
        }
    }

    public var severity: Severity
    public var file: String
    public var position: SourcePosition?
    /// Dotted path of the field, e.g. `scores.pm-rules` or `signoff.date`.
    public var field: String
    /// In both languages, with its code; printed in the interface's language.
    public var message: Message

    public init(_ severity: Severity, file: String, at position: SourcePosition?, field: String, _ message: Message) {
        self.severity = severity
        self.file = file
        self.position = position
        self.field = field
        self.message = message
    }

    /// `file:line:column: error: field: message`, in the interface's language (the place and the field's path
    /// as they are in both, so that a message stays searchable).
    public var description: String { text(in: .current) }

    public func text(in language: InterfaceLanguage) -> String {
        let place = position.map { "\(file):\($0.line):\($0.column)" } ?? file
        let subject = field.isEmpty ? "" : "\(field): "
        return "\(place): \(severity.name.text(in: language)): \(subject)\(message.text(in: language))"
    }
}

/// Collects diagnostics for one file.
public struct DiagnosticLog: Sendable {
    public let file: String
    public private(set) var entries: [Diagnostic] = []

    public init(file: String) { self.file = file }

    public mutating func error(_ field: String, at position: SourcePosition?, _ message: Message) {
        entries.append(Diagnostic(.error, file: file, at: position, field: field, message))
    }

    public mutating func warning(_ field: String, at position: SourcePosition?, _ message: Message) {
        entries.append(Diagnostic(.warning, file: file, at: position, field: field, message))
    }

    public mutating func append(contentsOf other: [Diagnostic]) { entries.append(contentsOf: other) }

    public var hasErrors: Bool { entries.contains { $0.severity == .error } }
}

/// Thrown when a file cannot be used at all; carries every problem found.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
