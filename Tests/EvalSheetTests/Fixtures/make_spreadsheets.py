"""Writes test spreadsheets with real writers: an XLSX by openpyxl (merged group heads over two header
rows, Chinese text, a score stored as text, an Excel date, a second sheet) and a CSV in GB18030."""
import datetime
import sys

import openpyxl

folder = sys.argv[1]
book = openpyxl.Workbook()
book.active.title = "说明"
book.active["A1"] = "这张表不是评分表"
sheet = book.create_sheet("2020年度")
groups = ["", "", "", "", "", "项目管理", "项目管理", "项目管理", "资金管理", "资金管理", "资金管理", "资金管理",
          "产出效率", "产出效率", "产出效率", "效益指标", "效益指标", "公众满意度", "逆向指标", "", "", "", "", "", ""]
heads = ["年度", "项目单位（全称）", "指标编码", "项目名称", "预算金额（万元）", "制度建设", "项目调整", "项目执行及监管", "制度建设",
         "使用合规合理性", "支出率", "预算调整情况", "产出数量", "产出时效", "质量达标", "社会、经济、生态指标", "可持续发展效益指标",
         "社会公众或服务对象满意度", "自评工作质量", "对下年度预算安排建议", "评价组", "机构名称（全称）", "日期", "总体评价", "存在问题"]
sheet.append(groups)
sheet.append(heads)
sheet.merge_cells("F1:H1")
sheet.merge_cells("I1:L1")
rows = [
    [2020, "中山市民政局", "202109001", "社区居家养老服务补助资金", 1268.5, 2, 3, 7.5, 2, 8.5, 12.75, 3, 9.5, 5, 14, 18.5, 4.5, 4.25, -0.5,
     "保留", "陈晓琳、王喆", "广东中信达会计师事务所有限公司", datetime.date(2021, 8, 16),
     "本项目2020年度预算金额为12,685,000元，资金支出率为98.07%。", "一、项目管理。\n台账登记不及时。"],
    [2020, "中山市水务局", "202109002", "河涌综合整治及维护经费", "356.20", "1", 2, 5, 2, 7, 11.7, 3, 8, 4, 12, 15, 4, 3, 0,
     "保留但建议部分核减", "刘堃", "广州零点点数据科技有限公司", "2021年9月3日", "narrative.txt", "问题一。"],
    [2020, "中山市农业农村局", "202109003", "高标准农田建设补助资金", 500, 2, 3, 9, 2, 9, 13, 3, 10, 5, 15, 20, 5, 5, 0,
     "保留", "张淼", "广州零点点数据科技有限公司", "2021-09-10", "本项目2020年度预算金额为5,000,000元。", "无。"],
]
for row in rows:
    sheet.append(row)
book.save(folder + "/scores.xlsx")

with open(folder + "/narrative.txt", "w", encoding="utf-8") as handle:
    handle.write("本项目2020年度预算金额为3,562,000元，资金支出率为90.00%。\n项目实施总体按计划推进。\n")

with open(folder + "/scores-gb18030.csv", "w", encoding="gb18030", newline="") as handle:
    handle.write(",".join(groups[:19] + ["", "", "", ""]) + "\r\n")
    handle.write(",".join(heads[:19] + ["对下年度预算安排建议", "评价组", "机构名称（全称）", "日期"]) + "\r\n")
    handle.write("2020,中山市科学技术局,202109004,科技创新券补助资金,88.80,2,3,8,2,9,13,3,10,5,15,20,5,5,0,取消,\"彭翀,曾岚\",中山市华信财务咨询有限公司,2021-10-01\r\n")
