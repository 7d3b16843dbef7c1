"""The scheduled run behind ``rhcalc batch``: every submission in, every report and email out.

read and check (``rhcalc.pipeline``, in parallel) → who has reported and the data-quality warnings
against the history (``chase.py``) → score per report period, oldest first (``periods.py`` over
``reports.py``; a national period district by district, in the workers that write the reports:
``districts.py``) →
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
from contextlib import ExitStack
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
from rhcalc.common.memory import give_back
from rhcalc.common.output import write_atomic
from rhcalc.common.problems import Problem, has_errors
from rhcalc.pipeline import FileRead, read_files
from rhcalc.batch.reports import Report
from rhcalc.batch.reads import Reads
from rhcalc.batch.unchanged import Unchanged, changes_on, remember, run_key, unchanged_since
from rhcalc.batch.chase import nothing_received, quality_warnings, remove_gone, returns_of_run, send_reminders
from rhcalc.score.completeness import Completeness
from rhcalc.batch.districts import district_workers, streams
from rhcalc.batch.periods import write_periods
from rhcalc.batch.lock import LOCK_NAME, RunLocked, run_lock  # noqa: F401 - the batch's lock, importable from here

RUN_JSON = "run.json"
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a Ctrl-C


class Reporter(Protocol):
    """What the run says while it works (batch/progress.py): files read, each step, each report and message."""

    server: str

    def files(self, total: int) -> None: ...
    def file_done(self, item: FileRead) -> None: ...
    def stage(self, name: str, total: int | None = None) -> None: ...  # "score", "write", "send"
    def advance(self) -> None: ...
    def note(self, text: str, error: bool = False) -> None: ...
    def retrying(self, attempt: int, retries: int, wait: float, kind: str, detail: str) -> None: ...
    def sent(self, item: Queued) -> None: ...


class _Silent:
    server = ""

    def files(self, total: int) -> None: ...
    def file_done(self, item: FileRead) -> None: ...
    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self) -> None: ...
    def note(self, text: str, error: bool = False) -> None: ...
    def retrying(self, attempt: int, retries: int, wait: float, kind: str, detail: str) -> None: ...
    def sent(self, item: Queued) -> None: ...


class Interrupted(Exception):
    """Ctrl-C: the run stopped cleanly; ``run`` says what was written and what waits in the outbox."""

    def __init__(self, run: "BatchRun") -> None:
        super().__init__("interrupted")
        self.run = run


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
    only: frozenset[str] = frozenset()  # --only: the statuses the reports list (all when empty)
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
    interrupted: bool = False  # stopped by Ctrl-C (SIGINT)
    unchanged: Unchanged | None = None  # set when nothing changed since the last run: nothing was read
    key: str | None = None  # what the run's output depends on (batch/unchanged.py), None when unhashable
    completeness: Completeness = field(default_factory=Completeness)  # who has reported, per plan and period
    removed: list[str] = field(default_factory=list)  # reports deleted: their inputs are gone
    planned: int = 0  # the reports the run set out to make (a national period's are made as it goes)

    @property
    def exit_code(self) -> int:
        """0 all read, written and sent; 1 when a file had an error, a report file could not be replaced
        (open in another program) or a message is still undelivered; 130 when stopped by Ctrl-C. Nothing
        changed: the last run's."""
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.unchanged is not None:
            return self.unchanged.exit
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
    judging = judging_of(options.config)
    if cfg is not None and not options.dry_run:
        cfg.password()  # a missing password variable stops the run before any work, not after
    with run_lock(options.out, reporter.note, options.lang):
        run = BatchRun(options, [], [])
        try:
            _run(run, cfg, judging, reporter)
        except KeyboardInterrupt:
            # Ctrl-C: what was written stays (each file was renamed into place whole), what was queued
            # waits in the outbox, and run.json says the run was stopped.
            run.interrupted = True
            run.waiting = len(pending(options.out))
            _write_run_json(run)
            raise Interrupted(run) from None
        if run.unchanged is not None:
            return run  # nothing read, nothing written: run.json stays the last run's
        run.waiting = len(pending(options.out))
        _write_run_json(run)
        remember(options.history_path, run.key, run, also=[RUN_JSON],
                 valid_until=changes_on(run.completeness, _today(options), options.remind))
    return run


def _run(run: BatchRun, cfg: EmailConfig | None, judging: Any, reporter: Reporter) -> None:
    options = run.options
    catalog = load_catalog(options.catalog)
    found = discover(options.paths, exclude=options.out)
    digests = [sha256_of(f.path) for f in found]  # once, for the run's key, what is known of each file and run.json
    run.key = run_key(options, catalog, found, digests)  # batch/unchanged.py: a rerun over the same inputs stops here
    if not options.force and run.key is not None:
        run.unchanged = unchanged_since(options.history_path, options.out, run.key, _today(options))
        if run.unchanged is not None:
            return
    emailing = cfg is not None and (options.email or options.dry_run)
    with ExitStack() as stack:
        # Forked now, before any file is read, the district workers share little with this process.
        workers = stack.enter_context(district_workers(catalog, _jobs(options))) if streams(len(found), _jobs(options)) else None
        _read_and_write(run, cfg, judging, reporter, catalog, found, digests, workers, emailing)


