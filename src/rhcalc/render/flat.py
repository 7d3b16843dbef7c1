"""Results flattened once for every report: labels looked up, numbers taken as JSON has them.

Each renderer (table, csv, md, html, xlsx) reads ``Row``s (grouped into ``Section``s, one per
plan: ``render.sections``) instead of walking ``Result``/``Evaluation`` itself, so a label or a
number is spelt one way everywhere. Numbers come from ``Result.to_dict()`` — the JSON values — and
are never recomputed. The flat columns of csv and xlsx are here too.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rhcalc.catalog.model import Target
from rhcalc.catalog.sections import target_sections
from rhcalc.common.numbers import TIGHT_UNITS, fmt, pct
from rhcalc.render.explain import explain as explain_line
from rhcalc.render.explain import value_text
from rhcalc.render.labels import kind_label, level_label, status_label, unit_label, word
from rhcalc.score.contributions import UnitFigure
from rhcalc.score.model import Result, Scorecard, clean
from rhcalc.score.rules import draw_of
from rhcalc.score.rules.base import projection_words

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
    plan: str  # the plan's name
    threshold: str  # 阈值依据：《…》“…” where rhcalc supplied the number, else ""
    draw: str  # what the target's rule draws: bar, limit, check, arrow, rank, none (score/rules)


def target_labels(t: Target, card: Scorecard, lang: str) -> Labels:
    ind = card.catalog.indicators[t.indicator]
    plan = card.catalog.plans.get(t.plan or "")
    return Labels(
        title=t.title(lang) or ind.name(lang), indicator_name=ind.name(lang), unit=unit_label(t.unit, lang),
        kind=kind_label(t.kind.value, lang), level=level_label(t.level.value if t.level else None, lang),
        quote=t.source.quote, document=t.source.document, yes_no=t.unit == YES_NO, lang=lang,
        plan=plan.name(lang) if plan else (t.plan or ""), threshold=threshold_text(t, lang), draw=draw_of(t),
    )


def threshold_text(t: Target, lang: str) -> str:
    """Where a number rhcalc supplies comes from, in the reader's words: the document and its clause."""
    src = t.threshold_source
    if t.threshold is None or src is None:
        return ""
    return f"{word('threshold_from', lang)}{src.document}“{src.clause}”"


