"""The scorecard as a workbook people file and forward: it opens on 概览 (the counts with a chart, what
needs attention — render/xlsx_overview.py), then a sheet per plan named as the plan is, its rows
by the document's sections, a league table for city input, and the problems found.

Numbers are cells with number formats (attainment 0%, not the text “85%”), statuses are fills, the
header is frozen and every sheet prints landscape on A4, one page wide. Text from submissions
(notes, district names) goes through ``write_string`` with ``strings_to_formulas`` off: a note
reading ``=HYPERLINK(…)`` is text in the cell, never a formula Excel would run.
"""

from __future__ import annotations

import io
from typing import Any

from rich.cells import cell_len

from rhcalc.render import heading
from rhcalc.render.attention import attention, by_section, city_attention
from rhcalc.render.labels import status_label, word
from rhcalc.render.flat import ID_COLUMNS, Row, columns, values
from rhcalc.render.problem_book import write_problems
from rhcalc.render.sheet import Sheet, Styles, new_workbook
from rhcalc.render.sheet import heading as sheet_heading
from rhcalc.render.sections import League, Section, sections
from rhcalc.score.model import Scorecard

MAX_WIDTH = {"title": 32, "note": 24, "quote": 40, "explain": 40, "document": 24, "target": 30, "indicator": 30,
             "plan_id": 20, "section": 20, "attention": 7}
WRAPPED = {"title", "note", "quote", "explain", "section"}  # long text wraps; ids and short labels stay on one line
NUMBER_KEYS = {"actual", "target_value", "expected", "projected", "attention"}


# Most text in a national batch is the same in every county's workbook (titles, quotes, labels,
# ids), so its measurements are kept; a bounded cache, since explanations differ in each.
def _write_record(sh: Sheet, st: Styles, i: int, row: Row, keys: list[str], cols: list[tuple[int, str]],
                  rank: dict[int, int] | None = None) -> None:
    """One result's row: the values of keys, written as cols say, (column, how) as ``_layout`` has them."""
    for (col, how), value in zip(cols, values(row, keys, rank)):
        if how == "text":
            sh.text(i, col, None if value is None else str(value), st.text)
        elif how == "wrap":
            sh.text(i, col, None if value is None else str(value), st.wrap, wrap=True)
        elif how == "number" and isinstance(value, str):  # 是/否 for a milestone
            sh.text(i, col, value, st.text)
        elif how == "number":
            sh.number(i, col, value, st.number(value) if value is not None else st.text)
        elif how == "pct" and row.draw == "check":  # a milestone is 是 or 未完成, never 0 %
            sh.ws.write_blank(i, col, None, st.text)
        elif how == "pct":
            sh.number(i, col, value, st.pct, "100%")
        else:  # the status, as its fill
            sh.text(i, col, value, st.status[row.status])


def _layout(cols: list[tuple[str, str]]) -> list[tuple[int, str]]:
    """(column, how it is written) for each flat column: worked out once a sheet, not once a cell."""
    return [(col, _how(key)) for col, (key, _) in enumerate(cols)]


def _how(key: str) -> str:
    if key in NUMBER_KEYS:
        return "number"
    if key == "attainment":
        return "pct"
    if key == "status":
        return "status"
    return "wrap" if key in WRAPPED else "text"


def write_results(wb: Any, st: Styles, sec: Section, lang: str, explain: bool, rank: dict[int, int]) -> None:
    """The plan's results, by the document's sections; the attention list's place of each in 需关注."""
    sh = Sheet(wb, sec.name)
    sheet_heading(sh, st, sec.name, sec.issuer)
    cols = [c for c in columns(explain) if c[0] != "plan"]
    for col, (_, label) in enumerate(cols):
        sh.text(2, col, word(label, lang), st.head)
    # Thousands of units: their rows are in their own reports and the league sheet, not here too.
    rows = [r for _, group in by_section(sec.own) for r in group] + (sec.units if sec.detailed else [])
    keys, layout = [key for key, _ in cols], _layout(cols)
    for i, row in enumerate(rows, start=3):
        _write_record(sh, st, i, row, keys, layout, rank)
    caps = {col: MAX_WIDTH.get(key, 16) for col, (key, _) in enumerate(cols)}
    sh.fit(caps)
    sh.ws.autofilter(2, 0, 2 + len(rows), len(cols) - 1)
    sh.print_setup(2)
    # The ids scripts join on are the last columns; paper gets the rest, at a readable size.
    printed = len([c for c in cols if c not in ID_COLUMNS])
    sh.ws.print_area(0, 0, 2 + len(rows), printed - 1)


