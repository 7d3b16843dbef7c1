"""The one process pool: its results, their indexes, and the collector frozen only while it runs."""

from __future__ import annotations

import gc
import os

import pytest

from rhcalc.common.pool import Pool, frozen
from rhcalc.common.errors import RunStopped


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_each_gives_every_result_with_its_index_from_other_processes() -> None:
    with Pool(2) as pool:
        got = dict(pool.each(_square_and_pid, [(3,), (4,), (5,)], start=1))
    assert {i: square for i, (square, _) in got.items()} == {1: 9, 2: 16, 3: 25}
    assert os.getpid() not in {pid for _, pid in got.values()}


def test_map_keeps_the_order() -> None:
    with Pool(2) as pool:
        assert [square for square, _ in pool.map(_square_and_pid, list(range(10)))] == [x * x for x in range(10)]


def test_frozen_nests_and_thaws_when_the_outermost_ends() -> None:
    assert gc.get_freeze_count() == 0
    with frozen():
        outer = gc.get_freeze_count()
        with frozen():
            pass
        assert outer > 0 and gc.get_freeze_count() == outer  # the inner block did not thaw the outer one
    assert gc.get_freeze_count() == 0


def _dies(_: int) -> None:
    os._exit(9)  # what the OOM killer leaves: no exception, no message, the process gone


def test_a_worker_that_dies_stops_the_run_in_words() -> None:
    with pytest.raises(RunStopped) as caught, Pool(2, stage="reading", where="/data/2024Q2") as pool:
        list(pool.map(_dies, [1, 2, 3]))
    [problem] = caught.value.problems
    assert (problem.code, problem.location.file, caught.value.exit_code) == ("worker-stopped", "/data/2024Q2", 1)
    assert problem.message("zh").startswith("读取文件时后台进程意外退出")
