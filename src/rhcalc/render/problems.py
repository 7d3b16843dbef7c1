"""Problems for a person: a few per code, then “…and K more” (the full list is in --format json)."""

from __future__ import annotations

from collections import defaultdict

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from rhcalc.labels import SEVERITY, pick, word
from rhcalc.problems import Problem

PER_CODE = 5
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "dim"}


def render_problems(problems: list[Problem], lang: str = "zh", per_code: int = PER_CODE) -> RenderableType:
    by_code: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        by_code[p.code].append(p)
    table = Table(title=f"{word('problems', lang)} ({len(problems)})", title_justify="left", pad_edge=False)
    table.add_column(word("severity", lang), no_wrap=True)
    table.add_column(word("where", lang), overflow="fold", ratio=1)
    table.add_column(word("code", lang), no_wrap=True)
    table.add_column(word("message", lang), overflow="fold", ratio=2)
    for code, items in by_code.items():
        for p in items[:per_code]:
            sev = p.severity.value
            # Text, not str: a cell value such as “[red]” quoted in a message must not be read as rich markup.
            table.add_row(Text(pick(SEVERITY[sev], lang), style=SEVERITY_STYLE[sev]), Text(p.location.describe()), code,
                          Text(p.message(lang)))
        if len(items) > per_code:
            table.add_row("", "", code, Text(word("and_more", lang).format(n=len(items) - per_code), style="dim"))
    return table
