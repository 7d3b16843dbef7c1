"""Generate the messy / broken submission corpus beside this script, and cases.json.

    python tests/data/messy/make_corpus.py

Every binary here is written by this script (never edited by hand); the generated files are
committed so that the tests need none of the writers. Writers: xlsxwriter and openpyxl (in
rhcalc's dependencies), xlwt (.xls), odfpy (.ods, through pandas) and msoffcrypto-tool (a
really encrypted .xlsx) — `pip install xlwt odfpy msoffcrypto-tool` to regenerate.

All numbers are made up. The district is 西城区 (a unit of the Beijing plan), the period 2024Q2.
cases.json says what each file must read to: a clean twin (same tidy numbers, same scores)
and the notes it may raise, or for a broken file the exact (code, sheet, row, column) problems.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TITLE = "北京市西城区2024年第二季度生殖健康促进行动指标报表"
SIGNATURE = ["填报人：张三", "联系电话：010-66001234", "填报日期：2024年7月5日"]
HEADER = ["地区", "期间", "指标", "数值", "分子", "分母", "单位", "备注"]

# (indicator id, Chinese name as clerks type it, value, numerator, denominator, unit)
DATA: list[tuple[str, str, Any, Any, Any, str]] = [
    ("youth_health_lectures", "青春健康教育讲座场次", 12, None, None, "场"),
    ("youth_beneficiaries", "受益青少年人数", 1200, None, None, "人"),
    ("induced_abortion_rate", "人工流产率", None, 377, 152000, "‰"),
    ("premarital_exam_rate", "婚前医学检查率", 85.3, None, None, "%"),
    ("theme_publicity_events", "主题宣传活动场次", 3, None, None, "场"),
    ("bj_peer_edu_universities", "开展青春健康同伴教育高校数", 2, None, None, "所"),
    ("bj_district_youth_work", "本区是否开展青春健康工作", "是", None, None, "是/否"),
    ("bj_district_parent_training", "本区是否开展青少年家长培训", "否", None, None, "是/否"),
    ("bj_new_media_pushes", "新媒体生殖健康知识推送次数", None, None, None, "次"),  # nothing to report
]
# How clerks type the same figures (same order as DATA).
TYPED_TEXT = ["12场", "1,200", "", "８５．３％", " 3 ", "２所", "是", "否", "—"]
TYPED_NUM_TEXT = [(None, None), (None, None), ("３７７", "152,000"), (None, None)] + [(None, None)] * 5

CASES: dict[str, dict[str, Any]] = {}


def clean_rows(district: str = "西城区", period: str = "2024Q2") -> list[list[Any]]:
    return [[district, period, i, "" if v is None else v, "" if n is None else n, "" if d is None else d, u, ""]
            for i, _name, v, n, d, u in DATA]


def messy_rows(district: str = "西城区", period: str = "2024年第二季度") -> list[list[Any]]:
    out = []
    for (ind, name, _v, _n, _d, unit), typed, (num, den) in zip(DATA, TYPED_TEXT, TYPED_NUM_TEXT):
        out.append([f" {district}", period, name if ind != "youth_beneficiaries" else ind, typed, num or "", den or "", unit, ""])
    return out


def case(name: str, **spec: Any) -> Path:
    CASES[name] = spec
    return HERE / name


def write_csv(path: Path, rows: list[list[Any]], encoding: str, delimiter: str = ",") -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def book(path: Path, **options: Any):  # type: ignore[no-untyped-def]
    """An xlsxwriter workbook with a fixed creation date, so that regenerating changes no byte."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), options)
    wb.set_properties({"created": dt.datetime(2024, 7, 5)})
    return wb


def xlsx(path: Path, sheets: dict[str, list[list[Any]]], merge_title: bool = True, hidden: tuple[str, ...] = ()) -> None:
    wb = book(path)
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v not in ("", None):
                    ws.write(r, c, v)
        if merge_title and rows and rows[0] and rows[0][0] == TITLE:
            ws.merge_range(0, 0, 0, 7, TITLE)
        if name in hidden:
            ws.hide()
    wb.close()


# ---- messy files that must read to a clean twin -------------------------------------------------
def make_clean() -> None:
    write_csv(case("clean.csv", twin=None), [HEADER, *clean_rows()], "utf-8")
    # A second district, scored beside each messy file so that city roll-ups have numbers to compare.
    companion = [[*r[:3], r[3] if r[2] != "youth_health_lectures" else 7, *r[4:]] for r in clean_rows("东城区")]
    write_csv(case("companion_dongcheng.csv", twin=None), [HEADER, *companion], "utf-8")


