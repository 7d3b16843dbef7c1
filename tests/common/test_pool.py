"""Workers end soon after their parent is killed (real processes, SIGKILL; Linux /proc to watch them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from process_helpers import alive, kill_all, wait_gone
from rhcalc.common.pool import fork_available

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="watches processes through /proc")
from conftest import TESTS  # noqa: E402

# A parent that starts one worker, says its pid, and waits to be killed.
PARENT = """
import multiprocessing, sys, time
import platform_sim
platform_sim.apply_if_asked()
from process_helpers import watched_sleeper
if __name__ == "__main__":
    worker = multiprocessing.get_context(sys.argv[1]).Process(target=watched_sleeper, args=(sys.argv[2] == "1",))
    worker.start()
    print(worker.pid, flush=True)
    time.sleep(120)
"""


@pytest.mark.parametrize("method, pdeathsig", [("fork", True), ("fork", False), ("spawn", True), ("spawn", False)])
def test_a_worker_ends_within_seconds_of_its_parent_being_killed(tmp_path: Path, method: str, pdeathsig: bool) -> None:
    """With the kernel's death signal (Linux) and with the watching thread alone (every other system)."""
    if method == "fork" and not fork_available():
        pytest.skip("no fork here")
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    parent = subprocess.Popen([sys.executable, str(script), method, "1" if pdeathsig else "0"], stdout=subprocess.PIPE,
                              text=True, env=env, cwd=tmp_path)
    worker = int(parent.stdout.readline())
    try:
        left, _ = wait_gone({worker}, 1.0)
        assert left == {worker}, "the worker should run while its parent does"
        parent.kill()
        parent.wait()
        left, _ = wait_gone({worker}, 15)
        assert not left, f"worker {worker} outlived its parent"
    finally:
        kill_all({worker} if alive(worker) else set())
        parent.kill()
