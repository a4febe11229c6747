import EvalSheet
@testable import EvalSheetModel
import Foundation
import XCTest

/// Every message the program can say exists in Chinese and English: read from the sources (where each is written,
/// both languages side by side), each language checked to be written in its own words and to print the same
/// values, each code stable and the same words wherever it is used, and `docs/messages.md` (the catalogue a
/// translator or a support desk reads) equal to the sources, both ways.
final class MessageCatalogueTests: XCTestCase {
    static let catalogue = TestSupport.root.appendingPathComponent("docs/messages.md")

    func testEveryMessageHasBothLanguagesAndTheSameValues() throws {
        let messages = try MessageSource.all()
        XCTAssertGreaterThan(messages.count, 300, "the sources' messages were found")
        var problems: [String] = []
        var byCode: [String: MessageSource.Entry] = [:]
        for entry in messages {
            guard let en = entry.en, let zh = entry.zh else {
                // Composed from parts made elsewhere (an error's text, a cell reference): never one language's
                // part in the other's place.
                if entry.enExpression.contains(".zh") || entry.zhExpression.contains(".en") {
                    problems.append("\(entry.place): the languages are crossed")
                }
                continue
            }
            if !entry.code.isEmpty {
                if entry.code.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) == nil {
                    problems.append("\(entry.place): code '\(entry.code)' is not lower-case words joined by '-'")
                }
                if let first = byCode[entry.code], first.en.map(MessageSource.shape) != MessageSource.shape(en) {
                    problems.append("\(entry.place): code '\(entry.code)' says other words than at \(first.place)")
                }
                byCode[entry.code] = byCode[entry.code] ?? entry
            }
            // The Chinese is Chinese: no English word left in it (names the user types kept), and some Chinese
            // where the English says words of its own (not only values and names: `evalsheet: \(error)`).
            let (enText, zhText) = (MessageSource.literalText(en), MessageSource.literalText(zh))
            let zhWords = MessageSource.englishWords(in: zhText)
            if !zhWords.isEmpty { problems.append("\(entry.place): English in the Chinese: \(zhWords)") }
            if !MessageSource.englishWords(in: enText).isEmpty && !zhText.contains(where: MessageSource.isHan) {
                problems.append("\(entry.place): the Chinese has no Chinese")
            }
            // The English is not the Chinese copied.
            if zhText.contains(where: MessageSource.isHan) && enText == zhText {
                problems.append("\(entry.place): the English is the Chinese")
            }
            let (enValues, zhValues) = (MessageSource.values(en), MessageSource.values(zh))
            if enValues != zhValues {
                problems.append(
                    "\(entry.place): values printed differ: en \(enValues.sorted()) zh \(zhValues.sorted())")
            }
        }
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
        XCTAssertGreaterThan(byCode.count, 250)
    }

    /// docs/messages.md lists every code with its two texts: a code in the sources is there, and a code there
    /// is in the sources. `EVALSHEET_WRITE_MESSAGES=1 swift test --filter MessageCatalogueTests` rewrites it.
    func testTheCatalogueIsTheSources() throws {
        let written = try MessageSource.catalogue(MessageSource.all())
        if ProcessInfo.processInfo.environment["EVALSHEET_WRITE_MESSAGES"] == "1" {
            try written.write(to: Self.catalogue, atomically: true, encoding: .utf8)
        }
        let document = try String(contentsOf: Self.catalogue, encoding: .utf8)
        let codes = { (text: String) in
            Set(text.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { $0.split(separator: "`")[1] })
        }
        XCTAssertEqual(
            codes(document).subtracting(codes(written)), [], "codes in docs/messages.md that no source says")
        XCTAssertEqual(
            codes(written).subtracting(codes(document)), [], "codes the sources say that docs/messages.md lacks")
        XCTAssertEqual(document, written, "docs/messages.md is not the sources' messages (rewrite: see the test)")
    }

    /// Every problem and context the bundled libyaml can report has its Chinese: a YAML mistake is never told in
    /// libyaml's English to a Chinese user.
    func testEveryLibYAMLProblemHasItsChinese() throws {
        let sources = TestSupport.root.appendingPathComponent(".build/checkouts/Yams/Sources/CYaml/src")
        let texts = try ["scanner.c", "parser.c", "reader.c"].map {
            try String(contentsOf: sources.appendingPathComponent($0), encoding: .utf8)
        }
        // The strings libyaml hands its error setters: a problem (what was found or not) or a context ("while …").
        let problem =
            #""((?:found|did not find|could not find|mapping|block sequence|control|invalid|incomplete|input|expected|unexpected)[^"%]*)""#
        let context = #""(while [^"]*)""#
        func matches(_ pattern: String) -> Set<String> {
            Set(
                texts.flatMap { text in
                    let regex = try! NSRegularExpression(pattern: pattern)
                    return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                        String(text[Range($0.range(at: 1), in: text)!])
                    }
                })
        }
        let problems = matches(problem), contexts = matches(context)
        XCTAssertGreaterThan(problems.count, 40)
        XCTAssertEqual(problems.subtracting(LibYAMLProblems.problems.keys), [], "libyaml problems without Chinese")
        XCTAssertEqual(contexts.subtracting(LibYAMLProblems.contexts.keys), [], "libyaml contexts without Chinese")
        for chinese in Array(LibYAMLProblems.problems.values) + Array(LibYAMLProblems.contexts.values) {
            XCTAssertEqual(MessageSource.englishWords(in: chinese), [], chinese)
        }
    }

    /// The reader of the sources finds what a message is made of.
    func testTheReaderFindsCodesLiteralsAndValues() throws {
        let source = """
            log.error("x", at: nil, Message("score-above", en: "score \\(a) above \\(b.en) (\\(n == 1 ? "" : "s"))", zh: "评分 \\(a) 超过 \\(b.zh)"))
            let m = Message(en: error.text(in: .en), zh: error.text(in: .zh))
            """
        let entries = MessageSource.entries(in: source, file: "t.swift")
        XCTAssertEqual(entries.count, 2)
        XCTAssertEqual(entries[0].code, "score-above")
        XCTAssertEqual(entries[0].zh, "评分 \\(a) 超过 \\(b.zh)")
        XCTAssertEqual(MessageSource.values(entries[0].en!), ["a", "b"], "the plural's ternary is no value")
        XCTAssertEqual(MessageSource.values(entries[0].zh!), ["a", "b"])
        XCTAssertNil(entries[1].en)
        XCTAssertEqual(MessageSource.englishWords(in: "表样 zhongshan-2020 的 'scores' 不评分"), [])
        XCTAssertEqual(MessageSource.englishWords(in: "the weight 超过"), ["the", "weight"])
        XCTAssertEqual(
            MessageSource.values(#"\(first.map { " (first at line \($0.line))" } ?? "")"#),
            MessageSource.values(#"\(first.map { "（第一次在第 \($0.line) 行）" } ?? "")"#), "words chosen in each language")
    }
}

/// Reads the messages out of the Swift sources: each `Message(` with its code and its two arguments, a literal
/// (`"…"` with `\(…)` inside) or an expression.
enum MessageSource {
    struct Entry {
        var place: String
        var code: String
        var en: String?
        var zh: String?
        var enExpression: String
        var zhExpression: String
    }

    static func all() throws -> [Entry] {
        let sources = TestSupport.root.appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path } ?? []
        return try files.flatMap { url in
            entries(
                in: try String(contentsOf: url, encoding: .utf8),
                file: String(url.path.dropFirst(TestSupport.root.path.count + 1)))
        }
    }

    static func entries(in text: String, file: String) -> [Entry] {
        let characters = Array(text)
        var found: [Entry] = []
        var index = 0
        let opening = Array("Message(")
        while index + opening.count < characters.count {
            guard Array(characters[index..<index + opening.count]) == opening,
                index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber)
            else {
                index += 1
                continue
            }
            let line = characters[..<index].filter { $0 == "\n" }.count + 1
            var cursor = index + opening.count
            let arguments = splitArguments(characters, from: &cursor)
            index = cursor
            // `Message(` in a declaration or a doc comment has no `en:` argument.
            guard let enArgument = arguments.first(where: { $0.hasPrefix("en:") }),
                let zhArgument = arguments.first(where: { $0.hasPrefix("zh:") })
            else { continue }
            let code = arguments.first.flatMap { $0.hasPrefix("\"") ? literal($0) : nil } ?? ""
            let en = String(enArgument.dropFirst(3)).trimmingCharacters(in: .whitespacesAndNewlines)
            let zh = String(zhArgument.dropFirst(3)).trimmingCharacters(in: .whitespacesAndNewlines)
            found.append(
                Entry(
                    place: "\(file):\(line)", code: code, en: literal(en), zh: literal(zh), enExpression: en,
                    zhExpression: zh))
        }
        return found
    }

    /// The arguments of a call from just after its `(` to its `)`, split at top-level commas.
    static func splitArguments(_ characters: [Character], from cursor: inout Int) -> [String] {
        var arguments: [String] = []
        var current = ""
        var depth = 0
        while cursor < characters.count {
            let character = characters[cursor]
            if character == "\"" {
                let end = endOfLiteral(characters, at: cursor)
                current += String(characters[cursor..<end])
                cursor = end
                continue
            }
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) {
                if depth == 0 {
                    cursor += 1
                    break
                }
                depth -= 1
            }
            if character == "," && depth == 0 {
                arguments.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            } else {
                current.append(character)
            }
            cursor += 1
        }
        arguments.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
        return arguments
    }

    /// The index after the string literal that opens at `start` (interpolations, with literals inside, skipped).
    static func endOfLiteral(_ characters: [Character], at start: Int) -> Int {
        var index = start + 1
        while index < characters.count {
            switch characters[index] {
            case "\\":
                let opens = index + 1 < characters.count && characters[index + 1] == "("
                index = opens ? endOfInterpolation(characters, at: index) : index + 2
            case "\"": return index + 1
            default: index += 1
            }
        }
        return index
    }

    /// The index after the `)` that closes the interpolation whose `\(` starts at `start`.
    static func endOfInterpolation(_ characters: [Character], at start: Int) -> Int {
        var depth = 1
        var index = start + 2
        while index < characters.count, depth > 0 {
            if characters[index] == "\"" {
                index = endOfLiteral(characters, at: index)
                continue
            }
            if characters[index] == "(" { depth += 1 }
            if characters[index] == ")" { depth -= 1 }
            index += 1
        }
        return index
    }

    /// The content of an argument that is one string literal, else nil.
    static func literal(_ argument: String) -> String? {
        let characters = Array(argument)
        guard characters.first == "\"", endOfLiteral(characters, at: 0) == characters.count else { return nil }
        return String(characters[1..<characters.count - 1])
    }

    /// The interpolations of a literal's content, in order.
    static func interpolations(_ content: String) -> [String] {
        let characters = Array("\"" + content + "\"")
        var found: [String] = []
        var index = 1
        while index < characters.count - 1 {
            if characters[index] == "\\", characters[index + 1] == "(" {
                let end = endOfInterpolation(characters, at: index)
                found.append(String(characters[(index + 2)..<(end - 1)]))
                index = end
            } else {
                index += characters[index] == "\\" ? 2 : 1
            }
        }
        return found
    }

    /// The values a message prints: its interpolations, each language's part (`hint.en`, `text(in: .zh)`) read as
    /// the same value, the words inside them (`separator: " or "`, `?? "nothing"`) as each language's, without
    /// those that only choose words (`n == 1 ? "" : "s"`, `x ? "与资金分值" : ""`).
    static func values(_ content: String) -> Set<String> {
        Set(
            interpolations(content).filter { !choosesWords($0) }.map {
                withoutWords($0).replacingOccurrences(of: "in: .en)", with: "in: _)").replacingOccurrences(
                    of: "in: .zh)", with: "in: _)"
                )
                .replacingOccurrences(of: #"\.(en|zh)\b"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: " ", with: "")
            })
    }

    /// An expression with the contents of its string literals left out.
    static func withoutWords(_ expression: String) -> String {
        let characters = Array(expression)
        var result = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "\"" {
                index = endOfLiteral(characters, at: index)
                result += "\"\""
            } else {
                result.append(characters[index])
                index += 1
            }
        }
        return result
    }

    /// `cond ? "…" : "…"` with two literal branches (no value inside them).
    static func choosesWords(_ expression: String) -> Bool {
        expression.range(of: #"^[^"]*\? *"[^"\\]*" *: *"[^"\\]*"$"#, options: .regularExpression) != nil
    }

    /// A literal's content without its interpolations: the words the message itself says.
    static func literalText(_ content: String) -> String {
        var text = content
        for interpolation in interpolations(content) {
            text = text.replacingOccurrences(of: "\\(" + interpolation + ")", with: " ")
        }
        return text.replacingOccurrences(of: "\\n", with: " ")
    }

    /// The same message whatever values it prints: what a code must say wherever it is used.
    static func shape(_ content: String) -> String {
        var text = content
        for interpolation in interpolations(content) {
            text = text.replacingOccurrences(of: "\\(" + interpolation + ")", with: "…")
        }
        return text
    }

    static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.contains {
            (0x3400...0x9FFF).contains($0.value) || (0x20000...0x3134F).contains($0.value)
        }
    }

    /// Names the Chinese keeps as they are: what the user types or the program is called (`--form`, `form.yaml`,
    /// 'scores', `{path}`, YAML, PDF), units and system names.
    static let kept: Set<String> = [
        "YAML", "JSON", "UTF", "URI", "Unicode", "PDF", "PNG", "JPEG", "OFD", "XLSX", "CSV", "ZIP", "NUL", "GB", "Tab",
        "pt", "mm", "MB",
        "dpi",
        "id", "ID", "DIR", "libyaml", "pango", "fontconfig", "iconv", "pdftoppm", "EvalSheet", "evalsheet", "Ctrl",
        "Bold", "make", "fonts", "PREFIX", "install", "doctor", "EVALSHEET_LAYOUTS", "EVALSHEET_FONTS", "true",
        "false", "K", "N", "key", "kind", "options", "text", "money", "choice", "names", "date", "seal", "exact",
        "expected", "actual", "import", "header_en", "signoff_en", "sheet", "table", "line", "level", "slots", "merge",
        "rows", "groupHeads", "headerColumns", "goalsColumns", "fundsColumns", "signatureColumns", "points", "score",
        "scores", "weights", "notes", "declared", "funds", "goals", "signoff", "base"
    ]

    /// ASCII words of two letters or more in a text meant to be Chinese, outside what it quotes ('…', `…`, {…}),
    /// options (`--form`), paths and names with a dot, slash, dash or underscore, and the names kept as they are.
    static func englishWords(in text: String) -> [String] {
        var plain = text
        for pattern in [#"'[^']*'"#, #"`[^`]*`"#, #"\{[^}]*\}"#, #"‘[^’]*’"#, #"“[^”]*”"#] {
            plain = plain.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return plain.split(whereSeparator: { $0.isWhitespace || (!$0.isASCII) || "(),;:!?[]=<>|+*\"".contains($0) })
            .map(String.init)
            .filter { token in
                !token.hasPrefix("-") && !token.contains(where: { "./_\\-0123456789@".contains($0) })
                    && token.count >= 2 && token.allSatisfy(\.isLetter) && !kept.contains(token)
            }
    }

    /// docs/messages.md: every code once, with its English and Chinese (values shown as …), sorted by code.
    static func catalogue(_ entries: [Entry]) -> String {
        var rows: [String: (en: String, zh: String)] = [:]
        for entry in entries where !entry.code.isEmpty {
            guard let en = entry.en, let zh = entry.zh, rows[entry.code] == nil else { continue }
            rows[entry.code] = (cell(shape(en)), cell(shape(zh)))
        }
        var text = """
            # Messages

            Every message EvalSheet says, with the code the JSON report (`validate --report json`) carries and its \
            English and Chinese; `…` stands for a value (a file, a field, a figure). The interface speaks Chinese \
            when `--messages zh` is given or the locale is Chinese (`LC_ALL`, `LC_MESSAGES` or `LANG` starting with \
            `zh`), else English; the sheet's own language is `--lang`. Messages built of parts (a hint, a reason) \
            show their main part here.

            Written from the sources by `MessageCatalogueTests` (`EVALSHEET_WRITE_MESSAGES=1 swift test --filter \
            MessageCatalogueTests`), which fails when this file and the sources differ.

            | Code | English | 中文 |
            |---|---|---|

            """
        for code in rows.keys.sorted() {
            text += "| `\(code)` | \(rows[code]!.en) | \(rows[code]!.zh) |\n"
        }
        return text
    }

    /// A table cell: pipes escaped, Swift's escapes undone.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: " ").replacingOccurrences(of: "\\\"", with: "\"")
            .replacingOccurrences(of: "|", with: "\\|").trimmingCharacters(in: .whitespaces)
    }
}
