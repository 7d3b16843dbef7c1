"""The one process pool rhcalc has, and how its workers end when the run that started them is killed.

Reading (``rhcalc.pipeline``), judging (``score.scoring``) and rendering (``batch.writing``) run in
a ``Pool``. Forked where the platform has fork (workers inherit the catalog, the cases, the reports
and the readers' imports instead of receiving them pickled); spawned elsewhere (Windows; macOS, where
CPython stopped defaulting to fork because system libraries crash after it), and then each worker's
initializer loads what it needs. While forked workers run, the parent's objects are frozen out of the cyclic
garbage collector: a collection writes to every object it visits, which would copy the whole
parent into each worker, page by page.

A worker must not outlive its parent: killed with ``kill -9`` (the OOM killer, a watchdog,
systemd's KillMode=process), the parent cannot tell its pool to stop, and a forked worker waiting
for its next task waits forever. So every worker calls ``watch_parent`` first: on Linux the kernel
kills it when the parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon thread checks
twice a second whether the parent is still there and ends the process when it is not.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from typing import Any

POLL = 0.5  # seconds between two looks at the parent: a worker ends within about this long
_WATCHING: int | None = None  # the pid that watches (a forked child inherits the value, not the thread)


def fork_available() -> bool:
    """Fork where the platform has it, except macOS (see the module's note)."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def context() -> Any:
    """The multiprocessing context every pool of rhcalc uses."""
    return multiprocessing.get_context("fork" if fork_available() else "spawn")


class Pool:
    """``workers`` processes, each watching its parent (``watch_parent``) before ``initializer``.

    A context manager; ``fork=True`` insists on fork (for work that would cost more pickled to a
    spawned worker than done here: check ``fork_available`` first). A worker that dies (the OOM
    killer, a crash of a native reader) breaks the whole pool: that leaves the block as
    ``RunStopped`` naming the ``stage`` (common.errors.STAGES) and ``where`` (a folder, or the
    program), shown in the user's language, not as concurrent.futures' English.
    """

    def __init__(self, workers: int, initializer: Callable[..., Any] | None = None, initargs: tuple[Any, ...] = (),
                 fork: bool = False, stage: str = "reading", where: str = "rhcalc") -> None:
        self.context = multiprocessing.get_context("fork") if fork else context()
        self.stage, self.where = stage, where
        self.workers = usable(workers)
        self._executor = ProcessPoolExecutor(self.workers, mp_context=self.context, initializer=_start,
                                             initargs=(initializer, initargs))
        self._stack = ExitStack()

    def __enter__(self) -> "Pool":
        if self.context.get_start_method() == "fork":
            self._stack.enter_context(frozen())
        self._stack.enter_context(self._executor)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        self._stack.close()  # the workers end first, then the collector sees the parent's objects again
        if isinstance(exc, BrokenProcessPool):
            from rhcalc.common.errors import RunStopped

            raise RunStopped.during(self.stage, self.where, "worker-stopped", reason="BrokenProcessPool") from exc

    def close(self) -> None:
        """End the workers now (leaving the block later does nothing more)."""
        self._stack.close()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self._executor.submit(fn, *args)

    def map(self, fn: Callable[..., Any], items: list[Any]) -> Iterator[Any]:
        """``fn(item)`` for each item, in order, sent in chunks (a few per worker and round)."""
        chunk = max(1, min(16, len(items) // (self.workers * 8)))
        return self._executor.map(fn, items, chunksize=chunk)

    def each(self, fn: Callable[..., Any], arglists: Iterable[tuple[Any, ...]], start: int = 0) -> Iterator[tuple[int, Any]]:
        """(index, ``fn(*args)``) for each argument list, as each is done; indexes count from ``start``."""
        futures = {self._executor.submit(fn, *args): i for i, args in enumerate(arglists, start)}
        for future in as_completed(futures):
            yield futures[future], future.result()


_FROZEN = 0  # how many ``frozen`` blocks are open


@contextmanager
def frozen() -> Iterator[None]:
    """The objects that exist now kept out of the cyclic garbage collector while forked processes run.

    Forked workers share the parent's pages until they are written to; a collection writes to every
    object it visits, which would copy the whole parent into each worker. Frozen objects are never
    visited. A nested block freezes what was made since the outer one froze (a batch's district
    workers fork before the files are read, its reading and writing workers after); all thaw when
    the outermost ends.
    """
    global _FROZEN
    gc.freeze()
    _FROZEN += 1
    try:
        yield
    finally:
        _FROZEN -= 1
        if _FROZEN == 0:
            gc.unfreeze()


def _start(initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> None:
    watch_parent()
    if initializer is not None:
        initializer(*initargs)


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
