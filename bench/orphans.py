"""How long a killed `rhcalc batch` leaves its workers running (Linux: processes read from /proc).

Starts `rhcalc batch sample_data/ --jobs 2`, kills it with SIGKILL as soon as it has two worker
processes (they are reading files then), times how long each of its processes outlives it (up to
--wait seconds), and runs the batch again over the same --out folder to see whether it can.

    python bench/orphans.py                   # this checkout
    python bench/orphans.py --src OTHER/src   # another checkout's rhcalc (e.g. before a change)
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _ppid(pid: int) -> tuple[int, str] | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), fields[0]


def descendants(root: int) -> set[int]:
    parents = {int(p.name): s[0] for p in Path("/proc").iterdir() if p.name.isdigit() and (s := _ppid(int(p.name))) and s[1] != "Z"}
    found, frontier = set(), {root}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    s = _ppid(pid)
    return s is not None and s[1] != "Z"


def trial(src: Path, out: Path, env: dict[str, str], wait: float) -> tuple[list[float | None], int]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-c", "from rhcalc.cli import main; main()", "batch", str(src), "--out", str(out), "--jobs", "2"]
    run = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while len(tree := descendants(run.pid)) < 2 and run.poll() is None:
        time.sleep(0.005)
    run.send_signal(signal.SIGKILL)
    run.wait()
    killed = time.monotonic()
    survived: dict[int, float | None] = {pid: None for pid in tree}
    while any(v is None for v in survived.values()) and time.monotonic() - killed < wait:
        for pid in [p for p, v in survived.items() if v is None and not alive(p)]:
            survived[pid] = time.monotonic() - killed
        time.sleep(0.01)
    again = subprocess.run(cmd, env=env, capture_output=True).returncode
    for pid in [p for p, v in survived.items() if v is None]:
        os.kill(pid, signal.SIGKILL)
    return list(survived.values()), again


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=HERE.parent / "src", help="the rhcalc sources to run")
    parser.add_argument("-r", "--repeat", type=int, default=5)
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to watch the orphans (default 60)")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=str(args.src.resolve()))
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            survived, again = trial(HERE.parent / "sample_data", Path(tmp) / "out", env, args.wait)
            shown = ", ".join("still running" if s is None else f"{s:.2f} s" for s in survived)
            print(f"run {i + 1}: {len(survived)} worker(s) outlived the killed batch by: {shown}; the next run exited {again}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
