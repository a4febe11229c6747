import ArgumentParser
import EvalSheet
import Foundation

@main
struct EvalSheetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalsheet",
        abstract:
            "Turns evaluation data into the official fiscal performance-evaluation score sheet (PDF, PNG, HTML, DOCX, OFD).",
        discussion: """
            Messages are in Chinese where the locale is (LANG=zh_CN.UTF-8, or LC_ALL, LC_MESSAGES), else in \
            English; `--messages zh` or `--messages en`, anywhere on the command line, chooses. The sheet's own \
            language is each command's --lang. Every message, with its code, is in docs/messages.md.
            """,
        version: EvalSheetVersion.number,
        subcommands: [
            ValidateCommand.self, RenderCommand.self, BatchCommand.self, ImportCommand.self, ExportCommand.self,
            PreviewCommand.self, SampleCommand.self, SchemaCommand.self, TemplateCommand.self, FontsCommand.self,
            DoctorCommand.self
        ]
    )

    /// Runs the command the arguments name; see `fail` for how it ends on an error.
    static func main() async {
        // Before parsing, so that a usage error is told in the language asked for too.
        let messages = MessagesOption.split(Array(CommandLine.arguments.dropFirst()))
        InterfaceLanguage.current = messages.language ?? .environment
        var command: ParsableCommand
        do {
            if let wrong = messages.wrong { throw ValidationError(wrong.description) }
            command = try parseAsRoot(messages.arguments)
        } catch {
            fail(error, message: fullMessage(for: error))
        }
        do {
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let usage as ValidationError {
            // Found while running (which form a workbook is, …): the message alone; the root's usage line
            // (`evalsheet <subcommand>`) would not be this command's.
            fail(usage, message: "Error: \(usage.message)")
        } catch {
            fail(error, message: fullMessage(for: error))
        }
    }

    /// Exits: usage errors with 2 (ArgumentParser's default is 64), input errors with 1; help and --version
    /// (success) and a bare exit code as ArgumentParser prints them.
    static func fail(_ error: Error, message: String) -> Never {
        let code = exitCode(for: error)
        guard code != .success, !(error is ExitCode) else { exit(withError: error) }
        if !message.isEmpty { FileHandle.standardError.write(Data((framed(message) + "\n").utf8)) }
        Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
    }

    /// ArgumentParser's frame around a message (`Error: `, `Usage: `, `See '… --help' for more information.`) in
    /// the interface's language; our messages inside it already are. Its own messages for a mistyped command
    /// line (`Missing expected argument`) stay in English: they are the library's.
    static func framed(_ text: String) -> String {
        guard InterfaceLanguage.current == .zh else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("Error: ") { return "错误：" + line.dropFirst("Error: ".count) }
            if line.hasPrefix("Usage: ") { return "用法：" + line.dropFirst("Usage: ".count) }
            if line.hasPrefix("  See '"), line.hasSuffix("' for more information.") {
                return "  运行 '" + line.dropFirst("  See '".count).dropLast("' for more information.".count)
                    + "' 查看更多信息。"
            }
            return String(line)
        }.joined(separator: "\n")
    }
}

/// Options every command that reads evaluations shares.
struct LayoutOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The folder of forms (default: $EVALSHEET_LAYOUTS, else the Layouts/ installed with or beside the program)."
    )
    var layouts: String?

    func library() throws -> FormLibrary {
        guard let folder = Locations.layouts(explicit: layouts) else {
            throw ValidationError(
                Message(
                    "no-forms-found",
                    en:
                        "no forms found (Layouts/): pass --layouts DIR, set EVALSHEET_LAYOUTS, or install the program with its forms (`make install PREFIX=DIR` in a checkout). `evalsheet doctor` shows where it looked.",
                    zh:
                        "找不到表样（Layouts/）：请用 --layouts DIR 指定，或设置 EVALSHEET_LAYOUTS，或连同表样一起安装程序（在代码目录中运行 `make install PREFIX=DIR`）。`evalsheet doctor` 会列出查找过的位置。"
                ).description)
        }
        return FormLibrary(directory: folder)
    }
}

