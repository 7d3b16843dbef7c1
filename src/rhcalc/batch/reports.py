"""One scored run → one report per district and period, plus a summary per period.

The rule for splitting:

- A district's **report period** is the latest period among one file's rows (by end date); when
  several end on the same day, the shortest — so a quarterly file that also carries 1–6月 cumulative
  rows lands in 2024Q2, and an annual file with 2024 and 2024Q4 rows in 2024Q4. Each file of a
  district is a return of its own (``score.completeness.report_groups``): a backlog of six quarters'
  files is six report periods, written oldest first, each judged on the rows up to its end.
- Districts that share a report period are scored **together**, as of that period's end (or
  ``--as-of``): city roll-ups, coverage and rank see every district that reported for it. Their
  earlier rows, and earlier periods from the history database, feed trends and sparklines.
- A district's report holds the results named after it and the problems of the files its rows
  came from; the **summary** holds every result of the period (districts and roll-ups) — the
  league table — the period's 上报情况 (who was expected, sent, late, missing) and the problems
  of files that gave no rows at all.

Each report carries a content hash (its results, problems, as-of date and language) that does
not depend on how a renderer lays bytes out, so a rerun can tell that nothing changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rhcalc.common.version import version
from rhcalc.catalog.model import Catalog
from rhcalc.common.problems import Problem
from rhcalc.score.model import Result, Scorecard
from rhcalc.score.completeness import Completeness, Return, report_groups
from rhcalc.score.scoring import period_groups, score_frame

if TYPE_CHECKING:
    import pandas as pd

SUMMARY = "summary"


@dataclass(frozen=True)
class Report:
    period: str
    district: str | None  # None for the period's summary
    title: str  # who it is about: the district, or the plans' jurisdictions for a summary
    card: Scorecard
    lang: str
    only: frozenset[str] = frozenset()  # --only: the statuses the report lists (all when empty)

    @property
    def name(self) -> str:
        return report_name(self.period, self.district)

    @property
    def is_summary(self) -> bool:
        return self.district is None

    @property
    def as_of(self) -> dt.date | None:
        return self.card.as_of

    @property
    def inputs(self) -> list[str]:
        """The files its rows came from."""
        return self.card.files

    def counts(self) -> dict[str, int]:
        return self.card.counts()

    def email_text(self, attached: list[str]) -> str:
        """The text of its e-mail, naming the files ``attached``."""
        from rhcalc.render import email_body

        return email_body(self.card, self.title, self.period, self.is_summary, attached, self.lang, self.only)

    def remember_hash(self, content_hash: str) -> None:
        """Keep a content hash worked out elsewhere (a render worker) instead of working it out again."""
        vars(self)["content_hash"] = content_hash  # where cached_property keeps its value

    @cached_property
    def content_hash(self) -> str:
        """What the report shows, hashed: results, problems, as-of date, language, rhcalc and catalog.

        ``repr`` of each result's state rather than its JSON: the same information (floats repr
        exactly, dicts in the order the rules build them) for a fifth of the cost, which counts when
        a national summary holds 300,000 results.
        """
        return self._hash(with_city=True)

    @cached_property
    def mail_hash(self) -> str:
        """What decides whether a recipient gets the report (again): the same, less the city figures a
        district's report shows beside its own. Another district's resubmission moves this district's
        share of a city total and rewrites its file, but it is no news to send it."""
        return self._hash(with_city=False) if self.card.city_results else self.content_hash

    def _hash(self, with_city: bool) -> str:
        card = self.card
        head = (
            self.name,  # a city of one district: its report and the summary hold the same results
            version(), card.catalog.fingerprint, self.lang, sorted(self.only), card.as_of,
            [p.to_dict(self.lang) for p in card.problems],
            card.completeness.state() if card.completeness else None,
        )
        # One result at a time: the repr of a national summary's 353,400 states at once was a string
        # of several hundred MB, made three times over (list, text, bytes) — the run's peak memory.
        digest = hashlib.sha256(repr(head).encode("utf-8"))
        hows: dict[int, bytes] = {}  # a How's repr, once: a summary's slim results share a few hundred
        for results in (card.results, card.city_results if with_city else None):
            digest.update(b"\x1e")  # where the results end and the city results begin
            for r in results or ():
                how = r.evaluation.how
                text = hows.get(id(how)) or hows.setdefault(id(how), repr(how).encode("utf-8"))
                digest.update(repr(r.state(with_how=False)).encode("utf-8") + text + b"\x1f")
        return digest.hexdigest()


def report_name(period: str, district: str | None) -> str:
    """Where a report goes under the output folder, without suffix: 2024Q2/西城区, 2024Q2/summary."""
    return f"{safe_name(period)}/{safe_name(district) if district else SUMMARY}"


def safe_name(text: str) -> str:
    """A district or period as a file name on any system: no separators, no reserved characters."""
    text = unicodedata.normalize("NFC", str(text))
    text = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "_", text).strip(" .")
    return text[:80] or "_"


def score_period(rows: "pd.DataFrame", split: "Split", summary: Callable[[list[Result]], Report], catalog: Catalog,
                 earlier: "pd.DataFrame | None", jobs: int, min_reported: float | None, above: int | None) -> list[Report]:
    """One report period's districts judged together, then split into their reports and the summary."""
    card = score_frame(rows, catalog, split.as_of, history=earlier, jobs=jobs,
                       **({"min_reported": min_reported} if min_reported is not None else {}))
    split.feed(card.results)
    results_of: dict[str, list[Result]] = defaultdict(list)
    for r in card.results:  # grouped once: a national run has thousands of districts
        results_of[r.district].append(r)
    reports = [district_report(d, results_of.get(d, []), split, catalog) for d in split.districts]
    slim = slim_plans(((r.plan, r.district) for r in card.results), catalog, above)
    hows: dict[Any, Any] = {}
    return reports + [summary([as_summary_shows(r, slim, catalog, hows) for r in card.results])]


