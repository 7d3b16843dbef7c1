"""Timing whole commands: wall time, the peak memory of the process tree, the machine's load.

A batch forks workers, so the peak is taken over the whole tree, as proportional set size (pages
forked workers share with their parent counted once), sampled every 0.2 s: reading a process's
memory map much more often slows the run being measured.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Timed:
    seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0
    loads: list[float] = field(default_factory=list)  # 1-minute load average at each run's start and end

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def add(self, other: "Timed") -> None:
        self.seconds += other.seconds
        self.peak_kib = max(self.peak_kib, other.peak_kib)
        self.loads += other.loads


def run(cmd: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> Timed:
    """One run of a command: its wall time, the peak PSS (KiB) of its process tree, the load around it.
    An exit status outside ``ok`` stops the bench (a baseline that failed early would look fast)."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0]
    watcher = threading.Thread(target=_watch_rss, args=(proc, peak), daemon=True)
    watcher.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    watcher.join(1)
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd[:4])} … exited {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
    return Timed([elapsed], peak[0], [load_before, os.getloadavg()[0]])


def repeated(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> Timed:
    timed = Timed()
    for _ in range(repeat):
        timed.add(run(cmd, env))
    return timed


def paired(a: Callable[[], Timed], b: Callable[[], Timed], repeat: int) -> tuple[Timed, Timed, float]:
    """A and B in turn, A B A B …, and the median of the ratios A/B pair by pair: a ratio that holds
    when the shared machine's speed drifts between pairs."""
    ta, tb, ratios = Timed(), Timed(), []
    for _ in range(repeat):
        x, y = a(), b()
        ta.add(x)
        tb.add(y)
        ratios.append(x.seconds[0] / y.seconds[0])
    return ta, tb, statistics.median(ratios)


def _watch_rss(proc: subprocess.Popen, peak: list[int]) -> None:  # type: ignore[type-arg]
    while proc.poll() is None:
        peak[0] = max(peak[0], _tree_rss(proc.pid))
        time.sleep(0.2)


def _tree_rss(root: int) -> int:
    """KiB resident in the process tree (PSS; plain RSS where the kernel does not report it)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _resident(pid)
        stack.extend(children.get(pid, []))
    return total


def _resident(pid: int) -> int:
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0