def _read_and_write(run: BatchRun, cfg: EmailConfig | None, judging: Any, reporter: Reporter, catalog: Any,
                    found: list[Any], digests: list[str | None], workers: Any, emailing: bool) -> None:
    options = run.options
    reporter.files(len(found))
    reads = Reads(options.history_path, catalog, fresh=options.force)  # batch/reads.py: unchanged files are not read again
    checked = read_files([f.path for f in found], catalog, _jobs(options), names=[f.display for f in found],
                         fingerprints=digests, known=reads, on_file=reporter.file_done)
    reads.save(checked.files)
    give_back()  # what reading held (each file's columns, the readers' results) before the checks and scoring
    with History(options.history_path) as history:
        # Who has reported (arrivals kept by content), and the figures odd against the history
        run.completeness = table = returns_of_run(checked, catalog, history, judging.settings,
                                                  _today(options), dt.datetime.now())
        empty = nothing_received(options.paths, catalog, len(found), table)
        run.inputs = checked.files
        run.problems = checked.problems + quality_warnings(checked, catalog, history, judging.settings) + ([empty] if empty else [])
        frames, returns = [checked.frame], checked.returns
        del checked  # the frame goes once the history has it and the reports are made (below)
        reporter.stage("score")
        attachments = write_periods(run, catalog, frames, returns, table, history, judging.settings.min_reported,
                                    reporter, workers, emailing, _jobs(options))
        run.removed = remove_gone(history, options.out, run.reports, {f.display: f.path for f in run.inputs}).reports
        if cfg is not None:
            if options.email or options.dry_run:
                ready = [r for r in run.reports if r.name in attachments]  # a report not written is not sent
                run.queued = queue_messages(ready, attachments, options.out, cfg, history)
            if options.remind:
                run.queued += send_reminders(table, catalog, options.out, cfg, history, judging, options.lang)
            if not options.dry_run:
                reporter.stage("send", len(pending(options.out)))
                reporter.server = f"{cfg.smtp_host}:{cfg.smtp_port}"
                run.delivery = deliver(options.out, cfg, history, progress=reporter)


def send_outbox(out: Path, config: Path | None, note: Callable[[str], None] | None = None, lang: str = "zh",
                progress: Any = None) -> Delivery:
    """``rhcalc send DIR``: deliver what waits in DIR/outbox/; ``note`` hears (in ``lang``) of a killed
    run's lock taken over; ``progress`` hears of each retry and message sent."""
    cfg = email_config(config, needed=True)
    assert cfg is not None
    with run_lock(out, note, lang), History(out / "history.sqlite") as history:
        return deliver(out, cfg, history, progress=progress)


def judging_of(config: Path | None) -> Any:
    """rhcalc.toml's [reporting] and [quality] (batch/settings.py), or their defaults."""
    from rhcalc.batch.settings import load_judging

    return load_judging(config)


def _today(options: BatchOptions) -> dt.date:
    """The day returns are checked on: --as-of's, or today (a test fixes it)."""
    return options.today or options.as_of or dt.date.today()


def _jobs(options: BatchOptions) -> int:
    from rhcalc.common.pool import cores, usable

    return usable(options.jobs or cores())


def run_summary(run: BatchRun) -> dict[str, Any]:
    """What run.json holds: inputs with their sha256, problems, each report's counts, what was written and sent."""
    lang, d = run.options.lang, run.delivery
    return {
        "rhcalc": version(),
        "finished_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "exit": run.exit_code,
        "interrupted": run.interrupted,
        "inputs": [{"file": f.display, "path": str(f.path), "sha256": f.fingerprint, "rows": f.rows,
                    "problems": len(f.problems)} for f in run.inputs],
        "problems": [p.to_dict(lang) for p in run.problems],
        "reports": [{"name": r.name, "district": r.district, "period": r.period,
                     "as_of": r.as_of.isoformat() if r.as_of else None, "report_hash": r.content_hash,
                     "mail_hash": r.mail_hash, "counts": r.counts()} for r in run.reports],
        "completeness": run.completeness.to_dict(),
        "written": run.written,
        "removed": run.removed,  # reports deleted: their inputs are gone
        "in_use": run.in_use,  # not replaced: open in another program (Windows)
        "email": {
            "dry_run": run.options.dry_run,
            "queued": [q.path.name for q in run.queued],
            "sent": [{"recipient": q.recipient, "report": q.report, "message_id": q.message_id} for q in d.sent] if d else [],
            "failed": [{"file": p.name, "reason": why, "kind": d.kinds.get(p, "other")} for p, why in d.failed.items()] if d else [],
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
