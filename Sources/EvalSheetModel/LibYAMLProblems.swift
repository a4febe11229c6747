/// libyaml's own words for a syntax error ("mapping values are not allowed", "while scanning a simple key"), in
/// Chinese too: every problem and context its reader, scanner and parser report (libyaml 0.2.5 as Yams bundles
/// it, scanner.c, parser.c and reader.c, and Yams' composer), so that a Chinese user meets no English there. A
/// problem a later libyaml adds keeps its English in the Chinese, quoted as libyaml's, so the message is never
/// missing.
enum LibYAMLProblems {
    static let problems: [String: String] = [
        "mapping values are not allowed in this context": "此处不能有冒号后的值",
        "mapping keys are not allowed in this context": "此处不能有键",
        "block sequence entries are not allowed in this context": "此处不能有列表项 '-'",
        "found character that cannot start any token": "这个字符不能开始一个值",
        "could not find expected ':'": "找不到应有的 ':'",
        "could not find expected directive name": "找不到应有的指令名",
        "did not find URI escaped octet": "找不到应有的 URI 转义字节",
        "did not find expected '!'": "找不到应有的 '!'",
        "did not find expected key": "找不到应有的键",
        "did not find expected '-' indicator": "找不到应有的列表项 '-'",
        "did not find expected node content": "找不到应有的值",
        "did not find expected ',' or ']'": "找不到应有的 ',' 或 ']'",
        "did not find expected ',' or '}'": "找不到应有的 ',' 或 '}'",
        "did not find expected <document start>": "找不到文档的开始",
        "did not find expected <stream-start>": "找不到文件的开始",
        "did not find expected comment or line break": "值后面应是注释或换行",
        "did not find expected alphabetic or numeric character": "找不到应有的字母或数字",
        "did not find expected digit or '.' character": "找不到应有的数字或 '.'",
        "did not find expected hexdecimal number": "找不到应有的十六进制数",
        "did not find expected tag URI": "找不到应有的标签 URI",
        "did not find expected version number": "找不到应有的版本号",
        "did not find expected whitespace": "找不到应有的空白",
        "did not find expected whitespace or line break": "找不到应有的空白或换行",
        "did not find the expected '>'": "找不到应有的 '>'",
        "expected low surrogate area": "缺少 UTF-16 低位代理",
        "found a tab character that violates indentation": "缩进处有制表符，应为空格",
        "found a tab character where an indentation space is expected": "缩进处有制表符，应为空格",
        "found an incorrect leading UTF-8 octet": "UTF-8 首字节不正确",
        "found an incorrect trailing UTF-8 octet": "UTF-8 后续字节不正确",
        "found an indentation indicator equal to 0": "缩进指示符不能为 0",
        "found duplicate %TAG directive": "%TAG 指令重复",
        "found duplicate %YAML directive": "%YAML 指令重复",
        "found extremely long version number": "版本号太长",
        "found incompatible YAML document": "YAML 文档的版本不兼容",
        "found invalid Unicode character escape code": "无效的 Unicode 转义码",
        "found undefined tag handle": "引用了未定义的标签",
        "found unexpected ':'": "出现了意外的 ':'",
        "found unexpected document indicator": "值中出现了文档分隔符（--- 或 ...）",
        "found unexpected end of stream": "文件意外结束",
        "found unexpected non-alphabetical character": "出现了意外的非字母字符",
        "found unknown directive name": "未知的指令名",
        "found unknown escape character": "未知的转义字符",
        "found undefined alias": "引用了未定义的锚点",
        "control characters are not allowed": "文件含有控制字符",
        "incomplete UTF-16 character": "不完整的 UTF-16 字符",
        "incomplete UTF-16 surrogate pair": "不完整的 UTF-16 代理对",
        "incomplete UTF-8 octet sequence": "不完整的 UTF-8 字节序列",
        "input error": "读取出错",
        "input is too long": "输入太长",
        "invalid Unicode character": "无效的 Unicode 字符",
        "invalid leading UTF-8 octet": "无效的 UTF-8 首字节",
        "invalid length of a UTF-8 sequence": "UTF-8 序列长度无效",
        "invalid trailing UTF-8 octet": "无效的 UTF-8 后续字节",
        "unexpected low surrogate area": "意外的 UTF-16 低位代理",
        "expected a single document in the stream": "文件中应只有一个文档",
        "but found another document": "却又有一个文档"
    ]

    static let contexts: [String: String] = [
        "while scanning a simple key": "读取键时",
        "while scanning a quoted scalar": "读取带引号的值时",
        "while scanning a plain scalar": "读取值时",
        "while scanning a block scalar": "读取多行文本时",
        "while scanning an anchor": "读取锚点时",
        "while scanning an alias": "读取引用时",
        "while scanning a tag": "读取标签时",
        "while scanning a directive": "读取指令时",
        "while scanning a %TAG directive": "读取 %TAG 指令时",
        "while scanning a %YAML directive": "读取 %YAML 指令时",
        "while scanning a tag directive": "读取标签指令时",
        "while scanning for the next token": "读取下一项时",
        "while parsing a block mapping": "读取键值块时",
        "while parsing a block collection": "读取列表时",
        "while parsing a flow sequence": "读取方括号列表时",
        "while parsing a flow mapping": "读取花括号映射时",
        "while parsing a flow node": "读取值时",
        "while parsing a block node": "读取值时",
        "while parsing a node": "读取值时",
        "while parsing a quoted scalar": "读取带引号的值时",
        "while parsing a tag": "读取标签时",
        "while parsing a tag directive": "读取标签指令时",
        "while parsing a %TAG directive": "读取 %TAG 指令时",
        "while parsing": "读取时"
    ]

    /// `problem context` in English, `context，problem` in Chinese.
    static func explained(_ problem: String, context: String?) -> Message {
        let english = context.map { "\(problem) \($0)" } ?? problem
        guard let chinese = problems[problem] else {
            return Message(en: english, zh: "libyaml 报告：\(english)")
        }
        // A context not listed is left out of the Chinese: the problem itself says what is wrong.
        let during = context.flatMap { contexts[$0] }.map { "\($0)，" } ?? ""
        return Message(en: english, zh: during + chinese)
    }
}
