"""What the draft found: each clause of the document, the targets read from it or why it was left out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rhcalc.catalog.draft.segment import Clause


YES_NO = ("yes_no", "是/否")  # the type and unit of a piece of work done or not


@dataclass(frozen=True)
class IndicatorDraft:
    """An indicator a target needs: a common one reused by id, or a new one to define."""

    name_zh: str
    type: str  # count | rate | yes_no | rank | score
    unit: str
    factor: int | None = None
    common_id: str | None = None  # reused from the catalog's shared indicators


@dataclass(frozen=True)
class Reading:
    """One proposed target, in the catalog's terms."""

    quote: str
    start: int  # span of the quote in the document's text
    end: int
    kind: str
    indicator: IndicatorDraft
    rule: str  # the row of rules.py that decided the kind, shown in --format table
    value: float | None = None
    threshold: float | None = None  # rhcalc's own number where the document gives none (定期: 1 a year)
    frequency: str | None = None
    holds: str | None = None
    pace: str | None = None
    start_date: dt.date | None = None
    deadline: dt.date | None = None
    level: str | None = None
    review: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    clause: Clause
    readings: tuple[Reading, ...] = ()
    left_out: tuple[str, str] | None = None  # (zh, en) reason


@dataclass(frozen=True)
class PlanDraft:
    id: str
    name_zh: str
    issuer: str
    document: str  # the text's file name in sources/
    jurisdiction: str
    level: str
    start: dt.date
    end: dt.date
    issued: dt.date | None = None
    units: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # where each field came from, written as YAML comments


@dataclass(frozen=True)
class Draft:
    plan: PlanDraft
    findings: tuple[Finding, ...]
    text: str  # the document's text, as the quotes were cut from it
    source_name: str  # the document as the user named it
    taken_names: frozenset[str] = frozenset()  # every name of the common indicators (no new one may reuse it)

    @property
    def readings(self) -> list[Reading]:
        return [r for f in self.findings for r in f.readings]
