"""The batch run's memory, in one SQLite file (default ``DIR/history.sqlite``).

- ``observations``: every checked value, keyed by (district, period, indicator), so that a trend
  target in the 2024Q2 run compares with 2024Q1 from the previous quarter's run.
- ``reports``: the content hash of each report written and the sha256 of its files, so that a
  rerun over unchanged inputs rewrites nothing.
- ``sent``: the ledger — which report (by content hash) reached which recipient, with the
  message id — so that nothing is ever delivered twice; ``sending`` holds a message while the server
  takes it, so that a run killed at that moment is known afterwards.

A file submitted again replaces the rows it gave before for each district and period it holds:
a row removed from the corrected file disappears; rows of other files for the same district and
period stay (a run over a subset of the folder must not erase what it did not read).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rhcalc.score.aggregate import as_float
from rhcalc.common.frames import COLUMNS, row_tuples
from rhcalc.common.periods import as_date
from rhcalc.common.stages import reached

if TYPE_CHECKING:
    import pandas as pd

SCHEMA = """
CREATE TABLE IF NOT EXISTS observations (
    district TEXT NOT NULL, period TEXT NOT NULL, indicator TEXT NOT NULL,
    period_start TEXT NOT NULL, period_end TEXT NOT NULL,
    value REAL, numerator REAL, denominator REAL, unit TEXT, note TEXT,
    file TEXT NOT NULL, provenance TEXT NOT NULL,  -- JSON: _sheet, _row, _column … as loaded
    stored_at TEXT NOT NULL,
    PRIMARY KEY (district, period, indicator)
);
CREATE INDEX IF NOT EXISTS observations_file ON observations (district, period, file);
CREATE TABLE IF NOT EXISTS reports (
    name TEXT PRIMARY KEY, report_hash TEXT NOT NULL, files TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sent (
    recipient TEXT NOT NULL, report_hash TEXT NOT NULL, message_id TEXT NOT NULL,
    report TEXT NOT NULL, sent_at TEXT NOT NULL,
    PRIMARY KEY (recipient, report_hash)
);
-- A message handed to the server and not yet in ``sent``: a row left here means the run was killed
-- while the server was taking it, so it may have arrived.
CREATE TABLE IF NOT EXISTS sending (
    recipient TEXT NOT NULL, report_hash TEXT NOT NULL, started_at TEXT NOT NULL,
    PRIMARY KEY (recipient, report_hash)
);
"""

# What makes two stored rows the same figure (provenance and time do not).
_DATA = ("indicator", "period_start", "period_end", "value", "numerator", "denominator", "unit", "note")


@dataclass(frozen=True)
class LedgerEntry:
    """One row of the send ledger: this report (by content hash) reached this recipient."""

    recipient: str
    report_hash: str
    message_id: str
    report: str
    sent_at: str


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class History:
    """One open history database. Use as a context manager; every write commits at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path)
        self._batched = False
        self.conn.executescript(SCHEMA)

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- observations ---------------------------------------------------------------------------

    def store(self, frame: "pd.DataFrame") -> int:
        """Keep the checked rows; returns how many (district, period, file) groups changed."""
        where = sorted(c for c in frame.columns if c.startswith("_") and c != "_file")
        key = ["district", "period", "_file"]
        # Sorted, then one group at a time: a national batch's 300,000 rows are never all held as
        # Python tuples at once (per-group pandas calls would cost more than the SQL).
        ordered = frame.sort_values(key, kind="stable") if len(frame) else frame
        del frame  # the unsorted rows can go now if the caller let go of them (the batch does)
        rows = row_tuples(ordered, [*key, *_FRAME_DATA, *where])
        del ordered  # row_tuples holds the columns it needs
        now = _now()  # one time for the whole store: it is the run that stored them
        changed = 0
        with self.conn:
            for (district, period, file), group in groupby(rows, key=lambda r: r[:3]):
                records = [(_row_values(r[3:3 + len(_FRAME_DATA)]), r[3 + len(_FRAME_DATA):]) for r in group]
                values = [v for v, _ in records]
                if self._same_as_stored(district, period, file, values):
                    continue
                self.conn.execute("DELETE FROM observations WHERE district=? AND period=? AND file=?", (district, period, file))
                self.conn.executemany(
                    "INSERT OR REPLACE INTO observations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(district, period, *v, file, _provenance(where, p), now) for v, p in records])
                changed += 1
                if changed == 1:
                    reached("storing")  # a test hook (common/stages.py): killed here, the transaction rolls back
        return changed

    def _same_as_stored(self, district: str, period: str, file: str, rows: list[tuple[Any, ...]]) -> bool:
        stored = self.conn.execute(
            f"SELECT {', '.join(_DATA)} FROM observations WHERE district=? AND period=? AND file=? ORDER BY indicator",
            (district, period, file)).fetchall()
        return stored == sorted(rows)

    def load(self, districts: Iterable[str], indicators: Iterable[str], until: dt.date | None = None,
             besides: "pd.DataFrame | None" = None) -> "pd.DataFrame":
        """Stored rows as a submission frame (the columns of ``common.frames.COLUMNS``), without those
        of a district and period ``besides`` (rows read now) holds: a period sent now is its whole return,
        and a rerun over the same files would otherwise load back every row it is about to judge."""
        import pandas as pd

        districts, indicators = sorted(set(districts)), sorted(set(indicators))
        sql = (f"SELECT district, period, {', '.join(_DATA)}, file, provenance FROM observations o"
               f" WHERE district IN ({_marks(districts)}) AND indicator IN ({_marks(indicators)})")
        params: list[Any] = [*districts, *indicators]
        if until is not None:
            sql += " AND period_end <= ?"
            params.append(until.isoformat())
        if besides is not None:
            self._sent_now(besides)
            sql += (" AND NOT EXISTS (SELECT 1 FROM sent_now s WHERE s.district = o.district"
                    " AND s.period_start = o.period_start AND s.period_end = o.period_end)")
        records = []
        for district, period, *data, file, provenance in self.conn.execute(sql + " ORDER BY district, period_start, indicator", params):
            record = dict(zip(_DATA, data), district=district, period=period, _file=file, **json.loads(provenance))
            record["period_start"] = dt.date.fromisoformat(record["period_start"])
            record["period_end"] = dt.date.fromisoformat(record["period_end"])
            records.append(record)
        frame = pd.DataFrame.from_records(records, columns=COLUMNS)
        return frame.astype({"value": "float64", "numerator": "float64", "denominator": "float64"})

    def _sent_now(self, frame: "pd.DataFrame") -> None:
        """The (district, period) of each row of ``frame``, in a temporary table ``load`` leaves out."""
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS sent_now (district TEXT, period_start TEXT, period_end TEXT,"
                          " PRIMARY KEY (district, period_start, period_end))")
        self.conn.execute("DELETE FROM sent_now")
        spans = frame[["district", "period_start", "period_end"]].drop_duplicates() if len(frame) else frame
        self.conn.executemany("INSERT OR IGNORE INTO sent_now VALUES (?,?,?)",
                              [(d, _iso(a), _iso(b)) for d, a, b in row_tuples(spans, ["district", "period_start", "period_end"])])

    # -- reports --------------------------------------------------------------------------------

    def reports(self) -> dict[str, tuple[str, dict[str, str]]]:
        """Every report written before: name → (content hash, {relative path: sha256})."""
        rows = self.conn.execute("SELECT name, report_hash, files FROM reports")
        return {name: (report_hash, json.loads(files)) for name, report_hash, files in rows}

    def save_report(self, name: str, report_hash: str, files: dict[str, str]) -> None:
        self.conn.execute("INSERT OR REPLACE INTO reports VALUES (?,?,?,?)",
                          (name, report_hash, json.dumps(files, ensure_ascii=False, sort_keys=True), _now()))
        if not self._batched:
            self.conn.commit()

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Saves inside commit together at the end (one disk sync for 2,850 reports, not one each).
        Interrupted, the reports written meanwhile are simply rendered again next run."""
        self._batched = True
        try:
            yield
        finally:
            self._batched = False
            self.conn.commit()

    # -- the send ledger ------------------------------------------------------------------------

    def delivered(self, recipient: str, report_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM sent WHERE recipient=? AND report_hash=?",
                                (recipient.lower(), report_hash)).fetchone()
        return row is not None

    def record_sent(self, recipient: str, report_hash: str, message_id: str, report: str) -> None:
        with self.conn:  # one transaction: never both "being sent" and "sent", never neither
            self.conn.execute("INSERT OR IGNORE INTO sent VALUES (?,?,?,?,?)",
                              (recipient.lower(), report_hash, message_id, report, _now()))
            self.conn.execute("DELETE FROM sending WHERE recipient=? AND report_hash=?", (recipient.lower(), report_hash))

    def begin_send(self, recipient: str, report_hash: str) -> None:
        """Committed before the message goes to the server (see ``sending`` in the schema)."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO sending VALUES (?,?,?)", (recipient.lower(), report_hash, _now()))

    def end_send(self, recipient: str, report_hash: str) -> None:
        """The server refused it: it was certainly not delivered."""
        with self.conn:
            self.conn.execute("DELETE FROM sending WHERE recipient=? AND report_hash=?", (recipient.lower(), report_hash))

    def interrupted(self, recipient: str, report_hash: str) -> bool:
        """A run was killed while the server took this message."""
        row = self.conn.execute("SELECT 1 FROM sending WHERE recipient=? AND report_hash=?",
                                (recipient.lower(), report_hash)).fetchone()
        return row is not None

    def ledger(self) -> list[LedgerEntry]:
        rows = self.conn.execute("SELECT recipient, report_hash, message_id, report, sent_at FROM sent ORDER BY sent_at, recipient")
        return [LedgerEntry(*r) for r in rows]


