"""The batch's input files: found under the given paths, in a stable order, and hashed.

Each is hashed once, before anything is read (``sha256_of``): the hash is the file's identity in the
run's key (batch/unchanged.py), in what the last run read of it (batch/reads.py), in run.json and
the history. ``rhcalc.pipeline.read_files`` reads and checks the files (in parallel).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from rhcalc.common.suffixes import READ

class Found(NamedTuple):
    path: Path
    display: str  # the name problems and the history use: relative to the folder given


def discover(paths: Iterable[Path], exclude: Path | None = None) -> list[Found]:
    """Files named directly, and spreadsheets anywhere below folders, in a stable order.

    A file named on the command line is taken whatever its suffix (the loader says if it is
    not a spreadsheet); inside folders only the suffixes it reads count (common.suffixes), and Excel's ``~$`` lock
    files, hidden files and the output folder itself are skipped.
    """
    found: dict[Path, Found] = {}
    skip = exclude.resolve() if exclude else None
    for given in paths:
        given = Path(given)
        if not given.is_dir():
            found.setdefault(given.resolve(), Found(given, given.name))
            continue
        for path in sorted(given.rglob("*")):
            rel = path.relative_to(given)
            if not path.is_file() or path.suffix.lower() not in READ or path.name.startswith("~$"):
                continue
            if any(part.startswith(".") for part in rel.parts) or (skip and skip in path.resolve().parents):
                continue
            found.setdefault(path.resolve(), Found(path, rel.as_posix()))
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
