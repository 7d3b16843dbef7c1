"""Every format renders every sample file and shows the numbers JSON shows (JSON is the reference),
and the mini city of test_render_golden.py shows, in every format, the rows written out below by hand.

Nothing here formats a number the way the renderers do: a measure cell (“66 / 120 场”, “1.4‰ 对比
1.6‰”) is read back into its numbers and compared with the JSON values in the order a reader takes
them — actual first, then what it is judged by — so a cell showing them the wrong way round fails.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console

from rhcalc.render.sections import sections
from test_render_golden import mini_city
from test_render_support import ALL_INPUTS, json_results, keyed, render, scored

INPUTS = sorted(ALL_INPUTS)
NUMBERS = ("actual", "target_value", "expected", "attainment")
STATUS_ZH = {"met": "达标", "on_track": "进度正常", "behind": "进度落后", "not_met": "未达标", "no_data": "无数据", "monitor": "监测"}
# The flat exports' header (zh) → the JSON key of the column.
HEADER_ZH = {"已上报单位数": "units_reported", "应上报单位数": "units_expected", "部分上报": "partial", "需关注": "attention", "章节": "section", "规划代码": "plan_id", "规划文件": "plan", "地区": "district", "期间": "period", "目标": "title", "实际": "actual", "目标值": "target_value",
             "应达": "expected", "单位": "unit", "达成率": "attainment", "状态": "status", "按当前进度预计": "projected", "备注": "note", "类型": "kind",
             "层级": "level", "期限": "deadline", "原文": "quote", "目标代码": "target", "指标代码": "indicator"}

# The mini city (test_render_golden.MINI_CITY on conftest's test catalog), worked out by hand as of 2024-06-30:
# (district, target id, title, measure, attainment, status). Lectures 12+8+15 + 14+1+16 = 66 of 120; share
# (45+40+50)/(3×50) = 90%; 2 of 3 districts 是 = 66.67%; fees 0+0+50 = 50 against at most 0; the abortion
# rate of 甲区 alone, 140/100,000 = 1.4‰: one of the three districts (under the 80 % a rate needs,
# score/partial.py), so not judged; drills reach 1 in a quarter.
MINI_ROWS = [
    ("测试市", "t_lectures", "讲座场次", "66 / 120 场", "55%", "进度正常"),
    ("测试市", "t_abortion", "人工流产率", "1.4‰", None, "无数据"),
    ("测试市", "t_share", "覆盖率", "90% / 100%", "90%", "进度落后"),  # one figure: no pace yet, judged where it stands
    ("测试市", "t_done", "是否建立机制", "否", None, "未达标"),  # a milestone: 是 or 否, never a 0 % bar
    ("测试市", "t_cover_units", "是否建立机制", "66.67% / 100%", "67%", "进度正常"),
    ("测试市", "t_fees", "收费金额", "50 / ≤0 元", "0%", "进度落后"),
    ("测试市", "t_watch", "讲座场次", "66 场", None, "监测"),
    ("丙区", "t_lectures_unit", "讲座场次", "31 / 10 场", "310%", "达标"),
    ("乙区", "t_lectures_unit", "讲座场次", "9 / 10 场", "90%", "进度正常"),
    ("甲区", "t_lectures_unit", "讲座场次", "26 / 10 场", "260%", "达标"),
    ("丙区", "t_drills", "演练次数", "1 / 4 期", "25%", "进度落后"),
    ("乙区", "t_drills", "演练次数", "1 / 4 期", "25%", "进度落后"),
    ("甲区", "t_drills", "演练次数", "2 / 4 期", "50%", "进度正常"),
    # No peers reported: the plan's 3 units are the peers, the top third is position 1.
    ("丙区", "t_rank", "全市排名", "第3 / 前1", "33%", "进度落后"),
    ("乙区", "t_rank", "全市排名", "第1 / 前1", "100%", "达标"),
    ("甲区", "t_rank", "全市排名", "第2 / 前1", "50%", "进度落后"),
]
# The bar of each attainment above: round(min(attainment, 1) × 8) full blocks of eight.
BARS = {"55%": "████░░░░", "90%": "███████░", "0%": "░░░░░░░░", "67%": "█████░░░", "310%": "████████",
        "260%": "████████", "25%": "██░░░░░░", "50%": "████░░░░", "33%": "███░░░░░", "100%": "████████"}


@pytest.fixture
def city(tmp_path: Path, mini_catalog):  # type: ignore[no-untyped-def]
    return mini_city(tmp_path, mini_catalog)


def _num(text: Any) -> float | None:
    """A flat export's number; a milestone's 是/否 is its 1/0."""
    if text in ("", None):
        return None
    if text in ("是", "否"):
        return 1 if text == "是" else 0
    return text if isinstance(text, (int, float)) else float(text)


def in_order(card: Any) -> list[tuple[str, str, str]]:
    """(plan, district, target) in the order md and the terminal list results: the targets needing
    attention apart (first in md, last on the terminal), the rest by the document's sections."""
    from rhcalc.render.attention import attention, by_section, shown_ids

    secs = sections(card)
    leave_out = shown_ids(attention(secs, "zh"))
    return [(s.plan, r.district, r.target) for s in secs
            for rows in [[r for _, g in by_section([r for r in s.own if id(r) not in leave_out]) for r in g] + s.units]
            for r in rows]


