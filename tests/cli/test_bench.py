"""The benchmark runs end to end on a small corpus, so it never rots. No timing is asserted."""

from __future__ import annotations

import sys

from conftest import ROOT


def test_bench_runs_on_twenty_counties(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench
    finally:
        sys.path.pop(0)
    out = tmp_path / "results.md"
    assert bench.main(["-n", "20", "-r", "1", "--jobs", "2", "--data", str(tmp_path / "data"), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for measured in ("rhcalc --help", "rhcalc score one.xlsx", "%-formatted rates", "rhcalc batch, 20 files",
                     "output-aware floor", "I/O floor", "plain pandas script", "peak memory", "none changed",
                     "1 of 20 files changed", "rhcalc batch, 2 files", "rhcalc batch, 10 files", "each file from 10 to 20"):
        assert measured in text
    files = sorted((tmp_path / "data" / "counties-20").glob("*.xlsx"))
    assert len(files) == 20
