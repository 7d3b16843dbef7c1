"""Processes as the killed-run tests see them (Linux: read from /proc), and a worker that only waits."""

from __future__ import annotations

import os
import time
from pathlib import Path

PROC = Path("/proc")


def _stat(pid: int) -> list[str] | None:
    try:
        return (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def alive(pid: int) -> bool:
    """Running (a zombie has ended: only its exit status waits to be collected)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid``: its children, theirs, …"""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) and fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def wait_gone(pids: set[int], deadline: float) -> tuple[set[int], float]:
    """Wait until none of ``pids`` runs, at most ``deadline`` seconds: (those still running, seconds waited)."""
    start = time.monotonic()
    left = set(pids)
    while left and time.monotonic() - start < deadline:
        left = {p for p in left if alive(p)}
        time.sleep(0.05)
    return left, time.monotonic() - start


def wait_for_file(path: Path, proc, deadline: float = 120) -> str:  # noqa: ANN001
    """The file's text once it exists; AssertionError with the process's stderr if it ends first."""
    start = time.monotonic()
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the run ended (exit {proc.returncode}) before pausing:\n{proc.stderr.read()}")
        assert time.monotonic() - start < deadline, f"{path} did not appear"
        time.sleep(0.02)
    return path.read_text()


def kill_all(pids: set[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, 9)
        except OSError:
            pass


def watched_sleeper(pdeathsig: bool) -> None:
    """A worker that does nothing but wait, having asked to end with its parent (as every rhcalc worker does)."""
    from rhcalc.common.pool import watch_parent

    watch_parent(pdeathsig=pdeathsig)
    time.sleep(120)


def plain_sleeper(started) -> None:  # noqa: ANN001 - a multiprocessing Event
    """A child that ignores its parent's end: an orphan that could hold inherited files open.

    ``started`` is set once it runs its own code, i.e. after the at-fork handlers (filelock's among them)."""
    started.set()
    time.sleep(120)
