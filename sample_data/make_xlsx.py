"""Write the .xlsx samples from their CSV twins, the way district clerks lay workbooks out.

The numbers are the CSVs' own — made up, as the title row of every sheet says. Run from the
repository root: ``python sample_data/make_xlsx.py``.

- 西城区 2024Q2 as one sheet with a merged title, Chinese headers and a signature line;
- 北京市 16 districts as one sheet per quarter (several sheets in one workbook);
- 天津市河北区 as a GBK CSV, the way Chinese Excel saves “CSV (逗号分隔)”.
"""

from __future__ import annotations

import csv
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
HEADERS_ZH = ["地区", "期间", "指标", "数值", "分子", "分母", "单位", "备注"]
MADE_UP = "（示例数据，数字均为虚构）"


def read(name: str) -> tuple[str, list[list[str]]]:
    with open(HERE / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0][0], rows[2:]  # title, data without the English header


def sheet(book: xlsxwriter.Workbook, name: str, title: str, rows: list[list[str]]) -> None:
    ws = book.add_worksheet(name)
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    ws.merge_range(0, 0, 0, len(HEADERS_ZH) - 1, title + MADE_UP, book.add_format({"bold": True, "font_size": 14}))
    ws.write_row(2, 0, HEADERS_ZH, bold)
    for i, row in enumerate(rows, start=3):
        for j, cell in enumerate(row):
            # Numbers as numbers where Excel would keep them so; the rest as text (never formulas).
            try:
                ws.write_number(i, j, float(cell)) if j in (3, 4, 5) and cell else ws.write_string(i, j, cell)
            except ValueError:
                ws.write_string(i, j, cell)
    ws.write_string(len(rows) + 4, 0, "填报人：示例    联系电话：010-00000000    填报日期：（虚构）")
    ws.freeze_panes(3, 0)
    ws.set_column(0, 1, 12)
    ws.set_column(2, 2, 36)
    ws.set_column(7, 7, 30)


def main() -> None:
    title, rows = read("xicheng_mch_2024_q2.csv")
    with xlsxwriter.Workbook(HERE / "西城区-2024Q2.xlsx", {"strings_to_formulas": False}) as book:
        sheet(book, "填报", "西城区2024年第二季度妇幼健康指标报表", rows)

    title, rows = read("beijing_rh_2024_districts.csv")
    with xlsxwriter.Workbook(HERE / "北京市-各区-2025Q2.xlsx", {"strings_to_formulas": False}) as book:
        for period in dict.fromkeys(r[1] for r in rows):
            sheet(book, period, f"北京市生殖健康促进行动 各区填报 {period}", [r for r in rows if r[1] == period])

    text = (HERE / "tianjin_hebei_2021_years.csv").read_text(encoding="utf-8")
    (HERE / "河北区-2021-2024-gbk.csv").write_bytes(text.encode("gb18030"))


if __name__ == "__main__":
    main()
