"""Writing a batch's report files, in parallel: rendering is most of a national run's time.

Each job is one report: work out its content hash, and unless ``force`` is set, keep the files
already on disk when the hash is the one stored and every file is still as written; otherwise
render each format and write it. The hash and the checks of existing files run in the workers
too: for 2,850 reports they cost seconds the parent would otherwise spend alone.

Workers are forked after the reports are built, so they inherit them (and pandas, the catalog and
the renderers' imports) instead of receiving 2,850 pickled scorecards; each returns only hashes.
Where fork is unavailable (Windows, macOS) the workers are spawned: each loads the catalog once
and receives the district reports pickled, with their targets by id. For a handful of reports it
stays serial.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rhcalc.batch.inputs import sha256_of
from rhcalc.common.output import FileInUse, write_atomic
from rhcalc.batch.reports import Report
from rhcalc.common.stages import reached
from rhcalc.common.pool import Pool, fork_available, frozen
from rhcalc.catalog.model import CatalogError
from rhcalc.common.errors import RunStopped

# Below this, a pool's start-up costs more than it saves: a forked worker starts in milliseconds, a
# spawned one imports pandas, the renderers and the catalog first (about a second each).
PARALLEL_FROM = 8
SPAWN_FROM = 40


@dataclass(frozen=True)
class Job:
    report: Report
    names: list[str]  # its files under the output folder, one per format
    stored: tuple[str, dict[str, str]] | None  # (content hash, {file: sha256}) from the history


@dataclass(frozen=True)
class Done:
    content_hash: str
    files: dict[str, str]  # file name → sha256
    written: bool  # False: the files on disk were already this report
    in_use: tuple[str, ...] = ()  # files another program held open (Windows): not replaced, see output.FileInUse


@dataclass(frozen=True)
class Settings:
    out: Path
    formats: tuple[str, ...]
    lang: str
    force: bool


# Set just before forking: the jobs, inherited by the workers.
_JOBS: list[Job] = []
_SETTINGS: Settings | None = None


def write_report_files(jobs: list[Job], settings: Settings, workers: int, on_done: Callable[[Job, Done], None],
                       meanwhile: Callable[[], None] | None = None) -> None:
    """Bring each job's files up to date; ``on_done`` hears of each, in the order given.

    ``meanwhile`` runs in this process while the summaries render (it would otherwise sit idle),
    before the first ``on_done``.
    """
    for job, done in zip(jobs, _run(jobs, settings, workers, meanwhile or (lambda: None))):
        on_done(job, done)


def _run(jobs: list[Job], settings: Settings, workers: int, meanwhile: Callable[[], None]) -> Iterator[Done]:
    if fork_available() and workers > 1 and len(jobs) >= PARALLEL_FROM:
        yield from _forked(jobs, settings, workers, meanwhile)
    elif not fork_available() and workers > 1 and len(jobs) >= SPAWN_FROM:
        yield from _spawned(jobs, settings, workers, meanwhile)
    else:
        meanwhile()
        yield from (bring_up_to_date(job, settings) for job in jobs)


def _forked(jobs: list[Job], settings: Settings, workers: int, meanwhile: Callable[[], None]) -> Iterator[Done]:
    global _JOBS, _SETTINGS
    _JOBS, _SETTINGS = jobs, settings
    try:
        with frozen():
            # ``meanwhile`` (the history's store), then the summaries (300,000 results at national
            # scale) here, then the district workers. A summary in a forked process of its own touched
            # every result, and the kernel copied each page it touched: the parent's 550 MB of results
            # twice over, a peak of 1,960 MiB for 2,850 counties; here, 1,330 MiB (bench/README.md).
            meanwhile()
            summaries = {i: _summary_at(i) for i, job in enumerate(jobs) if job.report.is_summary}
            with Pool(workers, fork=True, stage="rendering") as pool:
                results = pool.map(_job_at, [i for i in range(len(jobs)) if i not in summaries])
                for i in range(len(jobs)):
                    yield summaries[i] if i in summaries else next(results)
    finally:
        _JOBS, _SETTINGS = [], None


def _spawned(jobs: list[Job], settings: Settings, workers: int, meanwhile: Callable[[], None]) -> Iterator[Done]:
    """Without fork: the district reports go to spawned workers, each of which loads the catalog once
    (in its initializer) and receives reports with their targets named by id, not pickled with the
    catalog; the summaries render here, after ``meanwhile``, while the workers render the districts."""
    catalog = jobs[0].report.card.catalog
    init = (str(catalog.folder), catalog.fingerprint, settings)
    with Pool(workers, _init_spawned, init, stage="rendering") as pool:
        results = pool.map(_render_wired, [_wired(job) for job in jobs if not job.report.is_summary])
        meanwhile()
        summaries = {i: bring_up_to_date(job, settings) for i, job in enumerate(jobs) if job.report.is_summary}
        for i in range(len(jobs)):
            yield summaries[i] if i in summaries else next(results)


# A report as a spawned worker receives it: its scorecard's results with each target named by its id.
Wired = tuple[Any, ...]
_TARGETS: dict[str, Any] = {}
_CATALOG: Any = None


def wire(results: list[Any]) -> list[tuple[Any, ...]]:
    """Results as a spawned worker receives them: each target named by its id, not pickled with the catalog."""
    return [(x.district, x.plan, x.target.id, x.evaluation, x.history, x.as_of, x.parts) for x in results]


def unwire(rows: list[tuple[Any, ...]], targets: dict[str, Any]) -> list[Any]:
    """``wire``'s results again, with the worker's own catalog's targets."""
    from rhcalc.score.model import Result

    return [Result(d, p, targets[t], e, h, a, parts) for d, p, t, e, h, a, parts in rows]