def make_title_signature() -> None:
    rows = [[TITLE], [], HEADER, *messy_rows(), [], SIGNATURE]
    xlsx(case("title_blank_signature.xlsx", twin="clean.csv"), {"填报": rows})


def make_header_variants() -> None:
    header = ["单位名称", " 报告期 ", "指 标 名 称", "本期值", "分子（例）", "分母（人）", "计量单位", "备注"]
    full_width = ["ＤＩＳＴＲＩＣＴ", "期间", "指标", "本期数", "分子", "分母", "单位", "说明"]
    xlsx(case("header_variants.xlsx", twin="clean.csv"), {"Sheet1": [[TITLE], header, *messy_rows()]})
    write_csv(case("header_fullwidth.csv", twin="clean.csv"), [full_width, *messy_rows()], "utf-8")


def make_encodings() -> None:
    rows = [[TITLE, "", "", ""], [], HEADER, *messy_rows(), [], [" ".join(SIGNATURE)]]
    write_csv(case("gbk.csv", twin="clean.csv"), rows, "gbk")
    write_csv(case("utf8_bom.csv", twin="clean.csv"), rows, "utf-8-sig")
    rows18030 = [r[:] for r in rows]
    rows18030[3][7] = "𠮷 社区上报"  # a character outside GBK: only GB18030 can hold it
    write_csv(case("gb18030.csv", twin="clean.csv"), rows18030, "gb18030")
    write_csv(case("semicolon_tab.tsv", twin="clean.csv"), [HEADER, *messy_rows()], "gbk", delimiter="\t")


def wide_rows(with_columns: bool) -> list[list[Any]]:
    names = [f"{n}（{u}）" if u != "是/否" else n for i, n, *_r, u in DATA if i not in ("induced_abortion_rate", "youth_beneficiaries")]
    names.append("youth_beneficiaries")
    typed = [t for (i, *_r), t in zip(DATA, TYPED_TEXT) if i not in ("induced_abortion_rate", "youth_beneficiaries")]
    typed.append("1.2千")
    if with_columns:
        return [["序号", "地区", "期间", *names], [1, "西城区", "2024Q2", *typed]]
    return [["序号", *names], [1, *typed]]


def make_wide() -> None:
    wide_twin = [HEADER, *[r for r in clean_rows() if r[2] != "induced_abortion_rate"]]
    write_csv(case("clean_wide.csv", twin=None), wide_twin, "utf-8")
    xlsx(case("wide.xlsx", twin="clean_wide.csv"), {"宽表": [[TITLE], *wide_rows(True), [], SIGNATURE]})
    CASES["wide_title_context.xlsx"] = {"twin": "clean_wide.csv", "notes": ["district-inferred", "period-inferred"]}
    xlsx(HERE / "wide_title_context.xlsx", {"宽表": [[TITLE], *wide_rows(False)]})


def make_context() -> None:
    long = [[i, v, n, d, u] for i, _name, v, n, d, u in DATA]
    rows = [[TITLE], ["指标代码", "数值", "分子", "分母", "单位"], *long, SIGNATURE]
    xlsx(case("no_district_period_columns.xlsx", twin="clean.csv", notes=["district-inferred", "period-inferred"]), {"Sheet1": rows})
    write_csv(case("西城区-2024Q2.csv", twin="clean.csv", notes=["district-inferred", "period-inferred"]),
              [["指标", "数值", "分子", "分母", "单位"], *long], "gbk")


def make_sheets() -> None:
    rows = messy_rows()
    sheets = {
        "填表说明": [["1. 本表按季度填报"], ["2. 无数据请填“—”"]],
        "第一部分": [[TITLE], HEADER, *rows[:4], [], SIGNATURE],
        "第二部分": [HEADER, *rows[4:]],
        "图表": [["讲座场次趋势"], ["（图）"]],
        "下拉列表": [["是"], ["否"]],
    }
    spec = {"twin": "clean.csv", "notes": ["sheet-skipped", "sheet-hidden"]}
    CASES["several_sheets.xlsx"] = spec
    xlsx(HERE / "several_sheets.xlsx", sheets, hidden=("下拉列表",))


