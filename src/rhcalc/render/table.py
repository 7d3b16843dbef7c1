"""The terminal scorecard: whose and when, the targets by the document's own sections, a district ×
target strip for city input, what each status means, and — last, where a terminal leaves it on the
screen once the rest has scrolled past — what needs attention, with its reason and, for a city
target, who holds it back, and the counts.

Returns a rich renderable; the CLI decides where it goes (a TTY gets colour, a pipe plain text).
It fits 80 columns: the status column never wraps, the target title folds instead. A city file
(16 districts × N district targets) would run to hundreds of lines, so district-level targets
show as one row each — a strip with a mark per district and the districts needing attention —
unless --explain asks for every line of arithmetic, which needs one row per district.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rhcalc.common.numbers import fmt, pct
from rhcalc.render import heading
from rhcalc.render.attention import Item, attention, by_section, city_attention, section_label, shown_ids
from rhcalc.render.labels import STATUS_ORDER, STATUS_STYLE, status_label, word
from rhcalc.render.completeness import table_parts
from rhcalc.render.legend import legend_items, title as legend_title
from rhcalc.render.flat import Row
from rhcalc.render.sections import Section, TargetGroup, by_target, sections
from rhcalc.score.model import Scorecard

BAR_WIDTH = 8
# Without colour (a pipe, a log file) the mark's height still tells the status: taller is better.
MARK = {"met": "█", "on_track": "▆", "behind": "▃", "not_met": "▁", "no_data": "·", "monitor": "○"}
ATTENTION = ("not_met", "behind", "no_data")
QUIET = ("monitor", "no_data")
BARS = ("bar", "limit")
MEASURE_WIDTH = 17  # the rules whose figure sits on one scale with its target (score/rules DRAW)


def bar(row: Row) -> Text:
    """████░░░░ 50% — attainment capped at 100 % for the bar, coloured by status; nothing where the rule
    draws no bar (a milestone not yet due reads 未完成，期限 …, never 0 %)."""
    attainment = row.data["attainment"]
    if attainment is None or row.draw == "check":
        return Text("")
    filled = round(min(max(attainment, 0.0), 1.0) * BAR_WIDTH)
    text = Text("█" * filled + "░" * (BAR_WIDTH - filled), style=STATUS_STYLE.get(row.status, ""))
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


def _table(first: str) -> Table:
    table = Table(box=HEAD_RULE, pad_edge=False, expand=False, show_edge=False, collapse_padding=True)
    table.add_column(first, ratio=1, min_width=12, overflow="fold")
    return table


def _cells(row: Row, lang: str, district: bool, projection: bool = True) -> list[Any]:
    title = Text(f"{row.district}  " if district else "")
    title.append(row.title, style="dim" if row.status in QUIET else "")
    if row.projection and projection:  # under --explain the line of arithmetic says it
        title.append(f"\n{row.projection}", style="dim")
    if row.due:  # 未完成 | 期限 2024-12-31: the words of the other formats, across two narrow columns
        return [title, Text(word("not_done", lang) if lang == "en" else "未完成"),
                Text(f"{word('deadline', lang)} {row.due}"), status_text(row.status, lang)]
    return [title, Text(row.measure), bar(row), status_text(row.status, lang)]


def results_table(rows: list[Row], lang: str, district: bool = False, first: str | None = None,
                  groups: list[tuple[str, list[Row]]] | None = None) -> Table:
    """One table, so the columns line up down the page; ``groups``: (heading, rows) — a document
    section's heading as a bold row above its targets."""
    table = _table(first or word("target", lang))
    # A long measure (20.83/10万 / ≤50/10万) folds rather than take the titles' room.
    table.add_column(word("measure", lang), justify="right", max_width=MEASURE_WIDTH, overflow="fold")
    table.add_column(word("attainment", lang), no_wrap=True)
    table.add_column(word("status", lang), no_wrap=True)
    for label, members in groups if groups is not None else [("", rows)]:
        if label:
            table.add_row(Text(label, style="bold"), "", "", "")
        for r in members:
            table.add_row(*_cells(r, lang, district))
    return table


