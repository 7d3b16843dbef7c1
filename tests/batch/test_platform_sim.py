"""The batch where there is no fcntl and no fork (Windows): its tests, run again under platform_sim.

CI runs only ``python -m pytest -q``, so the run under the simulation happens here, in a pytest of
its own (``RHCALC_SIMULATE=no-fork``, applied by conftest.py before rhcalc is imported).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import platform_sim

from conftest import ROOT  # noqa: E402

# The lock, parallel reading and rendering, email, killed runs; and the check that the simulation holds.
MODULES = ["batch/test_platform_sim.py", "batch/test_batch.py", "batch/test_mail.py", "batch/test_run_lock.py",
           "batch/test_parallel_paths.py", "batch/test_killed_run.py"]


@pytest.mark.skipif(platform_sim.active(), reason="this is the run under the simulation")
def test_the_batch_tests_pass_without_fcntl_and_fork(tmp_path: Path) -> None:
    env = dict(os.environ, **{platform_sim.ENV: "no-fork"})
    cmd = [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "t"),
           *[f"tests/{m}" for m in MODULES]]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    tail = result.stdout[-4000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    assert "PASSED tests/batch/test_platform_sim.py::test_the_simulation_is_in_force" in result.stdout, tail
    assert "PASSED tests/batch/test_batch.py::test_a_second_run_over_the_same_folder_exits_2" in result.stdout, tail
    assert "PASSED tests/batch/test_parallel_paths.py::test_parallel_reading_and_rendering_use_worker_processes" in result.stdout, tail


@pytest.mark.skipif(not platform_sim.active(), reason="only under RHCALC_SIMULATE=no-fork (the test above runs it)")
def test_the_simulation_is_in_force(tmp_path: Path) -> None:
    import multiprocessing

    import filelock

    from rhcalc.batch.lock import run_lock
    from rhcalc.common.pool import context, fork_available

    with pytest.raises(ImportError):
        import fcntl  # noqa: F401
    assert multiprocessing.get_all_start_methods() == ["spawn"]
    with pytest.raises(ValueError):
        multiprocessing.get_context("fork")
    with pytest.raises(RuntimeError):
        os.fork()
    assert not fork_available() and context().get_start_method() == "spawn"
    assert not filelock.unix_has_fcntl  # filelock saw no fcntl: its marker lock is the one in use
    with run_lock(tmp_path):
        assert str(os.getpid()) in (tmp_path / ".rhcalc.lock").read_text()  # the marker names its holder
