"""A national batch's district reports judged where they are written: in worker processes, a few districts at a time.

Judging every district of a report period first and writing the reports after means holding every
result at once — 353,400 for 2,850 counties, with their series, lines of arithmetic and units'
figures — in this process, and, page by page as forked workers touch them, in each worker too (a
peak of 1.9 GB, bench/README.md). Here the workers are forked at the start of the run, before any
file is read, so they share nothing but the imports and the catalog. For each report period this
process works out the cases and judges the city roll-ups (a district's report shows its share of
them); then it sends each worker a run of districts with their cases: the worker judges them, makes
each district's report, writes it when its content hash changed, and sends back its hashes, its
counts and its results as the summary shows them (``Result.slim()`` where the summary shows a unit
by its league cell alone: ``rhcalc.render.league_only_above``). Only a few runs are out at a time,
and the cases of a run go from here once it is sent: a district's full results live only in the
worker, while its report is made.

The same results, reports, e-mails and bytes as judging first (``reports.score_period`` and
``writing.write_report_files``), which a run takes where fork is unavailable, with ``--jobs 1``, and
below ``STREAM_FROM`` input files.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from contextlib import contextmanager
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rhcalc.batch.reports import Report, Split, as_summary_shows, district_report, report_name, slim_plans
from rhcalc.batch.writing import Done, Job, Settings, bring_up_to_date, summary_done, unwire, wire
from rhcalc.catalog.model import Catalog, IndicatorType
from rhcalc.common.memory import give_back
from rhcalc.common.pool import Pool, fork_available
from rhcalc.common.stages import reached
from rhcalc.score.how import How
from rhcalc.score.model import Evaluation, Result, Scope, slim_evaluation, slim_parts
from rhcalc.score.scoring import Case, cases_of, judge, observed_of, results_of

if TYPE_CHECKING:
    import pandas as pd

# From this many input files a run forks its district workers before reading (a report period
# streams from this many districts): fewer judge faster all at once, and hold little.
STREAM_FROM = 200
RUN = 32  # districts sent to a worker at a time
AHEAD = 2  # runs out per worker: one being worked on, one waiting


def streams(districts: int, jobs: int) -> bool:
    """Whether a run (of this many input files) or a report period (of this many districts) has its
    district reports judged in the workers that write them."""
    return fork_available() and jobs > 1 and districts >= STREAM_FROM


@dataclass(frozen=True)
class Made:
    """A district report as a worker made it: what the run keeps (not its results)."""

    period: str
    district: str
    name: str
    as_of: dt.date | None
    inputs: list[str]  # the files its rows came from
    content_hash: str
    mail_hash: str
    status_counts: dict[str, int]
    lang: str
    only: frozenset[str]
    body: str | None  # the text of its e-mail, when the run e-mails
    is_summary = False

    @property
    def title(self) -> str:
        return self.district

    def counts(self) -> dict[str, int]:
        return self.status_counts

    def email_text(self, attached: list[str]) -> str:
        """The text of its e-mail, as the worker wrote it (naming the same files ``attached``)."""
        assert self.body is not None, f"{self.name}: made without its e-mail"
        return self.body


_CATALOG: Catalog | None = None  # set before the workers fork: theirs too
_TARGETS: dict[str, Any] = {}


@contextmanager
def district_workers(catalog: Catalog, workers: int) -> Iterator[Pool]:
    """The run's district workers, forked on entering, with ``catalog`` theirs too."""
    global _CATALOG, _TARGETS
    _CATALOG, _TARGETS = catalog, {t.id: t for t in catalog.targets}
    with Pool(workers, fork=True, stage="rendering") as pool:
        for future in [pool.submit(_ready) for _ in range(pool.workers)]:  # the first task forks every worker
            future.result()
        yield pool


def _ready() -> None:
    return None


