/// People's explanations of the YAML mistakes that libyaml reports in its own terms ("found character that
/// cannot start any token", "mapping values are not allowed in this context"), at the line where the mistake
/// is rather than where libyaml noticed it: a tab in the indentation, a full-width colon typed by a Chinese
/// input method, a key indented differently from the keys of its block. Used only when parsing failed.
enum YAMLHints {
    struct Hint: Equatable {
        var line: Int
        var column: Int
        var message: Message
    }

    static func explain(_ text: String, failedAt line: Int?) -> [Hint] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
        var hints = tabs(lines) + fullWidthColons(lines)
        if hints.isEmpty, let hint = indentation(lines, upTo: line ?? lines.count) { hints.append(hint) }
        return hints
    }

    /// A tab anywhere in a line's indentation.
    static func tabs(_ lines: [String]) -> [Hint] {
        lines.enumerated().compactMap { index, line in
            let indentation = line.prefix { $0 == " " || $0 == "\t" }
            guard let tab = indentation.firstIndex(of: "\t") else { return nil }
            return Hint(
                line: index + 1, column: indentation.distance(from: indentation.startIndex, to: tab) + 1,
                message: Message(
                    "yaml-tab",
                    en: "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces",
                    zh: "缩进中有制表符（Tab）：YAML 只能用空格缩进，请把制表符换成空格"))
        }
    }

    /// `unit：中山市`: a key followed by a full-width colon and no ASCII colon.
    static func fullWidthColons(_ lines: [String]) -> [Hint] {
        lines.enumerated().compactMap { index, line in
            var body = Substring(line.drop { $0 == " " })
            if body.hasPrefix("- ") { body = body.dropFirst(2).drop { $0 == " " } }
            guard let colon = body.firstIndex(of: "："), let first = body.first, !"#\"'[{|>".contains(first) else {
                return nil
            }
            let key = body[..<colon]
            guard !key.isEmpty, !key.contains(":"), !key.contains(" ") || key.count < 24 else { return nil }
            let column = line.distance(from: line.startIndex, to: colon) + 1
            return Hint(
                line: index + 1, column: column,
                message: Message(
                    "yaml-full-width-colon",
                    en:
                        "'：' after '\(key)' is a full-width colon; YAML needs ':' and a space after a key ('\(key): …')",
                    zh: "'\(key)' 后的 '：' 是全角冒号；YAML 的键后要用半角 ':' 加一个空格（'\(key): …'）"))
        }
    }

    /// The first line, up to the one libyaml stopped at, indented unlike the block it belongs to.
    static func indentation(_ lines: [String], upTo last: Int) -> Hint? {
        var blocks: [Int] = [0]  // the indentation of each open block, innermost last
        var opens = false  // the previous line ends with ':' and opens a block
        var itemIndent: Int?  // after `- key: value`, the item's further keys stand here
        var scalarAbove: Int?  // inside a block scalar (| or >) opened at this indentation
        var previous = 0  // the indentation of the line above
        func misplaced(_ index: Int, _ key: Substring, _ indent: Int) -> Hint {
            Hint(
                line: index + 1, column: indent + 1,
                message: Message(
                    "yaml-indentation",
                    en:
                        "'\(key)' is indented \(indent) space\(indent == 1 ? "" : "s") where the line above has \(previous) and opens no block; indent the keys of one block alike",
                    zh: "'\(key)' 缩进 \(indent) 个空格，而上一行缩进 \(previous) 个空格且没有开始新的一层；同一层的键要缩进相同"))
        }
        for (index, raw) in lines.prefix(max(0, last)).enumerated() {
            let content = raw.drop { $0 == " " }
            guard !content.isEmpty, !content.hasPrefix("#") else { continue }
            let indent = raw.count - content.count
            if let above = scalarAbove {
                if indent > above { continue }
                scalarAbove = nil
            }
            let code =
                content.split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let key = content.prefix { $0 != ":" && $0 != " " }
            if opens {
                if indent <= blocks.last! && !content.hasPrefix("- ") {
                    // An empty block (`scores:` followed by a sibling) is a null value, which is valid YAML.
                    while let top = blocks.last, top > indent { blocks.removeLast() }
                } else {
                    blocks.append(indent)
                }
            } else if indent > blocks.last! && indent != itemIndent {
                return misplaced(index, key, indent)
            } else if indent < blocks.last! {
                while let top = blocks.last, top > indent { blocks.removeLast() }
                if blocks.last != indent && indent != itemIndent { return misplaced(index, key, indent) }
            }
            if indent == itemIndent, let top = blocks.last, top < indent { blocks.append(indent) }
            opens = code.hasSuffix(":")
            previous = indent
            itemIndent =
                content.hasPrefix("- ") && code.contains(": ")
                ? indent + 2 : (indent >= (itemIndent ?? .max) ? itemIndent : nil)
            if code.hasSuffix("|") || code.hasSuffix(">") || code.hasSuffix("|-") || code.hasSuffix(">-") {
                scalarAbove = indent
            }
        }
        return nil
    }
}
