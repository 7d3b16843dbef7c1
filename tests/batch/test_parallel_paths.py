"""Reading and rendering in worker processes give what one process gives — forked where there is fork
(Linux), spawned where there is not (Windows, macOS): the same results, problems and report files."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from conftest import report_digests, sample_inputs
from rhcalc.batch.run import BatchOptions, BatchRun, run_batch
from rhcalc.common.pool import context, fork_available


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(start method, initializer) of every process pool the batch makes."""
    made: list[tuple[str, str]] = []
    original = ProcessPoolExecutor.__init__

    def spy(self, max_workers=None, mp_context=None, initializer=None, initargs=(), **kw):  # noqa: ANN001, ANN202
        job_initializer = initargs[0] if initargs else initializer  # common.pool's _start runs it after watch_parent
        made.append((mp_context.get_start_method(), getattr(job_initializer, "__name__", "")))
        original(self, max_workers, mp_context, initializer, initargs, **kw)

    monkeypatch.setattr(ProcessPoolExecutor, "__init__", spy)
    return made


def _run(src: Path, out: Path, jobs: int) -> BatchRun:
    return run_batch(BatchOptions((src,), out, jobs=jobs))


def _same(a: BatchRun, b: BatchRun) -> None:
    assert [(r.name, r.content_hash) for r in a.reports] == [(r.name, r.content_hash) for r in b.reports]
    assert [p.to_dict() for p in a.problems] == [p.to_dict() for p in b.problems]
    assert [(f.display, f.fingerprint, f.rows) for f in a.inputs] == [(f.display, f.fingerprint, f.rows) for f in b.inputs]
    assert report_digests(a.options.out) == report_digests(b.options.out)


def test_parallel_reading_and_rendering_use_worker_processes(tmp_path: Path, pools: list[tuple[str, str]]) -> None:
    """Here, forked; under platform_sim (no fork), spawned: either way what one process gives."""
    src = sample_inputs(tmp_path / "in")
    alone = _run(src, tmp_path / "serial", jobs=1)
    assert pools == []
    parallel = _run(src, tmp_path / "parallel", jobs=2)
    method = context().get_start_method()
    assert pools == [(method, "_init_reader"), (method, "" if method == "fork" else "_init_spawned")]
    # 41 district reports and 7 summaries: a district's earlier returns (西城区's 2024Q2 and annual
    # files, 乐清市's midterm) have report periods of their own
    assert len(parallel.reports) == 48 and len(report_digests(parallel.options.out)) == 96
    _same(alone, parallel)


@pytest.mark.skipif(not fork_available(), reason="compares with the fork path")
def test_spawned_workers_give_what_forked_ones_give(tmp_path: Path, pools: list[tuple[str, str]],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """And each spawned worker loads the catalog once: a report travels with its targets named by id."""
    import rhcalc.batch.writing as writing

    src = sample_inputs(tmp_path / "in")
    forked = _run(src, tmp_path / "fork", jobs=2)
    assert {m for m, _ in pools} == {"fork"}
    pools.clear()
    sent: list[Any] = []
    monkeypatch.setattr(writing, "_wired", lambda job, wire=writing._wired: sent.append(wire(job)) or sent[-1])
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])  # as on Windows
    spawned = _run(src, tmp_path / "spawn", jobs=2)
    assert pools == [("spawn", "_init_reader"), ("spawn", "_init_spawned")]
    _same(forked, spawned)
    assert len(sent) == 41  # the district reports; the 7 summaries render in the run's own process
    blob = pickle.dumps(sent)
    assert b"rhcalc.catalog" not in blob and b"Catalog" not in blob and b"Target" not in blob
