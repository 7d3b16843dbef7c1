"""The batch's input files: find them under the given paths, hash them, and load them in parallel.

Loading (opening workbooks, guessing encodings, parsing cells) is the slow part of a run, and
each file is independent, so it runs in a process pool. Each worker loads the catalog once, in
its initializer; under the fork start method it inherits the parent's catalog and pandas and
loads nothing at all. Checking and scoring happen afterwards on all rows together, because
city roll-ups and duplicate checks need every district at once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rhcalc.catalog import Catalog, load_catalog
from rhcalc.problems import Problem

if TYPE_CHECKING:
    import pandas as pd

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


@dataclass
class InputFile:
    path: Path
    display: str  # the name problems and the history use: relative to the folder given
    sha256: str | None = None  # None when the file cannot be read at all
    frame: "pd.DataFrame | None" = field(default=None, repr=False)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return 0 if self.frame is None else len(self.frame)


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
    import pandas  # noqa: F401 - once per worker, before the first file

    if _CATALOG is None or _CATALOG.fingerprint != fingerprint:
        _CATALOG = load_catalog(Path(folder))


def _load_one(path: str, display: str) -> tuple["pd.DataFrame", list[Problem]]:
    from rhcalc.load.submission import load_submissions

    assert _CATALOG is not None, "worker not initialised"
    submission = load_submissions([Path(path)], _CATALOG)
    frame = submission.frame
    name = Path(path).name
    if display != name:
        # The loader names files by their base name; two districts' folders may both hold 2024Q2.xlsx.
        frame = frame.assign(_file=display)
    problems = [_renamed(p, name, display) for p in submission.problems]
    return frame, problems


def _renamed(problem: Problem, name: str, display: str) -> Problem:
    if problem.location.file != name or display == name:
        return problem
    return replace(problem, location=replace(problem.location, file=display))


def read_inputs(files: list[InputFile], catalog: Catalog, jobs: int | None = None,
                on_file: Callable[[InputFile], Any] | None = None) -> list[InputFile]:
    """Hash and load every file (in parallel when there are several); ``on_file`` hears of each as it is done."""
    global _CATALOG
    for f in files:
        f.sha256 = sha256_of(f.path)
    _CATALOG = catalog  # in this process, and inherited by forked workers
    jobs = max(1, min(jobs or _cores(), len(files) - 1))
    # The first file is read here: that imports the readers (calamine, openpyxl) once, before
    # any fork, so workers start warm. With one job the rest follow it in this process.
    serial = files if jobs == 1 else files[:1]
    for f in serial:
        _done(f, _load_one(str(f.path), f.display), on_file)
    if jobs == 1:
        return files
    args = (str(catalog.folder), catalog.fingerprint)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=args) as pool:
        futures = {pool.submit(_load_one, str(f.path), f.display): f for f in files[1:]}
        for future in as_completed(futures):
            _done(futures[future], future.result(), on_file)
    return files


def _cores() -> int:
    """The cores this process may use (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _done(f: InputFile, loaded: tuple["pd.DataFrame", list[Problem]], on_file: Callable[[InputFile], Any] | None) -> None:
    f.frame, f.problems = loaded
    if on_file:
        on_file(f)
