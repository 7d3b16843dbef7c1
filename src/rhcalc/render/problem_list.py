"""Problems for a person: grouped by file, in sheet and row order, a few per code, then “…and K more”.

One line each rather than a table: file names and Chinese messages are long, and a table at 80
columns folds them into shreds. Print it with ``soft_wrap=True`` so that the terminal, not rich,
wraps a long line (rich breaks at spaces and would push a Chinese message onto a line of its own).
The full list, in the loader's order, is in --format json.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text

from rhcalc.render.labels import SEVERITY, pick, word
from rhcalc.common.problems import Problem

if TYPE_CHECKING:
    from rhcalc.pipeline import Validation

PER_CODE = 5
# The columns of a problem list a clerk sends back (csv, xlsx): label keys of labels.WORDS.
COLUMNS = ("file", "sheet", "row", "column", "severity", "code", "message")
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "note": "dim"}
MARK = {"error": "✗", "warning": "!", "note": "·"}


def _order(p: Problem) -> tuple:
    loc = p.location
    return (loc.sheet or "", loc.row if loc.row is not None else -1, loc.column_letter or "")


def by_file(problems: list[Problem]) -> dict[str, list[Problem]]:
    """Files in the order they were read; in each, problems in sheet, row and column order."""
    files: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        files[p.location.file].append(p)
    return {file: sorted(items, key=_order) for file, items in files.items()}


def render_problems(problems: list[Problem], lang: str = "zh", per_code: int = PER_CODE) -> RenderableType:
    lines: list[RenderableType] = [Text(f"{word('problems', lang)} ({len(problems)})", style="bold")]
    for file, items in by_file(problems).items():
        lines.append(Text(file, style="bold"))
        shown: Counter[str] = Counter()
        hidden: Counter[str] = Counter()
        for p in items:
            if shown[p.code] >= per_code:
                hidden[p.code] += 1
                continue
            shown[p.code] += 1
            sev = p.severity.value
            # Text pieces, not markup: a cell value such as “[red]” quoted in a message stays as typed.
            place = p.location.place(lang)
            # “：” rather than spaces in Chinese: rich breaks lines at spaces, and would push a whole
            # message without any onto the next line.
            sep = ": " if lang == "en" else "："
            lines.append(Text.assemble(
                (f"  {MARK[sev]} {pick(SEVERITY[sev], lang)} ", SEVERITY_STYLE[sev]),
                (place + sep if place else ""), p.message(lang), (f" [{p.code}]", "dim"),
            ))
        for code, n in hidden.items():
            lines.append(Text(f"    {word('and_more', lang).format(n=n)} [{code}]", style="dim"))
    return Group(*lines)


def cells(p: Problem, lang: str) -> list[Any]:
    """One problem as the flat columns of ``COLUMNS``: the column is its letter and header (D 数值)."""
    loc = p.location
    return [loc.file, loc.sheet, loc.row, loc.cell(), pick(SEVERITY[p.severity.value], lang), p.code, p.message(lang)]


def problems_table(v: "Validation", lang: str = "zh", **_: Any) -> RenderableType:
    if v.problems:
        return render_problems(v.problems, lang)
    return Text(f"✓ {len(v.files)} file(s), {v.rows} row(s), no problems")


def problems_json(v: "Validation", lang: str = "zh", **_: Any) -> str:
    import json

    data = {"files": v.files, "rows": v.rows, "problems": [p.to_dict(lang) for p in v.problems]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def problems_csv(v: "Validation", lang: str = "zh", **_: Any) -> str:
    """The list as the CSV of scorecards is made: a BOM for Excel, CRLF, formula-like text neutralised."""
    import csv
    import io

    from rhcalc.render.csv import BOM, neutralise

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([word(key, lang) for key in COLUMNS])
    for items in by_file(v.problems).values():
        writer.writerows([neutralise("" if x is None else x) for x in cells(p, lang)] for p in items)
    return BOM + buf.getvalue()
