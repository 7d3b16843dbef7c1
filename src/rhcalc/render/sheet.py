"""Writing a worksheet as rhcalc's workbooks have them: the formats (statuses as fills, numbers with
number formats), columns sized to their text, rows as tall as their wrapped text, A4 landscape one
page wide. Shared by the scorecard workbook (``render.xlsx``) and the problem list (``render.problem_book``).
"""

from __future__ import annotations

import functools
import io
from typing import Any

from rich.cells import cell_len

from rhcalc.render.labels import STATUS_COLOURS

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


@functools.lru_cache(maxsize=8192)
def text_width(text: str) -> int:
    """Columns the longest line needs, a CJK character counting two."""
    return max(cell_len(line) for line in text.splitlines() or [""])


@functools.lru_cache(maxsize=8192)
def line_count(text: str, per_line: int) -> int:
    """Lines a wrapped cell shows at per_line columns."""
    return sum(max(1, -(-cell_len(part) // per_line)) for part in text.splitlines() or [""])


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


def heading(sh: Sheet, st: Styles, title: str, meta: str) -> None:
    sh.ws.write_string(0, 0, title, st.title)
    sh.ws.write_string(1, 0, meta, st.meta)


def new_workbook(buf: io.BytesIO) -> Any:
    import xlsxwriter

    # strings_to_* off: xlsxwriter's write() would otherwise turn “=…” into a formula and “1,200” into a number.
    return xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                     "strings_to_urls": False})
