"""What reading each input gave, kept in history.sqlite: a rerun reads only the files that changed.

A daily cron reruns the batch over the same folder after one county's file changed; 2,849 of the
2,850 files are byte for byte what the last run read, and reading and checking them again took
~10 s. What reading a file and checking its rows on their own gives (``pipeline.read_files``)
depends on its bytes (sha256), the name its problems carry, its suffix (it picks the reader), the
catalog and rhcalc's code, and on nothing else: that is an entry's key, and the entry holds the
file's packed rows (``common.frames.pack``), its read problems and its row problems.

Stored as zlib-compressed JSON of plain values (dates as ISO text), never pickled: DIR may be a
shared folder, and unpickling what someone put there would run it. An entry that does not inflate,
parse or have the expected shape is ignored and the file read again.

Not stored: a read whose problems may be the machine's rather than the bytes' — a file gone or
unreadable since it was hashed, a reader's fault (an OSError or a MemoryError shows as a damaged
workbook). Such a file is read again every run, which costs little: it fails fast.

The table holds the entries of the latest run's inputs only (``Reads.save`` deletes the others),
so that it does not grow with every file that ever came in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

from rhcalc.batch.unchanged import code_digest
from rhcalc.catalog.model import Catalog
from rhcalc.common.frames import COLUMNS, DATES, NUMBERS
from rhcalc.common.problems import Problem
from rhcalc.common.version import version
from rhcalc.pipeline import FileRead, Read

SCHEMA = """
CREATE TABLE IF NOT EXISTS reads (
    key TEXT PRIMARY KEY,  -- sha256 of the file's sha256, name, suffix, the catalog's fingerprint, rhcalc's version and code
    file TEXT NOT NULL,  -- the name its problems carry, for whoever looks
    result BLOB NOT NULL,  -- zlib-compressed JSON: {"format", "columns", "read", "rows"} (``encode``)
    stored_at TEXT NOT NULL
);
"""
FORMAT = 1  # the layout of ``result``; an entry of another is read as unknown
# What reading one file may need back: the readers refuse more than 2,000,000 cells, ~100 bytes a row here.
_MOST = 256 * 1024 * 1024
# Problems that may come from the machine, not the bytes: the read is not kept.
_NOT_OF_THE_BYTES = frozenset({"file-not-found", "file-unreadable", "corrupt-workbook"})


class Reads:
    """One run's use of the table: what it knows (loaded once, before any reader forks), what it learns."""

    def __init__(self, path: Path, catalog: Catalog, fresh: bool = False) -> None:
        """``fresh`` (``--force``): know nothing, read every file again and store what it gives."""
        self.path = path
        self._same = [catalog.fingerprint, version(), code_digest()]
        self._stored = {} if fresh else _stored(path)
        self._learned: dict[str, tuple[str, bytes]] = {}

    def key(self, f: FileRead) -> str | None:
        if f.fingerprint is None:  # not hashed (unreadable): nothing can be known of it
            return None
        parts = [f.fingerprint, f.display, f.path.suffix, *self._same]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    def recall(self, f: FileRead) -> Read | None:
        key = self.key(f)
        blob = self._stored.pop(key, None) if key is not None else None
        return decode(blob) if blob is not None else None

    def learn(self, f: FileRead, read: Read) -> None:
        key = self.key(f)
        if key is None or any(p.code in _NOT_OF_THE_BYTES for p in read[1]):
            return
        blob = encode(read)
        if blob is not None:
            self._learned[key] = (f.display, blob)

    def save(self, files: list[FileRead]) -> None:
        """Store what was learned; keep the entries of ``files`` (the run's inputs), delete the others."""
        keep = {key for f in files if (key := self.key(f)) is not None}
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path)
        try:
            conn.executescript(SCHEMA)
            with conn:  # one transaction: what was learned and what is gone
                conn.executemany("INSERT OR REPLACE INTO reads VALUES (?,?,?,?)",
                                 [(key, name, blob, now) for key, (name, blob) in self._learned.items()])
                gone = [(key,) for (key,) in conn.execute("SELECT key FROM reads") if key not in keep]
                conn.executemany("DELETE FROM reads WHERE key=?", gone)
        finally:
            conn.close()
        self._learned.clear()