def explained(rows: list[Row], lang: str, district: bool = False, first: str | None = None) -> Group:
    """--explain: each result's row, then its arithmetic, quote and note at full width below it.

    Inside a table column the line would wrap to a sliver at 80 columns; one grid per row with
    the same fixed widths keeps the numbers aligned down the page.
    """
    heads = [first or word("target", lang), *(word(k, lang) for k in ("measure", "attainment", "status"))]
    cells = [_cells(r, lang, district, projection=False) for r in rows]
    widths = [max(cell_len(t) for t in [heads[1], *(c[1].plain for c in cells)]),
              max([BAR_WIDTH + 5, *(c[2].cell_len for c in cells)]),
              max(cell_len(t) for t in [heads[3], *(r.status_label for r in rows)])]

    def grid(*cells: Any, style: str = "") -> Table:
        g = Table.grid(expand=True, padding=(0, 1))
        g.add_column(ratio=1, overflow="fold")
        for i, w in enumerate(widths):
            g.add_column(width=w, justify="right" if i == 0 else "left", no_wrap=True)
        g.add_row(*cells, style=style)
        return g

    parts: list[RenderableType] = [grid(*(Text(h) for h in heads), style="bold")]
    for r, row_cells in zip(rows, cells):
        parts.append(grid(*row_cells))
        detail = Text(f"  {r.explain}\n  “{r.quote}”" + (f"\n  {r.labels.threshold}" if r.labels.threshold else ""),
                      style="dim")
        if r.note:
            detail.append(f"\n  {word('note', lang)}{word('colon', lang)}{r.note}")
        parts.append(detail)
    return Group(*parts)


def attention_part(items: list[Item], lang: str, several_plans: bool, show_who: bool) -> list[RenderableType]:
    """需关注 9 项: numbered, worst first; each with its reason and who holds it back below it at full width."""
    if not items:
        return [Text(word("attention_none", lang), style="green")]
    width = len(str(len(items))) + 1
    measure = max(cell_len(i.measure) for i in items)
    status = max(cell_len(i.status_label) for i in items)
    parts: list[RenderableType] = [Text(word("attention_count", lang).format(n=len(items)), style="bold")]
    for n, item in enumerate(items, start=1):
        g = Table.grid(expand=True, padding=(0, 1))
        g.add_column(width=width, justify="right", no_wrap=True)
        g.add_column(width=status, no_wrap=True)
        g.add_column(ratio=1, overflow="fold")
        g.add_column(width=measure, justify="right", no_wrap=True)
        title = f"{item.who}  {item.title}" if item.who and show_who else item.title
        g.add_row(f"{n}.", status_text(item.status, lang), Text(title, style="bold"), Text(item.measure))
        parts.append(g)
        detail = Text(item.reason, style="dim")
        if item.held_back:
            detail.append(f"\n{word('held_back', lang)}{word('colon', lang)}{item.held_back}", style=STATUS_STYLE[item.status])
        if item.note:
            detail.append(f"\n{word('note', lang)}{word('colon', lang)}{item.note}")
        if several_plans:
            detail.append(f"\n{item.plan}", style="dim")
        indented = Table.grid(expand=True)
        indented.add_column(width=width + 1)
        indented.add_column(ratio=1, overflow="fold")
        indented.add_row("", detail)
        parts.append(indented)
    return parts


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
    table = _table(f"{word('by_district', lang)} ({len(sec.unit_districts)})")
    table.add_column(word("districts", lang), no_wrap=True)
    table.add_column(word("status", lang), ratio=1, min_width=14, overflow="fold")
    for group in by_target(sec.units):
        table.add_row(Text(group.title), strip(group), group_info(group, lang))
    return table


def city_table(rows: list[Row], lang: str, district: str) -> Table:
    """A district's own report: its figure in each city target, its share, the city's figure and status."""
    table = _table(word("city_figures", lang))
    for key in ("own_figure", "share", "city_figure"):
        table.add_column(word(key, lang), justify="right", no_wrap=True)
    table.add_column(word("city_status", lang), no_wrap=True)
    for r in rows:
        table.add_row(Text(r.title), r.part_figure(district), r.part_share(district), r.measure, status_text(r.status, lang))
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


