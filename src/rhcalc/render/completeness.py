"""The 上报情况 section: who sent the period's return, who was late, who is missing — one function per
format (terminal table, html fragment, xlsx sheet, Markdown lines), called once by each renderer.

The chase list comes first: missing units, then late ones, then those on time, each in the plan's order.
"""

from __future__ import annotations

from typing import Any

from rhcalc.render.labels import pick
from rhcalc.score.completeness import (
    LATE, MISSING, ON_TIME, Completeness, PeriodReturns, UnitReturn, stands_on_text, unit_noun,
)

WORDS = {
    "returns": ("上报情况", "Returns"),
    "unit": ("单位", "Unit"),
    "state": ("状态", "State"),
    "arrived": ("收到日期", "Arrived"),
    "due": ("截止日期", "Due"),
    "days_late": ("逾期天数", "Days late"),
    "files": ("文件", "Files"),
    "period": ("报告期", "Period"),
    "missing_list": ("未报送", "Not reported"),
    "late_list": ("逾期报送", "Late"),
    "none": ("无", "none"),
}
STATE = {ON_TIME: ("按时报送", "on time"), LATE: ("逾期报送", "late"), MISSING: ("未报送", "not reported")}
OVERDUE = ("未报送（已逾期）", "not reported (overdue)")
# (fill, text) as the status colours: missing red, late amber, on time green.
STATE_COLOURS = {MISSING: ("#FFC7CE", "#9C0006"), LATE: ("#FFEB9C", "#7F6000"), ON_TIME: ("#C6EFCE", "#006100")}
_ORDER = {MISSING: 0, LATE: 1, ON_TIME: 2}


def w(key: str, lang: str) -> str:
    return pick(WORDS[key], lang)


def headline(p: PeriodReturns, lang: str) -> str:
    """One line per period: 北京市 2024Q2：16 个区中 14 个已上报（逾期 1 个，未报送 2 个），截止 2024-07-10."""
    base = stands_on_text(len(p.received), len(p.units), unit_noun(u.unit for u in p.units), lang)
    late, missing = len(p.state(LATE)), len(p.state(MISSING))
    if lang == "en":
        extra = f" ({late} late, {missing} not reported)" if late or missing else ""
        return f"{p.jurisdiction} {p.period}: {base}{extra}; due {p.due.isoformat()}"
    extra = f"（逾期 {late} 个，未报送 {missing} 个）" if late or missing else ""
    return f"{p.jurisdiction} {p.period}：{base}{extra}，截止 {p.due.isoformat()}"


def state_label(u: UnitReturn, lang: str) -> str:
    return pick(OVERDUE if u.overdue else STATE[u.state], lang)


def ordered(p: PeriodReturns) -> list[UnitReturn]:
    return sorted(p.units, key=lambda u: _ORDER[u.state])  # stable: the plan's order within each state


def cells(u: UnitReturn, lang: str) -> list[Any]:
    """Unit, state, arrived, days late, files: the columns of every format."""
    return [u.unit, state_label(u, lang), u.arrived.isoformat() if u.arrived else "",
            u.days_late if u.days_late else "", "、".join(u.files)]


def header(lang: str) -> list[str]:
    return [w(k, lang) for k in ("unit", "state", "arrived", "days_late", "files")]


# -- terminal ---------------------------------------------------------------------------------------

def table_parts(c: Completeness, lang: str) -> list[Any]:
    """A headline per period and, where anyone is missing or late, the chase list (rich renderables)."""
    from rich.table import Table
    from rich.text import Text

    styles = {MISSING: "bold red", LATE: "yellow", ON_TIME: "green"}
    parts: list[Any] = []
    for p in c.periods:
        parts.append(Text(f"{w('returns', lang)} · {headline(p, lang)}", style="bold"))
        chase = [u for u in ordered(p) if u.state != ON_TIME]
        if not chase:
            continue
        table = Table(show_edge=False, pad_edge=False, box=None)
        for h in header(lang):
            table.add_column(h)
        for u in chase:
            row = cells(u, lang)
            table.add_row(*(Text(str(x), style=styles[u.state] if i == 1 else "") for i, x in enumerate(row)))
        parts.append(table)
    return parts