def milestone(r: dict[str, Any]) -> bool:
    """A milestone is drawn as 是 or 未完成，期限 …: no attainment shown, never a 0 % bar."""
    return r["kind"] == "milestone" or (r["unit"] == "是/否" and r["kind"] == "monitor")


UNIT_NUMBERS = re.compile(r"/10万|/万|/100k|/10k")  # units with a number in them: 18.25/10万
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def shown_numbers(cell: str) -> list[float]:
    """The numbers a measure cell shows, left to right: “2 / 4 期” → [2, 4]; “第3 / 前5” → [3, 5]."""
    return [float(n.replace(",", "")) for n in NUMBER.findall(UNIT_NUMBERS.sub("", cell))]


def json_numbers(r: dict[str, Any]) -> list[float]:
    """What the cell must show, in order: actual, then the target (the earlier figure for a trend)."""
    second = r["expected"] if r["kind"] in ("trend_down", "trend_up") else r["target_value"]
    if r["kind"] == "monitor":
        second = None
    return [x for x in (r["actual"], second) if x is not None]


def check_measure(cell: str, r: dict[str, Any]) -> None:
    if r["unit"] == "是/否" and r["kind"] in ("milestone", "monitor"):
        due = r["how"].get("deadline") if r["actual"] == 0 and r["status"] in ("on_track", "behind") else None
        want = f"未完成，期限 {due}" if due else {1: "是", 0: "否", None: "—"}[r["actual"]]
        # The terminal splits it over its measure and bar columns: 未完成 | 期限 2024-12-31.
        assert re.sub(r"^未完成\s+期限", "未完成，期限", cell) == want, (r["target"], cell)
        return
    got, want = shown_numbers(cell), json_numbers(r)
    assert len(got) == len(want) and all(abs(g - w) <= 0.005 + 1e-9 * abs(w) for g, w in zip(got, want)), (r["target"], cell, want)


def check_attainment(cell: str, r: dict[str, Any]) -> None:
    if r["attainment"] is None or milestone(r):
        assert cell in ("", "—"), (r["target"], cell)
        return
    assert cell.endswith("%") and abs(float(cell[:-1]) - r["attainment"] * 100) <= 0.5, (r["target"], cell)


@pytest.mark.parametrize("name", INPUTS)
def test_csv_numbers_equal_json(name: str) -> None:
    card = scored(name)
    text = render(card, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    keys = [HEADER_ZH[h] for h in rows[0]]
    body = [dict(zip(keys, r)) for r in rows[1:]]
    reference = {(r["target"], r["district"]): r for r in json_results(card)}
    assert sorted((got["target"], got["district"]) for got in body) == sorted(reference)
    for got in body:
        want = reference[(got["target"], got["district"])]
        assert got["plan_id"] == want["plan"]
        for key in NUMBERS:
            assert _num(got[key]) == want[key], (want["target"], key)
        assert got["status"] == STATUS_ZH[want["status"]]


@pytest.mark.parametrize("name", INPUTS)
def test_xlsx_numbers_equal_json(name: str) -> None:
    card = scored(name)
    wb = load_workbook(io.BytesIO(render(card, "xlsx")))
    reference = keyed(json_results(card))
    seen = 0
    for plan in {k[0] for k in reference}:
        ws = wb[card.catalog.plans[plan].name_zh[:31]]
        keys = [HEADER_ZH[c.value] for c in ws[3]]
        for values in ws.iter_rows(min_row=4, values_only=True):
            got = dict(zip(keys, values))
            want = reference[(plan, got["district"], got["target"])]
            for key in NUMBERS:
                expected = None if key == "attainment" and milestone(want) else want[key]
                assert _num(got[key]) == expected, (want["target"], key)
            assert got["status"] == STATUS_ZH[want["status"]]
            seen += 1
    assert seen == len(reference)


def _md_rows(text: str) -> list[dict[str, str]]:
    """Rows of the results tables (those with a status and a measure column), header → cell."""
    out, header = [], None
    for line in text.splitlines():
        if line.startswith("|-"):
            continue
        if not line.startswith("| "):
            header = None
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\) \| ", line[2:-2])]
        if header is None:
            header = cells
        elif "实际 / 目标" in header and "达成率" in header:  # results, not the attention list
            out.append(dict(zip(header, cells)))
    return out


