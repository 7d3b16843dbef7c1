"""DIR/.rhcalc.lock across real processes: a live holder keeps others out, a killed one is taken over
(with a note), a worker never holds it, and a killed run's temporary files are removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TESTS, write_quarter
from process_helpers import alive, kill_all, wait_gone
from rhcalc.cli import app
from rhcalc.batch.lock import HOLDER_NAME, run_lock
from rhcalc.common.pool import fork_available


# Takes the lock on argv[1], optionally starts a forked child that ignores its parent's end, says
# "<pid> <child pid or 0>", and waits to be killed.
HOLDER = """
import multiprocessing, os, sys, time
import platform_sim
platform_sim.apply_if_asked()
from pathlib import Path
from process_helpers import plain_sleeper
from rhcalc.batch.lock import run_lock
if __name__ == "__main__":
    with run_lock(Path(sys.argv[1])):
        child = 0
        if sys.argv[2] == "fork":
            ctx = multiprocessing.get_context("fork")
            started = ctx.Event()
            p = ctx.Process(target=plain_sleeper, args=(started,))
            p.start()
            started.wait(30)
            child = p.pid
        print(os.getpid(), child, flush=True)
        time.sleep(120)
"""


def _holder(tmp_path: Path, out: Path, child: str = "none") -> tuple[subprocess.Popen, int, int]:  # type: ignore[type-arg]
    script = tmp_path / "holder.py"
    script.write_text(HOLDER, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, str(script), str(out), child], stdout=subprocess.PIPE, text=True, env=env)
    pid, child_pid = map(int, proc.stdout.readline().split())
    return proc, pid, child_pid


def _batch(runner, src: Path, out: Path, catalog: Path, *extra: str):  # noqa: ANN001, ANN202
    return runner.invoke(app, ["batch", str(src), "--out", str(out), "--catalog", str(catalog), "--jobs", "1", *extra])


def test_a_live_holder_keeps_the_run_out_and_a_killed_one_is_taken_over(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    proc, pid, _ = _holder(tmp_path, out)
    try:
        held = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
        assert held.exit_code == 2
        assert held.stderr.splitlines()[1:] == [str(out), f"  ✗ 错误 另一个 rhcalc 运行（pid {pid}）正在此文件夹中工作；请等它结束后再试 [run-locked]"]
        assert not (out / "2024Q1").exists()
    finally:
        proc.kill()
        proc.wait()
    after = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert after.exit_code == 0, after.stderr
    assert f"上次运行（pid {pid}，" in after.stderr and "未正常结束，已接管其锁" in after.stderr
    assert (out / "2024Q1" / "甲区.xlsx").exists()
    assert not (out / HOLDER_NAME).exists()  # a run that finishes leaves no holder behind
    again = _batch(runner, tmp_path / "in", out, mini_catalog_dir)
    assert again.exit_code == 0 and "接管" not in again.stderr


@pytest.mark.skipif(not fork_available() or not Path("/proc").is_dir(), reason="a forked child, watched through /proc")
def test_a_forked_child_outliving_the_run_does_not_hold_its_lock(tmp_path: Path) -> None:
    """The child inherits the lock's open file; if it kept it, a flock would outlive the killed parent."""
    out = tmp_path / "out"
    proc, _, child = _holder(tmp_path, out, "fork")
    try:
        proc.kill()
        proc.wait()
        assert alive(child), "the orphan is meant to outlive its parent here"
        notes: list[str] = []
        with run_lock(out, notes.append, lang="en"):
            assert notes and "did not finish; its lock" in notes[0]
        assert alive(child)
    finally:
        kill_all({child})
        wait_gone({child}, 5)


def test_a_killed_runs_temporary_files_are_removed(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    (out / "2024Q1").mkdir(parents=True)
    (out / "outbox").mkdir()
    (out / HOLDER_NAME).write_text(json.dumps({"pid": 4242, "host": "elsewhere", "started": "2024-07-10T02:00:01+08:00"}))
    leftovers = [out / "2024Q1" / ".甲区.xlsx.k3_9x0qa.tmp", out / "outbox" / ".2024Q1__甲区__ab12cd34ef.eml.0a1b2c3d.tmp",
                 out / ".run.json.zz9yy8xx.tmp"]
    for path in leftovers:
        path.write_bytes(b"half a file")
    kept = [out / "notes.tmp", out / ".notes.tmp", out / "2024Q1" / "草稿.k3_9x0qa.tmp"]  # not names rhcalc writes
    for path in kept:
        path.write_text("mine")
    result = _batch(runner, tmp_path / "in", out, mini_catalog_dir, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "the run with pid 4242 (started 2024-07-10T02:00:01+08:00) did not finish; its lock" in result.stderr
    assert "removed 3 temporary file(s) left by a run that was stopped" in result.stderr
    assert not any(p.exists() for p in leftovers)
    assert all(p.read_text() == "mine" for p in kept)
