import EvalSheet

/// The preview's own words in one language, following `--lang` (zh and zh-en: Chinese; en: English), so
/// that its interface does not mix the two.
struct PreviewText: Sendable {
    let english: Bool

    init(_ language: Language) { english = language == .en }

    func pick(_ zh: String, _ en: String) -> String { english ? en : zh }

    var htmlLanguage: String { english ? "en" : "zh-CN" }
    /// The problems a page lists speak the page's language.
    var interface: InterfaceLanguage { english ? .en : .zh }
    var title: String { pick("EvalSheet 预览", "EvalSheet preview") }
    func count(_ count: Int, in folder: String) -> String {
        pick(
            "\(folder) 中共 \(count) 份评价；文件改动后页面自动刷新。在各列标题下输入可筛选（等级须完全一致）。",
            "\(count) evaluation(s) in \(folder). Pages reload by themselves when a file changes. Type under a column head to filter (grades match whole)."
        )
    }
    var heads: [String] {
        english
            ? ["Code", "Project", "Unit", "Total", "Grade", "Status", "Files"]
            : ["指标编码", "项目名称", "项目单位", "总分", "等级", "状态", "文件"]
    }
    var filter: String { pick("筛选第", "filter column") }
    var valid: String { pick("有效", "valid") }
    func errors(_ n: Int) -> String { pick("\(n) 个错误", "\(n) error(s)") }
    func warnings(_ n: Int) -> String { pick("\(n) 个警告", "\(n) warning(s)") }
    func problems(_ n: Int) -> String { pick("\(n) 个问题", "\(n) problem(s)") }
    var notLoaded: String { pick("无法读取", "not loaded") }
    var index: String { pick("索引", "Index") }
    func page(_ n: Int) -> String { pick("第 \(n) 页", "page \(n)") }
    var cannotShow: String { pick("此文件无法显示：", "This file cannot be shown:") }
    func cannotRender(_ file: String) -> String { pick("500 无法生成 \(file)", "500 Cannot render \(file)") }
    var renderError: String { pick("生成出错", "Render error") }
}