def make_percent_format() -> None:
    path = case("percent_format.xlsx", twin="clean.csv")
    wb = book(path)
    ws = wb.add_worksheet("填报")
    pct, thousands = wb.add_format({"num_format": "0.0%"}), wb.add_format({"num_format": "#,##0"})
    ws.write_row(0, 0, HEADER)
    for r, (ind, _n, v, num, den, unit) in enumerate(DATA, start=1):
        ws.write_row(r, 0, ["西城区", "2024Q2", ind])
        if ind == "premarital_exam_rate":
            ws.write_number(r, 3, 0.853, pct)  # typed 85.3% in Excel: stored 0.853
        elif isinstance(v, (int, float)):
            ws.write_number(r, 3, v, thousands)
        elif v is not None:
            ws.write_boolean(r, 3, v == "是")  # TRUE/FALSE cells
        if num is not None:
            ws.write_number(r, 4, num)
            ws.write_number(r, 5, den, thousands)
        ws.write(r, 6, unit)
    wb.close()


def make_xls_ods_xlsm() -> None:
    import pandas as pd
    import xlwt

    rows = [[TITLE], [], HEADER, *messy_rows(), [], SIGNATURE]
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("填报")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v not in ("", None):
                sheet.write(r, c, v)
    book.save(str(case("old_excel.xls", twin="clean.csv")))
    frame = pd.DataFrame([row + [""] * (8 - len(row)) for row in rows])
    frame.to_excel(case("libreoffice.ods", twin="clean.csv"), engine="odf", header=False, index=False, sheet_name="填报")
    _as_xlsm(case("macros.xlsm", twin="clean.csv"), rows)


def _as_xlsm(path: Path, rows: list[list[Any]]) -> None:
    """An .xlsm is an .xlsx whose workbook part is declared macro-enabled."""
    tmp = path.with_suffix(".tmp.xlsx")
    xlsx(tmp, {"填报": rows})
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
            dst.writestr(info, data)
    tmp.unlink()


def make_two_row_header() -> None:
    top = ["序号", "指标名称", "单位", "本期完成情况", "", "", "地区", "期间"]
    below = ["", "", "", "数值", "分子", "分母", "", ""]
    numbers = ["甲", "乙", "丙", 1, 2, 3, "丁", "戊"]
    data = [[k + 1, r[2], r[6], r[3], r[4], r[5], r[0], r[1]] for k, r in enumerate(messy_rows())]
    path = case("two_row_header.xlsx", twin="clean.csv")
    wb = book(path)
    ws = wb.add_worksheet("表1")
    ws.merge_range(0, 0, 0, 7, TITLE)
    for r, row in enumerate([top, below, numbers, *data], start=1):
        for c, v in enumerate(row):
            if v not in ("", None):
                ws.write(r, c, v)
    ws.merge_range(1, 3, 1, 5, "本期完成情况")
    wb.close()


def make_yes_no_and_markers() -> None:
    variants = [("√", "×"), ("Y", "N"), ("有", "无"), (1, 0), ("是（已开展）", "否，因故推迟")]
    for k, (yes, no) in enumerate(variants):
        rows = clean_rows()
        rows[6][3], rows[7][3] = yes, no
        rows[8][3] = ["—", "/", "无", "空", " "][k]
        write_csv(case(f"yes_no_{k + 1}.csv", twin="clean.csv"), [HEADER, *rows], "utf-8")


def make_periods() -> None:
    """One row per period form, each a different month or span, read to the canonical labels."""
    forms: list[tuple[Any, str]] = [
        (2024, "2024"), ("2025年度", "2025"), ("2024年第一季度", "2024Q1"), ("2024-Q3", "2024Q3"),
        ("2024年1-6月", "2024-01~2024-06"), (dt.date(2024, 5, 1), "2024-05"), (45444, "2024-06"),
        ("2024年7月", "2024-07"), ("2024/8", "2024-08"), (" ２０２４年９月 ", "2024-09"),
    ]
    path = case("period_forms.xlsx", twin="period_forms_clean.csv")
    wb = book(path)
    ws = wb.add_worksheet("填报")
    date = wb.add_format({"num_format": "yyyy年m月"})
    ws.write_row(0, 0, HEADER[:4])
    for r, (typed, _label) in enumerate(forms, start=1):
        ws.write_row(r, 0, ["西城区"])
        if isinstance(typed, dt.date):
            ws.write_datetime(r, 1, dt.datetime.combine(typed, dt.time()), date)
        else:
            ws.write(r, 1, typed)
        ws.write_row(r, 2, ["youth_health_lectures", r])
    wb.close()
    rows = [["西城区", label, "youth_health_lectures", r] for r, (_t, label) in enumerate(forms, start=1)]
    write_csv(case("period_forms_clean.csv", twin=None), [HEADER[:4], *rows], "utf-8")