class Row:
    """One result as the reports show it.

    A national summary makes one for each of its 300,000 results and reads only the district,
    target and status of most, so those are all that is worked out up front; the JSON numbers, the
    measure and the line of arithmetic are made the first time a renderer asks for them. Slots, not
    a __dict__: a third of the memory, for rows that live until the file is written.
    """

    __slots__ = ("result", "labels", "card", "status", "district", "target", "_data", "_measure", "_explain")

    def __init__(self, result: Result, labels: Labels, card: Scorecard) -> None:
        self.result = result
        self.labels = labels
        self.card = card  # for the line of arithmetic and the catalog, made only when asked for
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
    def attainment(self) -> float | int | None:
        """``data["attainment"]`` without making the whole JSON dict: the league table reads it for
        each of a national summary's 300,000 rows, and their dicts (``how`` included) took 300 MB."""
        return self._data["attainment"] if self._data is not None else self.result.json_attainment()

    @property
    def target_kind(self) -> str:
        """``data["kind"]``: the target's kind as JSON spells it (``kind`` is its label)."""
        return self.result.target.kind._value_

    @property
    def measure(self) -> str:
        """“17 / 20 所”, “85% / 100%”, “是” …"""
        if self._measure is None:
            # The league table asks the measure of 270,000 rows that are asked nothing else: the few
            # fields measure_text reads, not the whole JSON dict (190 MB kept, 8 of a summary's 16 s made).
            data = self._data if self._data is not None else measure_fields(self.result)
            self._measure = measure_text(data, self.unit, self.labels.yes_no, self.labels.lang)
        return self._measure

    @property
    def explain(self) -> str:
        """The line of arithmetic (score/rules): under --explain, and as the reason of each target that
        needs attention."""
        if self._explain is None:
            self._explain = explain_line(self.result, self.card, self.labels.lang)
        return self._explain

    @property
    def reason(self) -> str:
        """The line of arithmetic without its “→ status” tail, for beside the status, and without where
        a threshold comes from (the quote column says it)."""
        return explain_line(self.result, self.card, self.labels.lang, sources=False).rsplit(" → ", 1)[0]

    @property
    def plan_name(self) -> str:
        return self.labels.plan

    @property
    def section(self) -> str:
        """The heading of the document the target's quote is under (一、…), or ""."""
        found = target_sections(self.card.catalog).get(self.target)
        return found.label if found else ""

    @property
    def source(self) -> str:
        """The quote, and for a number rhcalc supplies where it comes from (阈值依据：document“clause”)."""
        threshold = self.labels.threshold
        return f"{self.labels.quote}\n{threshold}" if threshold else self.labels.quote

    @property
    def draw(self) -> str:
        """bar, limit, check, arrow, rank or none; a duty of every period is drawn as its periods' bar."""
        draw = self.labels.draw
        return "bar" if draw == "check" and self.result.evaluation.how.slots else draw

    @property
    def projection(self) -> str:
        """按当前进度，2025年底预计 86.4% — shown in every format wherever the rule made a projection."""
        p = self.result.evaluation.how.projection
        return projection_words(p, self.unit, self.labels.lang == "en") if p is not None else ""

    @property
    def due(self) -> str | None:
        """The deadline of a milestone not done yet and not overdue: it reads 未完成，期限 …, never 0 %."""
        d = self.data
        if self.draw == "check" and d["actual"] is not None and d["actual"] < 1 and self.status in ("on_track", "behind"):
            return d["how"].get("deadline")
        return None

    def part(self, unit: str) -> UnitFigure | None:
        """A unit's figure behind this city result (score/contributions.py)."""
        return next((f for f in self.result.parts if f.unit == unit), None)

    def part_figure(self, unit: str) -> str:
        """The unit's own figure as the reports print it: 13 次, 2.08‰, 是 (its 是/否 for a coverage)."""
        f = self.part(unit)
        if f is None or f.value is None:
            return "—"
        t = self.result.target
        if self.labels.yes_no or (t.measure is not None and t.measure.value in ("units", "done")):
            return value_text(f.value, "", True, self.labels.lang)
        return fmt(f.value, self.labels.unit)

    def part_share(self, unit: str) -> str:
        """Its share of the city's count — for a rate, of the city's numerator, which it names: 5%（人流例数）."""
        f = self.part(unit)
        if f is None or f.share is None:
            return ""
        indicator = self.card.catalog.indicators[self.result.target.indicator]
        # The catalog names numerators in Chinese only: an English report gives the share alone.
        if indicator.numerator and f.numerator is not None and self.labels.lang != "en":
            return f"{pct(f.share)}（{indicator.numerator}）"
        return pct(f.share)

    @property
    def lower_better(self) -> bool:
        """Whether a lower figure is the better one: a ceiling, a fall to reach, a rank."""
        test = self.result.target.test
        return test is not None and test.value in ("at_most", "down", "rank")

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


def flatten(card: Scorecard, lang: str = "zh", explain: bool = False, only: frozenset[str] = frozenset(),
            results: list[Result] | None = None) -> list[Row]:
    """A Row per result (``results``: another list of the card's, e.g. its city results), in order;
    ``only``: the statuses to keep (all when empty)."""
    labels: dict[int, Labels] = {}  # by target: a summary repeats each one for every district
    out = []
    for r in card.results if results is None else results:
        if only and r.evaluation.status.value not in only:
            continue
        lab = labels.get(id(r.target))  # the targets live in card.catalog for the whole call
        if lab is None:
            lab = labels[id(r.target)] = target_labels(r.target, card, lang)
        out.append(Row(r, lab, card))
    return out


