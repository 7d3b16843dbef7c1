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
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from rhcalc.common.version import version
from rhcalc.catalog.model import Catalog
from rhcalc.common.problems import Problem
from rhcalc.score.model import Scorecard
from rhcalc.score.completeness import Completeness, Return, report_groups
from rhcalc.score.scoring import period_groups, score_frame

if TYPE_CHECKING:
    import pandas as pd

    from rhcalc.batch.history import History

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
        """Where it goes under the output folder, without suffix: 2024Q2/西城区."""
        return f"{safe_name(self.period)}/{safe_name(self.district) if self.district else SUMMARY}"

    @property
    def is_summary(self) -> bool:
        return self.district is None

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
        content = (
            self.name,  # a city of one district: its report and the summary hold the same results
            version(), card.catalog.fingerprint, self.lang, sorted(self.only), card.as_of,
            [r.state() for r in card.results],
            [p.to_dict(self.lang) for p in card.problems],
            card.completeness.state() if card.completeness else None,
        )
        if with_city:
            content += ([r.state() for r in card.city_results],)
        return hashlib.sha256(repr(content).encode("utf-8")).hexdigest()


def safe_name(text: str) -> str:
    """A district or period as a file name on any system: no separators, no reserved characters."""
    text = unicodedata.normalize("NFC", str(text))
    text = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "_", text).strip(" .")
    return text[:80] or "_"


def build_reports(frame: "pd.DataFrame", problems: list[Problem], catalog: Catalog, lang: str,
                  history: "History | None" = None, as_of: dt.date | None = None, jobs: int = 1,
                  only: frozenset[str] = frozenset(), returns: list[Return] | None = None,
                  table: Completeness | None = None, min_reported: float | None = None) -> list[Report]:
    """Score each report period's districts together (``jobs`` processes) and split the results into
    reports; ``returns`` (the files' returns, as read) give the report periods, ``table`` each summary's 上报情况."""
    reports: list[Report] = []
    # .tolist() before set(): iterating a pandas string column boxes each of 300,000 values.
    with_rows = set(frame["_file"].tolist())
    known = set(frame["district"].tolist())  # a unit no plan knows (海定区) has no rows left, and no report
    groups = report_groups(returns) if returns else period_groups(frame)
    for period, end, districts in groups:
        districts = [d for d in districts if d in known]
        if not districts:
            continue
        rows = frame[frame["district"].isin(districts) & (frame["period_end"] <= end)]
        earlier = history.load(districts, set(rows["indicator"].tolist()), until=end, besides=rows) if history else None
        card = score_frame(rows, catalog, as_of or end, history=earlier, jobs=jobs,
                           **({"min_reported": min_reported} if min_reported is not None else {}))
        files = [str(f) for f in sorted(set(rows["_file"].tolist()))]
        reports.extend(_district_reports(card, rows, problems, period, lang, only))
        in_period = set(files)  # a set: thousands of files × thousands of problems otherwise
        summary_problems = [p for p in problems if p.location.file in in_period or p.location.file not in with_rows]
        title = "、".join(sorted({catalog.plans[r.plan].jurisdiction for r in card.results})) or "汇总"
        summary = Scorecard(card.as_of, card.results, summary_problems, catalog, files, period=period,
                            completeness=table.ending(end) if table else None)
        reports.append(Report(period, None, title, summary, lang, only))
    return reports


def _district_reports(card: Scorecard, rows: "pd.DataFrame", problems: list[Problem], period: str,
                      lang: str, only: frozenset[str]) -> list[Report]:
    out = []
    results_of: dict[str, list] = defaultdict(list)
    for r in card.results:  # grouped once: a national run has thousands of districts
        results_of[r.district].append(r)
    problems_of: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        problems_of[p.location.file].append(p)
    feeds: dict[str, list] = defaultdict(list)  # district → the city results it has a figure in
    for r in card.results:
        for part in r.parts:
            if part.value is not None:
                feeds[part.unit].append(r)
    files_of: dict[str, set[str]] = defaultdict(set)
    for district, file in zip(rows["district"].tolist(), rows["_file"].tolist()):  # one pass, not a groupby of 2,850
        files_of[district].add(file)
    for district in sorted(files_of):
        files = sorted(files_of[district])
        results = results_of.get(str(district), [])
        mine = [p for f in files for p in problems_of.get(f, [])]
        sub = Scorecard(card.as_of, results, mine, card.catalog, [str(f) for f in files], period,
                        feeds.get(str(district), []))
        out.append(Report(period, str(district), str(district), sub, lang, only))
    return out


