"""Writing a batch's report files, in parallel: rendering is most of a national run's time.

Each job is one report: work out its content hash, and unless ``force`` is set, keep the files
already on disk when the hash is the one stored and every file is still as written; otherwise
render each format and write it. The hash and the checks of existing files run in the workers
too: for 2,850 reports they cost seconds the parent would otherwise spend alone.

Workers are forked after the reports are built, so they inherit them (and pandas, the catalog and
the renderers' imports) instead of receiving 2,850 pickled scorecards; each returns only hashes.
Where fork is unavailable, or for a handful of reports, it stays serial.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rhcalc.batch.inputs import sha256_of
from rhcalc.common.output import write_atomic
from rhcalc.batch.reports import Report

# Below this, a pool's start-up costs more than it saves.
PARALLEL_FROM = 8


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
    global _JOBS, _SETTINGS
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if workers <= 1 or len(jobs) < PARALLEL_FROM or not can_fork:
        meanwhile()
        yield from (_bring_up_to_date(job, settings) for job in jobs)
        return
    _JOBS, _SETTINGS = jobs, settings
    # Forked workers share the parent's pages until they are written to; the cyclic GC writes to
    # every object it visits, which would copy the whole parent into each worker. Frozen objects
    # are never visited.
    gc.freeze()
    try:
        ctx = multiprocessing.get_context("fork")
        # Summaries first (300,000 results at national scale), each in a process of its own that
        # exits when done, while this process does ``meanwhile``: the two use both cores, and the
        # district workers start after, without the summary's memory beside them.
        alone = {i: _Alone(ctx, i) for i, job in enumerate(jobs) if job.report.is_summary}
        meanwhile()
        summaries = {i: process.result() for i, process in alone.items()}
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            rest = [i for i in range(len(jobs)) if i not in summaries]
            chunk = max(1, min(16, len(rest) // (workers * 8)))
            results = pool.map(_job_at, rest, chunksize=chunk)
            for i in range(len(jobs)):
                yield summaries[i] if i in summaries else next(results)
    finally:
        _JOBS, _SETTINGS = [], None
        gc.unfreeze()


class _Alone:
    """One job in a forked process of its own, started at once; ``result()`` waits for it."""

    def __init__(self, ctx: Any, index: int) -> None:
        self.name = _JOBS[index].report.name
        self.conn, child = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_alone_main, args=(index, child), daemon=True)
        self.process.start()
        child.close()

    def result(self) -> Done:
        try:
            outcome, value = self.conn.recv()
        except EOFError:  # killed (out of memory?) before it could say anything
            self.process.join()
            raise RuntimeError(f"rendering {self.name} stopped (exit code {self.process.exitcode})") from None
        self.process.join()
        if outcome == "error":
            raise RuntimeError(f"rendering {self.name} failed: {value}")
        return value


def _alone_main(index: int, conn: Any) -> None:
    try:
        conn.send(("done", _job_at(index)))
    except Exception as exc:  # noqa: BLE001 - reported by the parent, which stops the run
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _job_at(index: int) -> Done:
    assert _SETTINGS is not None, "worker without settings"
    return _bring_up_to_date(_JOBS[index], _SETTINGS)


def _bring_up_to_date(job: Job, settings: Settings) -> Done:
    report = job.report
    content_hash = report.content_hash
    if not settings.force and job.stored and job.stored[0] == content_hash and _intact(settings.out, job.stored[1], job.names):
        return Done(content_hash, job.stored[1], written=False)
    return Done(content_hash, _render(report, job.names, settings), written=True)


def _intact(out: Path, files: dict[str, str], names: list[str]) -> bool:
    """The report's files are all there, as written (nobody edited or deleted one)."""
    return sorted(files) == sorted(names) and all(sha256_of(out / n) == h for n, h in files.items())


def _render(report: Report, names: list[str], settings: Settings) -> dict[str, str]:
    from rhcalc.render import RENDERERS

    files: dict[str, str] = {}
    for fmt, name in zip(settings.formats, names):
        data = RENDERERS[fmt].load()(report.card, lang=settings.lang, explain=True)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        write_atomic(settings.out / name, payload)
        files[name] = hashlib.sha256(payload).hexdigest()
    return files