def section_parts(sec: Section, lang: str, explain: bool, leave_out: set[int], district: str | None) -> list[RenderableType]:
    head = Text(sec.name, style="bold")
    head.append(f"  {sec.issuer}", style="dim")
    parts: list[RenderableType] = [Text(""), head]
    several = len(sec.own_districts) > 1
    rest = [r for r in sec.own if id(r) not in leave_out]
    shown = rest if explain else [r for r in rest if not _blank(r)]
    found = by_section(shown)
    groups = [(section_label(d, lang, len(found)), rows) for d, rows in found]
    if explain:
        parts += [explained(rows, lang, several, label) for label, rows in groups]
    elif groups:
        parts.append(results_table(shown, lang, several, groups=groups))
    if not explain:
        parts.extend(blank_lines([r for r in rest if _blank(r)], lang))
    if sec.units:
        parts.append(explained(sec.units, lang, True) if explain else districts_table(sec, lang))
    if sec.city and district:
        parts.append(city_table(sec.city, lang, district))
    return parts


def render_table(card: Scorecard, lang: str = "zh", explain: bool = False, only: frozenset[str] = frozenset(),
                 **_: Any) -> RenderableType:
    secs = sections(card, lang, explain, only)
    district = heading.own_district(secs)
    items = attention(secs, lang) + (city_attention(secs, lang, district) if district else [])
    parts: list[RenderableType] = header(card, secs, lang, only)
    if not card.results:  # the reason is the problems, printed before this (cli.score)
        reason = word("no_results_problems" if card.problems else "no_results", lang)
        return Group(*parts, Text(reason, style="yellow"))
    leave_out = shown_ids(items)
    for sec in secs:
        parts.extend(section_parts(sec, lang, explain, leave_out, district))
    parts += [Text(""), legend(lang), Text("")]
    parts += attention_part(items, lang, len(secs) > 1, heading.names_districts(secs))
    parts += table_parts(card.completeness, lang) if card.completeness else []  # 上报情况 (issue 15)
    parts.append(summary_line(card, lang, secs))
    return Group(*parts)


def header(card: Scorecard, secs: list[Section], lang: str, only: frozenset[str]) -> list[Text]:
    title = Text(heading.title(card, secs, lang), style="bold")
    title.append(f"  {word('as_of', lang)} {card.as_of or '—'}", style="dim")
    lines = [title]
    if only:
        statuses = "、".join(status_label(s, lang) for s in STATUS_ORDER if s in only)
        shown = sum(len(s.rows) for s in secs)
        lines.append(Text(word("only_shown", lang).format(statuses=statuses, n=len(card.results), k=shown), style="yellow"))
    return lines


def counts_line(card: Scorecard, secs: list[Section], lang: str) -> Text:
    """结果 124 项：▃进度落后 9  ▆进度正常 70 … — what the results are made of, and each status's count."""
    text = Text(heading.results_text(card, secs, lang) + word("colon", lang))
    c = card.counts()
    for i, status in enumerate(s for s in STATUS_ORDER if c.get(s)):
        text.append((" " if i else "") + f"{MARK[status]}{status_label(status, lang)} {c[status]}", style=STATUS_STYLE[status])
    return text


def legend(lang: str) -> Table:
    """状态说明: each status and what it means, two to a line."""
    g = Table.grid(padding=(0, 2))
    g.add_column(no_wrap=True)
    g.add_column(ratio=1, overflow="fold")
    for status, label, what in legend_items(lang):
        g.add_row(Text(label, style=STATUS_STYLE[status]), Text(what, style="dim"))
    return Group(Text(legend_title(lang), style="bold"), g)  # type: ignore[return-value]


def summary_line(card: Scorecard, lang: str, secs: list[Section]) -> Text:
    text = Text(f"{word('as_of', lang)} {card.as_of or '—'} ")
    text.append_text(counts_line(card, secs, lang))
    if card.problems:
        text.append(f"  {word('problems', lang)} {len(card.problems)}", style="bold red")
    return text