/// The prepared-fonts option every command that renders shares.
struct FontOptions: ParsableArguments {
    @Option(
        help:
            "The folder of prepared fonts (default: $EVALSHEET_FONTS, else those installed with or beside the program)."
    )
    var fonts: String?

    func folder() throws -> URL {
        guard let folder = Locations.fonts(explicit: fonts) else {
            throw ValidationError(
                Message(
                    "no-fonts-found",
                    en:
                        "no prepared fonts found (Fonts/build): pass --fonts DIR, set EVALSHEET_FONTS, or, in a checkout, run `make fonts` (and `make install PREFIX=DIR` to use the program elsewhere; the fonts, about 100 MB, travel with it). `evalsheet doctor` shows where it looked.",
                    zh:
                        "找不到准备好的字体（Fonts/build）：请用 --fonts DIR 指定，或设置 EVALSHEET_FONTS，或在代码目录中运行 `make fonts`（要在别处使用程序，再运行 `make install PREFIX=DIR`；字体约 100 MB，随程序一起安装）。`evalsheet doctor` 会列出查找过的位置。"
                ).description)

        }
        return folder
    }
}

/// `--messages zh|en`: the language the program speaks to its user, apart from the sheet's (`--lang`); without
/// it, the locale's (`LANG=zh_CN.UTF-8` → Chinese), else English. Taken out of the arguments before ArgumentParser
/// reads them, anywhere on the line: declared as an option group of every command it cost each start 2.9 M
/// instructions of reflection (callgrind, `schema`: 134.9 → 137.7 M), 1 % of a cold render. The root's `--help`
/// says it.
enum MessagesOption {
    /// The arguments without `--messages X` / `--messages=X` (up to a `--`), the language the last one named, and
    /// what is wrong with a word that names none.
    static func split(_ arguments: [String]) -> (arguments: [String], language: InterfaceLanguage?, wrong: Message?) {
        var kept: [String] = []
        var language: InterfaceLanguage?
        var wrong: Message?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                kept += arguments[index...]
                break
            }
            let word: String?
            if argument == "--messages" {
                word = index + 1 < arguments.count ? arguments[index + 1] : ""
                index += 2
            } else if argument.hasPrefix("--messages=") {
                word = String(argument.dropFirst("--messages=".count))
                index += 1
            } else {
                word = nil
                kept.append(argument)
                index += 1
            }
            guard let word else { continue }
            if let chosen = InterfaceLanguage(rawValue: word) {
                language = chosen
            } else {
                wrong = Message(
                    "messages-option", en: "--messages takes zh or en, not '\(word)'",
                    zh: "--messages 只能是 'zh' 或 'en'，而不是 '\(word)'")
            }
        }
        return (kept, language, wrong)
    }
}

/// A message on standard error, in the interface's language.
func printError(_ message: Message) {
    FileHandle.standardError.write(Data((message.description + "\n").utf8))
}

/// Problems, one a line, as `file:line:column: 错误: field: message`; `indent` before each.
func printError(_ diagnostics: [Diagnostic], indent: String = "") {
    for diagnostic in diagnostics { FileHandle.standardError.write(Data((indent + "\(diagnostic)\n").utf8)) }
}

/// A message on standard output (progress, what was written), in the interface's language.
func say(_ message: Message) {
    print(message.description)
}

/// An error that ended a command, as `evalsheet: …`, or one about a file, as `file: …` (`file：…` in Chinese).
func printFailure(_ error: Error, of subject: String = "evalsheet") {
    printError(Message(en: "\(subject): ", zh: "\(subject)：") + Message(telling: error))
}

/// `--lang zh|en|zh-en`, read once into the type (a wrong word is a usage error naming the three).
extension Language: ExpressibleByArgument {}

/// `--format` / `--formats` words are the formats' names (`OutputFormat`, declared once).
extension OutputFormat: ExpressibleByArgument {}