def load_history(db: Path | History, districts: Iterable[str], indicators: Iterable[str],
                 until: dt.date | None = None) -> "pd.DataFrame":
    """Earlier periods for ``score_frame(frame, catalog, history=...)``: the submission frame's columns."""
    if isinstance(db, History):
        return db.load(districts, indicators, until)
    with History(Path(db)) as history:
        return history.load(districts, indicators, until)


def _marks(values: list[str]) -> str:
    return ",".join("?" * len(values)) or "NULL"


# The frame's columns behind ``_DATA``, in its order.
_FRAME_DATA = ("indicator", "period_start", "period_end", "value", "numerator", "denominator", "unit", "note")


def _row_values(r: list[Any]) -> tuple[Any, ...]:
    """The figure itself, in the order of ``_DATA``, from the frame's ``_FRAME_DATA`` values."""
    indicator, start, end, value, numerator, denominator, unit, note = r
    return (indicator, _iso(start), _iso(end), as_float(value), as_float(numerator), as_float(denominator),
            _text(unit), _text(note))


def _provenance(columns: list[str], values: list[Any]) -> str:
    """Where the figure was typed (every ``_`` column but the file, sorted), for problems raised on history rows."""
    return json.dumps(dict(zip(columns, (None if v != v else v for v in values))), ensure_ascii=False, default=str)


def _iso(x: Any) -> str:
    return as_date(x).isoformat()


def _text(x: Any) -> str | None:
    return x if isinstance(x, str) else None