@pytest.mark.parametrize("name", INPUTS)
def test_md_numbers_equal_json(name: str) -> None:
    card = scored(name)
    rows = _md_rows(render(card, "md"))
    reference = keyed(json_results(card))
    # md has no ids: which result each row stands for is the order of the sections (plan by plan).
    order = in_order(card)
    assert len(rows) == len(order)
    for got, key in zip(rows, order):
        want = reference[key]
        check_measure(got["实际 / 目标"].replace("\\|", "|"), want)
        check_attainment(got["达成率"], want)
        assert got["状态"].endswith(STATUS_ZH[want["status"]])


def _md_attention(text: str) -> list[dict[str, str]]:
    """Rows of the attention table (状态, 目标 as “whose · title”, 实际 / 目标, 原因)."""
    lines = text.split("## 需关注", 1)[1].split("\n## ", 1)[0].splitlines()
    rows = [[c.strip() for c in re.split(r"(?<!\\) \| ", ln[2:-2])] for ln in lines if ln.startswith("| ")]
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_md_shows_the_mini_city_as_worked_out(city) -> None:  # type: ignore[no-untyped-def]
    """The targets behind or not met in the attention list, the rest in their sections: each once."""
    text = render(city, "md")
    marks = {"达标": "✅", "进度正常": "🟢", "进度落后": "🟡", "未达标": "🔴", "无数据": "⚪", "监测": "🔵"}
    listed = [(r.get("地区", "测试市"), r["目标"], r["实际 / 目标"], r["达成率"], r["状态"]) for r in _md_rows(text)]
    first = [(*r["目标"].split(" · "), r["实际 / 目标"], r["状态"]) for r in _md_attention(text)]
    want = [(d, title, measure, att or "—", f"{marks[status]} {status}") for d, _, title, measure, att, status in MINI_ROWS]
    attention = [w for w in want if w[0] == "测试市" and w[4].endswith(("进度落后", "未达标"))]
    # A district-level target with districts behind is one line for them all: its title and the worst status.
    groups = [("演练次数", "", "🟡 进度落后"), ("全市排名", "", "🟡 进度落后")]
    assert sorted(first) == sorted([(d, t, m, s) for d, t, m, _, s in attention] + groups)
    assert sorted(listed) == sorted(w for w in want if w not in attention)


