"""rhcalc at national scale: ~2,850 county workbooks a quarter on one 2-core machine.

Generates N county workbooks once (rhcalc template forms, filled with made-up numbers) under
bench/.data/, then measures side by side (A B A B … where a ratio is the goal):

- ``rhcalc --help``                      against ``python -c "import typer, rich"``
- ``rhcalc score one.xlsx`` (plain, and with %-formatted rates) against the imports it needs
- ``rhcalc batch`` over all N files      against the output-aware floor (and, as before, the I/O
  floor and the plain pandas script), with the peak memory of its process tree
- the rerun with nothing changed         against hashing every input after the imports
- the rerun after one file changed       against the full run
- ``rhcalc batch`` over N/10 and N/2 of the files: time per file as N grows

    python bench/bench.py                           # N = 2850
    python bench/bench.py -n 200 -r 5               # a quicker look
    python bench/bench.py --heavy-repeat 3          # three of each whole-corpus run

Results are printed as a Markdown table and written to bench/results.md (or --out).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from floors import take_reports  # noqa: E402
from corpus import changed_variant, first_of, make_catalog, make_workbooks, percent_variant, work_copy  # noqa: E402
from results import Row, report  # noqa: E402
from timing import Timed, paired, repeated, run  # noqa: E402


def inline(call: str, files: list[Path], out: Path, *args: object) -> list[str]:
    """A command running ``floors.<call>(files, *args)`` in a fresh interpreter (files listed in out/)."""
    listing = out / f"files-{len(files)}.txt"
    listing.write_text("\n".join(map(str, files)), encoding="utf-8")
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import floors; "
            f"files=open({str(listing)!r}, encoding='utf-8').read().split(chr(10)); "
            f"floors.{call}(files{''.join(', ' + repr(a) for a in args)})")
    return [sys.executable, "-c", code]


class Bench:
    def __init__(self, n: int, repeat: int, heavy: int, jobs: int, data: Path, tmp: Path) -> None:
        self.n, self.repeat, self.heavy, self.jobs, self.data, self.tmp = n, repeat, heavy, jobs, data, tmp
        self.catalog = make_catalog(data)
        self.files = make_workbooks(data, self.catalog, n, jobs)
        self.rhcalc = [sys.executable, "-m", "rhcalc.cli"]
        self.env = dict(os.environ, RHCALC_NO_CACHE="")
        self.fresh = 0

    def batch(self, folder: Path, out: Path) -> Timed:
        return run([*self.rhcalc, "batch", str(folder), "--out", str(out), "--catalog", str(self.catalog),
                    "--jobs", str(self.jobs), "--quiet"], self.env, ok=(0, 1))

    def fresh_batch(self, folder: Path) -> Timed:
        """A full run into an empty output folder, removed afterwards (2,850 reports: about a GB)."""
        self.fresh += 1
        out = self.tmp / f"fresh-{self.fresh}"
        try:
            return self.batch(folder, out)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def quick(self) -> list[Row]:
        r, rows = self.repeat, []
        help_t, imports_t, ratio = paired(lambda: run([*self.rhcalc, "--help"], self.env),
                                          lambda: run([sys.executable, "-c", "import typer, rich"]), r)
        rows.append(Row("rhcalc --help", help_t, "import typer, rich", imports_t, ("plus", 0.10)))
        imports = [sys.executable, "-c", "import typer, rich, pandas, yaml"]
        percent = percent_variant(self.files[0], self.catalog, self.data)
        for label, path in (("rhcalc score one.xlsx", self.files[0]), ("rhcalc score one.xlsx, %-formatted rates", percent)):
            score = [*self.rhcalc, "score", str(path), "--catalog", str(self.catalog), "-f", "json"]
            run(score, self.env)  # warm the catalog cache
            score_t, imports_t, _ = paired(lambda: run(score, self.env), lambda: run(imports), r)
            rows.append(Row(label, score_t, "import typer, rich, pandas, yaml", imports_t, ("plus", 0.25)))
        return rows

    def heavy_rows(self) -> list[Row]:
        n, tmp, heavy = self.n, self.tmp, self.heavy
        work, kept = work_copy(self.files, self.data), tmp / "kept"
        store = tmp / "reports"

        def full() -> Timed:  # the first full run leaves its output for the reruns and the floor's cells
            return self.batch(work, kept) if not store.exists() else self.fresh_batch(work)

        def floor() -> Timed:
            if not store.exists():
                take_reports(kept, store)
            return run(inline("output_floor", self.files, tmp, str(tmp / "floor"), self.jobs, str(store)))

        full_t, floor_t, ratio = paired(full, floor, heavy)
        shutil.rmtree(tmp / "floor", ignore_errors=True)
        rows = [Row(f"rhcalc batch, {n} files", full_t, "output-aware floor (I/O floor + the same report cells and html, 2 processes)",
                    floor_t, ("times", 1.5), ratio)]
        old_t = repeated(inline("io_floor", self.files, tmp, str(tmp), self.jobs), heavy)
        rows.append(Row(f"rhcalc batch, {n} files", full_t, "I/O floor (calamine + xlsxwriter, 2 processes)", old_t, ("times", 1.25)))
        (tmp / "plain").mkdir()
        plain_t = repeated(inline("plain_script", self.files, tmp, str(tmp / "plain")), heavy)
        rows.append(Row(f"rhcalc batch, {n} files", full_t, "plain pandas script (openpyxl, loop)", plain_t, ("faster", 5)))
        rows.append(Row("rhcalc batch peak memory (process tree, PSS)", full_t, "", None, ("mib", 500)))
        rows += self.reruns(work, kept, full_t)
        rows += self.growth()
        return rows

    def reruns(self, work: Path, kept: Path, full_t: Timed) -> list[Row]:
        idle_t, hash_t, ratio = paired(lambda: self.batch(work, kept),
                                       lambda: run(inline("hash_inputs", self.files, self.tmp)), self.heavy)
        rows = [Row(f"rhcalc batch again, {self.n} files, none changed", idle_t,
                    "import typer, rich, pandas + sha256 of every input", hash_t, ("times", 2.0), ratio)]
        first, variant = work / self.files[0].name, changed_variant(self.files[0], self.data)
        one = Timed()
        for k in range(self.heavy):  # the original and the corrected form in turn: each run sees one file changed
            first.unlink()
            shutil.copy2(variant if k % 2 == 0 else self.files[0], first)
            one.add(self.batch(work, kept))
        rows.append(Row(f"rhcalc batch again, 1 of {self.n} files changed", one, f"the full run over {self.n} files",
                        full_t, ("times", 0.10)))
        return rows

    def growth(self) -> list[Row]:
        """N/10, N/2 and N files run back to back (each round in turn), so that the three see the same
        machine: on a shared one, minutes apart can differ by more than the growth being measured."""
        sizes = sorted({max(1, self.n // 10), max(1, self.n // 2), self.n})
        folders = {k: first_of(self.files, k, self.data) if k < self.n else self.files[0].parent for k in sizes}
        times = {k: Timed() for k in sizes}
        for _ in range(self.heavy):
            for k in sizes:
                times[k].add(self.fresh_batch(folders[k]))
        return [Row(f"rhcalc batch, {k} files", t, "", None, ("per-file", k)) for k, t in times.items()]


def measure(n: int, repeat: int, heavy: int, jobs: int, data: Path) -> list[Row]:
    # Bytecode as an installed package has it: pip compiles on install, but an editable install
    # under PYTHONDONTWRITEBYTECODE=1 (as on this machine) would compile rhcalc's sources on every
    # run, ~0.1 s that pandas, typer and the baselines never pay.
    import rhcalc as package

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(package.__file__).parent)], check=True)
    with tempfile.TemporaryDirectory(dir=data) as tmp:
        bench = Bench(n, repeat, heavy, jobs, data, Path(tmp))
        return bench.quick() + bench.heavy_rows()


def _commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    except OSError:
        return "?"
    return out.stdout.strip() or "?"


def machine(n: int, repeat: int, heavy: int, jobs: int) -> str:
    return (f"rhcalc at {_commit()}. Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; N = {n}, --jobs {jobs}; medians of {repeat} runs "
            f"(whole-corpus ones: {heavy}), ratios the median of pair-by-pair ratios where paired.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2850, help="county workbooks (default 2850)")
    parser.add_argument("-r", "--repeat", type=int, default=5, help="runs of the quick measurements (default 5)")
    parser.add_argument("--heavy-repeat", type=int, default=1, help="runs of the whole-corpus measurements (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--data", type=Path, default=HERE / ".data", help="where workbooks are generated and kept")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    rows = measure(args.n, args.repeat, args.heavy_repeat, args.jobs, args.data)
    text = machine(args.n, args.repeat, args.heavy_repeat, args.jobs) + "\n\n" + report(rows)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
