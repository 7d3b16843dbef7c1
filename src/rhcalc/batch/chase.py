"""The batch's side of who has reported: when each file arrived, this run's 上报情况, the folder that
gave nothing, the reports whose inputs are gone, and the reminders to the units still missing.

``run.py`` calls these in order; each is small and reads or writes history.sqlite's own tables
(``returns.py``, ``cleanup.py``) on the connection the run holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rhcalc.batch.cleanup import Removed, record_inputs, remove_stale
from rhcalc.batch.returns import Returns, seen_units
from rhcalc.catalog.model import Catalog
from rhcalc.common.problems import Location, Problem
from rhcalc.pipeline import Checked, Settings, returns_table
from rhcalc.score.completeness import Completeness

if TYPE_CHECKING:
    from rhcalc.batch.config import EmailConfig
    from rhcalc.batch.history import History
    from rhcalc.batch.outbox import Queued
    from rhcalc.batch.reports import Report
    from rhcalc.batch.settings import Judging


def returns_of_run(checked: Checked, catalog: Catalog, history: "History", settings: Settings,
                   on: dt.date, now: dt.datetime) -> Completeness:
    """This run's 上报情况, kept for ``rhcalc remind DIR``: arrivals by content (a copy or a restore is
    not a late return), the units earlier runs saw for a plan open to any unit."""
    returns = Returns(history.conn)
    checked.arrivals = returns.arrivals(((f.display, f.fingerprint, f.path) for f in checked.files), now)
    table = returns_table(checked, catalog, settings, on=on, seen=seen_units(history.conn, catalog), least=1)
    returns.save(table)
    return table


def quality_warnings(checked: Checked, catalog: Catalog, history: "History", settings: Settings) -> list[Problem]:
    """The data-quality warnings: each figure against its own series in history.sqlite."""
    from rhcalc.checks_quality import check_quality

    frame = checked.frame
    if frame.empty:
        return []
    earlier = history.load(set(frame["district"].tolist()), set(frame["indicator"].tolist()), besides=frame)
    return check_quality(frame, catalog, settings.quality, earlier)


def nothing_received(paths: Sequence[Path], catalog: Catalog, found: int, table: Completeness) -> Problem | None:
    """An empty or mistyped folder while units are expected: an error a cron log shows (exit 1)."""
    if found and table:
        return None
    expected = sorted({u for p in catalog.plans.values() for u in p.units})
    if found or not expected:
        return None
    folder = "、".join(str(p) for p in paths)
    shown = "、".join(expected[:20]) + (f" …（{len(expected)}）" if len(expected) > 20 else "")
    return Problem("no-submissions", Location(folder), {"folder": folder, "expected": shown})


def remove_gone(history: "History", out: Path, reports: Iterable["Report"], path_of: dict[str, Path]) -> Removed:
    """Record what each report was made from (``path_of``: a file's name → its path, for every file
    this run read), then delete the reports whose inputs are gone or no longer give them."""
    made = {r.name: [path_of[f].resolve() for f in r.inputs if f in path_of] for r in reports}
    record_inputs(history.conn, made)
    return remove_stale(history.conn, out, set(made), {p.resolve() for p in path_of.values()})


def send_reminders(table: Completeness, catalog: Catalog, out: Path, cfg: "EmailConfig", history: "History",
                   judging: "Judging", lang: str) -> list["Queued"]:
    """An .eml per missing unit, period, round and recipient that has not had it (the ledger's rule)."""
    from rhcalc.batch.reminders import queue_reminders, reminders_due

    due = reminders_due(table, judging.remind_every, judging.remind_rounds)
    return queue_reminders(due, catalog, out, cfg, history, lang)
