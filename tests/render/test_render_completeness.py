"""The 上报情况 section in each format, from a table of 16 districts with 2 missing and 1 late."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

from openpyxl import load_workbook

from rhcalc.render import completeness as section
from rhcalc.score.completeness import Completeness, PeriodReturns, UnitReturn, stands_on_text, unit_noun

BEIJING = ["东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区", "通州区", "顺义区",
           "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区"]


def table(checked: dt.date = dt.date(2024, 7, 20)) -> Completeness:
    units = []
    for d in BEIJING:
        if d in ("怀柔区", "延庆区"):
            units.append(UnitReturn(d, "missing", overdue=checked > dt.date(2024, 7, 10)))
        elif d == "丰台区":
            units.append(UnitReturn(d, "late", (f"{d}-2024Q2.xlsx",), dt.date(2024, 7, 16), 6))
        else:
            units.append(UnitReturn(d, "on_time", (f"{d}-2024Q2.xlsx",), dt.date(2024, 7, 8)))
    return Completeness((PeriodReturns("beijing_rh_2024", "北京市", "2024Q2", dt.date(2024, 6, 30), dt.date(2024, 7, 10),
                                       checked, "plan", tuple(units)),))


def test_the_headline_counts_in_both_languages() -> None:
    [p] = table().periods
    assert section.headline(p, "zh") == "北京市 2024Q2：16 个区中 14 个已上报（逾期 1 个，未报送 2 个），截止 2024-07-10"
    assert section.headline(p, "en") == "北京市 2024Q2: 14 of 16 districts reported (1 late, 2 not reported); due 2024-07-10"
    assert stands_on_text(31, 31, unit_noun(["广东省", "河南省"]), "zh") == "31 个省中 31 个已上报"
    assert stands_on_text(2, 3, unit_noun(["甲区", "乐清市"]), "en") == "2 of 3 units reported"


def test_the_chase_list_comes_first() -> None:
    [p] = table().periods
    rows = [section.cells(u, "zh") for u in section.ordered(p)]
    assert rows[:3] == [["怀柔区", "未报送（已逾期）", "", "", ""], ["延庆区", "未报送（已逾期）", "", "", ""],
                        ["丰台区", "逾期报送", "2024-07-16", 6, "丰台区-2024Q2.xlsx"]]
    assert rows[3] == ["东城区", "按时报送", "2024-07-08", "", "东城区-2024Q2.xlsx"]
    [p] = table(checked=dt.date(2024, 7, 10)).periods  # on the due day nobody is overdue yet
    assert section.cells(section.ordered(p)[0], "en")[:2] == ["怀柔区", "not reported"]


def test_html_fragment_escapes_and_names_every_unit() -> None:
    [p] = table().periods
    c = Completeness((replace(p, units=(*p.units, UnitReturn("<b>区</b>", "missing", overdue=True))),))
    html = section.completeness_html(c, "zh")
    assert html.startswith('<section class="returns">') and "<b>区</b>" not in html and "&lt;b&gt;区&lt;/b&gt;" in html
    assert html.count('<tr class="r-missing"') == 3 and html.count('<tr class="r-late"') == 1
    assert html.count('<tr class="r-on_time"') == 13
    assert section.completeness_html(Completeness(), "zh") == ""


def test_xlsx_sheet_reads_back(tmp_path) -> None:  # noqa: ANN001
    from rhcalc.render.xlsx import Styles, new_workbook

    buf = io.BytesIO()
    wb = new_workbook(buf)
    section.write_completeness_sheet(wb, Styles(wb), table(), "zh")
    wb.close()
    ws = load_workbook(io.BytesIO(buf.getvalue()))["上报情况"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "上报情况"
    assert values[2][0] == "北京市 2024Q2：16 个区中 14 个已上报（逾期 1 个，未报送 2 个），截止 2024-07-10"
    assert values[3] == ["报告期", "单位", "状态", "收到日期", "逾期天数", "文件"]
    assert values[4] == ["2024Q2", "怀柔区", "未报送（已逾期）", None, None, None]
    assert values[6] == ["2024Q2", "丰台区", "逾期报送", "2024-07-16", 6, "丰台区-2024Q2.xlsx"]
    assert len(values) == 4 + 16


def test_markdown_and_plain_text() -> None:
    from rhcalc.render.md import table as md_table

    md = section.md_lines(table(), "en", md_table)
    assert md[:3] == ["## Returns", "", "北京市 2024Q2: 14 of 16 districts reported (1 late, 2 not reported); due 2024-07-10"]
    assert "| 怀柔区 | not reported (overdue) |  |  |  |" in md
    assert section.text_lines(table(), "zh") == ["北京市 2024Q2：16 个区中 14 个已上报（逾期 1 个，未报送 2 个），截止 2024-07-10",
                                                 "  未报送：怀柔区、延庆区", "  逾期报送：丰台区", ""]


def test_a_national_chase_list_names_the_first_sixteen_and_counts_the_rest() -> None:
    """2,850 counties late would be one line of 2,850 names in the batch's log and the summary e-mail."""
    counties = [f"示例{i:04d}县" for i in range(20)]
    late = tuple(UnitReturn(c, "late", (f"{c}-2024Q2.xlsx",), dt.date(2024, 7, 16), 6) for c in counties)
    national = Completeness((PeriodReturns("county_mch", "全国", "2024Q2", dt.date(2024, 6, 30), dt.date(2024, 7, 10),
                                           dt.date(2024, 7, 20), "seen", late),))
    zh = section.text_lines(national, "zh")[1]
    assert zh == "  逾期报送：" + "、".join(counties[:16]) + " 等 20 个"
    en = section.text_lines(national, "en")[1]
    assert en == "  Late: " + ", ".join(counties[:16]) + " and 4 more"


def test_terminal_shows_only_the_chase_list() -> None:
    from rich.console import Console

    console = Console(width=100, record=True, color_system=None)
    for part in section.table_parts(table(), "zh"):
        console.print(part)
    text = console.export_text()
    assert "上报情况 · 北京市 2024Q2：16 个区中 14 个已上报" in text
    assert "怀柔区" in text and "延庆区" in text and "丰台区" in text and "东城区" not in text
