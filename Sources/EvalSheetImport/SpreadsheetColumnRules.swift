import EvalSheetModel
import Foundation

extension SpreadsheetExporter {
    /// What a column of a clerk's workbook takes, in the sheet's words for its 填写说明 line, and the check Excel
    /// and WPS make as it is typed (a score between 0 and its weight, the recommendation from a drop-down, a date),
    /// from what the importer reads the column as.
    static func columnRule(_ target: SpreadsheetImporter.Target?, column: Int, form: Form) -> (
        note: String, validation: DataValidation?
    ) {
        var note = ""
        var validation: DataValidation?
        switch target {
        case .year?:
            validation = DataValidation(column: column, rule: .whole(1990, 2100), message: "年度：1990–2100")
            note = "评价年度，如 2021"
        case let .header(id)?:
            let field = form.header.first { $0.id == id }
            note = field?.kind == .money ? "金额（\(field?.decimals ?? 2) 位小数）" : "文本，如纸质表所填"
        case let .score(id)?:
            let weight = form.leaves.first { $0.id == id }?.weight ?? 0
            validation = DataValidation(
                column: column, rule: .decimal(0, weight), message: "0 至 \(ExactDecimal.format(weight)) 分")
            note = "得分，0 至 \(ExactDecimal.format(weight)) 分；草稿可留空"
        case let .deduction(id)?:
            let cap = form.deductions.items.first { $0.id == id }?.cap ?? 0
            validation = DataValidation(
                column: column, rule: .decimal(cap, 0), message: "\(ExactDecimal.format(cap)) 至 0 分")
            note = "扣分，\(ExactDecimal.format(cap)) 至 0（不扣分填 0）"
        case .recommendation?:
            let options = form.recommendation.options.map(\.label.zh)
            validation = DataValidation(column: column, rule: .list(options), message: options.joined(separator: "、"))
            note = "从下拉列表选择：" + options.joined(separator: "、")
        case let .signoff(id)?:
            switch form.signoff.first(where: { $0.id == id })?.kind {
            case .date?:
                // A date typed as a date (Excel keeps its serial number) or as text Excel reads as one
                // (2021-09-27, 2021/9/27; 2021年9月27日 where the system is Chinese).
                let cell = SpreadsheetTable.reference(row: 2, column: column)
                validation = DataValidation(
                    column: column, rule: .custom("OR(ISNUMBER(\(cell)),ISNUMBER(DATEVALUE(\(cell))))"),
                    message: "日期，如 2021-09-27")
                note = "日期，如 2021-09-27"
            case .names?: note = "姓名，以顿号分隔，如 李溪、邹恩"
            default: note = "文本"
            }
        case .signoffImage?:
            note = "印章或签名图片：同文件夹中的 PNG 文件名，如 seal.png；可空"
        case .headerEnglish?:
            note = "英文名称（英文表使用），如 Zhongshan Civil Affairs Bureau；可空"
        case .signoffEnglish?:
            note = "英文姓名或名称（英文表使用），姓名以逗号分隔，如 Li Xi, Zou En；可空"
        case .file?:
            note = "评价文件名（导出时写入），导入时更新该文件；新项目留空"
        case .narrative?, .narrativeEnglish?, .goals?:
            note = "每段一行（单元格内换行：Alt+Enter）；**加粗**；也可填同文件夹中 .txt 文件名"
        case .funds(_, .note)?:
            note = "文本：原因、说明"
        case .funds?:
            validation = DataValidation(column: column, rule: .decimal(0, 1_000_000_000), message: "万元，不小于 0")
            note = "万元"
        case .value?:
            note = "文本：表上该指标的说明（扣分原因等）；可空"
        case let .weight(id)?:
            let limit = form.leaves.first { $0.id == id }?.weight ?? 0
            if limit > 0 {
                validation = DataValidation(
                    column: column, rule: .decimal(0, limit), message: "0 至 \(ExactDecimal.format(limit)) 分")
            }
            note = "自选指标的权重" + (limit > 0 ? "，0 至 \(ExactDecimal.format(limit)) 分" : "") + "；不选则留空"
        case let .declared(_, _, field)?:
            if field == "points" || field == "score" {
                validation = DataValidation(
                    column: column, rule: .decimal(0, form.total),
                    message: "0 至 \(ExactDecimal.format(form.total)) 分")
            }
            note =
                declaredNotes[field]
                ?? form.columns.first { "fields.\($0.key ?? "")" == field }.map { "文本：" + $0.label.zh } ?? ""
        case .typed?:
            note = "纸质表上所填的数（可空）；validate 会与计算值核对"
        case .form?, nil:
            note = ""
        }
        return (note, validation)
    }

    /// What each field of a declared indicator takes, in its 填写说明 line.
    static let declaredNotes = [
        "name": "指标名称", "target": "年度指标值，带比较符与单位，如 ≥500人次", "actual": "实际完成值", "points": "分值",
        "score": "得分", "deviation": "偏差原因分析及改进措施", "name_en": "指标名称（英文，可空）"
    ]
}
