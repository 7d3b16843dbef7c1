"""A rerun over unchanged inputs: recognised by content hash, and nothing read, scored or written.

A daily cron runs the batch over the same folder; most days nothing in it changed. A run that
ends with every report in place (none kept open by another program, nothing left in the outbox)
records in history.sqlite what it ran over — its *key*: every input's name and sha256, the
catalog's fingerprint, the config file's sha256, rhcalc's version and the digest of its code, and
the options that shape the output (language, formats, --as-of, --only, --email, --dry-run, --remind) — with the
size and modification time of every file it left in DIR (the reports and run.json). The next run
hashes its inputs and, when the key is the same and each of those files is still the size and
time recorded, nothing could come out different: it says so and stops, reading no submission and
writing nothing. A changed catalog, config or rhcalc makes another key, so it always rescores;
``--force`` always runs in full.

Some of a run's output depends on the day, not on the inputs: a missing return becomes overdue the
day after its due day, and ``--remind`` sends a new round on a later day. So the record also keeps
the first day on which the same inputs would give something else (``changes_on``): from then on
the run is a full one again.

Size and time rather than sha256 for the files in DIR: a national run leaves a gigabyte of
reports, and hashing them would cost several times what hashing the inputs does. A report opened
and saved in Excel changes both; the full run then finds it (by sha256) and writes it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rhcalc.batch.inputs import Found, sha256_of
from rhcalc.common.version import version
from rhcalc.score.completeness import MISSING

if TYPE_CHECKING:
    from rhcalc.batch.run import BatchOptions, BatchRun
    from rhcalc.catalog.model import Catalog
    from rhcalc.score.completeness import Completeness

SCHEMA = """
CREATE TABLE IF NOT EXISTS unchanged (
    id INTEGER PRIMARY KEY CHECK (id = 1),  -- one row: the last complete run
    run_key TEXT NOT NULL, inputs INTEGER NOT NULL, reports INTEGER NOT NULL,
    exit INTEGER NOT NULL, problems INTEGER NOT NULL,
    files TEXT NOT NULL,  -- JSON: {path under DIR: [size, mtime_ns]}
    valid_until TEXT  -- ISO date from which the same inputs give other reports (a due day passes), or NULL
);
"""

MESSAGE = {
    "zh": "没有变化：{inputs} 个文件与上次运行相同，{reports} 个报告原样保留，未读取、未写入任何文件{problems}",
    "en": "nothing changed: {inputs} file(s) as in the last run, {reports} report(s) left as they are; nothing read or written{problems}",
}
PROBLEMS = {
    "zh": "（上次运行发现的 {n} 个问题仍在，见 run.json）",
    "en": " (the last run's {n} problem(s) stand: see run.json)",
}


@dataclass(frozen=True)
class Unchanged:
    """What the last complete run over the same key left: the idle run reports it as its own."""

    inputs: int
    reports: int
    exit: int
    problems: int

    def message(self, lang: str) -> str:
        lang = lang if lang in MESSAGE else "zh"
        problems = PROBLEMS[lang].format(n=self.problems) if self.problems else ""
        return MESSAGE[lang].format(inputs=self.inputs, reports=self.reports, problems=problems)


def run_key(options: "BatchOptions", catalog: "Catalog", found: Iterable[Found], digests: Iterable[str | None]) -> str | None:
    """Everything a run's output depends on, hashed; None when an input could not be hashed
    (``digests``: each found file's sha256; it is reported by the full run, every time)."""
    from rhcalc.batch.config import find_config

    inputs = [(f.display, digest) for f, digest in zip(found, digests)]
    if any(digest is None for _, digest in inputs):
        return None
    config = find_config(options.config)
    parts: list[Any] = [
        version(), code_digest(), catalog.fingerprint, str(catalog.folder),
        sha256_of(config) if config else None,
        options.lang, list(options.formats), options.as_of.isoformat() if options.as_of else None,
        options.email, options.dry_run, options.remind, sorted(options.only or ()), inputs,
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def unchanged_since(history_path: Path, out: Path, key: str, today: dt.date) -> Unchanged | None:
    """The last run's record when it ran over ``key``, left every file as it is now, and ``today`` is
    before the day its reports would change without any input changing."""
    if not history_path.is_file():
        return None
    with _connect(history_path) as conn:
        row = conn.execute("SELECT run_key, inputs, reports, exit, problems, files, valid_until FROM unchanged").fetchone()
    if row is None or row[0] != key or (row[6] is not None and today >= dt.date.fromisoformat(row[6])):
        return None
    if not all(_stat(out / name) == tuple(stat) for name, stat in json.loads(row[5]).items()):
        return None
    return Unchanged(*row[1:5])


def changes_on(table: "Completeness", today: dt.date, remind: bool) -> dt.date | None:
    """The first day after ``today`` on which the same inputs give other reports or emails: the day
    after a due day with a return still missing (it becomes overdue), or — with reminders and a
    return missing — tomorrow (a new round may fall due). None: no day changes anything."""
    missing = [p for p in table.periods if p.state(MISSING)]
    days = [p.due + dt.timedelta(days=1) for p in missing if p.due >= today]
    if remind and missing:
        days.append(today + dt.timedelta(days=1))
    return min(days, default=None)


def remember(history_path: Path, key: str | None, run: "BatchRun", also: Iterable[str] = (),
             valid_until: dt.date | None = None) -> None:
    """Record a run that left everything in place (its reports and the files named in ``also``) until
    ``valid_until``; forget the record otherwise (the next run runs in full)."""
    complete = key is not None and not run.in_use and (run.delivery is None or run.delivery.ok) and not run.waiting
    out = run.options.out
    names = [n for r in run.reports for n in _report_files(r.name, run.options.formats)] + list(also)
    files = {n: _stat(out / n) for n in names}
    with _connect(history_path) as conn:
        conn.execute("DELETE FROM unchanged")
        if complete and all(files.values()):
            conn.execute("INSERT INTO unchanged VALUES (1,?,?,?,?,?,?,?)",
                         (key, len(run.inputs), len(run.reports), run.exit_code, len(run.problems), json.dumps(files),
                          valid_until.isoformat() if valid_until else None))


def _report_files(name: str, formats: Iterable[str]) -> list[str]:
    from rhcalc.render import RENDERERS

    return [f"{name}{RENDERERS[fmt].suffix}" for fmt in formats]


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class _connect:
    """The history database with this module's table, committed and closed on leaving."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)

    def __enter__(self) -> sqlite3.Connection:
        self.conn.executescript(SCHEMA)
        return self.conn

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.conn.commit()
        self.conn.close()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """rhcalc's own source, hashed: an editable install keeps its version number across code changes,
    and a rerun after a fix must not keep the reports the old code made."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".j2", ".css") and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
