"""Problems as a worksheet: the 问题 sheet of a scorecard workbook, and the workbook of
``rhcalc validate -o problems.xlsx`` that a city office sends back to the district.

One row per problem with the place as the clerk looks for it in Excel (file, sheet, 1-based row,
column letter and header), the severity coloured like the scorecards' statuses, and the message in
the reader's language; filters on the header, A4 landscape, one page wide.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from rhcalc.render.labels import SEVERITY, pick, word
from rhcalc.common.problems import Problem
from rhcalc.render.problem_list import COLUMNS, by_file, cells
from rhcalc.render.sheet import Sheet, Styles, heading, new_workbook

if TYPE_CHECKING:
    from rhcalc.pipeline import Validation

WIDTHS = {0: 30, 6: 60}  # file names and messages are long: wrap the message rather than run off the page
# The statuses' fills, for a severity: an error as “not met”, a warning as “behind”, a note greyed.
SEVERITY_FILL = {"error": "not_met", "warning": "behind", "note": "no_data"}


def _head(sh: Sheet, st: Styles, row: int, lang: str) -> None:
    for col, key in enumerate(COLUMNS):
        sh.text(row, col, word(key, lang), st.head)


def _write(sh: Sheet, st: Styles, i: int, p: Problem, lang: str, severity_fmt: Any) -> None:
    file, sheet, row, column, severity, code, message = cells(p, lang)
    sh.text(i, 0, file, st.text)
    sh.text(i, 1, sheet, st.text)
    sh.number(i, 2, row, st.int)
    sh.text(i, 3, column, st.text)
    sh.text(i, 4, severity, severity_fmt)
    sh.text(i, 5, code, st.text)
    sh.text(i, 6, message, st.wrap, wrap=True)


def write_problems(wb: Any, st: Styles, problems: list[Problem], lang: str) -> None:
    """The problems sheet of a scorecard workbook, in the order the loader found them."""
    sh = Sheet(wb, word("problems", lang))
    _head(sh, st, 0, lang)
    for i, p in enumerate(problems, start=1):
        _write(sh, st, i, p, lang, st.text)
    sh.fit(WIDTHS)
    sh.print_setup(0)


def _summary(v: Validation, lang: str) -> str:
    """文件 5 个 · 可用数据行 120 · 错误 3 · 警告 1 · 提示 0 — the files themselves are named in the rows."""
    files = f"{len(v.files)} file(s)" if lang == "en" else f"文件 {len(v.files)} 个"
    counts = [f"{pick(SEVERITY[s], lang)} {sum(p.severity.value == s for p in v.problems)}" for s in SEVERITY]
    return " · ".join([files, f"{word('usable_rows', lang)} {v.rows}", *counts])


def render_problem_book(v: Validation, lang: str = "zh", **_: Any) -> bytes:
    """The problem list as a workbook, file by file and in sheet, row and column order."""
    buf = io.BytesIO()
    wb = new_workbook(buf)
    st = Styles(wb)
    sh = Sheet(wb, word("problems", lang))
    heading(sh, st, word("problem_list", lang), _summary(v, lang))
    sh.ws.write_string(2, 0, word("problem_hint", lang), st.meta)
    _head(sh, st, 3, lang)
    fills = {sev: st.status[status] for sev, status in SEVERITY_FILL.items()}
    i = 3
    for items in by_file(v.problems).values():
        for p in items:
            i += 1
            _write(sh, st, i, p, lang, fills[p.severity.value])
    if not v.problems:
        sh.ws.write_string(4, 0, word("no_problems", lang), st.text)
    sh.fit(WIDTHS)
    sh.ws.autofilter(3, 0, max(i, 4), len(COLUMNS) - 1)
    sh.print_setup(3)
    sh.ws.print_area(0, 0, max(i, 4), len(COLUMNS) - 1)  # the heading's text runs on; the page is the table
    wb.close()
    return buf.getvalue()
