"""Reminders to the units whose return has not arrived: queued in DIR/outbox/ like the reports, sent by
the same SMTP path, recorded in the same ledger — never twice for the same unit, period and round.

Rounds come from the calendar, so a nightly ``rhcalc batch --remind`` sends at most: one reminder up to
the due day (round 0: "due on …"), then one each ``every`` days while the return is overdue (round 1 in
the first ``every`` days after the due day, round 2 in the next …), ``rounds`` of them at most. A unit
whose file arrived late has reported: it is not reminded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

from rhcalc.batch.config import EmailConfig
from rhcalc.batch.history import History
from rhcalc.batch.outbox import Queued, message, outbox_dir, read_queued
from rhcalc.batch.reports import safe_name
from rhcalc.catalog.model import Catalog
from rhcalc.common.output import write_atomic
from rhcalc.score.completeness import MISSING, Completeness, PeriodReturns, UnitReturn

EVERY = 7  # days between overdue rounds (rhcalc.toml [reporting] remind_every)
ROUNDS = 3  # overdue rounds at most (remind_rounds)
PREFIX = "reminder"
XLSX_SUBTYPE = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Reminder:
    returns: PeriodReturns
    unit: UnitReturn
    round: int

    @property
    def name(self) -> str:
        """What the ledger and the log call it: reminder/2024Q2/丰台区/1."""
        return f"{PREFIX}/{self.returns.period}/{self.unit.unit}/{self.round}"

    @property
    def key(self) -> str:
        """The ledger's key with the recipient, as a report's content hash is: one per plan, unit, period, round."""
        p = self.returns
        return hashlib.sha256(f"{PREFIX}\0{p.plan}\0{p.end.isoformat()}\0{self.unit.unit}\0{self.round}".encode()).hexdigest()


def round_of(due: dt.date, checked: dt.date, every: int = EVERY) -> int:
    """0 up to the due day; then 1 for the first ``every`` days overdue, 2 for the next …"""
    late = (checked - due).days
    return 0 if late <= 0 else 1 + (late - 1) // max(every, 1)


def reminders_due(c: Completeness, every: int = EVERY, rounds: int = ROUNDS) -> list[Reminder]:
    """One reminder per missing unit and period, in the round its ``checked`` day falls in."""
    out = []
    for p in c.periods:
        r = round_of(p.due, p.checked, every)
        if r > rounds:
            continue
        out.extend(Reminder(p, u, r) for u in p.units if u.state == MISSING)
    return out


def queue_reminders(reminders: Iterable[Reminder], catalog: Catalog, out: Path, cfg: EmailConfig, history: History,
                    lang: str = "zh") -> list[Queued]:
    """An .eml per reminder and recipient that has not had it; one already waiting is left as it is."""
    from rhcalc.render import reminder_text

    new: list[Queued] = []
    for rem in reminders:
        for recipient in cfg.recipients_of(rem.unit.unit):
            path = outbox_dir(out) / _file_name(rem, recipient, rem.round)
            if history.delivered(recipient, rem.key) or path.exists():
                continue
            for earlier in range(rem.round):  # an earlier round still waiting (the server was down) is out of date
                outbox_dir(out).joinpath(_file_name(rem, recipient, earlier)).unlink(missing_ok=True)
            text = reminder_text(catalog, rem.returns, rem.unit, rem.round, lang)
            msg = message(cfg, recipient, text.subject, rem.key, rem.name)
            msg.set_content(text.body)
            if text.attachment:
                name, data = text.attachment  # the unit's .xlsx form
                msg.add_attachment(data, maintype="application", subtype=XLSX_SUBTYPE, filename=name)
            write_atomic(path, msg.as_bytes(policy=SMTP_POLICY))
            new.append(read_queued(path))
    return new


def _file_name(rem: Reminder, recipient: str, round_: int) -> str:
    who = hashlib.sha256(recipient.lower().encode()).hexdigest()[:10]
    p = rem.returns
    return f"{PREFIX}__{safe_name(p.period)}__{safe_name(rem.unit.unit)}__{p.plan}__r{round_}__{who}.eml"
