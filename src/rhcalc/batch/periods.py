"""Each report period of a batch judged and its reports written: what ``run.py`` does between reading
the files and e-mailing the reports.

Periods are judged oldest first. A small period's districts are judged all at once here and its
reports written together with the other small periods' (``reports.score_period``, then
``writing.write_report_files``: one pool for all); a national period's are judged in the district
workers that write them (``districts.stream_period``). The run's rows are stored in the history
meanwhile, once. Each report is kept as it is made: its files for the attachments, its content hash
in the history when written, and the run's lists of what was written and what another program held
open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rhcalc.batch.history import History
from rhcalc.batch.progress import say
from rhcalc.batch.reports import Report
from rhcalc.catalog.model import Catalog
from rhcalc.score.completeness import Completeness


def write_periods(run: Any, catalog: Catalog, frames: list[Any], returns: Any, table: Completeness, history: History,
                  min_reported: float, reporter: Any, workers: Any, emailing: bool, jobs: int) -> dict[str, list[Path]]:
    """Judge each report period, then render and write each report that changed; returns every
    report's files (for attachments). A national period's districts are judged in ``workers``, the
    processes that write them (batch/districts.py), when the run has them (and there, ``emailing``,
    each e-mail's text too). ``frames`` holds the run's rows, let go of once stored and judged."""
    from rhcalc.render import RENDERERS, league_only_above
    from rhcalc.batch.districts import STREAM_FROM, stream_period
    from rhcalc.batch.reports import period_parts, score_period
    from rhcalc.batch.writing import Job, Settings, write_report_files

    out, opts = run.options.out, run.options
    settings = Settings(out, tuple(opts.formats), opts.lang, opts.force)
    attachments: dict[str, list[Path]] = {}
    stored = history.reports()
    parts = list(period_parts(frames[0], run.problems, catalog, opts.lang, opts.as_of, opts.only, returns, table))
    once = [lambda: history.store(frames.pop())]  # stored while the first period's reports are written

    def meanwhile() -> None:
        if once:
            once.pop()()

    def names(name: str) -> list[str]:
        return [f"{name}{RENDERERS[fmt].suffix}" for fmt in opts.formats]

    made: dict[int, list[Any]] = {}  # per period, in order: its reports as written

    def keep(at: int, report: Any, result: Any) -> None:
        if isinstance(report, Report):
            report.remember_hash(result.content_hash)  # worked out in a worker: not again here
        made.setdefault(at, []).append(report)
        run.reports.append(report)  # as made (a Ctrl-C's run.json lists them); in period order at the end
        attachments[report.name] = [out / n for n in names(report.name)]
        reporter.advance()
        if not result.written:
            return
        run.written.extend(n for n in names(report.name) if n not in result.in_use)
        if result.in_use:  # not remembered as written: the next run writes it again; not emailed meanwhile
            run.in_use.extend(result.in_use)
            attachments.pop(report.name, None)
            for name in result.in_use:
                reporter.note(say("in_use", opts.lang, name=name), error=True)
            return
        history.save_report(report.name, result.content_hash, result.files)
        reporter.note(say("written", opts.lang, name=report.name, formats=", ".join(opts.formats)))

    above = league_only_above(settings.formats, opts.only)
    total = sum(len(split.districts) + 1 for _, _, _, split, _ in parts)
    judged: list[Any] = []  # (period's place, job): judged first, written together in one pool
    streamed = []
    for at, (_, end, part, split, summary) in enumerate(parts):
        earlier = history.load(split.districts, set(part["indicator"].tolist()), until=end, besides=part)
        if workers is not None and len(split.districts) >= STREAM_FROM:
            streamed.append((at, [part, earlier], split, summary))
        else:
            reports = score_period(part, split, summary, catalog, earlier, jobs, min_reported, above)
            judged += [(at, Job(r, names(r.name), stored.get(r.name))) for r in reports]
        del part, earlier  # a streamed period's rows go once its cases are made (batch/districts.py)
    del parts
    run.planned = total
    reporter.stage("write", total)
    with history.batched():
        if judged:
            place = {id(job): at for at, job in judged}
            write_report_files([job for _, job in judged], settings, jobs,
                               lambda job, r: keep(place[id(job)], job.report, r), meanwhile)
            del judged, place
        while streamed:
            at, frames_of, split, summary = streamed.pop(0)
            for report, result in stream_period(workers, frames_of, split, summary, catalog, min_reported, settings,
                                                stored, names, meanwhile, emailing, last=not streamed):
                keep(at, report, result)
            del frames_of
        meanwhile()  # nothing to write: the rows are stored all the same
    run.reports = [r for at in sorted(made) for r in made[at]]
    return attachments
