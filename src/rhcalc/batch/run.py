"""The scheduled run behind ``rhcalc batch``: every submission in, every report and email out.

read and check (``rhcalc.pipeline``, in parallel) → who has reported and the data-quality warnings
against the history (``chase.py``) → score per report period, oldest first (``reports.py``) →
remember the values (``history.py``) → write the reports that changed, remove those whose inputs
are gone → queue the emails and the reminders (``outbox.py``, ``reminders.py``) → send them
(``smtp.py``) → ``run.json``.

Safe to run twice: a report whose content hash and files are unchanged is not rewritten, a
report a recipient already has is not sent again, and ``run.json`` is left alone when a rerun
over the same inputs did nothing. A lock on DIR/.rhcalc.lock keeps two runs apart. Nothing here
prints: progress goes to a ``Reporter`` the caller supplies (a progress bar, log lines, nothing).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rhcalc.common.version import version
from rhcalc.catalog.load import load_catalog
from rhcalc.batch.config import DEFAULT_NAME, ConfigError, EmailConfig, load_config
from rhcalc.batch.smtp import Delivery, deliver
from rhcalc.batch.history import History
from rhcalc.batch.inputs import discover, sha256_of
from rhcalc.batch.outbox import Queued, pending, queue_messages
from rhcalc.common.output import write_atomic
from rhcalc.common.problems import Problem, has_errors
from rhcalc.pipeline import FileRead, read_files
from rhcalc.batch.reports import Report, build_reports
from rhcalc.batch.chase import nothing_received, remove_gone, returns_of_run, send_reminders
from rhcalc.score.completeness import Completeness
from rhcalc.batch.lock import LOCK_NAME, RunLocked, run_lock  # noqa: F401 - the batch's lock, importable from here

RUN_JSON = "run.json"


class Reporter(Protocol):
    def files(self, total: int) -> None: ...
    def file_done(self, item: FileRead) -> None: ...
    def note(self, text: str, error: bool = False) -> None: ...


class _Silent:
    def files(self, total: int) -> None: ...
    def file_done(self, item: FileRead) -> None: ...
    def note(self, text: str, error: bool = False) -> None: ...


@dataclass(frozen=True)
class BatchOptions:
    paths: tuple[Path, ...]
    out: Path
    catalog: Path | None = None
    config: Path | None = None
    email: bool = False
    dry_run: bool = False  # write the .eml files, send nothing
    force: bool = False  # render every report again (sending still follows the ledger)
    jobs: int | None = None
    lang: str = "zh"
    as_of: dt.date | None = None
    formats: tuple[str, ...] = ("xlsx", "html")
    db: Path | None = None  # default DIR/history.sqlite
    remind: bool = False  # email the units whose return is missing (rhcalc.toml [email.recipients])
    today: dt.date | None = None  # the day returns are checked on (default: today; tests fix it)

    @property
    def history_path(self) -> Path:
        return self.db or self.out / "history.sqlite"


@dataclass
class BatchRun:
    options: BatchOptions
    inputs: list[FileRead]  # fingerprint: the file's sha256
    problems: list[Problem]
    reports: list[Report] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # paths under DIR
    in_use: list[str] = field(default_factory=list)  # report files another program kept open (Windows)
    queued: list[Queued] = field(default_factory=list)
    delivery: Delivery | None = None
    waiting: int = 0  # messages left in the outbox
    completeness: Completeness = field(default_factory=Completeness)  # who has reported, per plan and period
    removed: list[str] = field(default_factory=list)  # reports deleted: their inputs are gone

    @property
    def exit_code(self) -> int:
        """0 all read, written and sent; 1 when a file had an error, a report file could not be replaced
        (open in another program) or a message is still undelivered."""
        undelivered = self.delivery is not None and not self.delivery.ok
        return 1 if has_errors(self.problems) or undelivered or self.in_use else 0


def email_config(config: Path | None, needed: bool) -> EmailConfig | None:
    """The [email] settings when emailing (ConfigError when missing or bad); a --config given is checked anyway."""
    if not needed and config is None:
        return None
    cfg = load_config(config)
    if needed and (cfg is None or cfg.email is None):
        raise ConfigError.at("config-no-email", str(cfg.path if cfg else config or DEFAULT_NAME), "email")
    return cfg.email if cfg and needed else None


def run_batch(options: BatchOptions, reporter: Reporter | None = None) -> BatchRun:
    reporter = reporter or _Silent()
    cfg = email_config(options.config, options.email or options.dry_run or options.remind)
    judging = _judging(options.config)
    if cfg is not None and not options.dry_run:
        cfg.password()  # a missing password variable stops the run before any work, not after
    with run_lock(options.out, reporter.note, options.lang):
        catalog = load_catalog(options.catalog)
        found = discover(options.paths, exclude=options.out)
        reporter.files(len(found))
        checked = read_files([f.path for f in found], catalog, _jobs(options), names=[f.display for f in found],
                             fingerprint=sha256_of, on_file=reporter.file_done)
        with History(options.history_path) as history:
            table = returns_of_run(checked, catalog, history, judging.settings, options.today or options.as_of or dt.date.today(),
                                   dt.datetime.now())
            problems = checked.problems + _quality(checked, catalog, history, judging)
            empty = nothing_received(options.paths, catalog, len(found), table)
            run = BatchRun(options, checked.files, problems + ([empty] if empty else []), completeness=table)
            frame, returns = checked.frame, checked.returns
            del checked  # the frame goes once the history has it (below)
            run.reports = build_reports(frame, run.problems, catalog, options.lang, history, options.as_of, _jobs(options),
                                        returns, table, judging.settings.min_reported)
            # The values are stored while the workers render (the reports do not read them back),
            # and the rows are let go of then: nothing after needs them.
            rows = [frame]
            del frame
            attachments = _write_reports(run, history, reporter, meanwhile=lambda: history.store(rows.pop()))
            run.removed = remove_gone(history, options.out, run.reports, {f.display: f.path for f in run.inputs}).reports
            if cfg is not None:
                if options.email or options.dry_run:
                    ready = [r for r in run.reports if r.name in attachments]  # a report not written is not sent
                    run.queued = queue_messages(ready, attachments, options.out, cfg, history)
                if options.remind:
                    run.queued += send_reminders(table, catalog, options.out, cfg, history, judging, options.lang)
                if not options.dry_run:
                    run.delivery = deliver(options.out, cfg, history)
        run.waiting = len(pending(options.out))
        _write_run_json(run)
    return run


def send_outbox(out: Path, config: Path | None, note: Callable[[str], None] | None = None, lang: str = "zh") -> Delivery:
    """``rhcalc send DIR``: deliver what waits in DIR/outbox/; ``note`` hears (in ``lang``) of a killed
    run's lock taken over."""
    cfg = email_config(config, needed=True)
    assert cfg is not None
    with run_lock(out, note, lang), History(out / "history.sqlite") as history:
        return deliver(out, cfg, history)


