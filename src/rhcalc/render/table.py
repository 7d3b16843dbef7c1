"""The terminal scorecard: one rich table per plan, a bar per target, colours by status, a summary line.

Returns a renderable; the CLI decides where it goes (a TTY gets colour, a pipe plain text).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rhcalc.explain import explain as explain_line
from rhcalc.explain import fmt
from rhcalc.labels import STATUS_ORDER, STATUS_STYLE, status_label, word
from rhcalc.score import Scorecard

BAR_WIDTH = 8


def bar(attainment: float | None, status: str) -> Text:
    """▰▰▰▰▱▱▱▱ — attainment capped at 100 %, coloured by status."""
    if attainment is None:
        return Text("")
    filled = round(min(max(attainment, 0.0), 1.0) * BAR_WIDTH)
    return Text("█" * filled + "░" * (BAR_WIDTH - filled), style=STATUS_STYLE.get(status, ""))


def render_table(card: Scorecard, lang: str = "zh", explain: bool = False, **_: Any) -> RenderableType:
    parts: list[RenderableType] = []
    by_plan: dict[str, list] = {}
    for r in card.results:
        by_plan.setdefault(r.plan, []).append(r)
    for plan_id, results in by_plan.items():
        plan = card.catalog.plans[plan_id]
        table = Table(title=plan.name(lang) if hasattr(plan, "name") else (plan.name_en if lang == "en" else plan.name_zh),
                      title_justify="left", expand=False, pad_edge=False, show_lines=explain)
        table.add_column(word("district", lang), no_wrap=True, max_width=10)
        table.add_column(word("target", lang), ratio=1, min_width=14, overflow="fold")
        table.add_column(word("actual", lang), justify="right", no_wrap=True)
        table.add_column(word("target_value", lang), justify="right", no_wrap=True)
        table.add_column(word("attainment", lang), no_wrap=True)
        table.add_column(word("status", lang), no_wrap=True)
        for r in results:
            e, t = r.evaluation, r.target
            title = t.title(lang) or card.catalog.indicators[t.indicator].name(lang)
            label = Text(title)
            if explain:
                label.append("\n" + explain_line(r, card, lang), style="dim")
            pct = "" if e.attainment is None else f" {e.attainment * 100:.0f}%"
            status = e.status.value
            table.add_row(
                r.district,
                label,
                fmt(e.actual),
                fmt(e.target_value),
                bar(e.attainment, status) + Text(pct),
                Text(status_label(status, lang), style=STATUS_STYLE[status]),
            )
        parts.append(table)
    if not card.results:
        parts.append(Text(word("no_results", lang), style="yellow"))
    parts.append(summary_line(card, lang))
    return Group(*parts)


def summary_line(card: Scorecard, lang: str) -> Text:
    counts = Counter(r.status.value for r in card.results)
    text = Text(f"{word('as_of', lang)} {card.as_of or '—'}  ")
    text.append(f"{word('targets', lang)} {len(card.results)}: ")
    first = True
    for status in STATUS_ORDER:
        if counts.get(status):
            if not first:
                text.append("  ")
            text.append(f"{status_label(status, lang)} {counts[status]}", style=STATUS_STYLE[status])
            first = False
    if card.problems:
        text.append(f"  {word('problems', lang)} {len(card.problems)}", style="bold red")
    return text
