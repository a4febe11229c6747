import Foundation
import Yams

/// A read-only view of a parsed YAML (or JSON) document that keeps every value's position and
/// records problems instead of throwing. Loaders read fields through it; unknown keys are reported.
public struct YAMLValue {
    let node: Node
    public let path: String

    public var position: SourcePosition? {
        node.mark.map { SourcePosition(line: $0.line, column: $0.column) }
    }

    /// The scalar's text exactly as written (no YAML 1.1 type guessing: `0123` stays `0123`).
    public var scalarText: String? {
        if case let .scalar(scalar) = node { return scalar.string }
        return nil
    }

    public var isNull: Bool {
        if case let .scalar(scalar) = node {
            return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    public var isMapping: Bool { if case .mapping = node { return true } else { return false } }

    public var sequence: [YAMLValue]? {
        guard case let .sequence(items) = node else { return nil }
        return items.enumerated().map { YAMLValue(node: $0.element, path: "\(path)[\($0.offset)]") }
    }

    /// Key-value pairs in document order, keys as written.
    public var mapping: [(key: String, keyPosition: SourcePosition?, value: YAMLValue)]? {
        guard case let .mapping(pairs) = node else { return nil }
        return pairs.map { pair in
            let key = pair.key.string ?? "\(pair.key)"
            let sub = path.isEmpty ? key : "\(path).\(key)"
            return (
                key, pair.key.mark.map { SourcePosition(line: $0.line, column: $0.column) },
                YAMLValue(node: pair.value, path: sub)
            )
        }
    }

    public var kindName: Message {
        switch node {
        case .scalar: return Message(en: "a scalar", zh: "单个值")
        case .mapping: return Message(en: "a mapping", zh: "键值映射")
        case .sequence: return Message(en: "a list", zh: "列表")
        case .alias: return Message(en: "an alias", zh: "别名")
        }
    }
}

/// Parses text into a `YAMLValue`, turning libyaml's errors into diagnostics with positions.
public enum YAMLDocument {
    /// Largest input accepted; an evaluation is a few hundred KB at most.
    public static let maximumBytes = 8 << 20

    public static func parse(_ data: Data, log: inout DiagnosticLog) -> YAMLValue? {
        if data.count > maximumBytes {
            log.error(
                "", at: nil,
                Message(
                    "file-too-large", en: "file is \(data.count) bytes; the limit is \(maximumBytes)",
                    zh: "文件有 \(data.count) 字节，超过上限 \(maximumBytes) 字节"))
            return nil
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            let offset = firstInvalidUTF8Offset(bytes)
            let position = offset.map { positionOf(byteOffset: $0, in: bytes) }
            log.error(
                "", at: position,
                Message(
                    "not-utf8", en: "the file is not valid UTF-8 text",
                    zh: "文件不是有效的 UTF-8 文本（请以 UTF-8 编码保存）"))
            return nil
        }
        if let nul = bytes.firstIndex(of: 0) {
            log.error(
                "", at: positionOf(byteOffset: nul - bytes.startIndex, in: bytes),
                Message(
                    "nul-bytes", en: "the file contains NUL bytes; it is not a text file",
                    zh: "文件含有 NUL 字节，不是文本文件"))
            return nil
        }
        do {
            // The basic resolver: scalars are read as text (`scalarText`), so Yams' default resolver
            // only matched seven regular expressions against every mapping key while checking for
            // duplicates (ICU's first use included): about 3 ms of a cold render's 12–18 ms load.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                log.error(
                    "", at: SourcePosition(line: 1, column: 1),
                    Message("empty-file", en: "the file is empty", zh: "文件是空的"))
                return nil
            }
            return YAMLValue(node: node, path: "")
        } catch let error as YamlError {
            let (position, problem) = describe(error, bytes: bytes)
            let hints = YAMLHints.explain(text, failedAt: position?.line)
            guard !hints.isEmpty else {
                log.error(
                    "", at: position,
                    Message("yaml-syntax", en: "YAML syntax error: \(problem.en)", zh: "YAML 格式错误：\(problem.zh)"))
                return nil
            }
            // The mistake in people's words where it is; libyaml's own words once, for reference.
            let at = position.map { "\($0.line):\($0.column)" }
            let reference = Message(
                en: " (YAML: \(problem.en)\(at.map { " at \($0)" } ?? ""))",
                zh: "（YAML：\(problem.zh)\(at.map { "，位于 \($0)" } ?? "")）")
            for (index, hint) in hints.enumerated() {
                log.error(
                    "", at: SourcePosition(line: hint.line, column: hint.column),
                    hint.message + (index == 0 ? reference : .empty))
            }
        } catch {
            log.error(
                "", at: nil,
                Message("yaml-syntax", en: "YAML syntax error: \(error)", zh: "YAML 格式错误：libyaml 报告 \(error)"))
        }
        return nil
    }

    static func describe(_ error: YamlError, bytes: Data) -> (SourcePosition?, Message) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = LibYAMLProblems.explained(problem, context: context?.text)
            return (SourcePosition(line: mark.line, column: mark.column), detail)
        case let .reader(problem, offset, _, _):
            return (
                offset.map { positionOf(byteOffset: min($0, bytes.count), in: bytes) },
                LibYAMLProblems.explained(problem, context: nil)
            )
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (
                SourcePosition(line: context.mark.line, column: context.mark.column),
                Message(en: "duplicate key\(duplicates.count > 1 ? "s" : "") \(keys)", zh: "键 \(keys) 重复")
            )
        default:
            return (nil, Message(en: "\(error)", zh: "libyaml 报告：\(error)"))
        }
    }

    static func firstInvalidUTF8Offset(_ data: Data) -> Int? {
        var index = 0
        let bytes = [UInt8](data)
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            if index + length > bytes.count { return index }
            if length > 1, !bytes[(index + 1)..<(index + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) { return index }
            index += length
        }
        return nil
    }

    static func positionOf(byteOffset: Int, in data: Data) -> SourcePosition {
        let prefix = data.prefix(byteOffset)
        let line = prefix.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? prefix.startIndex
        let column = String(decoding: data[lineStart..<(prefix.endIndex)], as: UTF8.self).unicodeScalars.count + 1
        return SourcePosition(line: line, column: column)
    }
}