# -- html -------------------------------------------------------------------------------------------

def completeness_html(c: Completeness, lang: str) -> str:
    """A <section class="returns"> for the summary page (escaped here: it is inserted as markup)."""
    from markupsafe import escape

    if not c:
        return ""
    out = ['<section class="returns">', f"  <h2>{escape(w('returns', lang))}</h2>"]
    for p in c.periods:
        out.append(f'  <p class="returns-line">{escape(headline(p, lang))}</p>')
        out.append('  <table class="returns"><thead><tr>'
                   + "".join(f"<th>{escape(h)}</th>" for h in header(lang)) + "</tr></thead><tbody>")
        for u in ordered(p):
            fill, text = STATE_COLOURS[u.state]
            unit, state, arrived, late, files = cells(u, lang)
            out.append(f'    <tr class="r-{u.state}" data-unit="{escape(u.unit)}"><td>{escape(unit)}</td>'
                       f'<td><span class="badge" style="background:{fill};color:{text}">{escape(state)}</span></td>'
                       f'<td>{escape(arrived)}</td><td class="num">{escape(str(late))}</td><td>{escape(files)}</td></tr>')
        out.append("  </tbody></table>")
    out.append("</section>")
    return "\n".join(out) + "\n"


# -- xlsx -------------------------------------------------------------------------------------------

def write_completeness_sheet(wb: Any, st: Any, c: Completeness, lang: str) -> None:
    """A 上报情况 sheet in the workbook ``render.xlsx`` builds (its ``Styles`` as ``st``)."""
    from rhcalc.render.sheet import Sheet

    if not c:
        return
    sh = Sheet(wb, w("returns", lang))
    sh.ws.write_string(0, 0, w("returns", lang), st.title)
    fills = {s: wb.add_format({**st._base, "bg_color": f, "font_color": t}) for s, (f, t) in STATE_COLOURS.items()}
    i = 1
    for p in c.periods:
        i += 1
        sh.ws.write_string(i, 0, headline(p, lang), st.meta)
        i += 1
        for col, h in enumerate([w("period", lang), *header(lang)]):
            sh.text(i, col, h, st.head)
        for u in ordered(p):
            i += 1
            unit, state, arrived, late, files = cells(u, lang)
            sh.text(i, 0, p.period, st.text)
            sh.text(i, 1, unit, st.text)
            sh.text(i, 2, state, fills[u.state])
            sh.text(i, 3, arrived, st.text)
            sh.number(i, 4, late if late != "" else None, st.int)
            sh.text(i, 5, files, st.wrap, wrap=True)
        i += 1
    sh.fit({5: 48})
    sh.print_setup(0)


# -- Markdown ---------------------------------------------------------------------------------------

def md_lines(c: Completeness, lang: str, table: Any) -> list[str]:
    """The section in Markdown; ``table`` is md.py's (header, rows, right) → lines."""
    if not c:
        return []
    lines = [f"## {w('returns', lang)}", ""]
    for p in c.periods:
        lines += [headline(p, lang), "", *table(header(lang), [cells(u, lang) for u in ordered(p)], right={3}), ""]
    return lines


# -- plain text (email bodies) ----------------------------------------------------------------------

def text_lines(c: Completeness, lang: str = "zh") -> list[str]:
    """The headline and the names of the missing and late units (the first 16 of them), for the batch's
    closing lines and a summary's email body."""
    from rhcalc.render.attention import listed

    lines: list[str] = []
    for p in c.periods:
        lines.append(headline(p, lang))
        for key, state in (("missing_list", MISSING), ("late_list", LATE)):
            units = p.state(state)
            if units:
                # A province's counties would fill a screen: the first of them, then how many in all.
                names = listed([u.unit for u in units], lang == "en")
                lines.append(f"  {w(key, lang)}{'：' if lang != 'en' else ': '}{names}")
    return [*lines, ""] if lines else []
