"""The scorecard as a workbook people file and forward: it opens on 概览 (the counts with a chart, what
needs attention — render/xlsx_overview.py), then a sheet per plan named as the plan is, its rows
by the document's sections, a league table for city input, and the problems found.

Numbers are cells with number formats (attainment 0%, not the text “85%”), statuses are fills, the
header is frozen and every sheet prints landscape on A4, one page wide. Text from submissions
(notes, district names) goes through ``write_string`` with ``strings_to_formulas`` off: a note
reading ``=HYPERLINK(…)`` is text in the cell, never a formula Excel would run.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from rich.cells import cell_len

from rhcalc.render.labels import STATUS_COLOURS, status_label, word
from rhcalc.render import heading
from rhcalc.render.attention import attention, by_section, city_attention
from rhcalc.render.flat import ID_COLUMNS, League, Row, Section, columns, sections, values
from rhcalc.score.scoring import Scorecard

MAX_WIDTH = {"title": 32, "note": 24, "quote": 40, "explain": 40, "document": 24, "target": 30, "indicator": 30,
             "plan_id": 20, "section": 20, "attention": 7}
WRAPPED = {"title", "note", "quote", "explain", "section"}  # long text wraps; ids and short labels stay on one line
NUMBER_KEYS = {"actual", "target_value", "expected", "projected", "attention"}
A4 = 9
LINE_HEIGHT = 13.5  # points per line of 10-point text


class Styles:
    """The workbook's formats, made once: xlsxwriter caps a workbook at 64k distinct formats."""

    def __init__(self, wb: Any) -> None:
        base = {"font_name": "Microsoft YaHei", "font_size": 10, "valign": "top", "border": 1, "border_color": "#D9D9D9"}
        self.title = wb.add_format({"font_name": base["font_name"], "bold": True, "font_size": 14})
        self.bold = wb.add_format({"font_name": base["font_name"], "bold": True, "font_size": 11})
        self.meta = wb.add_format({"font_name": base["font_name"], "font_color": "#595959"})
        self.head = wb.add_format({**base, "bold": True, "bg_color": "#F2F2F2", "text_wrap": True, "valign": "vcenter"})
        self.text = wb.add_format(base)
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.int = wb.add_format({**base, "num_format": "#,##0"})
        self.dec = wb.add_format({**base, "num_format": "#,##0.0#"})
        self.pct = wb.add_format({**base, "num_format": "0%"})
        self.status = {s: wb.add_format({**base, "bg_color": f, "font_color": c}) for s, (f, c) in STATUS_COLOURS.items()}
        self._wb, self._base = wb, base

    # The league's formats, made only for a workbook that has a league (not a county's own report).
    # xlsxwriter numbers formats in the order they are first used, so when they are made changes nothing.
    @functools.cached_property
    def status_pct(self) -> dict[str, Any]:
        return {s: self._wb.add_format({**self._base, "bg_color": f, "font_color": c, "num_format": "0%", "align": "center"})
                for s, (f, c) in STATUS_COLOURS.items()}

    @functools.cached_property
    def status_text(self) -> dict[str, Any]:
        return {s: self._wb.add_format({**self._base, "bg_color": f, "font_color": c, "align": "center"})
                for s, (f, c) in STATUS_COLOURS.items()}

    def number(self, x: float) -> Any:
        return self.int if float(x).is_integer() else self.dec


# Most text in a national batch is the same in every county's workbook (titles, quotes, labels,
# ids), so its measurements are kept; a bounded cache, since explanations differ in each.
@functools.lru_cache(maxsize=8192)
def text_width(text: str) -> int:
    """Columns the longest line needs, a CJK character counting two."""
    return max(cell_len(line) for line in text.splitlines() or [""])


@functools.lru_cache(maxsize=8192)
def line_count(text: str, per_line: int) -> int:
    """Lines a wrapped cell shows at per_line columns."""
    return sum(max(1, -(-cell_len(part) // per_line)) for part in text.splitlines() or [""])


class Sheet:
    """One worksheet plus the widest text seen per column, for widths that fit the content."""

    def __init__(self, wb: Any, name: str) -> None:
        self.ws = wb.add_worksheet(sheet_name(wb, name))
        self.widths: dict[int, int] = {}
        self.wrapped: list[tuple[int, int, str]] = []

    def text(self, row: int, col: int, value: str | None, fmt: Any, wrap: bool = False) -> None:
        if value is None or value == "":
            self.ws.write_blank(row, col, None, fmt)
            return
        value = str(value)
        self.ws.write_string(row, col, value, fmt)
        width = text_width(value)
        if width > self.widths.get(col, -1):
            self.widths[col] = width
        if wrap:
            self.wrapped.append((row, col, value))

    def number(self, row: int, col: int, value: float | None, fmt: Any, shown: str = "") -> None:
        if value is None:
            self.ws.write_blank(row, col, None, fmt)
            return
        self.ws.write_number(row, col, value, fmt)
        width = len(shown or f"{value:,.2f}")
        if width > self.widths.get(col, -1):
            self.widths[col] = width

    def fit(self, caps: dict[int, int] | None = None, low: int = 6) -> None:
        """Column widths from the content (CJK counts double), then row heights for wrapped text.

        Neither Excel nor LibreOffice re-measures row heights when opening a generated file, so a
        wrapped note would otherwise hide all but its first line.
        """
        final = {col: min(max(width + 2, low), (caps or {}).get(col, 40)) for col, width in self.widths.items()}
        for col, width in final.items():
            self.ws.set_column(col, col, width)
        lines: dict[int, int] = {}
        for row, col, text in self.wrapped:
            per_line = max(final.get(col, 10) - 3, 1)  # a margin: glyph widths vary by font
            lines[row] = max(lines.get(row, 1), line_count(text, per_line))
        for row, n in lines.items():
            if n > 1:
                self.ws.set_row(row, min(n * LINE_HEIGHT, 400))

    def print_setup(self, header_row: int) -> None:
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
        ws.repeat_rows(header_row)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer("&C&P / &N")
        ws.freeze_panes(header_row + 1, 0)


def _heading(sh: Sheet, st: Styles, title: str, meta: str) -> None:
    sh.ws.write_string(0, 0, title, st.title)
    sh.ws.write_string(1, 0, meta, st.meta)


SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_name(wb: Any, text: str) -> str:
    """A worksheet name Excel takes: 31 characters at most, none of []:*?/\\, unique in the book."""
    base = text.translate(SHEET_FORBIDDEN).strip("'") or "_"
    taken = {ws.name.lower() for ws in wb.worksheets()}
    name, n = base[:31], 1
    while name.lower() in taken:
        n += 1
        name = f"{base[:31 - len(str(n)) - 1]} {n}"
    return name


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
    _heading(sh, st, sec.name, sec.issuer)
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
    _heading(sh, st, f"{sec.name} · {word('league', lang)}", word("league_rule", lang))
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


def new_workbook(buf: io.BytesIO) -> Any:
    import xlsxwriter

    # strings_to_* off: xlsxwriter's write() would otherwise turn “=…” into a formula and “1,200” into a number.
    return xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                     "strings_to_urls": False})


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
        from rhcalc.render.problems_xlsx import write_problems

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