def _league_cell(ws: Any, st: Styles, i: int, col: int, row: Row | None) -> None:
    # Straight to the worksheet: the league's widths are fixed, nothing to measure in 300,000 cells.
    if row is None:
        ws.write_blank(i, col, None, st.text)
    elif row.data["attainment"] is not None and row.data["kind"] != "milestone":
        ws.write_number(i, col, row.data["attainment"], st.status_pct[row.status])
    elif row.measure:  # 是/否, or a figure with no attainment: the measure as shown elsewhere
        ws.write_string(i, col, row.measure, st.status_text[row.status])
    else:
        ws.write_blank(i, col, None, st.status_text[row.status])


def write_league(wb: Any, st: Styles, sec: Section, lg: League, lang: str) -> None:
    sh = Sheet(wb, word("league", lang))
    sheet_heading(sh, st, f"{sec.name} · {word('league', lang)}", word("league_rule", lang))
    tail = ["met", "on_track", "behind", "not_met"]
    head = [word("rank", lang), word("district", lang), *(g.title for g in lg.targets), *(status_label(s, lang) for s in tail)]
    for col, h in enumerate(head):
        sh.ws.write_string(2, col, h, st.head)
    for col, g in enumerate(lg.targets, start=2):  # the quote behind each column, where a reader hovers
        sh.ws.write_comment(2, col, f"{g.target}\n“{g.labels.quote}”", {"x_scale": 2, "y_scale": 1.5})
    ws = sh.ws
    targets = [(col, g.target) for col, g in enumerate(lg.targets, start=2)]
    for i, line in enumerate(lg.lines, start=3):
        ws.write_number(i, 0, line.rank, st.int)
        sh.text(i, 1, line.district, st.text)
        for col, target in targets:
            _league_cell(ws, st, i, col, line.cells.get(target))
        for col, s in enumerate(tail, start=2 + len(lg.targets)):
            ws.write_number(i, col, line.counts[s], st.int)
    sh.ws.set_column(0, 0, 6)
    sh.ws.set_column(1, 1, max(8, max(cell_len(d) for d in sec.unit_districts) + 2))
    sh.ws.set_column(2, 1 + len(lg.targets), 14)
    sh.ws.set_column(2 + len(lg.targets), len(head) - 1, 8)
    sh.ws.set_row(2, 60)  # target titles wrap in the header
    sh.print_setup(2)
    sh.ws.freeze_panes(3, 2)


def render_xlsx(card: Scorecard, lang: str = "zh", explain: bool = False, only: frozenset[str] = frozenset(),
                **_: Any) -> bytes:
    from rhcalc.render.xlsx_overview import write_overview

    buf = io.BytesIO()
    wb = new_workbook(buf)
    st = Styles(wb)
    secs = sections(card, lang, explain, only)
    district = heading.own_district(secs)
    items = attention(secs, lang) + (city_attention(secs, lang, district) if district else [])
    write_overview(wb, st, Sheet(wb, word("overview", lang)), card, secs, items, lang, district)
    # 上报情况 (issue 15): render/completeness.py's sheet writer, where the card carries completeness.
    _completeness_sheet(wb, st, card, lang)
    rank = {id(i.row): n for n, i in enumerate(items, start=1) if i.row is not None}
    for sec in secs:
        write_results(wb, st, sec, lang, explain, rank)
        lg = sec.league
        if lg is not None:
            write_league(wb, st, sec, lg, lang)
    if card.problems:
        write_problems(wb, st, card.problems, lang)
    wb.close()
    return buf.getvalue()


def _completeness_sheet(wb: Any, st: Styles, card: Scorecard, lang: str) -> None:
    """The hook for the 上报情况 sheet: nothing until a scorecard carries ``completeness``."""
    value = getattr(card, "completeness", None)
    if value is None:
        return
    from rhcalc.render import completeness  # type: ignore[attr-defined]  # issue 15's module

    completeness.write_completeness_sheet(wb, st, value, lang)
