"""The processes rhcalc starts, and how they end when the run that started them is killed.

Reading, scoring and rendering run in process pools, and a national summary renders in a process
of its own. Forked where the platform has fork (workers inherit the catalog, the reports and the
readers' imports); spawned elsewhere (Windows; macOS, where CPython stopped defaulting to fork
because system libraries crash after it).

A worker must not outlive its parent: killed with ``kill -9`` (the OOM killer, a watchdog,
systemd's KillMode=process), the parent cannot tell its pool to stop, and a forked worker waiting
for its next task waits forever. So every worker calls ``watch_parent`` first: on Linux the kernel
kills it when the parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon thread checks
twice a second whether the parent is still there and ends the process when it is not.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from typing import Any

POLL = 0.5  # seconds between two looks at the parent: a worker ends within about this long
_WATCHING: int | None = None  # the pid that watches (a forked child inherits the value, not the thread)


def fork_available() -> bool:
    """Fork where the platform has it, except macOS (see the module's note)."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def context() -> Any:
    """The multiprocessing context every pool of rhcalc uses."""
    return multiprocessing.get_context("fork" if fork_available() else "spawn")


def cores() -> int:
    """The cores this process may use (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def usable(jobs: int) -> int:
    """At most the processes a pool can have here: Windows waits on at most 61 (ProcessPoolExecutor refuses more)."""
    return min(jobs, 61) if sys.platform == "win32" else jobs


def watch_parent(pdeathsig: bool = True) -> None:
    """In a worker, before any work: end this process soon after its parent ends.

    ``pdeathsig=False`` leaves only the portable watch (the tests use it to check that path alone).
    """
    global _WATCHING
    if _WATCHING == os.getpid():
        return
    _WATCHING = os.getpid()
    parent = multiprocessing.parent_process()
    expected = parent.pid if parent is not None and parent.pid else os.getppid()
    if pdeathsig:
        _die_with_parent()
    if _parent_gone(expected, parent):  # it died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(expected, parent), name="rhcalc-parent-watch", daemon=True).start()


def _die_with_parent() -> None:
    """Linux only: SIGKILL from the kernel when the parent (the thread that forked us) ends."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError, ImportError):  # no libc prctl (an unusual libc): the thread still watches
        pass


def _parent_gone(expected: int, parent: Any) -> bool:
    if os.name == "nt":
        # Windows keeps reporting a dead parent's pid; the parent's process handle says whether it ended.
        return parent is not None and not parent.is_alive()
    # POSIX: an orphan is handed to init (or a subreaper), so its parent pid changes.
    return os.getppid() != expected


def _watch(expected: int, parent: Any) -> None:
    while not _parent_gone(expected, parent):
        time.sleep(POLL)
    os._exit(1)  # at once: nobody is left to receive what this worker would produce