@dataclass
class RemindRun:
    queued: list[Queued]
    delivery: Delivery | None  # None for a dry run
    waiting: int


def remind_units(out: Path, config: Path | None, catalog: Path | None = None, dry_run: bool = False,
                 lang: str = "zh", today: dt.date | None = None, note: Callable[[str], None] | None = None) -> RemindRun:
    """``rhcalc remind DIR``: the reminders the last batch run's 上报情况 calls for today, through the
    outbox and the ledger (never twice per unit, period and round); ``dry_run`` writes them only."""
    from rhcalc.batch.returns import Returns

    if not (out / "history.sqlite").is_file():
        raise ConfigError.at("remind-no-run", str(out), folder=str(out))
    cfg = email_config(config, needed=True)
    assert cfg is not None
    if not dry_run:
        cfg.password()
    judging = _judging(config)
    with run_lock(out, note, lang), History(out / "history.sqlite") as history:
        table = Returns(history.conn).load(today or dt.date.today())
        queued = send_reminders(table, load_catalog(catalog), out, cfg, history, judging, lang)
        delivery = None if dry_run else deliver(out, cfg, history)
    return RemindRun(queued, delivery, len(pending(out)))


def _judging(config: Path | None) -> Any:
    """rhcalc.toml's [reporting] and [quality] (batch/settings.py), or their defaults."""
    from rhcalc.batch.settings import load_judging

    return load_judging(config)