# What a worker is sent for one district: its name, files, their problems, its stored report, its
# cases (index, plan, target id, the scope's parts), its roll-ups judged here and the city results it feeds.
Sent = tuple[str, list[str], list[Any], Any, list[tuple[Any, ...]], list[tuple[int, Any]], list[Any]]
# What it sends back: the report, what writing it did, and per case what the summary keeps.
Back = tuple[Made, Done, list[tuple[int, Any, tuple[Any, ...]]]]


def stream_period(pool: Pool, frames: list["pd.DataFrame | None"], split: Split,
                  summary: Callable[[list[Result]], Report], catalog: Catalog, min_reported: float, settings: Settings,
                  stored: dict[str, tuple[str, dict[str, str]]], names: Callable[[str], list[str]],
                  before: Callable[[], None], emailing: bool = False, last: bool = True) -> Iterator[tuple[Report | Made, Done]]:
    """Each district report of one period (judged, made and written in ``pool``'s workers), then the
    period's summary (made and written here): each with what bringing its files up to date did.

    ``frames`` holds the period's rows and their earlier periods from the history, emptied once read;
    ``before`` (the run's rows stored) runs first. ``emailing``: each worker writes its reports' e-mail
    text too (it is made from the results, which stay there). ``last``: no period follows, and the
    workers end before the summary is made.
    """
    from rhcalc.render import league_only_above

    as_of = split.as_of
    cases, judged = _cases(frames, catalog, as_of, min_reported, before)
    split.feed(judged.values())
    mine: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        mine.setdefault(case[3].name, []).append(i)
    slim = slim_plans(((c[0], c[3].name) for c in cases), catalog, league_only_above(settings.formats, split.only))
    period = (split.period, split.lang, split.only, as_of, min_reported, slim, settings, tuple(names("")), emailing)
    summary_results: list[Result | None] = [judged.get(i) for i in range(len(cases))]
    whose = [(plan_id, target, scope.name) for plan_id, target, _, scope in cases]  # to make the summary's results
    hows: dict[Any, How] = {}

    for back in _in_order(pool, period, _runs(split, cases, mine, judged, stored)):
        for made, done, kept in back:
            for i, evaluation, history in kept:
                plan_id, target, name = whose[i]
                if isinstance(evaluation, tuple):  # slim: one How for all the results that share it
                    evaluation = slim_evaluation(evaluation, hows)
                summary_results[i] = Result(name, plan_id, target, evaluation, history, as_of, ())
            yield made, done
    left = [i for i, r in enumerate(summary_results) if r is None]  # a scope no district report holds
    for i, r in zip(left, _results(cases, left, as_of, min_reported)):
        summary_results[i] = as_summary_shows(r, slim, catalog, hows)
    del cases, judged, whose
    if last:
        pool.close()
    give_back()  # the cases' memory, before the summary's rows are made
    report = summary([r for r in summary_results if r is not None])
    yield report, summary_done(Job(report, names(report.name), stored.get(report.name)), settings)


def _cases(frames: list[Any], catalog: Catalog, as_of: dt.date, min_reported: float,
           before: Callable[[], None]) -> tuple[list[Case | None], dict[int, Result]]:
    """The period's cases, and its roll-ups judged (by the index of their case)."""
    before()  # the rows stored first: they go before the cases are made
    observed = observed_of(*frames)
    frames.clear()
    give_back()  # the rows' memory, before the cases are made
    cases: list[Case | None] = list(cases_of(catalog, observed))
    del observed  # the scopes hold the series they need
    roll = [i for i, case in enumerate(cases) if case is not None and case[3].by_unit]
    return cases, dict(zip(roll, _results(cases, roll, as_of, min_reported)))


def _runs(split: Split, cases: list[Case | None], mine: dict[str, list[int]], judged: dict[int, Result],
          stored: dict[str, Any]) -> Iterator[list[Sent]]:
    """The period's districts, ``RUN`` at a time, each with its share of the work (made as it is asked for)."""
    districts = split.districts
    for start in range(0, len(districts), RUN):
        yield [_sent(d, cases, mine.pop(d, []), judged, split, stored) for d in districts[start:start + RUN]]


