"""The batch's memory of returns, beside the history (same SQLite file, tables of their own).

- ``arrivals``: the first time a batch saw each file's content (by sha256). A file's arrival is the
  earlier of that and its mtime, so a copy, a restore from backup or a ``touch`` does not make an
  on-time return late.
- ``returns``: the last run's table of who was expected, sent and missing, per plan and period, for
  ``rhcalc remind DIR`` to chase without reading the submissions again.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from rhcalc.catalog.model import Catalog
from rhcalc.score.completeness import Completeness, PeriodReturns, UnitReturn

SCHEMA = """
CREATE TABLE IF NOT EXISTS arrivals (
    sha256 TEXT PRIMARY KEY, file TEXT NOT NULL, first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS returns (
    plan TEXT NOT NULL, jurisdiction TEXT NOT NULL, period TEXT NOT NULL, period_end TEXT NOT NULL,
    due TEXT NOT NULL, expected_from TEXT NOT NULL, position INTEGER NOT NULL, unit TEXT NOT NULL,
    state TEXT NOT NULL, files TEXT NOT NULL, arrived TEXT,
    PRIMARY KEY (plan, period_end, unit)
);
"""


class Returns:
    """The two tables on an open history connection (``History.conn``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.executescript(SCHEMA)

    def arrivals(self, files: Iterable[tuple[str, str | None, Path]], now: dt.datetime) -> dict[str, dt.datetime]:
        """display → when it arrived: the earlier of its mtime and the first run that saw its bytes."""
        out: dict[str, dt.datetime] = {}
        with self.conn:
            for display, sha256, path in files:
                try:
                    moment = dt.datetime.fromtimestamp(path.stat().st_mtime)
                except OSError:
                    continue
                if sha256 is None:
                    out[display] = moment
                    continue
                self.conn.execute("INSERT OR IGNORE INTO arrivals VALUES (?,?,?)", (sha256, display, now.isoformat()))
                (first,) = self.conn.execute("SELECT first_seen FROM arrivals WHERE sha256=?", (sha256,)).fetchone()
                out[display] = min(moment, dt.datetime.fromisoformat(first))
        return out

    def save(self, c: Completeness) -> None:
        """This run's table; the periods it holds replace what was stored for them, the others stay.
        A period stored as it is now is left untouched: a rerun over the same files changes no byte."""
        with self.conn:
            for p in c.periods:
                rows = [(p.plan, p.jurisdiction, p.period, p.end.isoformat(), p.due.isoformat(), p.expected_from, i, u.unit,
                         u.state, json.dumps(list(u.files), ensure_ascii=False), u.arrived.isoformat() if u.arrived else None)
                        for i, u in enumerate(p.units)]
                key = (p.plan, p.end.isoformat())
                if self.conn.execute("SELECT * FROM returns WHERE plan=? AND period_end=? ORDER BY position", key).fetchall() == rows:
                    continue
                self.conn.execute("DELETE FROM returns WHERE plan=? AND period_end=?", key)
                self.conn.executemany("INSERT INTO returns VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    def load(self, checked: dt.date) -> Completeness:
        """The stored table as of ``checked``: a unit still missing is overdue by then, or not yet."""
        rows = self.conn.execute("SELECT plan, jurisdiction, period, period_end, due, expected_from, unit, state, files, arrived"
                                 " FROM returns ORDER BY period_end, plan, position")
        periods: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        for row in rows:
            periods[(row[0], row[3])].append(row)
        out = []
        for rows_of in periods.values():
            plan, jurisdiction, period, end, due, source = rows_of[0][:6]
            due_day = dt.date.fromisoformat(due)
            units = tuple(_unit(unit, state, files, arrived, due_day, checked) for *_, unit, state, files, arrived in rows_of)
            out.append(PeriodReturns(plan, jurisdiction, period, dt.date.fromisoformat(end), due_day, checked, source, units))
        return Completeness(tuple(out))


def _unit(unit: str, state: str, files: str, arrived: str | None, due: dt.date, checked: dt.date) -> UnitReturn:
    day = dt.date.fromisoformat(arrived) if arrived else None
    if state == "missing":
        return UnitReturn(unit, state, overdue=checked > due)
    return UnitReturn(unit, state, tuple(json.loads(files)), day, (day - due).days if day and day > due else None)


def seen_units(conn: sqlite3.Connection, catalog: Catalog) -> dict[str, set[str]]:
    """For each any-unit plan, the units earlier runs stored figures of its indicators for."""
    open_plans = [p for p in catalog.plans.values() if p.any_unit]
    if not open_plans:
        return {}
    claimed = {u for p in catalog.plans.values() if p.units for u in (p.jurisdiction, *p.units)}
    used = {p.id: {t.indicator for t in catalog.targets_of(p.id)} for p in open_plans}
    out: dict[str, set[str]] = defaultdict(set)
    for district, indicator in conn.execute("SELECT DISTINCT district, indicator FROM observations"):
        for plan in open_plans:
            if indicator in used[plan.id] and district not in claimed and district != plan.jurisdiction:
                out[plan.id].add(district)
    return dict(out)
