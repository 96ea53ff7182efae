"""Writes the import fixtures next to this file: `python tests/data/import/make_fixtures.py`.

The files are kept in the repository; this script says how they were made.
Each holds good rows and the bad rows the import tests expect, by row number.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent

ORDERS_HEADERS = [
    "工单编号", "来电时间", "受理渠道", "来电人", "来电号码", "被反映单位", "问题分类",
    "诉求内容", "诉求目的", "办理时限", "办结时间", "满意度", "所属区县",
]  # fmt: skip
ORDERS = [
    # row 2: answered 2026-10-12, inside the 5 working days that end 2026-10-13
    ["GD20260930001", "2026-09-30 16:00:00", "12345热线", "张三", "13800138000",
     "不动产登记窗口", "服务态度", "窗口人员态度生硬,不耐烦解释", "要求道歉", "5个工作日",
     "2026-10-12 10:00:00", "满意", "历下区"],
    # row 3: answered 2026-10-14, a working day late
    ["GD20260930002", "2026-09-30 16:30:00", "来电", "李四", "13900139000", "社保医保窗口",
     "办事效率/拖延超时", "材料齐全但超过承诺时限仍未办结", "", "5个工作日",
     "2026-10-14 09:00:00", "不满意", "市中区"],
    # row 4: still open
    ["GD20261102003", "2026/11/2 9:15", "12345", "王五", "0531-88886666", "公积金窗口",
     "推诿扯皮", "两个窗口互相推诿", "", "5个工作日", "", "", "槐荫区"],
    # rows 5-8: bad date, unknown channel, no content, a phone with letters
    ["GD20261001004", "2026-02-30 10:00:00", "12345热线", "赵六", "13700137000", "税务窗口",
     "服务态度", "态度差", "", "5个工作日", "", "", ""],
    ["GD20261001005", "2026-10-15 10:00:00", "微信公众号", "钱七", "13600136000", "税务窗口",
     "服务态度", "态度差", "", "5个工作日", "", "", ""],
    ["GD20261001006", "2026-10-16 10:00:00", "12345热线", "孙八", "13500135000", "税务窗口",
     "服务态度", "", "", "5个工作日", "", "", ""],
    ["GD20261001007", "2026-10-19 10:00:00", "12345热线", "周九", "1380013800A", "税务窗口",
     "服务态度", "态度差", "", "5个工作日", "", "", ""],
    # row 9: anonymous, answered (nobody to answer: no revisit)
    ["GD20261020008", "2026-10-20 11:00:00", "12345热线", "匿名", "", "出入境窗口",
     "空岗脱岗", "上午十点窗口无人", "", "5个工作日", "2026-10-22 15:00:00", "", ""],
]  # fmt: skip

LEDGER_HEADERS = [
    "收到时间", "渠道", "投诉人", "联系电话", "被投诉单位", "窗口", "类别", "投诉内容",
    "状态", "受理时间", "分办方式", "承办单位", "处置结论", "处理结果", "答复时间",
    "答复方式", "满意度", "归档时间",
]  # fmt: skip
LEDGER = [
    # row 2: the whole procedure, archived
    ["2026-03-02 09:00", "来访", "赵六", "13700137000", "税务窗口", "13号窗口", "服务态度",
     "窗口人员态度差", "已归档", "2026-03-02 10:00", "自办", "督查室", "属实", "批评教育",
     "2026-03-05 15:00", "电话", "满意", "2026-03-06 10:00"],
    # row 3: a letter, answered in writing, not yet revisited
    ["2026-03-03 14:00", "来信", "钱七", "", "住建窗口", "", "不一次性告知",
     "多次补交材料才被受理", "已答复", "2026-03-03 15:00", "转办", "住建局", "部分属实",
     "已督促整改", "2026-03-09 10:00", "书面", "", ""],
    # row 4: says archived, but no archive time: the status does not follow
    ["2026-03-04 09:00", "来电", "孙八", "13500135000", "税务窗口", "", "服务态度", "态度差",
     "已归档", "2026-03-04 10:00", "", "", "", "", "", "", "", ""],
    # row 5: accepted before it was received
    ["2026-03-05 09:00", "来电", "周九", "13400134000", "税务窗口", "", "服务态度", "态度差",
     "已受理", "2026-03-04 10:00", "", "", "", "", "", "", "", ""],
    # row 6: a channel nobody knows
    ["2026-03-06 09:00", "传真", "吴十", "13300133000", "税务窗口", "", "服务态度", "态度差",
     "已登记", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip

XLSX_HEADERS = ["工单编号", "受理时间", "来源", "诉求人", "联系电话", "承办单位", "投诉类别",
                "主要内容", "办结时间", "满意度"]  # fmt: skip
XLSX_ROWS = [
    # row 2: real Excel dates and a phone number stored as a number
    ["GX001", datetime(2026, 6, 1, 9, 30), "来电", "郑一", 13800138001, "婚姻登记窗口",
     "服务态度", "工作人员玩手机", datetime(2026, 6, 3, 16, 0), "基本满意"],
    ["GX002", datetime(2026, 6, 2, 10, 0), "来访", "冯二", 13800138002, "婚姻登记窗口",
     "其他", "大厅取号系统故障", None, None],
    # rows 4-5: a date nobody can read, no content
    ["GX003", "昨天", "来访", "陈三", 13800138003, "婚姻登记窗口", "其他", "排队太久",
     None, None],
    ["GX004", datetime(2026, 6, 4, 10, 0), "来访", "褚四", 13800138004, "婚姻登记窗口",
     "其他", None, None, None],
]  # fmt: skip


def write_csv(path: Path, headers: list[str], rows: list[list[str]], encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["本工作簿第二张表为工单"])
    sheet = book.create_sheet("工单")
    sheet.append(XLSX_HEADERS)
    for row in XLSX_ROWS:
        sheet.append(row)
    book.save(path)


if __name__ == "__main__":
    write_csv(HERE / "orders-12345-gb18030.csv", ORDERS_HEADERS, ORDERS, "gb18030")
    write_csv(HERE / "ledger-utf8-bom.csv", LEDGER_HEADERS, LEDGER, "utf-8-sig")
    write_xlsx(HERE / "orders.xlsx")