def _stored(path: Path) -> dict[str, Any]:
    """Every entry in the table (the last run's inputs): key → result as stored."""
    if not path.is_file():
        return {}
    conn = sqlite3.connect(path)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='reads'").fetchone() is None:
            return {}
        return dict(conn.execute("SELECT key, result FROM reads"))
    finally:
        conn.close()


def encode(read: Read) -> bytes | None:
    """A read as stored; None when some value would not come back as it is (it is then not stored)."""
    packed, read_problems, row_problems = read
    columns: dict[str, Any] = {}
    for c in COLUMNS:
        if c in NUMBERS:
            if not _numbers(packed[c]):
                return None
            columns[c] = packed[c]
            continue
        distinct, codes = packed[c]
        if not all(x is None or (type(x) is dt.date if c in DATES else isinstance(x, str)) for x in distinct):
            return None
        # One value on every row (the district, the sheet, each header: most columns of a file): its
        # codes are all 0 and left out, which halves what a county's entry takes to parse.
        stored = [x.isoformat() if c in DATES and x is not None else x for x in distinct]
        columns[c] = [stored, [] if len(distinct) == 1 else codes]
    problems = [[p.to_plain() for p in read_problems], [p.to_plain() for p in row_problems]]
    try:
        if [[Problem.from_plain(p) for p in ps] for ps in problems] != [read_problems, row_problems]:
            return None
    except ValueError:  # a parameter that is not a plain value
        return None
    text = json.dumps({"format": FORMAT, "columns": columns, "read": problems[0], "rows": problems[1]},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return zlib.compress(text) if len(text) <= _MOST else None


def decode(blob: Any) -> Read | None:
    """A stored read back; None for anything that is not one ``encode`` made (garbage, another shape)."""
    if not isinstance(blob, bytes):
        return None
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(blob, _MOST)
        if inflater.unconsumed_tail or not inflater.eof:  # larger than any read, or cut short
            return None
        return _read_of(json.loads(text))
    except (zlib.error, ValueError, RecursionError):  # not zlib, not UTF-8 JSON, nested past the parser, or not a read
        return None


def _read_of(data: Any) -> Read:
    """Parsed JSON → the read it stands for; ValueError where it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or set(data) != {"format", "columns", "read", "rows"}:
        raise ValueError("not a stored read")
    columns, problems = data["columns"], [data["read"], data["rows"]]
    if not isinstance(columns, dict) or set(columns) != set(COLUMNS) or not all(isinstance(ps, list) for ps in problems):
        raise ValueError("not a stored read")
    rows = columns["value"]
    count = len(rows) if isinstance(rows, list) else -1
    packed = {c: _column(c, columns[c], count) for c in COLUMNS}
    return packed, [Problem.from_plain(p) for p in problems[0]], [Problem.from_plain(p) for p in problems[1]]


def _column(name: str, stored: Any, count: int) -> Any:
    """One stored column, checked to hold ``count`` rows of its kind, as ``pack`` made it. (The
    types are taken with ``map(type, …)``: a generator per value would cost more than the JSON.)"""
    if name in NUMBERS:
        if not isinstance(stored, list) or len(stored) != count or not _numbers(stored):
            raise ValueError(f"column {name}")
        return stored
    if not isinstance(stored, list) or len(stored) != 2 or not all(isinstance(part, list) for part in stored):
        raise ValueError(f"column {name}")
    distinct, codes = stored
    if not set(map(type, distinct)) <= _TEXT_TYPES:
        raise ValueError(f"column {name}")
    if len(distinct) == 1 and codes == []:  # one value on every row (``encode``)
        codes = [0] * count
    elif len(codes) != count or not set(map(type, codes)) <= {int} or \
            (codes and not 0 <= min(codes) <= max(codes) < len(distinct)):
        raise ValueError(f"column {name}")
    if name in DATES:
        distinct = [None if x is None else dt.date.fromisoformat(x) for x in distinct]
    return distinct, codes


_NUMBER_TYPES = frozenset({int, float, type(None)})  # not bool: JSON's true is no figure
_TEXT_TYPES = frozenset({str, type(None)})


def _numbers(values: list[Any]) -> bool:
    return set(map(type, values)) <= _NUMBER_TYPES
