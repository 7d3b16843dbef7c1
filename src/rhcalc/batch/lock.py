"""One run at a time in an output folder: DIR/.rhcalc.lock, and what a killed run left behind.

The lock is filelock's: an OS lock (flock on Unix, LockFileEx on Windows) that the system releases
when its holder ends, however it ends; where neither exists, a marker file naming its holder,
which filelock takes over once that process is gone. filelock (≥ 3.30) closes the lock's
descriptor in forked children, so a worker never holds the run's lock — a flock belongs to the open
file, and a child keeping an inherited copy would keep the lock alive after the parent died.

Beside it DIR/.rhcalc.pid says who holds the lock (pid, host, start): the message a second run
gives, and, found when the lock was free, the sign that the last run was killed before it could
finish — said in a note. The holder then removes what such a run leaves: the temporary files of
``output.write_atomic`` (``.NAME.XXXXXXXX.tmp``) anywhere under DIR. Reports, .eml files and
run.json are only ever renamed into place, and history.sqlite rolls back an unfinished
transaction itself, so nothing else can be half written.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from rhcalc.common.errors import RhcalcError
from rhcalc.common.output import write_atomic

LOCK_NAME = ".rhcalc.lock"
HOLDER_NAME = ".rhcalc.pid"
# output.write_atomic's temporary names: "." + the file's name + "." + mkstemp's 8 characters + ".tmp"
LEFTOVER = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")

NOTES = {
    "taken_over": ("上次运行（pid {pid}，{started} 开始）未正常结束，已接管其锁 {lock}",
                   "the run with pid {pid} (started {started}) did not finish; its lock {lock} was taken over"),
    "removed": ("已删除上次中断运行留下的 {n} 个临时文件", "removed {n} temporary file(s) left by a run that was stopped"),
}


class RunLocked(RhcalcError):
    """Another run holds DIR's lock (the problem is located at DIR)."""


def _say(key: str, lang: str, **params: Any) -> str:
    zh, en = NOTES[key]
    return (en if lang == "en" else zh).format(**params)


@contextmanager
def run_lock(out: Path, note: Callable[[str], None] | None = None, lang: str = "zh") -> Iterator[None]:
    """Hold DIR/.rhcalc.lock for the run; RunLocked at once (no waiting) when another run has it.

    ``note`` hears (in ``lang``) that a killed run's lock was taken over and its leftovers removed.
    """
    import warnings

    with warnings.catch_warnings():  # "only soft file lock is available": the marker lock is meant for that case
        warnings.simplefilter("ignore", UserWarning)
        from filelock import FileLock

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / LOCK_NAME), blocking=False)
    if not _acquire(lock, out):
        raise _locked(out)
    try:
        before = read_holder(out)
        write_atomic(out / HOLDER_NAME, json.dumps(_me(), ensure_ascii=False) + "\n")
        said = note or (lambda text: None)
        if before is not None:
            said(_say("taken_over", lang, pid=before.get("pid", "?"), started=before.get("started", "?"), lock=out / LOCK_NAME))
        removed = remove_leftovers(out)
        if removed:
            said(_say("removed", lang, n=len(removed)))
        yield
    finally:
        try:
            (out / HOLDER_NAME).unlink()
        except OSError:  # gone already, or Windows refusing while a contender reads it: harmless, it is stale now
            pass
        lock.release()


def _acquire(lock: Any, out: Path) -> bool:
    from filelock import Timeout

    for attempt in range(2):
        try:
            lock.acquire()
            return True
        except Timeout:
            if attempt or not _dead(read_holder(out) or {}):
                return False
            # Its holder has ended: a worker forked just as it died closes its copy of the lock a moment
            # later (and a run that has just taken it over writes its record a moment later).
            time.sleep(0.5)
    return False


def _me() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname(),
            "started": datetime.now().astimezone().isoformat(timespec="seconds")}


def read_holder(out: Path) -> dict[str, Any] | None:
    """DIR/.rhcalc.pid as written, or None when there is none (or it is unreadable)."""
    try:
        holder = json.loads((Path(out) / HOLDER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return holder if isinstance(holder, dict) else None


def _locked(out: Path) -> RunLocked:
    holder = read_holder(out) or {}
    pid = holder.get("pid", "?")
    if _dead(holder):
        # Only an older rhcalc (before workers closed the lock) or another program can leave this.
        return RunLocked.at("run-lock-orphaned", str(out), lock=out / LOCK_NAME, pid=pid)
    return RunLocked.at("run-locked", str(out), pid=pid, folder=out)


def _dead(holder: dict[str, Any]) -> bool:
    pid = holder.get("pid")
    return isinstance(pid, int) and holder.get("host") == socket.gethostname() and not _alive(pid)


def _alive(pid: int) -> bool:
    """Whether a process of this pid runs (POSIX); True where that cannot be asked cheaply."""
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, under another user
        return True
    return True


def remove_leftovers(out: Path) -> list[Path]:
    """Delete the temporary files an interrupted write left under DIR (only under the lock: nobody else writes)."""
    removed = []
    for path in Path(out).rglob(".*.tmp"):
        if LEFTOVER.match(path.name) and path.is_file():
            try:
                path.unlink()
                removed.append(path)
            except OSError:  # open elsewhere (Windows) or not ours to delete: left for the next run
                continue
    return removed
