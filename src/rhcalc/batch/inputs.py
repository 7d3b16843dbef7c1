"""The batch's input files: find them under the given paths, hash them, and load them in parallel.

Loading (opening workbooks, guessing encodings, parsing cells), hashing and the checks of each row
on its own are independent per file, so they run in a process pool. Each worker loads the catalog
once, in its initializer; under the fork start method it inherits the parent's catalog and pandas
and loads nothing at all (spawned, on Windows and macOS, it loads the catalog from its cache).
Workers send back columns, not frames; the parent builds one frame.
Duplicate checks and scoring happen afterwards on all rows together, because city roll-ups and
duplicates across files need every district at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rhcalc.catalog.model import Catalog
from rhcalc.catalog.load import load_catalog
from rhcalc.common.frames import COLUMNS, frame_from_columns
from rhcalc.common.problems import Problem
from rhcalc.common.stages import reached
from rhcalc.common.pool import context, cores, usable, watch_parent

if TYPE_CHECKING:
    import pandas as pd

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


@dataclass
class InputFile:
    path: Path
    display: str  # the name problems and the history use: relative to the folder given
    sha256: str | None = None  # None when the file cannot be read at all
    rows: int = 0  # usable rows it gave (after the checks of each row on its own)
    problems: list[Problem] = field(default_factory=list)


# What a worker sends back for one file: its sha256, its rows as columns (common.frames.COLUMNS
# → numbers, or text and dates as ``_distinct`` pairs; far smaller pickled than a hundred dicts or a
# DataFrame), its problems.
Loaded = tuple["str | None", dict[str, Any], list[Problem]]


def discover(paths: Iterable[Path], exclude: Path | None = None) -> list[InputFile]:
    """Files named directly, and spreadsheets anywhere below folders, in a stable order.

    A file named on the command line is taken whatever its suffix (the loader says if it is
    not a spreadsheet); inside folders only spreadsheet suffixes count, and Excel's ``~$`` lock
    files, hidden files and the output folder itself are skipped.
    """
    found: dict[Path, InputFile] = {}
    skip = exclude.resolve() if exclude else None
    for given in paths:
        given = Path(given)
        if not given.is_dir():
            found.setdefault(given.resolve(), InputFile(given, given.name))
            continue
        for path in sorted(given.rglob("*")):
            rel = path.relative_to(given)
            if not path.is_file() or path.suffix.lower() not in SUFFIXES or path.name.startswith("~$"):
                continue
            if any(part.startswith(".") for part in rel.parts) or (skip and skip in path.resolve().parents):
                continue
            found.setdefault(path.resolve(), InputFile(path, rel.as_posix()))
    return sorted(found.values(), key=lambda f: f.display)


def sha256_of(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


_CATALOG: Catalog | None = None


def _init_worker(folder: str, fingerprint: str) -> None:
    global _CATALOG
    watch_parent()
    import pandas  # noqa: F401 - once per worker, before the first file

    if _CATALOG is None or _CATALOG.fingerprint != fingerprint:
        _CATALOG = load_catalog(Path(folder))


def _load_one(path: str, display: str) -> Loaded:
    """Hash, load and check one file's rows on their own (``checks.check_rows``): all of it here,
    in parallel, so the parent is left with only what needs every file at once."""
    from rhcalc.checks import check_rows
    from rhcalc.load.submission import read_submission_rows

    assert _CATALOG is not None, "worker not initialised"
    sha = sha256_of(Path(path))
    rows, problems = read_submission_rows(Path(path), _CATALOG, display)
    kept, row_problems = check_rows(rows, _CATALOG)
    columns = {c: [r.get(c) for r in kept] for c in COLUMNS}
    return sha, {c: v if c in _NUMBERS else _distinct(v) for c, v in columns.items()}, problems + row_problems


def _distinct(values: list[Any]) -> tuple[list[Any], list[int]]:
    """A text or date column as (its distinct values, an index per row): a file repeats its district,
    sheet and headers on every row, and sending each once spares the pickling here and, in the
    parent, 300,000 short-lived strings whose freed memory would stay with the process."""
    index: dict[Any, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return list(index), codes


def read_inputs(files: list[InputFile], catalog: Catalog, jobs: int | None = None,
                on_file: Callable[[InputFile], Any] | None = None) -> "pd.DataFrame":
    """Hash, load and check every file (in parallel when there are several): all their usable rows as
    one frame, in the files' order. ``on_file`` hears of each file as it is done."""
    global _CATALOG
    _CATALOG = catalog  # in this process, and inherited by forked workers
    jobs = max(1, min(usable(jobs or cores()), len(files) - 1))
    loaded: dict[int, dict[str, Any]] = {}
    # The first file is read here: that imports the readers (calamine, openpyxl) once, before
    # any fork, so workers start warm. With one job the rest follow it in this process.
    serial = files if jobs == 1 else files[:1]
    for i, f in enumerate(serial):
        loaded[i] = _done(f, _load_one(str(f.path), f.display), on_file)
    if jobs > 1:
        args = (str(catalog.folder), catalog.fingerprint)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context(), initializer=_init_worker, initargs=args) as pool:
            futures = {pool.submit(_load_one, str(f.path), f.display): i for i, f in enumerate(files) if i > 0}
            for future in as_completed(futures):
                i = futures[future]
                loaded[i] = _done(files[i], future.result(), on_file)
                reached("reading")
    return _frame([loaded[i] for i in range(len(files))])


def _frame(parts: list[dict[str, Any]]) -> "pd.DataFrame":
    """One frame from the files' columns, each column built once (no per-file frames to concatenate)."""
    shared: dict[Any, Any] = {}  # one object per distinct text or date: 2,850 files repeat the same codes and headers
    columns = {}
    for c in COLUMNS:
        if c in _NUMBERS:
            columns[c] = [v for part in parts for v in part.pop(c)]
            continue
        values: list[Any] = []
        for part in parts:
            distinct, codes = part.pop(c)
            distinct = [shared.setdefault(v, v) for v in distinct]
            values.extend([distinct[k] for k in codes])
        columns[c] = values
    return frame_from_columns(columns)


_NUMBERS = {"value", "numerator", "denominator", "_row"}


def _done(f: InputFile, loaded: Loaded, on_file: Callable[[InputFile], Any] | None) -> dict[str, Any]:
    f.sha256, columns, f.problems = loaded
    f.rows = len(columns["value"])
    if on_file:
        on_file(f)
    return columns