def measure_fields(r: Result) -> dict[str, Any]:
    """What ``measure_text`` reads of ``Result.to_dict()``, and only that, with the same values."""
    e, how = r.evaluation, r.evaluation.how
    return {"kind": r.target.kind._value_, "actual": clean(e.actual), "target_value": clean(e.target_value),
            "expected": clean(e.expected), "status": e.status._value_,
            "how": {"slots": how.slots, "measure": how.measure, "deadline": how.deadline}}


def measure_text(d: dict[str, Any], unit: str, yes_no: bool, lang: str) -> str:
    """Actual against what it is judged by, in one cell: “17 / 20 所”, “0% / ≤2%”, “16.96% vs 17.65%”."""
    kind, a, t = d["kind"], d["actual"], d["target_value"]
    how = d["how"]
    if how.get("slots") and how.get("measure") != "level":
        return f"{fmt(a)} / {fmt(t)} {word('periods_unit', lang)}"
    if kind == "milestone" or (yes_no and kind == "monitor"):
        if a is not None and a < 1 and how.get("deadline") and d["status"] in ("on_track", "behind"):
            return word("not_done_due", lang).format(deadline=how["deadline"])  # never a 0 % bar
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
# first — the place in the attention list, whose, which target, the figures, the status; the ASCII
# ids that scripts join on come last (and stay off the xlsx print area).
COLUMNS: list[tuple[str, str]] = [
    ("attention", "attention_rank"), ("plan", "plan"), ("section", "section"), ("district", "district"),
    ("period", "period"), ("title", "target"),
    ("actual", "actual"), ("target_value", "target_value"), ("expected", "expected"), ("unit", "unit"),
    ("attainment", "attainment"), ("status", "status"), ("projected", "projected"), ("note", "note"),
    ("units_reported", "units_reported"), ("units_expected", "units_expected"), ("partial", "partial"),
    ("kind", "kind"), ("level", "level"), ("deadline", "deadline"),
]


EXPLAIN_COLUMNS: list[tuple[str, str]] = [("explain", "explain"), ("quote", "quote"), ("document", "document")]


ID_COLUMNS: list[tuple[str, str]] = [("target", "target_id"), ("indicator", "indicator_id"), ("plan_id", "plan_id")]


def columns(explain: bool) -> list[tuple[str, str]]:
    return COLUMNS + (EXPLAIN_COLUMNS if explain else [("quote", "quote")]) + ID_COLUMNS


# The flat columns that are words on the row, in the reader's language: key → Row attribute. The rest
# are Result.to_dict()'s values (``plan_id`` is its ``plan``).
ROW_WORDS = {"title": "title", "kind": "kind", "level": "level", "unit": "unit", "status": "status_label",
             "explain": "explain", "quote": "source", "document": "document", "plan": "plan_name",
             "section": "section"}
DATA_KEYS = {"plan_id": "plan"}
YES_NO_KEYS = ("actual", "target_value", "expected")


RECORD_KEYS = [k for k, _ in COLUMNS + ID_COLUMNS] + ["explain", "quote", "document"]


def values(row: Row, keys: list[str], rank: dict[int, int] | None = None) -> list[Any]:
    """Those flat columns of one row; numbers exactly as in JSON, words in the reader's language;
    ``rank``: id(row) → its place in the attention list."""
    d = row.data
    yes_no = row.labels.yes_no and row.draw == "check"  # a milestone's 1/0 reads 是/否, as everywhere else
    out = []
    for k in keys:
        if k == "attention":
            out.append((rank or {}).get(id(row)))
        elif k in ROW_WORDS:
            out.append(getattr(row, ROW_WORDS[k]))
        elif yes_no and k in YES_NO_KEYS and d.get(k) is not None:
            out.append(value_text(d[k], "", True, row.labels.lang))
        else:
            out.append(d.get(DATA_KEYS.get(k, k)))
    return out


def record(row: Row, rank: dict[int, int] | None = None) -> dict[str, Any]:
    """Every flat column of one row."""
    return dict(zip(RECORD_KEYS, values(row, RECORD_KEYS, rank)))
