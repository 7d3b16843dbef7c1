"""Writing report files atomically: a temporary file beside the target, then one rename.

An interrupted run leaves either the old report or the new one, never half of one (and at worst
its ``.NAME.XXXXXXXX.tmp``, which the next batch run in that folder removes: ``rhcalc.batch.lock``).

Windows refuses to rename onto a file another program has open (a report open in Excel or WPS,
or held for a moment by a virus scanner): the rename is tried again for a second or so, then
``FileInUse`` says which file to close.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import time
from pathlib import Path

_WINDOWS = sys.platform == "win32"
REPLACE_TRIES = 6  # waits of 0.05, 0.1, 0.2 … s: 1.5 s in all


class FileInUse(OSError):
    """The file is open in another program, and Windows will not replace it."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EACCES, f"{path} is open in another program (Excel, WPS?); close it and run again"
                                       f" / 文件被其他程序打开，请关闭后重新运行", str(path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a report is an ordinary file, shared as the umask allows.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _replace(tmp: str, path: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if not _WINDOWS:  # elsewhere a refusal is about permissions, and waiting will not change it
                raise
            if attempt + 1 < REPLACE_TRIES:
                time.sleep(0.05 * 2 ** attempt)
    raise FileInUse(path)


def output_refusal(path: Path, inputs: list[Path] | tuple[Path, ...] = (), force: bool = False) -> str | None:
    """Why ``path`` must not be written (zh / en, naming the file), or None.

    Never over a file the same run reads (``score X.xlsx -o X.xlsx`` would replace the submission
    with the report, --force or not); never over an existing file without ``force`` (a filled-in
    form written over by a new blank one)."""
    path = Path(path)
    for given in inputs:
        if same_file(path, Path(given)):
            return f"{path.name} 是本次读取的文件，不能用输出覆盖它；请换一个输出文件名 / {path} is an input of this run: it cannot be written over; choose another output name"
    if path.exists() and not force:
        return f"{path.name} 已存在；要替换它请加 --force / {path} exists: add --force to replace it"
    return None


def same_file(a: Path, b: Path) -> bool:
    """One file under two names: a symlink, a hard link, ./x and sub/../x, X.XLSX and x.xlsx on Windows."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return a.resolve() == b.resolve()
