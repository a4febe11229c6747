/// libyaml's own words for a syntax error ("mapping values are not allowed", "while scanning a simple key"), in
/// Chinese too: the problems and contexts its scanner and parser report (libyaml 0.2.5, scanner.c and parser.c).
/// A problem not listed keeps libyaml's English in both, quoted as libyaml's (it names a rare construct:
/// directives, tags), so the message is never missing.
enum LibYAMLProblems {
    static let problems: [String: String] = [
        "mapping values are not allowed in this context": "此处不能有冒号后的值",
        "mapping keys are not allowed in this context": "此处不能有键",
        "block sequence entries are not allowed in this context": "此处不能有列表项 '-'",
        "found character that cannot start any token": "这个字符不能开始一个值",
        "could not find expected ':'": "找不到应有的 ':'",
        "did not find expected key": "找不到应有的键",
        "did not find expected '-' indicator": "找不到应有的列表项 '-'",
        "did not find expected node content": "找不到应有的值",
        "did not find expected ',' or ']'": "找不到应有的 ',' 或 ']'",
        "did not find expected ',' or '}'": "找不到应有的 ',' 或 '}'",
        "did not find expected <document start>": "找不到文档的开始",
        "did not find expected comment or line break": "值后面应是注释或换行",
        "found unexpected end of stream": "文件意外结束",
        "found unknown escape character": "未知的转义字符",
        "found unexpected document indicator": "值中出现了文档分隔符（--- 或 ...）",
        "found a tab character where an indentation space is expected": "缩进处有制表符，应为空格",
        "found a tab character that violates indentation": "缩进处有制表符，应为空格",
        "did not find expected alphabetic or numeric character": "找不到应有的字母或数字",
        "found undefined alias": "引用了未定义的锚点",
        "control characters are not allowed": "文件含有控制字符",
        "invalid leading UTF-8 octet": "无效的 UTF-8 字节",
        "incomplete UTF-8 octet sequence": "不完整的 UTF-8 字节序列",
        "found unexpected ':'": "出现了意外的 ':'"
    ]

    static let contexts: [String: String] = [
        "while scanning a simple key": "读取键时",
        "while scanning a quoted scalar": "读取带引号的值时",
        "while scanning a plain scalar": "读取值时",
        "while scanning a block scalar": "读取多行文本时",
        "while parsing a block mapping": "读取键值块时",
        "while parsing a block collection": "读取列表时",
        "while parsing a flow sequence": "读取方括号列表时",
        "while parsing a flow mapping": "读取花括号映射时",
        "while parsing a flow node": "读取值时",
        "while parsing a block node": "读取值时",
        "while scanning an anchor": "读取锚点时",
        "while scanning an alias": "读取引用时",
        "while scanning a tag": "读取标签时",
        "while parsing a node": "读取值时"
    ]

    /// `problem context` in English, `context，problem` in Chinese.
    static func explained(_ problem: String, context: String?) -> Message {
        let english = context.map { "\(problem) \($0)" } ?? problem
        guard let chinese = problems[problem] else {
            return Message(en: english, zh: "libyaml 报告：\(english)")
        }
        let during = context.map { contexts[$0] ?? "（\($0)）" }.map { "\($0)，" } ?? ""
        return Message(en: english, zh: during + chinese)
    }
}
