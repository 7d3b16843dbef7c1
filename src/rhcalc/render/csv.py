"""Results as one flat CSV for Excel: UTF-8 with a BOM, labels in the reader's language, numbers as JSON.

Excel opens a BOM-less UTF-8 CSV as the ANSI code page (GBK on a Chinese Windows), so the BOM is
what keeps 西城区 from turning into mojibake. Text cells that Excel would run as a formula are
neutralised (OWASP “CSV injection”): a submission's note is never a formula in someone's workbook.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from rhcalc.render.labels import word
from rhcalc.render.attention import attention, by_section
from rhcalc.render.flat import Row, columns, record
from rhcalc.render.sections import sections
from rhcalc.score.model import Scorecard

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """'=HYPERLINK(…) — a text cell starting like a formula gets a leading quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def render_csv(card: Scorecard, lang: str = "zh", explain: bool = False, only: frozenset[str] = frozenset(),
               **_: Any) -> str:
    """One row per result: those needing attention first (their place in the 需关注 column), then the
    rest plan by plan in the document's order of sections."""
    cols = columns(explain)
    buf = io.StringIO()
    # \r\n is what Excel writes and expects; a note's own newlines stay inside its quoted cell.
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([word(label, lang) for _, label in cols])
    for row, rank in ordered(card, lang, only):
        rec = record(row, rank)
        writer.writerow([neutralise(_cell(rec[key])) for key, _ in cols])
    return BOM + buf.getvalue()


def ordered(card: Scorecard, lang: str, only: frozenset[str]) -> Iterator[tuple[Row, dict[int, int]]]:
    secs = sections(card, lang, only=only)
    items = attention(secs, lang)
    rank = {id(i.row): n for n, i in enumerate(items, start=1) if i.row is not None}
    first = [i.row for i in items if i.row is not None]
    rest = [r for sec in secs for _, rows in by_section([r for r in sec.own if id(r) not in rank]) for r in rows]
    for row in first + rest + [r for sec in secs for r in sec.units]:
        yield row, rank


def _cell(value: Any) -> Any:
    return "" if value is None else value
