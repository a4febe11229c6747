"""Draws two published sheets in workbooks, as a finance clerk would to make a form's template: the cells, merged
ranges, column widths, bold heads and borders of the table, with bindings where the values go. Written for
SheetTemplateTests (evalsheet template reads them back). Usage: make_template_workbooks.py FOLDER"""
import sys
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

THIN = Side(style="thin")
RULED = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MM_PER_CHARACTER = 7 * 25.4 / 96


def sheet(path, widths, lines, rows, first_table_row):
    """lines: {row: text} outside the tables (the title bold); rows: {row: [(column, text, span, down, bold, align,
    sides)]}, sides the borders of the cell's range (all four unless given)."""
    book = Workbook()
    ws = book.active
    ws.title = "sheet"
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + index)].width = round(width / MM_PER_CHARACTER, 2)
    for row, (text, bold) in lines.items():
        ws.cell(row, 1, text).font = Font(bold=bold)
    for row, cells in rows.items():
        for column, text, span, down, bold, align, sides in cells:
            cell = ws.cell(row, column, text)
            cell.font = Font(bold=bold)
            if align:
                cell.alignment = Alignment(horizontal=align)
            if span > 1 or down > 1:
                ws.merge_cells(start_row=row, start_column=column, end_row=row + down - 1, end_column=column + span - 1)
            for r in range(row, row + down):
                for c in range(column, column + span):
                    if sides is None:
                        ws.cell(r, c).border = RULED
                    else:
                        # Each cell of the range on the range's own edges, as Excel's border tool sets them.
                        edges = {"top": r == row, "bottom": r == row + down - 1, "left": c == column,
                                 "right": c == column + span - 1}
                        ws.cell(r, c).border = Border(**{side: THIN for side in sides if edges[side]})
    book.save(path)


def c(column, text, span=1, down=1, bold=False, left=False, right=False, sides=None):
    return (column, text, span, down, bold, "left" if left else "right" if right else None, sides)


def qingshen(path):
    note = ("1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);2.年中发生预算调整的(追加或调减),"
            "应单独说明理由;3.其他资金包括:社会投入资金、银行贷款.")
    heads = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"]
    sheet(path, [22, 21, 17, 27, 15, 15, 12, 14, 11, 11, 15],
          {1: ("报表编号:510000_0013zp", False), 2: ("部门预算项目支出绩效自评表({year}年度)", True)},
          {
              3: [c(1, "项目名称", bold=True), c(2, "{header.project}", 10)],
              4: [c(1, "主管部门", bold=True), c(2, "{header.department}", 4), c(6, "实施单位 (盖章)", 2, bold=True), c(8, "{header.unit}", 4)],
              5: [c(1, "项目基本情况", 1, 3, True), c(2, "1.项目年度目标完成情况", 4, 2, True), c(6, "项目年度目标", 2, bold=True),
                  c(8, "年度目标完成情况", 4, bold=True)],
              6: [c(6, "{goals.expected}", 2), c(8, "{goals.actual}", 4)],
              7: [c(2, "2.项目实施内容及过程概述", 4, bold=True), c(6, "{goals.content}", 6)],
              8: [c(1, "预算执行情况(10分)", 1, 2, True)] + [c(2 + i, t, bold=True) for i, t in enumerate(
                  ["年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"])] + [c(9, "原因", 3, bold=True)],
              9: [c(2 + i, t) for i, t in enumerate(["{row.label}", "{row.initial}", "{row.budget}", "{row.executed}", "{row.rate}",
                                                      "{row.points}", "{row.score|exact}"])] + [c(9, note, 3)],
              10: [c(1, "绩效指标(90分)", 1, 2, True)] + [c(2 + i, t, bold=True) for i, t in enumerate(heads)],
              11: [c(2 + i, t) for i, t in enumerate(["{level1.name}", "{level2.name}", "{node.name}", "{node.field.nature}", "{node.target}",
                                                       "{node.field.unit}", "{node.actual}", "{node.weight}", "{node.score}", "{node.deviation}"])],
              12: [c(1, "合计", 8, bold=True), c(9, "{form.total}"), c(10, ""), c(11, "")],
              13: [c(1, "{section.title}", bold=True), c(2, "{section.text}", 10)],
              14: [c(1, "{signoff.lead.line}", 4, left=True), c(5, "{signoff.finance.line}", 7, left=True)],
          }, 3)


def hainan(path):
    sheet(path, [30, 20, 30, 20, 40, 20, 20],
          {1: ("{project}绩效自评表", True), 2: ("一、项目基本情况", False), 13: ("二、绩效评价指标评分", False)},
          {
              3: [c(1, "项目实施单位", bold=True), c(2, "{header.unit}", 2), c(4, "主管部门", bold=True), c(5, "{header.department}", 2)],
              4: [c(1, "项目负责人", bold=True), c(2, "{header.lead}", 2), c(4, "联系电话", bold=True), c(5, "{header.phone}", 2)],
              5: [c(1, "地址", bold=True), c(2, "{header.address}", 2), c(4, "邮编", bold=True), c(5, "{header.postcode}", 2)],
              6: [c(1, "项目类型", bold=True), c(2, "{header.type}", 5, left=True)],
              7: [c(1, "计划投资额\n(万元)", bold=True), c(2, "{header.planned|exact}", right=True), c(3, "实际到位资金\n(万元)", bold=True),
                  c(4, "{header.received|exact}", right=True), c(5, "实际使用情况(万元)", bold=True), c(6, "{header.used|exact}", right=True)],
              8: [c(1, "其中:", 1, 4, True), c(2, "中央财政", bold=True), c(3, "{header.planned-central|exact}"), c(4, "其中:", 1, 4, True),
                  c(5, "中央财政", bold=True), c(6, "{header.received-central|exact}")],
              9: [c(2, "省财政", bold=True), c(3, "{header.planned-province|exact}"), c(5, "省财政", bold=True), c(6, "{header.received-province|exact}")],
              10: [c(2, "市县财政", bold=True), c(3, "{header.planned-county|exact}"), c(5, "市县财政", bold=True), c(6, "{header.received-county|exact}")],
              11: [c(2, "其他", bold=True), c(3, "{header.planned-other|exact}"), c(5, "其他", bold=True), c(6, "{header.received-other|exact}")],
              14: [c(1 + i, t, bold=True) for i, t in enumerate(["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"])],
              15: [c(1 + i, t) for i, t in enumerate(["{level1.name}", "{level1.weight}", "{level2.name}", "{level2.weight}", "{node.name}",
                                                       "{node.weight}", "{node.score}"])],
          }, 3)


def signatures(path):
    """The weighted-sections fixture's closing table: two signatures in one row with no line between them (each
    cell bordered on three sides), over a note with no borders (a line of text under the table)."""
    sheet(path, [45, 45, 45, 45], {1: ("签字表", True), 3: ("注:各部分得分按其权重折合后相加为综合得分。", False)},
          {2: [c(1, "评价组长(签字):", 2, left=True, sides=("top", "bottom", "left")),
               c(3, "复核人(签字):", 2, left=True, sides=("top", "bottom", "right"))]}, 2)


if __name__ == "__main__":
    folder = sys.argv[1]
    qingshen(f"{folder}/qingshen.xlsx")
    hainan(f"{folder}/hainan.xlsx")
    signatures(f"{folder}/signatures.xlsx")