# One report period: its label, end, rows, what its district reports are made from beside their
# results, and how its summary is made from all of them.
Part = tuple[str, dt.date, "pd.DataFrame", "Split", Callable[[list[Result]], Report]]


def period_parts(frame: "pd.DataFrame", problems: list[Problem], catalog: Catalog, lang: str,
                 as_of: dt.date | None, only: frozenset[str], returns: list[Return] | None,
                 table: Completeness | None) -> Iterator[Part]:
    """Each report period's districts, oldest first (``score.completeness.report_groups``)."""
    # .tolist() before set(): iterating a pandas string column boxes each of 300,000 values.
    with_rows = set(frame["_file"].tolist())
    known = set(frame["district"].tolist())  # a unit no plan knows (海定区) has no rows left, and no report
    groups = report_groups(returns) if returns else period_groups(frame)
    for period, end, districts in groups:
        districts = [d for d in districts if d in known]
        if not districts:
            continue
        chosen = frame["district"].isin(districts) & (frame["period_end"] <= end)
        rows = frame if chosen.all() else frame[chosen]  # one period (a national quarter): no copy of every row
        split = Split.of(rows, problems, period, lang, only, as_of or end)
        files = [str(f) for f in sorted(set(rows["_file"].tolist()))]
        in_period = set(files)  # a set: thousands of files × thousands of problems otherwise
        summary_problems = [p for p in problems if p.location.file in in_period or p.location.file not in with_rows]

        def summary(results: list[Result], period: str = period, end: dt.date = end, files: list[str] = files,
                    summary_problems: list[Problem] = summary_problems, split: Split = split) -> Report:
            title = "、".join(sorted({catalog.plans[r.plan].jurisdiction for r in results})) or "汇总"
            card = Scorecard(split.as_of, results, summary_problems, catalog, files, period=period,
                             completeness=table.ending(end) if table else None)
            return Report(period, None, title, card, lang, only)

        yield period, end, rows, split, summary


def slim_plans(judged: Iterable[tuple[str, str]], catalog: Catalog, above: int | None) -> frozenset[str]:
    """Of the (plan, district) pairs judged, the plans with more units than ``above``: a summary shows
    each unit's result by its league cell alone, and keeps it slim (``Result.slim``); none when
    ``above`` is None."""
    if above is None:
        return frozenset()
    units: dict[str, set[str]] = defaultdict(set)
    for plan, district in judged:
        if district != catalog.plans[plan].jurisdiction:
            units[plan].add(district)
    return frozenset(p for p, names in units.items() if len(names) > above)


def as_summary_shows(r: Result, slim: frozenset[str], catalog: Catalog, hows: dict[Any, Any]) -> Result:
    """A unit's result of a plan in ``slim`` as its league cell shows it (``Result.slim``); the plan's
    own results (its jurisdiction's, a roll-up's) whole: the summary lists them with their reasons."""
    return r.slim(hows) if r.plan in slim and r.district != catalog.plans[r.plan].jurisdiction else r


@dataclass
class Split:
    """What one period's district reports are made from beside their results: each district's files,
    their problems, and the city results it has a figure in."""

    period: str
    lang: str
    only: frozenset[str]
    as_of: dt.date
    files_of: dict[str, set[str]]
    problems_of: dict[str, list[Problem]]
    feeds: dict[str, list[Result]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, rows: "pd.DataFrame", problems: list[Problem], period: str, lang: str, only: frozenset[str],
           as_of: dt.date) -> "Split":
        problems_of: dict[str, list[Problem]] = defaultdict(list)
        for p in problems:
            problems_of[p.location.file].append(p)
        files_of: dict[str, set[str]] = defaultdict(set)
        for district, file in zip(rows["district"].tolist(), rows["_file"].tolist()):  # one pass, not a groupby of 2,850
            files_of[str(district)].add(file)
        return cls(period, lang, only, as_of, dict(files_of), dict(problems_of))

    @property
    def districts(self) -> list[str]:
        return sorted(self.files_of)

    def feed(self, results: Iterable[Result]) -> None:
        """Note, for each unit, the city results its figure is part of (a roll-up's parts)."""
        for r in results:
            for part in r.parts:
                if part.value is not None:
                    self.feeds[part.unit].append(r)


def district_report(district: str, results: list[Result], split: Split, catalog: Catalog) -> Report:
    """A district's report: its results, the problems of the files its rows came from, its city figures."""
    files = sorted(split.files_of[district])
    mine = [p for f in files for p in split.problems_of.get(f, [])]
    card = Scorecard(split.as_of, results, mine, catalog, [str(f) for f in files], split.period,
                     split.feeds.get(district, []))
    return Report(split.period, district, district, card, split.lang, split.only)