class _Rows(HTMLParser):
    """<tr data-target data-district> → the text of its td.num and td.att cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and "data-target" in a and "data-district" in a:  # a result's row, not the attention list
            self.rows.append({"target": a["data-target"] or "", "district": a["data-district"] or "", "num": "", "att": ""})
        elif tag == "td" and self.rows and a.get("class") in ("num", "att"):
            self.cell = a["class"]
        elif tag == "svg":
            self.cell = None if self.cell == "att" else self.cell

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.cell = None
        if tag == "svg" and self.rows and self.rows[-1]["att"] == "":
            self.cell = "att"

    def handle_data(self, data: str) -> None:
        if self.cell:
            self.rows[-1][self.cell] += data.strip()


def _html_rows(html: str) -> list[dict[str, str]]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


@pytest.mark.parametrize("name", INPUTS)
def test_html_numbers_equal_json(name: str) -> None:
    card = scored(name)
    rows = _html_rows(render(card, "html"))
    reference = json_results(card)
    by_key = {(r["district"], r["target"]): r for r in reference}
    assert len(rows) == len(reference)
    for got in rows:
        want = by_key[(got["district"], got["target"])]
        check_measure(got["num"], want)
        check_attainment(got["att"], want)


def test_html_shows_the_mini_city_as_worked_out(city) -> None:  # type: ignore[no-untyped-def]
    got = {(r["district"], r["target"]): (r["num"], r["att"]) for r in _html_rows(render(city, "html"))}
    assert got == {(d, t): (measure, att or "") for d, t, _, measure, att, _ in MINI_ROWS}


def _terminal(card: Any, explain: bool) -> list[str]:
    console = Console(width=250, record=True, color_system=None)
    console.print(render(card, "table", explain=explain))
    return console.export_text().splitlines()


@pytest.mark.parametrize("name", INPUTS)
def test_table_shows_each_result_and_the_json_counts(name: str) -> None:
    card = scored(name)
    lines = _terminal(card, explain=True)
    reference = keyed(json_results(card))
    results = [reference[key] for key in in_order(card)]  # as in md
    cells = re.compile(r"^(?P<title>.*?)\s{3,}(?P<measure>\S.*?)(?:\s+[█░]{8} (?P<att>\S+%))?\s+(?P<status>\S+)$")
    # At 250 columns the title column leaves a wide gap before the measure; indented lines are a result's
    # arithmetic and quote.
    rows = [ln.rstrip() for ln in lines if not ln.startswith("  ")]
    shown = [m for m in map(cells.match, rows) if m and m["status"] in STATUS_ZH.values()]
    assert len(shown) == len(results)
    for m, want in zip(shown, results):
        assert m["status"] == STATUS_ZH[want["status"]], (want["target"], m.group(0))
        check_measure(m["measure"], want)
        check_attainment(m["att"] or "", want)
    summary = " ".join(lines[-3:])
    for status, n in card.counts().items():
        if n:
            assert f"{STATUS_ZH[status]} {n}" in summary


def test_table_shows_the_mini_city_as_worked_out(city) -> None:  # type: ignore[no-untyped-def]
    """The city's targets behind or not met in the numbered list at the end, every other row in its table."""
    lines = [ln.rstrip() for ln in _terminal(city, explain=True)]
    for district, _, title, measure, att, status in MINI_ROWS:
        if district == "测试市" and status in ("进度落后", "未达标"):
            row = re.compile(rf"^\d+\.\s+{status}\s+测试市  {re.escape(title)}\s+{re.escape(measure)}$")
        else:
            start = title if district == "测试市" else f"{district}  {title}"
            bar = rf"\s+{BARS[att]} {att}" if att else ""
            row = re.compile(rf"^{re.escape(start)}\s+{re.escape(measure)}{bar}\s+{status}$")
        assert any(row.match(ln) for ln in lines), (district, title)


@pytest.mark.parametrize(("lang", "explain", "header"), [
    ("zh", False, "需关注,规划文件,章节,地区,期间,目标,实际,目标值,应达,单位,达成率,状态,按当前进度预计,备注,已上报单位数,应上报单位数,部分上报,"
                  "类型,层级,期限,原文,目标代码,指标代码,规划代码"),
    ("zh", True, "需关注,规划文件,章节,地区,期间,目标,实际,目标值,应达,单位,达成率,状态,按当前进度预计,备注,已上报单位数,应上报单位数,部分上报,"
                 "类型,层级,期限,计算说明,原文,文件,目标代码,指标代码,规划代码"),
    ("en", False, "Attention,Plan,Section,District,Period,Target,Actual,Target value,Expected,Unit,Attainment,Status,"
                  "Projected at the current pace,Note,Units reported,Units expected,Partial,Kind,Level,Deadline,Quote,Target ID,Indicator ID,Plan ID"),
])
def test_csv_header_puts_what_a_reader_scans_first_and_the_ids_last(city, lang: str, explain: bool, header: str) -> None:  # type: ignore[no-untyped-def]
    """The first row is the first target needing attention: the mechanism due by 2024-06-30 and not set up."""
    text = render(city, "csv", lang=lang, explain=explain)
    assert text.startswith("\ufeff" + header + "\r\n")
    first = next(csv.reader(io.StringIO(text[1:].split("\r\n")[1])))
    plan, title, no = ("测试方案", "是否建立机制", "否") if lang == "zh" else ("Test plan", "Mechanism set up", "no")
    assert first[:7] == ["1", plan, "", "测试市", "2024Q2", title, no]
    assert first[-3:] == ["t_done", "done", "mini"]
