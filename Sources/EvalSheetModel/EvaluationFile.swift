import Foundation
import Yams

/// The one writer of evaluation files (`import`, and every command that writes them). A new file is written as
/// `EvaluationYAML` writes a draft; an existing one is updated in place: only the values whose meaning changed
/// are rewritten, where they stand, and everything else (comments, key order, quoting, blank lines, a date
/// written 2021年8月16日) is kept byte for byte. Values are compared as the loader reads them, so an unchanged
/// round trip (export, then import into the same folder) leaves the file as it was.
public enum EvaluationFile {
    public enum Outcome: Equatable, Sendable {
        case created
        case unchanged
        /// Updated in place; the fields whose values changed (`scores.pm-rules`, `signoff.date`).
        case updated([String])
    }

    /// A path inside a folder that names an evaluation file: relative, no `..`, a .yaml or .yml name (what an
    /// export's 文件 column holds; anything else there is refused, so a row never writes outside its folder).
    public static func isPlainRelativePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.hasPrefix("/") && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." || $0.hasPrefix(".") }
            && ["yaml", "yml"].contains((path as NSString).pathExtension.lowercased())
            && !path.unicodeScalars.contains { $0.value < 0x20 || $0 == "\\" }
    }

    public struct Refusal: MessageError, Sendable {
        public var message: Message
    }

    /// Writes `draft` to `url` atomically: created, or updated in place. An existing file that cannot be updated
    /// in place (it does not load as an evaluation of `form`) is refused, or with `replacing` replaced whole, by
    /// a rename over it: a write that fails leaves the old file as it was.
    @discardableResult
    public static func write(_ draft: EvaluationDraft, to url: URL, form: Form, replacing: Bool = false) throws
        -> Outcome
    {
        func whole() throws -> Outcome {
            try AtomicFile.write(Data(EvaluationYAML.write(draft).utf8), to: url)
            return .created
        }
        guard FileManager.default.fileExists(atPath: url.path) else { return try whole() }
        do {
            guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
                throw Refusal(
                    message: Message(
                        "existing-not-text", en: "\(url.path) exists and cannot be read as text; not overwritten",
                        zh: "\(url.path) 已存在且不能作为文本读取；未覆盖"))
            }
            let (updated, outcome) = try self.updated(text, to: draft, form: form, file: url.path)
            if outcome != .unchanged { try AtomicFile.write(Data(updated.utf8), to: url) }
            return outcome
        } catch is Refusal where replacing {
            return try whole()
        }
    }

    /// `existing` changed to hold `draft`'s values, and what changed.
    public static func updated(_ existing: String, to draft: EvaluationDraft, form: Form, file: String) throws -> (
        String, Outcome
    ) {
        var log = DiagnosticLog(file: file)
        guard let evaluation = EvaluationLoader.load(data: Data(existing.utf8), file: file, log: &log) else {
            throw Refusal(
                message:
                    Message(
                        "existing-not-evaluation",
                        en:
                            "\(file) exists but does not load as an evaluation (\(log.entries.first.map { "\($0)" } ?? "unreadable")); not overwritten",
                        zh: "\(file) 已存在，但不能作为评价文件读取（\(log.entries.first.map { "\($0)" } ?? "无法读取")）；未覆盖")
            )
        }
        guard evaluation.formID == draft.formID else {
            throw Refusal(
                message:
                    Message(
                        "existing-other-form",
                        en:
                            "\(file) is an evaluation of form \(evaluation.formID), not \(draft.formID); not overwritten",
                        zh: "\(file) 是表样 \(evaluation.formID) 的评价，不是 \(draft.formID) 的；未覆盖"))
        }
        let before = Canonical(EvaluationDraft(evaluation, form: form), form: form)
        let after = Canonical(draft, form: form)
        let changes = after.changedPaths(from: before)
        if changes.isEmpty { return (existing, .unchanged) }
        // A file in flow style (JSON) has no lines to change one at a time.
        let opening = existing.split(separator: "\n").first { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }?.trimmingCharacters(in: .whitespaces).first
        guard opening != "{", let document = try? Yams.compose(yaml: existing), case let .mapping(root) = document,
            root.style != .flow
        else {
            throw Refusal(
                message:
                    Message(
                        "existing-not-block-yaml",
                        en:
                            "\(file) is not block-style YAML (a JSON evaluation?); its values cannot be changed in place: not overwritten",
                        zh: "\(file) 不是块格式的 YAML（是 JSON 评价文件？）；不能就地修改其中的值：未覆盖")
            )
        }
        var patcher = TextPatcher(existing)
        patcher.apply(after, before: before, root: root)
        // What was written must read back as the draft: if a construct of the file defeated the patch (an anchor,
        // a flow mapping spread over lines), nothing is written.
        var check = DiagnosticLog(file: file)
        guard let reread = EvaluationLoader.load(data: Data(patcher.text.utf8), file: file, log: &check),
            Canonical(EvaluationDraft(reread, form: form), form: form).changedPaths(from: after).isEmpty
        else {
            throw Refusal(
                message:
                    Message(
                        "layout-not-kept",
                        en:
                            "\(file): its layout could not be kept while changing \(changes.joined(separator: ", ")); not overwritten",
                        zh: "\(file)：修改 \(changes.joined(separator: ", ")) 时无法保持原有格式；未覆盖")
            )
        }
        return (patcher.text, .updated(changes))
    }

    /// A draft as `EvaluationYAML` writes it (comments left out), read back into entries: each top-level key with its text, and the
    /// keys of its mapping, each with its text (the writer puts one per line, two spaces in).
    struct Canonical {
        struct Entry {
            var key: String
            /// The entry's lines as written, the key's line first.
            var lines: [String]
            var children: [Entry]
        }

        var entries: [Entry] = []

        /// Amounts of the header as the sheet prints them (a workbook saved again by Excel or openpyxl turns
        /// 1268.50 into 1268.5: the same amount, not a change).
        init(_ draft: EvaluationDraft, form: Form) {
            var copy = draft
            copy.comments = []
            for (index, entry) in copy.header.enumerated() {
                if let field = form.header.first(where: { $0.id == entry.id }), field.kind == .money,
                    let amount = ExactDecimal.parse(entry.value)
                {
                    copy.header[index].value = ExactDecimal.format(amount, decimals: field.decimals)
                }
            }
            let lines = EvaluationYAML.write(copy).split(separator: "\n", omittingEmptySubsequences: false).map(
                String.init)
            entries = Self.entries(lines, indent: 0)
        }

        static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

        static func key(_ line: String, indent: Int) -> String? {
            let body = line.dropFirst(indent)
            guard let colon = body.firstIndex(of: ":"), !body.hasPrefix("-"), !body.hasPrefix("#") else { return nil }
            return String(body[..<colon])
        }

        static func entries(_ lines: [String], indent: Int) -> [Entry] {
            var result: [Entry] = []
            for line in lines where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                if Self.indent(line) == indent, let key = key(line, indent: indent) {
                    result.append(Entry(key: key, lines: [line], children: []))
                } else if Self.indent(line) > indent, !result.isEmpty {
                    result[result.count - 1].lines.append(line)
                }
            }
            if indent == 0 {
                for index in result.indices where result[index].lines.count > 1 {
                    result[index].children = entries(Array(result[index].lines.dropFirst()), indent: 2)
                }
            }
            return result
        }

        func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }

        /// The fields (`scores.x`, `year`) whose text differs, or that one of the two lacks, in the order
        /// they are written.
        func changedPaths(from other: Canonical) -> [String] {
            var paths: [String] = []
            let keys =
                entries.map(\.key) + other.entries.map(\.key).filter { key in !entries.contains { $0.key == key } }
            for key in keys {
                let mine = entry(key), theirs = other.entry(key)
                guard mine?.lines != theirs?.lines else { continue }
                let children = (mine?.children ?? []).map(\.key) + (theirs?.children ?? []).map(\.key)
                var seen = Set<String>()
                let changed = children.filter { seen.insert($0).inserted }.filter { child in
                    mine?.children.first { $0.key == child }?.lines != theirs?.children.first { $0.key == child }?.lines
                }
                paths += changed.isEmpty ? [key] : changed.map { "\(key).\($0)" }
            }
            return paths
        }
    }

    /// Edits of a file's lines, made where each value stands and applied from the bottom up.
    struct TextPatcher {
        var lines: [String]
        let endsWithNewline: Bool
        /// Replacements of line ranges, by their first line (0-based).
        var edits: [(range: Range<Int>, lines: [String])] = []

        init(_ text: String) {
            endsWithNewline = text.hasSuffix("\n")
            lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if endsWithNewline { lines.removeLast() }
        }

        var text: String {
            var result = lines
            for edit in edits.sorted(by: {
                ($0.range.lowerBound, $0.range.upperBound) > ($1.range.lowerBound, $1.range.upperBound)
            }) {
                result.replaceSubrange(edit.range, with: edit.lines)
            }
            return result.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
        }

        /// A key of a block mapping, with the lines its entry spans.
        struct Placed {
            var key: String
            var line: Int  // 0-based
            var column: Int  // 0-based, in characters
            var end: Int  // the line after its last
            var value: Node
        }

        func placed(_ mapping: Node.Mapping) -> [Placed] {
            mapping.compactMap { pair -> Placed? in
                guard let key = pair.key.string, let mark = pair.key.mark else { return nil }
                return Placed(key: key, line: mark.line - 1, column: mark.column - 1, end: mark.line, value: pair.value)
            }.map { entry in
                var entry = entry
                entry.end = end(of: entry)
                return entry
            }
        }

        /// The line after an entry's last: its lines are the key's and those indented deeper (or, for a block
        /// list, as deep and starting with `-`); blank and comment lines after its last value belong to what
        /// follows.
        func end(of entry: Placed) -> Int {
            var last = entry.line
            var index = entry.line + 1
            let listAtSameIndent: Bool = {
                if case let .sequence(list) = entry.value { return list.style != .flow } else { return false }
            }()
            while index < lines.count {
                let line = lines[index]
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { index += 1; continue }
                let indent = line.prefix { $0 == " " }.count
                guard indent > entry.column || (listAtSameIndent && indent == entry.column && trimmed.hasPrefix("-"))
                else { break }
                last = index
                index += 1
            }
            return last + 1
        }

        /// The canonical entry's lines at another indentation.
        static func reindented(_ lines: [String], from: Int, to: Int) -> [String] {
            lines.map { String(repeating: " ", count: to) + $0.dropFirst(min(from, $0.prefix { $0 == " " }.count)) }
        }

        mutating func apply(_ after: Canonical, before: Canonical, root: Node.Mapping) {
            let top = placed(root)
            for key in orderedKeys(after.entries.map(\.key), before.entries.map(\.key)) {
                let new = after.entry(key), old = before.entry(key)
                guard new?.lines != old?.lines else { continue }
                let here = top.first { $0.key == key }
                switch (new, here) {
                case let (new?, here?):
                    if case let .mapping(mapping) = here.value, mapping.style != .flow, !new.children.isEmpty,
                        !placed(mapping).isEmpty
                    {
                        applyChildren(new, old: old, mapping: mapping, parent: here)
                    } else {
                        replace(here, with: new, indent: 0)
                    }
                case let (new?, nil):
                    // A section after a blank line, as the writer puts it; a one-line entry (`draft: true`) without.
                    insert(
                        new, after: previous(key, in: after.entries.map(\.key), among: top), fallbackLine: lines.count,
                        indent: 0,
                        blankBefore: new.lines.count > 1)
                case let (nil, here?):
                    edits.append((here.line..<here.end, []))
                case (nil, nil):
                    break
                }
            }
        }

        /// Changes inside a block mapping (`scores:`), one child at a time.
        mutating func applyChildren(
            _ new: Canonical.Entry, old: Canonical.Entry?, mapping: Node.Mapping, parent: Placed
        ) {
            let children = placed(mapping)
            let keys = orderedKeys(new.children.map(\.key), old?.children.map(\.key) ?? [])
            // A child the file does not have yet goes at its siblings' indentation.
            let indent = children.first?.column ?? parent.column + 2
            for key in keys {
                let newChild = new.children.first { $0.key == key }, oldChild = old?.children.first { $0.key == key }
                guard newChild?.lines != oldChild?.lines else { continue }
                let here = children.first { $0.key == key }
                switch (newChild, here) {
                case let (child?, here?):
                    if !replaceItems(here, with: child, old: oldChild) {
                        replace(here, with: child, indent: here.column)
                    }
                case let (child?, nil):
                    insert(
                        child, after: previous(key, in: new.children.map(\.key), among: children),
                        fallbackLine: children.first?.line ?? parent.line + 1, indent: indent, blankBefore: false)
                case let (nil, here?): edits.append((here.line..<here.end, []))
                case (nil, nil): break
                }
            }
        }

        /// A value replaced where it stands: on its own line only the value (the key and a comment after it
        /// stay); otherwise the whole entry, at the entry's indentation.
        mutating func replace(_ here: Placed, with new: Canonical.Entry, indent: Int) {
            let canonicalIndent = Canonical.indent(new.lines[0])
            if new.lines.count == 1, here.end == here.line + 1, let mark = here.value.mark, mark.line - 1 == here.line,
                let value = Self.inlineValue(new.lines[0]),
                !Self.isBlockScalarStart(lines[here.line], column: mark.column - 1)
            {
                let line = Array(lines[here.line])
                let start = mark.column - 1
                if let end = Self.scalarEnd(line, from: start) {
                    edits.append((here.line..<here.line + 1, [String(line[..<start]) + value + String(line[end...])]))
                    return
                }
            }
            edits.append((here.line..<here.end, Self.reindented(new.lines, from: canonicalIndent, to: indent)))
        }

        /// A block list's changed items rewritten one at a time where each stands (one declared indicator's line,
        /// not its group's), when the list keeps its length; false when it cannot be done so.
        mutating func replaceItems(_ here: Placed, with new: Canonical.Entry, old: Canonical.Entry?) -> Bool {
            guard case let .sequence(list) = here.value, list.style != .flow, let old else { return false }
            let newItems = Array(new.lines.dropFirst()), oldItems = Array(old.lines.dropFirst())
            guard newItems.count == oldItems.count, newItems.count == list.count,
                newItems.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") })
            else { return false }
            let starts = list.compactMap { $0.mark.map { $0.line - 1 } }
            guard starts.count == list.count, zip(starts, starts.dropFirst()).allSatisfy({ $0 < $1 }),
                starts.first.map({ $0 > here.line }) == true
            else { return false }
            for index in newItems.indices where newItems[index] != oldItems[index] {
                let start = starts[index]
                var end = index + 1 < starts.count ? starts[index + 1] : here.end
                // Blank and comment lines before the next item stay.
                while end > start + 1 {
                    let trimmed = lines[end - 1].trimmingCharacters(in: .whitespaces)
                    guard trimmed.isEmpty || trimmed.hasPrefix("#") else { break }
                    end -= 1
                }
                let indent = lines[start].prefix { $0 == " " }.count
                edits.append(
                    (
                        start..<end,
                        Self.reindented([newItems[index]], from: Canonical.indent(newItems[index]), to: indent)
                    ))
            }
            return true
        }

        mutating func insert(
            _ new: Canonical.Entry, after previous: Placed?, fallbackLine: Int, indent: Int, blankBefore: Bool
        ) {
            let at = previous?.end ?? fallbackLine
            let body = Self.reindented(new.lines, from: Canonical.indent(new.lines[0]), to: indent)
            edits.append((at..<at, (blankBefore ? [""] : []) + body))
        }

        /// The entry written before `key` in the canonical order that the file has.
        func previous(_ key: String, in order: [String], among placed: [Placed]) -> Placed? {
            guard let index = order.firstIndex(of: key) else { return nil }
            for earlier in order[..<index].reversed() {
                if let found = placed.first(where: { $0.key == earlier }) { return found }
            }
            return nil
        }

        func orderedKeys(_ first: [String], _ second: [String]) -> [String] {
            var seen = Set<String>()
            return (first + second).filter { seen.insert($0).inserted }
        }

        /// The text after `key: ` of a one-line canonical entry.
        static func inlineValue(_ line: String) -> String? {
            guard let range = line.range(of: ": ") else { return nil }
            return String(line[range.upperBound...])
        }

        /// Whether the value at `column` is a block scalar (`|` or `>`), whose text is on the lines below.
        static func isBlockScalarStart(_ line: String, column: Int) -> Bool {
            let characters = Array(line)
            return column < characters.count && (characters[column] == "|" || characters[column] == ">")
        }

        /// Where a one-line value that starts at `start` ends: a quoted scalar at its closing quote, a flow
        /// collection at its closing bracket, a plain scalar before a comment or the line's end (trailing
        /// spaces left out). Nil when the value does not end on this line.
        static func scalarEnd(_ line: [Character], from start: Int) -> Int? {
            guard start < line.count else { return nil }
            var index = start
            switch line[start] {
            case "\"":
                index += 1
                while index < line.count {
                    if line[index] == "\\" { index += 2; continue }
                    if line[index] == "\"" { return index + 1 }
                    index += 1
                }
                return nil
            case "'":
                index += 1
                while index < line.count {
                    if line[index] == "'" {
                        if index + 1 < line.count && line[index + 1] == "'" { index += 2; continue }
                        return index + 1
                    }
                    index += 1
                }
                return nil
            case "{", "[":
                var depth = 0
                var quote: Character?
                while index < line.count {
                    let character = line[index]
                    if let open = quote {
                        if character == "\\" && open == "\"" { index += 2; continue }
                        if character == open { quote = nil }
                    } else if character == "\"" || character == "'" {
                        quote = character
                    } else if character == "{" || character == "[" {
                        depth += 1
                    } else if character == "}" || character == "]" {
                        depth -= 1
                        if depth == 0 { return index + 1 }
                    }
                    index += 1
                }
                return nil
            default:
                while index < line.count {
                    if line[index] == "#" && index > start && line[index - 1] == " " { break }
                    index += 1
                }
                while index > start && line[index - 1] == " " { index -= 1 }
                return index
            }
        }
    }
}
