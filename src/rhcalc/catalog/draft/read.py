"""Clauses → findings: the targets each clause commits to, or why it was left out.

The order of the questions asked of a clause is the order of ``rules``' docstring; each reader
below answers one of them and returns None when its words are not there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from rhcalc.catalog.draft import kinds, rules, when
from rhcalc.catalog.draft.findings import Finding, Reading
from rhcalc.catalog.draft.names import Common
from rhcalc.common.text import fold_chars
from rhcalc.catalog.draft.segment import Clause, quote_of


@dataclass(frozen=True)
class Context:
    """What every clause is read against: the plan's window and scope, the shared indicators."""

    window: when.Window
    level: str
    has_units: bool
    jurisdiction: str
    common: list[Common]


@dataclass
class _Paragraph:
    index: int = -1
    window: when.Window | None = None  # （一）2023 年 9-10 月 … holds for the whole item
    level: str | None = None  # 各区要… holds until another subject
    pending: Clause | None = None  # 到2025年， — belongs to the next clause of its sentence


def read_document(text: str, clauses: list[Clause], ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    para = _Paragraph()
    preamble = _preamble_sentences(clauses)
    for clause in clauses:
        if clause.paragraph != para.index:
            para = _Paragraph(clause.paragraph)
        if para.pending is not None and para.pending.sentence != clause.sentence:
            para.pending = None
        if clause.heading:
            findings.append(Finding(clause, left_out=rules.HEADING))
            continue
        if clause.sentence in preamble:
            findings.append(Finding(clause, left_out=rules.LEAVE_OUT[0][1:]))
            continue
        norm = fold_chars(clause.text)
        if when.is_time_only(norm):
            if not any(f.clause.paragraph == clause.paragraph and f.readings for f in findings):
                para.window = when.window_in(norm, ctx.window) or para.window
            para.pending = clause
            findings.append(Finding(clause, left_out=rules.TIME_CARRIED))
            continue
        para.level = _level(norm, ctx) or para.level
        findings.append(_finding(text, clause, norm, para, ctx))
        para.pending = None
    return findings


def _preamble_sentences(clauses: list[Clause]) -> set[int]:
    """为推进…，探索…，提升…，特制定本方案 — every clause of it says why the document was written."""
    first: dict[int, str] = {}
    out = set()
    for c in clauses:
        first.setdefault(c.sentence, c.text)
        if rules.PREAMBLE_CLOSE.search(c.text) and rules.LEAVE_OUT[0][0].search(first[c.sentence]):
            out.add(c.sentence)
    return out


def _finding(text: str, clause: Clause, norm: str, para: _Paragraph, ctx: Context) -> Finding:
    start = para.pending.start if para.pending is not None else clause.start
    quote = quote_of(text[start:clause.end])
    span_text = fold_chars(quote)
    window, deadline = _when(span_text, para, ctx)
    base = kinds.Base(quote, start, clause.end, norm, window, deadline, ctx)
    result = kinds.read_clause(base)
    if isinstance(result, tuple) and isinstance(result[0], str):
        return Finding(clause, left_out=result)  # type: ignore[arg-type]
    readings = [_placed(r, para, ctx) for r in result]  # type: ignore[union-attr]
    return Finding(clause, readings=tuple(readings))


def _when(text: str, para: _Paragraph, ctx: Context) -> tuple[when.Window, dt.date | None]:
    """The clause's own window, else its item's, else the plan's; and a deadline it states."""
    window = when.window_in(text, ctx.window) or para.window or ctx.window
    if month := when.single_month(text, window):
        window = month
    return window, when.deadline_in(text, ctx.window)


def _level(norm: str, ctx: Context) -> str | None:
    if norm.startswith(ctx.jurisdiction):
        return ctx.level
    for pattern, level in rules.LEVEL_SUBJECTS:
        if pattern.match(norm):
            return level
    return None


def _placed(r: Reading, para: _Paragraph, ctx: Context) -> Reading:
    """The level the clause's subject sets, where it is not the plan's own."""
    if para.level and para.level != ctx.level and r.level is None:
        review = (*r.review, f"主语“各区/各级”：按{_LEVEL_ZH.get(para.level, para.level)}读取")
        return dataclasses.replace(r, level=para.level, review=review)
    return r


_LEVEL_ZH = {"district": "区级", "province": "省级", "city": "市级"}
