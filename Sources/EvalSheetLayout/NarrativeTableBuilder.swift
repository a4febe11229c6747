import EvalSheetModel

/// Builds the opinion table: 内容 | 评价意见 heads, one row per narrative section (label left,
/// justified paragraphs right), the budget recommendation, and the sign-off lines across both columns.
struct NarrativeTableBuilder {
    let text: SheetText
    let setter: Typesetter
    let grid: TableGrid

    var form: Form { text.sheet.form }
    var style: PageStyle { setter.style }

    func build(firstSourceIndex: Int = 0) -> TableBlock {
        var sourceIndex = firstSourceIndex
        let labelWidth = grid.innerWidth(from: 0, span: 1)
        let contentWidth = grid.innerWidth(from: 1, span: 1)
        let head = TableRow(cells: [
            TableCell(column: 0, content: setter.content(text.label(form.labels.contentHead), style.header,
                                                         width: labelWidth, field: "form.labels.contentHead"), role: "head"),
            TableCell(column: 1, content: setter.content(text.label(form.labels.opinionHead), style.header,
                                                         width: contentWidth, field: "form.labels.opinionHead"), role: "head"),
        ], sourceIndex: sourceIndex)
        sourceIndex += 1

        var rows: [TableRow] = []
        for section in form.sections {
            let (title, subtitle) = text.sectionLabel(section)
            var labelSpecs = [setter.spec(title, style.sectionLabel)]
            if let subtitle { labelSpecs.append(setter.spec(subtitle, style.notes)) }
            let label = setter.content(labelSpecs, width: labelWidth, field: "form.sections.\(section.id)")
            let continuation = setter.content([setter.spec(text.continued(title), style.sectionLabel)],
                                              width: labelWidth, field: "form.sections.\(section.id)")
            let paragraphs = text.paragraphs(section).map {
                setter.narrative($0, style.narrative, justify: style.justifyNarrative)
            }
            let body = setter.content(paragraphs, width: contentWidth, field: "narrative.\(section.id)")
            rows.append(TableRow(cells: [
                TableCell(column: 0, content: label, continuation: continuation, role: "section-label"),
                TableCell(column: 1, content: body, verticalAlignment: .top, role: "section-body"),
            ], sourceIndex: sourceIndex, bookmark: title))
            sourceIndex += 1
        }

        let recommendationTitle = text.label(form.recommendation.title)
        rows.append(TableRow(cells: [
            TableCell(column: 0, content: setter.content(recommendationTitle, style.sectionLabel, width: labelWidth,
                                                         field: "form.recommendation"), role: "section-label"),
            TableCell(column: 1, content: setter.content([setter.narrative(Paragraph(markup: text.recommendationLine),
                                                                           style.narrative, justify: false, indent: false)],
                                                         width: contentWidth, field: "recommendation"),
                      role: "recommendation"),
        ], sourceIndex: sourceIndex, bookmark: recommendationTitle))
        sourceIndex += 1

        for field in form.signoff {
            let line = text.signoffLine(field)
            rows.append(TableRow(cells: [
                TableCell(column: 0, columnSpan: 2,
                          content: setter.content(line, style.cell, width: grid.innerWidth(from: 0, span: 2),
                                                  field: "signoff.\(field.id)", alignment: .start),
                          role: "signoff"),
            ], sourceIndex: sourceIndex))
            sourceIndex += 1
        }
        return TableBlock(id: "narrative", grid: grid, lead: [], head: [head], rows: rows, spans: [])
    }
}