def _quality(checked: Any, catalog: Any, history: History, judging: Any) -> list[Problem]:
    """The data-quality warnings: each figure against its own series in history.sqlite."""
    from rhcalc.checks_quality import check_quality

    frame = checked.frame
    if frame.empty:
        return []
    earlier = history.load(set(frame["district"].tolist()), set(frame["indicator"].tolist()))
    return check_quality(frame, catalog, judging.settings.quality, earlier)


def _jobs(options: BatchOptions) -> int:
    from rhcalc.common.pool import cores, usable

    return usable(options.jobs or cores())


def _write_reports(run: BatchRun, history: History, reporter: Reporter,
                   meanwhile: Callable[[], None]) -> dict[str, list[Path]]:
    """Render and write each report that changed; returns every report's files (for attachments)."""
    from rhcalc.render import RENDERERS
    from rhcalc.batch.writing import Done, Job, Settings, write_report_files

    out, opts = run.options.out, run.options
    attachments: dict[str, list[Path]] = {}
    jobs: list[Job] = []
    stored = history.reports()
    for report in run.reports:
        names = [f"{report.name}{RENDERERS[fmt].suffix}" for fmt in opts.formats]
        attachments[report.name] = [out / n for n in names]
        jobs.append(Job(report, names, stored.get(report.name)))

    def done(job: Job, result: Done) -> None:
        job.report.remember_hash(result.content_hash)  # worked out in a worker: not again here
        if not result.written:
            return
        run.written.extend(n for n in job.names if n not in result.in_use)
        if result.in_use:  # not remembered as written: the next run writes it again; not emailed meanwhile
            run.in_use.extend(result.in_use)
            attachments.pop(job.report.name, None)
            for name in result.in_use:
                reporter.note(f"not replaced: {name} is open in another program (Excel, WPS?); close it and run again", error=True)
            return
        history.save_report(job.report.name, result.content_hash, result.files)
        reporter.note(f"→ {job.report.name} ({', '.join(opts.formats)})")

    with history.batched():
        write_report_files(jobs, Settings(out, tuple(opts.formats), opts.lang, opts.force),
                           _jobs(opts), done, meanwhile)
    return attachments


def run_summary(run: BatchRun) -> dict[str, Any]:
    """What run.json holds: inputs with their sha256, problems, each report's counts, what was written and sent."""
    lang, d = run.options.lang, run.delivery
    return {
        "rhcalc": version(),
        "finished_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "exit": run.exit_code,
        "inputs": [{"file": f.display, "path": str(f.path), "sha256": f.fingerprint, "rows": f.rows,
                    "problems": len(f.problems)} for f in run.inputs],
        "problems": [p.to_dict(lang) for p in run.problems],
        "reports": [{"name": r.name, "district": r.district, "period": r.period,
                     "as_of": r.card.as_of.isoformat() if r.card.as_of else None, "report_hash": r.content_hash,
                     "counts": r.card.counts()} for r in run.reports],
        "completeness": run.completeness.to_dict(),
        "written": run.written,
        "removed": run.removed,  # reports deleted: their inputs are gone
        "in_use": run.in_use,  # not replaced: open in another program (Windows)
        "email": {
            "dry_run": run.options.dry_run,
            "queued": [q.path.name for q in run.queued],
            "sent": [{"recipient": q.recipient, "report": q.report, "message_id": q.message_id} for q in d.sent] if d else [],
            "failed": [{"file": p.name, "reason": why} for p, why in d.failed.items()] if d else [],
            "recovered": [q.path.name for q in d.recovered] if d else [],  # accepted earlier, moved to sent/ now
            # a killed run was handing these to the server: maybe delivered, counted as sent, not sent again
            "uncertain": [{"file": q.path.name, "recipient": q.recipient, "report": q.report} for q in d.uncertain] if d else [],
            "waiting": run.waiting,
        },
    }


def _write_run_json(run: BatchRun) -> None:
    """Written unless this run changed nothing over the same inputs: then the last record stands."""
    path = run.options.out / RUN_JSON
    summary = run_summary(run)
    d = run.delivery
    idle = not run.written and not run.queued and not (d and (d.sent or d.failed or d.recovered or d.uncertain))
    if idle and path.exists():
        try:
            before = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            before = {}
        if before.get("inputs") == summary["inputs"] and before.get("exit") == summary["exit"]:
            return
    write_atomic(path, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
