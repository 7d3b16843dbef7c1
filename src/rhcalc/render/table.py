"""The terminal scorecard: per plan, a table of its own targets and, for city input, one compact row
per district-level target; colours by status, a bar of attainment, a summary line.

Returns a rich renderable; the CLI decides where it goes (a TTY gets colour, a pipe plain text).
It fits 80 columns: the status column never wraps, the target title folds instead. A city file
(16 districts × N district targets) would run to hundreds of lines, so district-level targets
show as one row each — a strip with a mark per district and the districts needing attention —
unless --explain asks for every line of arithmetic, which needs one row per district.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from rhcalc.common.numbers import pct
from rhcalc.render.labels import STATUS_ORDER, STATUS_STYLE, status_label, word
from rhcalc.render.completeness import table_parts
from rhcalc.render.flat import Row
from rhcalc.render.sections import Section, TargetGroup, by_target, sections
from rhcalc.score.model import Scorecard

BAR_WIDTH = 8
# Without colour (a pipe, a log file) the mark's height still tells the status: taller is better.
MARK = {"met": "█", "on_track": "▆", "behind": "▃", "not_met": "▁", "no_data": "·", "monitor": "○"}
ATTENTION = ("not_met", "behind", "no_data")
QUIET = ("monitor", "no_data")


def bar(attainment: float | None, status: str) -> Text:
    """████░░░░ 50% — attainment capped at 100 % for the bar, coloured by status."""
    if attainment is None:
        return Text("")
    filled = round(min(max(attainment, 0.0), 1.0) * BAR_WIDTH)
    text = Text("█" * filled + "░" * (BAR_WIDTH - filled), style=STATUS_STYLE.get(status, ""))
    return text + Text(f" {pct(attainment)}")


def status_text(status: str, lang: str) -> Text:
    return Text(status_label(status, lang), style=STATUS_STYLE[status])


class _HeadRule(box.Box):
    """rich's SIMPLE_HEAD (a rule under the header, nothing else). On a stream that is not UTF (a GBK
    console) rich swaps any box that is not ASCII for a full ASCII grid, adding a “|” between columns;
    this one keeps its layout and draws the rule with “-” instead."""

    def substitute(self, options: Any, safe: bool = True) -> box.Box:
        return _ASCII_HEAD_RULE if options.ascii_only else self


HEAD_RULE = _HeadRule("    \n    \n ── \n    \n    \n    \n    \n    \n")
_ASCII_HEAD_RULE = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def _table(lang: str, first: str) -> Table:
    table = Table(box=HEAD_RULE, pad_edge=False, expand=False, show_edge=False)
    table.add_column(first, ratio=1, min_width=12, overflow="fold")
    return table


def _cells(row: Row, lang: str, district: bool) -> list[Any]:
    title = Text(f"{row.district}  " if district else "")
    title.append(row.title, style="dim" if row.status in QUIET else "")
    return [title, Text(row.measure), bar(row.data["attainment"], row.status), status_text(row.status, lang)]


def results_table(rows: list[Row], lang: str, district: bool = False) -> Table:
    table = _table(lang, word("target", lang))
    table.add_column(word("measure", lang), justify="right", no_wrap=True)
    table.add_column(word("attainment", lang), no_wrap=True)
    table.add_column(word("status", lang), no_wrap=True)
    for r in rows:
        table.add_row(*_cells(r, lang, district))
    return table


def explained(rows: list[Row], lang: str, district: bool = False) -> Group:
    """--explain: each result's row, then its arithmetic, quote and note at full width below it.

    Inside a table column the line would wrap to a sliver at 80 columns; one grid per row with
    the same fixed widths keeps the numbers aligned down the page.
    """
    heads = [word(k, lang) for k in ("target", "measure", "attainment", "status")]
    widths = [max(cell_len(t) for t in [heads[1], *(r.measure for r in rows)]), BAR_WIDTH + 5,
              max(cell_len(t) for t in [heads[3], *(r.status_label for r in rows)])]

    def grid(*cells: Any, style: str = "") -> Table:
        g = Table.grid(expand=True, padding=(0, 1))
        g.add_column(ratio=1, overflow="fold")
        for i, w in enumerate(widths):
            g.add_column(width=w, justify="right" if i == 0 else "left", no_wrap=True)
        g.add_row(*cells, style=style)
        return g

    parts: list[RenderableType] = [grid(*(Text(h) for h in heads), style="bold")]
    for r in rows:
        parts.append(grid(*_cells(r, lang, district)))
        detail = Text(f"  {r.explain}\n  “{r.quote}”", style="dim")
        if r.note:
            detail.append(f"\n  {word('note', lang)}{word('colon', lang)}{r.note}")
        parts.append(detail)
    return Group(*parts)


def strip(group: TargetGroup) -> Text:
    """One mark per district, worst first, coloured by status."""
    text = Text()
    for r in group.rows:
        text.append(MARK[r.status], style=STATUS_STYLE[r.status])
    return text


def group_info(group: TargetGroup, lang: str) -> Text:
    text = Text()
    for status, n in group.counts.items():
        if n:
            text.append(("" if not text else " · ") + f"{status_label(status, lang)} {n}", style=STATUS_STYLE[status])
    for status in ATTENTION:
        names = group.districts(status)
        if names:
            sep = ", " if lang == "en" else "、"
            text.append(f"\n{status_label(status, lang)}: {sep.join(names)}", style=STATUS_STYLE[status])
    return text


def districts_table(sec: Section, lang: str) -> Table:
    table = _table(lang, f"{word('by_district', lang)} ({len(sec.unit_districts)})")
    table.add_column(word("districts", lang), no_wrap=True)
    table.add_column(word("status", lang), ratio=1, min_width=14, overflow="fold")
    for group in by_target(sec.units):
        table.add_row(Text(group.title), strip(group), group_info(group, lang))
    return table


def _blank(row: Row) -> bool:
    """Nothing to show but a title: no data, or a monitor-only target with no figure."""
    return row.status == "no_data" or (row.status == "monitor" and row.data["actual"] is None)


def blank_lines(rows: list[Row], lang: str) -> list[Text]:
    """Titles of blank rows as one folded paragraph per status instead of a row each."""
    sep = "; " if lang == "en" else "、"
    out = []
    for status in ("no_data", "monitor"):
        titles = [r.title for r in rows if r.status == status]
        if titles:
            line = Text(f"{MARK[status]} {status_label(status, lang)} ({len(titles)}): ", style=STATUS_STYLE[status])
            line.append(sep.join(titles), style="dim")
            out.append(line)
    return out


def section_parts(sec: Section, lang: str, explain: bool) -> list[RenderableType]:
    own_districts = {r.district for r in sec.own}
    head = Text(sec.name, style="bold")
    head.append(f"  {sec.issuer}", style="dim")
    if len(own_districts) == 1:
        head.append(f"  · {next(iter(own_districts))}")
    parts: list[RenderableType] = [head]
    several = len(own_districts) > 1
    if explain:
        parts += [explained(rows, lang, district=d) for rows, d in ((sec.own, several), (sec.units, True)) if rows]
        return parts
    shown = [r for r in sec.own if not _blank(r)]
    if shown:
        parts.append(results_table(shown, lang, district=several))
    parts.extend(blank_lines([r for r in sec.own if _blank(r)], lang))
    if sec.units:
        parts.append(districts_table(sec, lang))
    return parts


def render_table(card: Scorecard, lang: str = "zh", explain: bool = False, **_: Any) -> RenderableType:
    parts: list[RenderableType] = table_parts(card.completeness, lang) if card.completeness else []
    for sec in sections(card, lang, explain):
        parts.extend(section_parts(sec, lang, explain))
    if not card.results:
        parts.append(Text(word("no_results", lang), style="yellow"))
    parts.append(summary_line(card, lang))
    return Group(*parts)


def summary_line(card: Scorecard, lang: str) -> Text:
    text = Text(f"{word('as_of', lang)} {card.as_of or '—'}  ")
    text.append(f"{word('targets', lang)} {len(card.results)}: ")
    c = card.counts()
    shown = [s for s in STATUS_ORDER if c.get(s)]
    for i, status in enumerate(shown):
        text.append(("  " if i else "") + f"{MARK[status]} {status_label(status, lang)} {c[status]}", style=STATUS_STYLE[status])
    if card.problems:
        text.append(f"  {word('problems', lang)} {len(card.problems)}", style="bold red")
    return text