def make_districts_wide() -> None:
    """A city office's sheet: one row per district, a merged 期间, a 合计 row that must not count."""
    path = case("districts_wide.xlsx", twin="districts_wide_clean.csv", notes=["total-row-skipped"])
    wb = book(path)
    ws = wb.add_worksheet("各区")
    ws.write_row(0, 0, ["期间", "区县", "青春健康教育讲座场次", "受益青少年人数"])
    ws.merge_range(1, 0, 3, 0, "2024Q2")
    for r, row in enumerate([["东城区", 5, 600], ["西城区", 12, "1,200"], ["合计", 17, 1800]], start=1):
        ws.write_row(r, 1, row)
    wb.close()
    rows = [[d, "2024Q2", ind, v] for d, a, b in (("东城区", 5, 600), ("西城区", 12, 1200))
            for ind, v in (("youth_health_lectures", a), ("youth_beneficiaries", b))]
    write_csv(case("districts_wide_clean.csv", twin=None), [HEADER[:4], *rows], "utf-8")


def make_city_summary() -> None:
    """The city's own summary: one column per district, the period only in the title, a 合计 column."""
    rows = [["北京市2024年第二季度各区生殖健康促进行动指标汇总表"], [],
            ["序号", "指标名称", "单位", "东城区", "西城区", "合计"],
            [1, "青春健康教育讲座场次", "场", 5, 12, 17], [2, "受益青少年人数", "人", "600", "1,200", "1,800"],
            [], ["注：合计列由系统自动计算"]]
    xlsx(case("city_summary.xlsx", twin="districts_wide_clean.csv", notes=["period-inferred"]), {"汇总": rows})


def make_disguised_xls() -> None:
    rows = [HEADER, *messy_rows()]
    write_csv(case("system_export.xls", twin="clean.csv", notes=["read-as-text"]), rows, "gbk", delimiter="\t")


# ---- broken files and the exact problems they raise ---------------------------------------------
def broken(name: str, *problems: tuple[Any, ...], rows: int = 0) -> Path:
    CASES[name] = {"problems": [dict(zip(("code", "sheet", "row", "column"), p)) for p in problems], "rows": rows}
    return HERE / name


