"""The one way in: files → read and checked rows → a Scorecard, or the problems alone.

``read_files`` reads a set of files and checks them, in this process or in ``jobs`` processes,
for ``rhcalc score``, ``rhcalc validate`` and ``rhcalc batch`` alike: each file is read and its
rows checked on their own (``checks.check_rows``) where it is read; what needs every row at once
(a resubmission superseding the older file's figures: ``checks_resubmitted``; the same cell twice,
unknown districts, rates a city cannot add up: ``checks.check_across``) follows on all of them
together. Scoring and validating add the data-quality warnings (``checks_quality``) and scoring the
returns table (``score.completeness``). ``score_files`` scores what it read, ``validate_files`` keeps only
the problems. Nothing here prints; a cron job, a notebook and the CLI call the same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rhcalc.catalog.model import Catalog
from rhcalc.checks_quality import Thresholds
from rhcalc.common.frames import Packed, pack, packed_rows, unpack
from rhcalc.common.problems import Problem, Severity
from rhcalc.common.stages import reached
from rhcalc.score.completeness import Completeness, Return, Rules
from rhcalc.score.model import Scorecard
from rhcalc.score.partial import MIN_SHARE

if TYPE_CHECKING:
    import pandas as pd

@dataclass
class FileRead:
    """One file as read, its rows checked each on its own."""

    path: Path
    display: str  # the name its problems carry
    rows: int = 0  # usable rows it gave
    read_problems: list[Problem] = field(default_factory=list)
    row_problems: list[Problem] = field(default_factory=list)
    fingerprint: str | None = None  # what the caller's ``fingerprints`` said of it (the batch: its sha256)

    @property
    def problems(self) -> list[Problem]:
        return self.read_problems + self.row_problems


@dataclass
class Checked:
    """A set of files read and checked: the usable rows as one frame (``common.frames.COLUMNS``)."""

    frame: "pd.DataFrame"
    problems: list[Problem]  # every file's reading, then every file's rows, then what needs all rows
    files: list[FileRead]
    returns: list[Return] = field(default_factory=list)  # each (unit, file) as read, before any figure was superseded
    arrivals: dict[str, dt.datetime] = field(default_factory=dict)  # a file's name → when it reached rhcalc


@dataclass(frozen=True)
class Settings:
    """What rhcalc.toml may change in judging inputs ([reporting], [quality]); the defaults otherwise."""

    due: Rules = field(default_factory=Rules)  # due_days, per plan too
    quality: Thresholds = field(default_factory=Thresholds)
    min_reported: float = MIN_SHARE  # the share of its units a partial city rate needs (score.partial)


@dataclass(frozen=True)
class Validation:
    """What a validate run found, for its renderers (render.PROBLEM_RENDERERS)."""

    files: list[str]  # as named on the command line
    rows: int  # usable rows
    problems: list[Problem]

    @property
    def blocking(self) -> bool:
        """Anything but notes (a sheet skipped on purpose) makes the files need another look."""
        return any(p.severity is not Severity.note for p in self.problems)


class Known(Protocol):
    """What a caller already knows of files read before (the batch: ``batch.reads``, in history.sqlite)."""

    def recall(self, f: FileRead) -> "Read | None":
        """What reading and checking ``f`` (its name and fingerprint) gave before; None: read it."""

    def learn(self, f: FileRead, read: "Read") -> None:
        """``f`` was read now and gave ``read`` (its rows are unpacked, and so emptied, after this)."""


def read_files(paths: Sequence[Path], catalog: Catalog, jobs: int = 1, *, names: Sequence[str] | None = None,
               fingerprints: Sequence[str | None] | None = None, known: Known | None = None,
               on_file: Callable[[FileRead], Any] | None = None,
               arrivals: Mapping[str, dt.datetime] | None = None) -> Checked:
    """Read and check every file, in ``jobs`` processes when there are several files.

    ``names`` are the names problems give the files (default: the file names); ``fingerprints``
    what identifies each file's content (the batch: the sha256 it hashed them for); ``known``
    gives the files it knows the read of (they are not read again) and hears of the others';
    ``on_file`` hears of each file as it is done, known or read. ``arrivals`` (name → when it
    arrived; default: the files' mtimes) order resubmissions.
    """
    from rhcalc.checks import check_across
    from rhcalc.checks_resubmitted import supersede
    from rhcalc.score.completeness import returns_in

    files = [FileRead(Path(p), name) for p, name in zip(paths, names or [Path(p).name for p in paths])]
    for f, fingerprint in zip(files, fingerprints or ()):
        f.fingerprint = fingerprint
    packed = _read_all(files, catalog, jobs, known, on_file)
    rows = unpack(packed)
    arrived = dict(arrivals) if arrivals is not None else _mtimes(files)
    frame, superseded = supersede(rows, arrived)
    frame, across = check_across(frame, catalog)
    problems = [p for f in files for p in f.read_problems] + [p for f in files for p in f.row_problems] + superseded + across
    return Checked(frame, problems, files, returns_in(rows), arrived)


def _mtimes(files: list[FileRead]) -> dict[str, dt.datetime]:
    """When each file arrived, as far as the file system says: its last modification."""
    out = {}
    for f in files:
        try:
            out[f.display] = dt.datetime.fromtimestamp(f.path.stat().st_mtime)
        except OSError:  # gone since it was read: it has no arrival to order by
            continue
    return out


def score_files(paths: Sequence[Path], catalog: Catalog, as_of: dt.date | None = None,
                plans: list[str] | None = None, history: "pd.DataFrame | None" = None, jobs: int = 1,
                settings: Settings = Settings()) -> Scorecard:
    """Read, check and score: each district as of the end of its own latest period, unless ``as_of``."""
    return score_checked(read_files(paths, catalog, jobs), catalog, as_of, plans, history, settings)


def score_checked(checked: Checked, catalog: Catalog, as_of: dt.date | None = None, plans: list[str] | None = None,
                  history: "pd.DataFrame | None" = None, settings: Settings = Settings()) -> Scorecard:
    """Score what ``read_files`` read; the scorecard carries its problems (the data-quality warnings
    against ``history`` and the files' other periods among them), its files and its returns table."""
    from rhcalc.checks_quality import check_quality
    from rhcalc.score.scoring import score_periods

    card = score_periods(checked.frame, catalog, as_of, plans, history, settings.min_reported)
    card.problems = checked.problems + check_quality(checked.frame, catalog, settings.quality, history)
    card.files = [str(f.path) for f in checked.files]
    card.completeness = returns_table(checked, catalog, settings) or None
    return card


def returns_table(checked: Checked, catalog: Catalog, settings: Settings = Settings(), on: dt.date | None = None,
                  seen: Mapping[str, Sequence[str]] | None = None, least: int = 2) -> Completeness:
    """Who was expected to report and who did, for each plan and period its units' returns came in
    at least ``least`` files of (one district scoring its own file, or one city workbook of all its
    districts, has no arrivals to compare). ``on``: the day it is checked (the batch's run day); by
    default the day the last file arrived, so the same files give the same table."""
    from rhcalc.score.completeness import completeness

    days = {name: moment.date() for name, moment in checked.arrivals.items()}
    on = on or max(days.values(), default=dt.date.today())
    table = completeness(catalog, checked.returns, days, on, settings.due, seen)
    return Completeness(tuple(p for p in table.periods if len({f for u in p.received for f in u.files}) >= least))


def validate_files(paths: Sequence[Path], catalog: Catalog, jobs: int = 1, settings: Settings = Settings()) -> Validation:
    """Every problem in the files (the data-quality warnings against the files' other periods
    among them) and the number of usable rows; nothing is scored."""
    from rhcalc.checks_quality import check_quality

    checked = read_files(paths, catalog, jobs)
    problems = checked.problems + check_quality(checked.frame, catalog, settings.quality)
    return Validation([str(p) for p in paths], len(checked.frame), problems)


# -- reading, here or in worker processes --------------------------------------------------------

_CATALOG: Catalog | None = None  # the catalog the readers check against: set here, inherited when forked
Read = tuple[Packed, list[Problem], list[Problem]]  # a file's packed rows, its read problems, its row problems


def _read_all(files: list[FileRead], catalog: Catalog, jobs: int, known: Known | None,
              on_file: Callable[[FileRead], Any] | None) -> list[Packed]:
    """Each file's packed rows, in the files' order: those ``known`` has taken from it here, the
    others read."""
    packed: dict[int, Packed] = {}
    for i, f in enumerate(files):
        read = known.recall(f) if known is not None else None
        if read is not None:
            packed[i] = _done(f, read, on_file)
    unknown = [i for i in range(len(files)) if i not in packed]
    for i, read in _read_each([files[i] for i in unknown], catalog, jobs):
        f = files[unknown[i]]
        if known is not None:
            known.learn(f, read)
        packed[unknown[i]] = _done(f, read, on_file)
    return [packed[i] for i in range(len(files))]


def _read_each(files: list[FileRead], catalog: Catalog, jobs: int) -> Iterator[tuple[int, Read]]:
    """(index in ``files``, what reading it gave), as each is done."""
    from rhcalc.common.pool import Pool, usable

    global _CATALOG
    _CATALOG = catalog
    jobs = max(1, min(usable(jobs), len(files) - 1))
    # The first file is read here: that imports the readers (calamine, pandas) once, before any
    # fork, so workers start warm. With one job the rest follow it in this process.
    for i, f in enumerate(files if jobs == 1 else files[:1]):
        yield i, _read_one(str(f.path), f.display)
    if jobs > 1:
        args = (str(catalog.folder), catalog.fingerprint)
        with Pool(jobs, _init_reader, args, stage="reading", where=str(files[0].path.parent)) as pool:
            for i, read in pool.each(_read_one, [(str(f.path), f.display) for f in files[1:]], start=1):
                yield i, read
                reached("reading")


def _init_reader(folder: str, catalog_fingerprint: str) -> None:
    """A spawned reader loads the catalog (from its cache) once; a forked one has it already."""
    global _CATALOG
    import pandas  # noqa: F401 - once per worker, before the first file

    from rhcalc.catalog.load import load_catalog

    if _CATALOG is None or _CATALOG.fingerprint != catalog_fingerprint:
        _CATALOG = load_catalog(Path(folder))


def _read_one(path: str, display: str) -> Read:
    """Read one file and check its rows on their own: all of it where the file is read, so that the
    parent is left with only what needs every file at once."""
    from rhcalc.checks import check_rows
    from rhcalc.load.submission import read_submission_rows

    assert _CATALOG is not None, "reader not initialised"
    rows, problems = read_submission_rows(Path(path), _CATALOG, display)
    kept, row_problems = check_rows(rows, _CATALOG)
    return pack(kept), problems, row_problems


def _done(f: FileRead, read: Read, on_file: Callable[[FileRead], Any] | None) -> Packed:
    packed, f.read_problems, f.row_problems = read
    f.rows = packed_rows(packed)
    if on_file:
        on_file(f)
    return packed