def _in_order(pool: Pool, period: tuple[Any, ...], runs: Iterator[list[Sent]]) -> Iterator[list[Back]]:
    """Each run's results in order, with at most ``AHEAD`` runs per worker sent and not yet taken: a
    run's cases are made when a worker is about to need them, and let go of once it has them."""
    out: deque[Any] = deque()
    for sent in runs:
        out.append(pool.submit(_judge_and_write, period, sent))
        del sent
        if len(out) >= AHEAD * pool.workers:
            yield out.popleft().result()
    while out:
        yield out.popleft().result()


def _sent(district: str, cases: list[Case | None], indices: list[int], judged: dict[int, Result], split: Split,
          stored: dict[str, Any]) -> Sent:
    """One district's share of the work; its cases are let go of here (``cases[i] = None``)."""
    own = []
    for i in indices:
        if i in judged:
            continue
        plan_id, target, indicator, scope = cases[i]  # type: ignore[misc]
        # Only a rank reads the peers (score/rules/rank.py): the other scopes go without every
        # district's series for their indicator.
        peers = scope.peers if indicator.type is IndicatorType.rank else {}
        own.append((i, plan_id, target.id, scope.name, scope.series, scope.units, peers, scope.rank_among))
        cases[i] = None
    files = sorted(split.files_of[district])
    problems = [p for f in files for p in split.problems_of.get(f, [])]
    rolled = [(i, wire([judged[i]])[0]) for i in indices if i in judged]
    return (district, files, problems, stored.get(report_name(split.period, district)), own, rolled,
            wire(split.feeds.get(district, [])))


def _results(cases: list[Any], indices: list[int], as_of: dt.date, min_reported: float) -> list[Result]:
    chosen = [cases[i] for i in indices]
    return results_of(chosen, judge(chosen, as_of), as_of, min_reported)


def _judge_and_write(period: tuple[Any, ...], sent: list[Sent]) -> list[Back]:
    """In a worker: judge each district's cases, make its report, bring its files up to date."""
    assert _CATALOG is not None, "worker without a catalog"
    from rhcalc.batch.outbox import attachment_name

    label, lang, only, as_of, min_reported, slim, settings, suffixes, emailing = period
    out = []
    for district, files, problems, stored, own, rolled, feeds in sent:
        cases = [(plan_id, _TARGETS[t], _CATALOG.indicators[_TARGETS[t].indicator],
                  Scope(name, series, units=units, peers=peers, rank_among=among))
                 for _, plan_id, t, name, series, units, peers, among in own]
        results = dict(zip((c[0] for c in own), results_of(cases, judge(cases, as_of), as_of, min_reported)))
        for i, r in zip((i for i, _ in rolled), unwire([w for _, w in rolled], _TARGETS)):
            results[i] = r
        problems_of = {f: [p for p in problems if p.location.file == f] for f in files}
        split = Split(label, lang, only, as_of, {district: set(files)}, problems_of, {district: unwire(feeds, _TARGETS)})
        report = district_report(district, [results[i] for i in sorted(results)], split, _CATALOG)
        done = bring_up_to_date(Job(report, [report.name + s for s in suffixes], stored), settings)
        reached("rendered")
        body = report.email_text([attachment_name(report, Path(report.name + s)) for s in suffixes]) if emailing else None
        made = Made(label, district, report.name, report.card.as_of, report.card.files, report.content_hash,
                    report.mail_hash, report.card.counts(), lang, only, body)
        out.append((made, done, [(i, *_kept(results[i], slim)) for i, *_ in own]))
    return out


def _kept(r: Result, slim: frozenset[str]) -> tuple[Evaluation | tuple[Any, ...], tuple[Any, ...]]:
    """What the summary keeps of a result (``reports.as_summary_shows``), to send: its slim parts, or
    its evaluation and sparkline."""
    assert _CATALOG is not None, "worker without a catalog"
    kept = as_summary_shows(r, slim, _CATALOG, {})
    return (slim_parts(kept.evaluation), ()) if kept is not r else (r.evaluation, r.history)