def make_broken_files() -> None:
    broken("not_a_spreadsheet.xlsx", ("not-a-spreadsheet", None, None, None)).write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    broken("empty.csv", ("empty-file", None, None, None)).write_bytes(b"")
    broken("binary.csv", ("not-a-spreadsheet", None, None, None)).write_bytes(bytes(range(256)) * 4)
    good = HERE / "title_blank_signature.xlsx"
    data = good.read_bytes()
    broken("truncated.xlsx", ("corrupt-workbook", None, None, None)).write_bytes(data[: len(data) // 2])
    broken("page.xls", ("html-not-workbook", None, None, None)).write_bytes(
        "<html><body><table><tr><td>地区</td><td>数值</td></tr></table></body></html>".encode("utf-8"))
    with zipfile.ZipFile(broken("document.xlsx", ("not-a-spreadsheet", None, None, None)), "w") as zf:
        zf.writestr(zipfile.ZipInfo("word/document.xml", date_time=(2024, 7, 5, 0, 0, 0)), "<w:document/>")
    xlsx(broken("no_header.xlsx", ("no-header", "Sheet1", None, None)), {"Sheet1": [["会议纪要"], ["时间：上午九点"]]})
    long = [[i, v, n, d, u] for i, _name, v, n, d, u in DATA]
    xlsx(broken("no_period.xlsx", ("missing-column", "Sheet1", 2, None)),
         {"Sheet1": [["西城区妇幼健康指标报表"], ["指标代码", "数值", "分子", "分母", "单位"], *long]})
    _encrypted(good)
    _zip_bomb()
    _enormous()


def _encrypted(good: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(good, "rb") as src, open(broken("password.xlsx", ("encrypted-workbook", None, None, None)), "wb") as out:
        OOXMLFile(src).encrypt("123456", out)


def _zip_bomb() -> None:
    """A valid-looking workbook whose sheet inflates 20 MB of padding out of ~20 KB."""
    path = broken("zip_bomb.xlsx", ("too-large", None, None, None))
    tmp = HERE / "_bomb_base.xlsx"
    xlsx(tmp, {"Sheet1": [HEADER, *clean_rows()]})
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (20 * 1024 * 1024))
            member = zipfile.ZipInfo(info.filename, date_time=(2024, 7, 5, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, data, compresslevel=9)
    tmp.unlink()


def _enormous() -> None:
    """More rows than a submission can have (200,000): refused by the row limit, not memory."""
    path = broken("enormous.xlsx", ("too-large", "Sheet1", None, None))
    wb = book(path, constant_memory=True)
    ws = wb.add_worksheet("Sheet1")
    for r in range(200_001):
        ws.write_number(r, 0, r)
    wb.close()
    buf = io.StringIO()
    buf.write("\n".join("1" for _ in range(200_002)))
    broken("enormous.csv", ("too-large", None, None, None)).write_text(buf.getvalue())


def make_fraction_ods() -> None:
    """.ods keeps 85.3% as 0.853 too, and its cell format is not read: flagged, not guessed."""
    import pandas as pd

    rows = [HEADER, *clean_rows()]
    rows[4][3] = 0.853
    path = broken("percent_fraction.ods", ("maybe-fraction", "填报", 5, "D"), rows=8)
    pd.DataFrame(rows).to_excel(path, engine="odf", header=False, index=False, sheet_name="填报")


def make_bad_cells() -> None:
    """Every cell-level problem in one file, beside good rows that are still scored."""
    rows = [
        HEADER,
        ["西城区", "2024Q2", "youth_health_lectures", "约一百", "", "", "场", ""],               # 2 not-a-number D
        ["西城区", "2024Q2", "theme_publicity_events", "-3", "", "", "场", ""],                  # 3 negative-count D
        ["西城区", "2024Q2", "induced_abortion_rate", "", "400", "300", "‰", ""],                # 4 numerator > denominator E
        ["西城区", "2024Q2", "premarital_exam_rate", "120%", "", "", "%", ""],                   # 5 rate-above-max
        ["西城区", "2024Q2", "青春讲座场次", "4", "", "", "场", ""],                              # 6 unknown-indicator C
        ["西城区", "2024年第五季度", "youth_beneficiaries", "100", "", "", "人", ""],             # 7 unknown-period B
        ["西城", "2024Q2", "bj_peer_edu_universities", "2", "", "", "所", ""],                   # 8 unknown-district A
        ["西城区", "2024Q2", "bj_district_youth_work", "也许", "", "", "是/否", ""],              # 9 not-yes-no D
        ["西城区", "2024Q2", "bj_new_media_pushes", "10", "", "", "次", ""],                      # 10 duplicate …
        ["西城区", "2024Q2", "bj_new_media_pushes", "12", "", "", "次", ""],                      # 11 … with another value
        ["西城区", "2024Q2", "youth_beneficiaries", "1200", "", "", "人", ""],                    # 12 good
        ["西城区", "2024Q2", "bj_district_parent_training", "否", "", "", "是/否", ""],          # 13 good
    ]
    path = broken(
        "bad_cells.csv",
        ("not-a-number", None, 2, "D"), ("negative-count", None, 3, "D"), ("numerator-above-denominator", None, 4, "E"),
        ("rate-above-max", None, 5, "D"), ("unknown-indicator", None, 6, "C"), ("unknown-period", None, 7, "B"),
        ("unknown-district", None, 8, "A"), ("not-yes-no", None, 9, "D"), ("duplicate-row", None, 11, "D"),
        rows=2,  # 1200 and 否 (西城 is no unit of any plan: an error, not used)
    )
    write_csv(path, rows, "gbk")


def main() -> None:
    for old in HERE.iterdir():
        if old.is_file() and old.name not in {"make_corpus.py", "README.md"}:
            old.unlink()
    for make in (make_clean, make_title_signature, make_header_variants, make_encodings, make_wide, make_context,
                 make_sheets, make_percent_format, make_xls_ods_xlsm, make_two_row_header, make_yes_no_and_markers,
                 make_periods, make_districts_wide, make_city_summary, make_disguised_xls, make_broken_files, make_fraction_ods, make_bad_cells):
        make()
    (HERE / "cases.json").write_text(json.dumps(CASES, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(CASES)} cases in {HERE}")


if __name__ == "__main__":
    main()
