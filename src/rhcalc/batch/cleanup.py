"""Reports whose inputs are gone: removed, carefully.

Each report rhcalc writes is recorded in history.sqlite with its files' sha256 (``reports``) and, here,
the input files it was made from (``report_inputs``). A stored report this run did not make is stale
when every one of its inputs is gone from disk or was read by this run and no longer gives it (the
misspelt 海定区 once corrected; a resubmission filed under another period). Then its files are deleted —
only those rhcalc wrote and nobody changed since (same sha256) — and its record goes. A run over part
of the folder (one file named on the command line) leaves alone every report whose inputs it did not
read, and a report recorded before its inputs were is never touched.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rhcalc.batch.inputs import sha256_of

SCHEMA = """
CREATE TABLE IF NOT EXISTS report_inputs (
    name TEXT NOT NULL, input TEXT NOT NULL,
    PRIMARY KEY (name, input)
);
"""


@dataclass
class Removed:
    reports: list[str] = field(default_factory=list)  # names (2024Q2/海定区)
    kept: list[str] = field(default_factory=list)  # files of removed reports left because someone changed them


def record_inputs(conn: sqlite3.Connection, inputs_of: Mapping[str, Iterable[Path]]) -> None:
    """report name → the input files it was made from (this run's), replacing what was recorded
    (left as it is when it is the same: a rerun changes no byte of history.sqlite)."""
    conn.executescript(SCHEMA)
    with conn:
        for name, paths in inputs_of.items():
            stored = {row[0] for row in conn.execute("SELECT input FROM report_inputs WHERE name=?", (name,))}
            if stored == {str(p) for p in paths}:
                continue
            conn.execute("DELETE FROM report_inputs WHERE name=?", (name,))
            conn.executemany("INSERT OR IGNORE INTO report_inputs VALUES (?,?)", [(name, str(p)) for p in paths])


def remove_stale(conn: sqlite3.Connection, out: Path, made: set[str], read: set[Path]) -> Removed:
    """Delete the reports this run did not make whose every input is gone or was read (see above)."""
    conn.executescript(SCHEMA)
    inputs: dict[str, list[Path]] = defaultdict(list)
    for name, path in conn.execute("SELECT name, input FROM report_inputs"):
        inputs[name].append(Path(path))
    removed = Removed()
    for name in sorted(set(inputs) - made):
        if not all(p in read or not p.exists() for p in inputs[name]):
            continue
        row = conn.execute("SELECT files FROM reports WHERE name=?", (name,)).fetchone()
        for rel, sha in (json.loads(row[0]) if row else {}).items():
            path = out / rel
            if sha256_of(path) == sha:
                path.unlink()
            elif path.exists():
                removed.kept.append(rel)
        _drop_empty_folder(out, name)
        with conn:
            conn.execute("DELETE FROM reports WHERE name=?", (name,))
            conn.execute("DELETE FROM report_inputs WHERE name=?", (name,))
        removed.reports.append(name)
    return removed


def _drop_empty_folder(out: Path, name: str) -> None:
    folder = (out / name).parent
    try:
        if folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    except OSError:
        pass  # someone put a file there meanwhile: it stays
