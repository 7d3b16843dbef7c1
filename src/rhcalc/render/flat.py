"""Results flattened once for every report: labels looked up, numbers taken as JSON has them.

Each renderer (table, csv, md, html, xlsx) reads ``Row``s (grouped into ``Section``s, one per
plan: ``render.sections``) instead of walking ``Result``/``Evaluation`` itself, so a label or a
number is spelt one way everywhere. Numbers come from ``Result.to_dict()`` — the JSON values — and
are never recomputed. The flat columns of csv and xlsx are here too.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rhcalc.catalog.model import Target
from rhcalc.common.numbers import TIGHT_UNITS, fmt
from rhcalc.render.explain import explain as explain_line
from rhcalc.render.explain import value_text
from rhcalc.render.labels import kind_label, level_label, status_label, unit_label, word
from rhcalc.score.model import Result, Scorecard

YES_NO = "是/否"


class Labels(NamedTuple):
    """What every district's row of one target shows alike: looked up once per target and report,
    not once per row (a national summary repeats each target for 2,850 counties). A NamedTuple:
    as immutable as a frozen dataclass and four times cheaper to make, 108 times per report."""

    title: str
    indicator_name: str
    unit: str  # as the reader sees it (labels.unit_label)
    kind: str
    level: str
    quote: str
    document: str | None
    yes_no: bool
    lang: str


def target_labels(t: Target, card: Scorecard, lang: str) -> Labels:
    ind = card.catalog.indicators[t.indicator]
    return Labels(
        title=t.title(lang) or ind.name(lang), indicator_name=ind.name(lang), unit=unit_label(t.unit, lang),
        kind=kind_label(t.kind.value, lang), level=level_label(t.level.value if t.level else None, lang),
        quote=t.source.quote, document=t.source.document, yes_no=t.unit == YES_NO, lang=lang,
    )


class Row:
    """One result as the reports show it.

    A national summary makes one for each of its 300,000 results and reads only the district,
    target and status of most, so those are all that is worked out up front; the JSON numbers, the
    measure and the line of arithmetic are made the first time a renderer asks for them. Slots, not
    a __dict__: a third of the memory, for rows that live until the file is written.
    """

    __slots__ = ("result", "labels", "explain_card", "status", "district", "target", "_data", "_measure", "_explain")

    def __init__(self, result: Result, labels: Labels, explain_card: Scorecard | None = None) -> None:
        self.result = result
        self.labels = labels
        self.explain_card = explain_card  # the scorecard, when the arithmetic was asked for
        self.status: str = result.evaluation.status.value
        self.district: str = result.district
        self.target: str = result.target.id
        self._data: dict[str, Any] | None = None
        self._measure: str | None = None
        self._explain: str | None = None

    def __repr__(self) -> str:
        return f"Row({self.district!r}, {self.target!r}, {self.status!r})"

    @property
    def data(self) -> dict[str, Any]:
        """Result.to_dict(): the numbers as JSON has them."""
        if self._data is None:
            self._data = self.result.to_dict()
        return self._data

    @property
    def unit(self) -> str:
        return "%" if self.result.evaluation.how.units is not None else self.labels.unit

    @property
    def measure(self) -> str:
        """“17 / 20 所”, “85% / 100%”, “是” …"""
        if self._measure is None:
            self._measure = measure_text(self.data, self.unit, self.labels.yes_no, self.labels.lang)
        return self._measure

    @property
    def explain(self) -> str | None:
        if self._explain is None and self.explain_card is not None:
            self._explain = explain_line(self.result, self.explain_card, self.labels.lang)
        return self._explain

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.labels.lang)

    @property
    def note(self) -> str | None:
        return self.result.evaluation.note

    @property
    def title(self) -> str:
        return self.labels.title

    @property
    def indicator_name(self) -> str:
        return self.labels.indicator_name

    @property
    def kind(self) -> str:
        return self.labels.kind

    @property
    def level(self) -> str:
        return self.labels.level

    @property
    def quote(self) -> str:
        return self.labels.quote

    @property
    def document(self) -> str | None:
        return self.labels.document


def flatten(card: Scorecard, lang: str = "zh", explain: bool = False) -> list[Row]:
    labels: dict[int, Labels] = {}  # by target: a summary repeats each one for every district
    explain_card = card if explain else None
    out = []
    for r in card.results:
        lab = labels.get(id(r.target))  # the targets live in card.catalog for the whole call
        if lab is None:
            lab = labels[id(r.target)] = target_labels(r.target, card, lang)
        out.append(Row(r, lab, explain_card))
    return out


def measure_text(d: dict[str, Any], unit: str, yes_no: bool, lang: str) -> str:
    """Actual against what it is judged by, in one cell: “17 / 20 所”, “0% / ≤2%”, “16.96% vs 17.65%”."""
    kind, a, t = d["kind"], d["actual"], d["target_value"]
    how = d["how"]
    if how.get("slots") and how.get("measure") != "level":
        return f"{fmt(a)} / {fmt(t)} {word('periods_unit', lang)}"
    if kind == "milestone" or (yes_no and kind == "monitor"):
        return value_text(a, unit, True, lang)
    if kind == "monitor" or (a is None and t is None):
        return fmt(a, unit)
    if kind == "per_period":
        return f"{fmt(a)} / {fmt(t)} {word('periods_unit', lang)}"
    if kind == "rank":
        where = f"#{fmt(a)}" if lang == "en" else f"第{fmt(a)}"
        return where if t is None else f"{where} / {word('top', lang)}{fmt(t)}"
    if kind in ("trend_down", "trend_up"):
        ref = d["expected"]
        return fmt(a, unit) if ref is None else f"{fmt(a, unit)} {word('vs', lang)} {fmt(ref, unit)}"
    sign = "≤" if kind == "at_most" else ""
    if not unit or unit in TIGHT_UNITS:  # tight units repeat: 85% / 100%
        return f"{fmt(a, unit)} / {sign}{fmt(t, unit)}"
    return f"{fmt(a)} / {sign}{fmt(t)} {unit}"


# The columns of flat exports (csv, xlsx): (key, label key in labels.WORDS). What a reader scans comes
# first; the ASCII ids that scripts join on come last (and stay off the xlsx print area).
COLUMNS: list[tuple[str, str]] = [
    ("plan", "plan"), ("district", "district"), ("period", "period"), ("title", "target"),
    ("actual", "actual"), ("target_value", "target_value"), ("expected", "expected"), ("unit", "unit"),
    ("attainment", "attainment"), ("status", "status"), ("projected", "projected"), ("note", "note"),
    ("units_reported", "units_reported"), ("units_expected", "units_expected"), ("partial", "partial"),
    ("kind", "kind"), ("level", "level"), ("deadline", "deadline"),
]


EXPLAIN_COLUMNS: list[tuple[str, str]] = [("explain", "explain"), ("quote", "quote"), ("document", "document")]


ID_COLUMNS: list[tuple[str, str]] = [("target", "target_id"), ("indicator", "indicator_id")]


def columns(explain: bool) -> list[tuple[str, str]]:
    return COLUMNS + (EXPLAIN_COLUMNS if explain else [("quote", "quote")]) + ID_COLUMNS


# The flat columns that are words on the row, in the reader's language: key → Row attribute. The rest
# are Result.to_dict()'s values.
ROW_WORDS = {"title": "title", "kind": "kind", "level": "level", "unit": "unit", "status": "status_label",
             "explain": "explain", "quote": "quote", "document": "document"}


RECORD_KEYS = [k for k, _ in COLUMNS + ID_COLUMNS] + ["explain", "quote", "document"]


def values(row: Row, keys: list[str]) -> list[Any]:
    """Those flat columns of one row; numbers exactly as in JSON, words in the reader's language."""
    d = row.data
    return [getattr(row, ROW_WORDS[k]) if k in ROW_WORDS else d.get(k) for k in keys]


def record(row: Row) -> dict[str, Any]:
    """Every flat column of one row."""
    return dict(zip(RECORD_KEYS, values(row, RECORD_KEYS)))
