import Foundation
import Synchronization

/// What the program tells its user, in both languages of its interface, with a code that stays the same in both
/// and from one version to the next (the JSON report carries it, so a script need not match words).
///
/// Every diagnostic, hint, progress line and summary reason is one of these: a text in one language only cannot
/// reach the user, since `DiagnosticLog` and the command line's printing take a `Message`. Both texts are written
/// where the message is made, so that the words and the values they print stay together; `MessageCatalogueTests`
/// reads every message of the sources, checks each language is written in its own script and both print the same
/// values, and keeps `docs/messages.md` (the catalogue a translator or a support desk reads) equal to them.
public struct Message: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable and unique to the message (`score-above-weight`); empty for a part of a message (a hint, a
    /// value's kind) that has none of its own.
    public var code: String
    public var en: String
    public var zh: String

    public init(_ code: String, en: String, zh: String) {
        self.code = code
        self.en = en
        self.zh = zh
    }

    /// A part of a message (`；是否应为 'scores'？`), joined to one with a code by `+`.
    public init(en: String, zh: String) { self.init("", en: en, zh: zh) }

    /// Nothing, in both languages: what an optional hint is when there is none.
    public static let empty = Message(en: "", zh: "")

    public func text(in language: InterfaceLanguage) -> String { language == .zh ? zh : en }

    /// In the language the interface speaks now.
    public var description: String { text(in: .current) }

    /// The two texts joined; the code is the first's (a message and its hint are one message).
    public static func + (lhs: Message, rhs: Message) -> Message {
        Message(lhs.code.isEmpty ? rhs.code : lhs.code, en: lhs.en + rhs.en, zh: lhs.zh + rhs.zh)
    }

    /// Both texts with the same prefix, e.g. a cell reference (`B7: `) or a file's path.
    public func prefixed(_ text: String) -> Message { Message(code, en: text + en, zh: text + zh) }
}

/// The language the program speaks to its user, apart from the sheet's (`--lang`): `--messages zh|en`, else
/// the environment's locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX orders them: `zh_CN.UTF-8` →
/// Chinese), else English.
public enum InterfaceLanguage: String, Sendable, CaseIterable {
    case zh, en

    private static let chosen = Mutex<InterfaceLanguage?>(nil)

    /// Set once by the command line before it says anything; read wherever a message is written.
    public static var current: InterfaceLanguage {
        get { chosen.withLock { $0 } ?? environment }
        set { chosen.withLock { $0 = newValue } }
    }

    /// What the process's locale asks for.
    public static let environment = InterfaceLanguage(locale: ProcessInfo.processInfo.environment)

    /// The first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set decides; `zh…` is Chinese, anything else English.
    public init(locale environment: [String: String]) {
        let setting = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        self = setting?.lowercased().hasPrefix("zh") == true ? .zh : .en
    }
}

/// An error that tells the user what went wrong as a `Message` (a file that cannot be written, a workbook that
/// is not one): printed in the interface's language, or in a page's (the preview).
public protocol MessageError: Error, CustomStringConvertible {
    var message: Message { get }
}

extension MessageError {
    public var description: String { message.description }
}

extension Diagnostic {
    /// The whole line (`file:line:column: 错误: field: message`) in both languages, with the message's code: what
    /// an error page or a summary's reason shows.
    public var line: Message { Message(message.code, en: text(in: .en), zh: text(in: .zh)) }
}

extension Message {
    /// What an error says, in both languages (`text(in:)`).
    public init(telling error: Error) { self.init(en: error.text(in: .en), zh: error.text(in: .zh)) }
}

extension Error {

    /// What the error says in `language`: a `MessageError`'s message, an input error's every problem, else
    /// the error as the system words it.
    public func text(in language: InterfaceLanguage) -> String {
        if let error = self as? MessageError { return error.message.text(in: language) }
        if let error = self as? InputError {
            return error.diagnostics.map { $0.text(in: language) }.joined(separator: "\n")
        }
        return "\(self)"
    }
}