def _wired(job: Job) -> Wired:
    r, card = job.report, job.report.card
    return (job.names, job.stored, r.period, r.district, r.title, r.lang, card.as_of, wire(card.results), card.problems,
            card.files, card.period, wire(card.city_results), r.only)


def _init_spawned(folder: str, fingerprint: str, settings: Settings) -> None:
    global _SETTINGS, _CATALOG, _TARGETS
    from rhcalc.catalog.load import load_catalog

    _CATALOG = load_catalog(Path(folder))
    if _CATALOG.fingerprint != fingerprint:  # the folder changed since the run loaded it
        # Raised in a spawned worker's initializer: the parent sees a broken pool (worker-stopped).
        raise CatalogError.at("catalog-changed", folder)
    _TARGETS = {t.id: t for t in _CATALOG.targets}
    _SETTINGS = settings


def _render_wired(wired: Wired) -> Done:
    from rhcalc.score.model import Scorecard

    names, stored, period, district, title, lang, as_of, results, problems, files, card_period, city, only = wired
    card = Scorecard(as_of, unwire(results, _TARGETS), problems, _CATALOG, files, card_period, unwire(city, _TARGETS))
    assert _SETTINGS is not None, "worker without settings"
    done = bring_up_to_date(Job(Report(period, district, title, card, lang, only), names, stored), _SETTINGS)
    reached("rendered")
    return done


def _summary_at(index: int) -> Done:
    assert _SETTINGS is not None, "no settings"
    return summary_done(_JOBS[index], _SETTINGS)


def summary_done(job: Job, settings: Settings) -> Done:
    """A summary, in the run's own process (``rendered`` is a worker's stage); a failure stops the
    run with the report's name."""
    reached("summary")
    try:
        return bring_up_to_date(job, settings)
    except Exception as exc:  # noqa: BLE001 - named, and the run stops (as a worker's failure does)
        raise RunStopped.during("rendering", job.report.name, reason=f"{type(exc).__name__}: {exc}") from exc


def _job_at(index: int) -> Done:
    assert _SETTINGS is not None, "worker without settings"
    done = bring_up_to_date(_JOBS[index], _SETTINGS)
    reached("rendered")
    return done


def bring_up_to_date(job: Job, settings: Settings) -> Done:
    report = job.report
    content_hash = report.content_hash
    if not settings.force and job.stored and job.stored[0] == content_hash and _intact(settings.out, job.stored[1], job.names):
        return Done(content_hash, job.stored[1], written=False)
    files, in_use = _render(report, job.names, settings)
    return Done(content_hash, files, written=True, in_use=in_use)


def _intact(out: Path, files: dict[str, str], names: list[str]) -> bool:
    """The report's files are all there, as written (nobody edited or deleted one)."""
    return sorted(files) == sorted(names) and all(sha256_of(out / n) == h for n, h in files.items())


def _render(report: Report, names: list[str], settings: Settings) -> tuple[dict[str, str], tuple[str, ...]]:
    """Each format written: {name: sha256}, and the names another program kept from being replaced."""
    from rhcalc.render import RENDERERS

    files: dict[str, str] = {}
    in_use: list[str] = []
    for fmt, name in zip(settings.formats, names):
        data = RENDERERS[fmt].load()(report.card, lang=settings.lang, explain=True, only=report.only)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        try:
            write_atomic(settings.out / name, payload)
        except FileInUse:
            in_use.append(name)
            continue
        files[name] = hashlib.sha256(payload).hexdigest()
    return files, tuple(in_use)
