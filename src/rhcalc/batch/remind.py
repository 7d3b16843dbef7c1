"""``rhcalc remind DIR``: the reminders the last batch run's 上报情况 calls for today, without reading
the submissions again — through the outbox, the send ledger and the SMTP path the reports take."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rhcalc.batch.chase import send_reminders
from rhcalc.batch.config import ConfigError
from rhcalc.batch.history import History
from rhcalc.batch.lock import run_lock
from rhcalc.batch.outbox import Queued, pending
from rhcalc.batch.run import email_config, judging_of
from rhcalc.batch.smtp import Delivery, deliver
from rhcalc.catalog.load import load_catalog


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
    judging = judging_of(config)
    with run_lock(out, note, lang), History(out / "history.sqlite") as history:
        table = Returns(history.conn).load(today or dt.date.today())
        queued = send_reminders(table, load_catalog(catalog), out, cfg, history, judging, lang)
        delivery = None if dry_run else deliver(out, cfg, history)
    return RemindRun(queued, delivery, len(pending(out)))
