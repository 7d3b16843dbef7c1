"""What ``rhcalc batch`` and ``rhcalc send`` say while they work, and when they are done.

On a terminal: a progress bar over the files. Anywhere else (cron, systemd): one timestamped line
per file and per event, so the log reads in order with ``grep``. ``--quiet``: errors only.
Everything goes to stderr; stdout stays empty for scripts. The batch library calls these
through its ``Reporter`` protocol and never prints itself.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rhcalc.common.problems import Severity

if TYPE_CHECKING:
    from rhcalc.batch.run import BatchRun
    from rhcalc.batch.smtp import Delivery
    from rhcalc.pipeline import FileRead


class LineReporter:
    """One line per file and per event: what a cron mail or the journal should hold."""

    def __init__(self, console: Any, quiet: bool = False, stamp: bool = True) -> None:
        self.console = console
        self.quiet = quiet
        self.stamp = stamp

    def _say(self, text: str, error: bool = False) -> None:
        if self.quiet and not error:
            return
        prefix = dt.datetime.now().isoformat(timespec="seconds") + " " if self.stamp else ""
        # soft_wrap: a log line stays one line, whatever the width (grep, journalctl)
        self.console.print(f"{prefix}{'ERROR ' if error else ''}{text}", markup=False, highlight=False, soft_wrap=True)

    def files(self, total: int) -> None:
        self._say(f"{total} file(s) to read")

    def file_done(self, item: "FileRead") -> None:
        errors = [p for p in item.problems if p.severity is Severity.error]
        first = f" — {errors[0].location.describe()}: {errors[0].message()}" if errors else ""
        self._say(f"{item.display}: {item.rows} row(s), {len(item.problems)} problem(s){first}", error=bool(errors))

    def note(self, text: str, error: bool = False) -> None:
        self._say(text, error)

    def close(self) -> None:
        pass


class BarReporter(LineReporter):
    """A rich progress bar over the files; events print above it."""

    def __init__(self, console: Any, quiet: bool = False) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        super().__init__(console, quiet, stamp=False)
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True)
        self.task: Any = None

    def files(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("读取 / reading", total=total)

    def file_done(self, item: "FileRead") -> None:
        if any(p.severity is Severity.error for p in item.problems):
            super().file_done(item)
        if self.task is not None:
            self.progress.advance(self.task)

    def _say(self, text: str, error: bool = False) -> None:
        if self.quiet and not error:
            return
        from rich.markup import escape

        self.progress.console.print(f"[red]✗[/red] {escape(text)}" if error else f"  {escape(text)}", highlight=False)

    def close(self) -> None:
        self.progress.stop()


def make_reporter(console: Any, quiet: bool) -> LineReporter:
    return BarReporter(console, quiet) if console.is_terminal and not quiet else LineReporter(console, quiet)


def delivery_lines(d: "Delivery") -> list[tuple[str, bool]]:
    """(line, is_error): each message that could not be sent, then what was sent."""
    from rhcalc.batch.smtp import sent_name

    lines = [(f"not sent: {path.name}: {why}", True) for path, why in d.failed.items()]
    lines += [(f"sent {q.report} → {q.recipient}", False) for q in d.sent]
    lines += [(f"already delivered, moved to sent/: {q.path.name}", False) for q in d.recovered]
    lines += [(f"may have been delivered already: {q.path.name} ({q.report} → {q.recipient}); a run was stopped while "
               f"the server took it, so it is not sent again — if it did not arrive, forward sent/{sent_name(q)}", True)
              for q in d.uncertain]
    return lines


def run_lines(run: "BatchRun") -> list[tuple[str, bool]]:
    """The closing lines of a batch run."""
    out = run.options.out
    from rhcalc.render import returns_lines

    lines = delivery_lines(run.delivery) if run.delivery else []
    lines += [(text, False) for text in returns_lines(run.completeness, run.options.lang) if text]
    lines += [(f"removed {name}: its input files are gone", False) for name in run.removed]
    unchanged = len(run.reports) - len({w.rsplit(".", 1)[0] for w in run.written})
    parts = [f"{len(run.inputs)} file(s)", f"{len(run.reports)} report(s): {unchanged} unchanged"]
    if run.options.dry_run or run.options.email:
        parts.append(f"{len(run.queued)} message(s) queued")
    if run.delivery:
        parts.append(f"{len(run.delivery.sent)} sent, {len(run.delivery.failed)} failed")
    if run.waiting:
        parts.append(f"{run.waiting} waiting in {out / 'outbox'}")
    lines.append(("; ".join(parts) + f" → {out / 'run.json'}", False))
    return lines


def print_lines(console: Any, lines: list[tuple[str, bool]], quiet: bool = False) -> None:
    from rich.markup import escape

    for text, error in lines:
        if error or not quiet:
            console.print(f"[red]✗[/red] {escape(text)}" if error else escape(text), highlight=False, soft_wrap=True)
