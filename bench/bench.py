"""rhcalc at national scale: ~2,850 county workbooks a quarter on one 2-core machine.

Generates N county workbooks once (rhcalc template forms, filled with made-up numbers) under
bench/.data/, then measures side by side, as medians over repeated runs:

- ``rhcalc --help``              against ``python -c "import typer, rich"``
- ``rhcalc score one.xlsx``      against ``python -c "import typer, rich, pandas, yaml"``
- the I/O floor: read every file with python-calamine and write one small xlsx each with
  xlsxwriter, in 2 processes
- the plain script a user would write: pandas.read_excel (openpyxl) + groupby + to_excel, in a loop
- ``rhcalc batch`` over all N files, and its peak resident memory (the whole process tree)

    python bench/bench.py                 # N = 2850
    python bench/bench.py -n 200 -r 5     # a quicker look

Results are printed as a Markdown table and written to bench/results.md (or --out).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PLAN = "county_mch_2024"
PERIOD = "2024Q2"


# --- data ------------------------------------------------------------------------------------

def make_catalog(data: Path) -> Path:
    """The bundled catalog with Xicheng's 2024 work points made a plan every county reports to.

    Xicheng's plan binds one district; at national scale each county files the same kind of
    return, so the bench copy lets any unit report and judges every target county by county.
    """
    import yaml

    folder = data / "catalog"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "sources").mkdir(parents=True)
    src = ROOT / "indicators"
    shutil.copy(src / "common.yaml", folder)
    shutil.copy(src / "sources" / "004_7f09631bde681911.txt", folder / "sources")
    doc = yaml.safe_load((src / "xicheng_mch_2024.yaml").read_text(encoding="utf-8"))
    doc["plan"].update(id=PLAN, jurisdiction="全国", level="national", any_unit=True,
                       name_zh="县级妇幼健康工作要点（基准测试）", name_en="County MCH work points (benchmark)")
    for target in doc["targets"]:
        target["level"] = "district"
    (folder / f"{PLAN}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def county(i: int) -> str:
    return f"示例{i:04d}县"


def _make_one(args: tuple[str, int, str]) -> None:
    catalog_dir, i, out = args
    import openpyxl

    from rhcalc.catalog.load import load_catalog
    from rhcalc.render.form import build_template, write_template

    from rhcalc.render.form import HEADER

    catalog = load_catalog(Path(catalog_dir))
    template = build_template(catalog, PLAN, county(i), PERIOD)
    write_template(template, Path(out))
    wb = openpyxl.load_workbook(out)
    ws = wb["填报"]
    col = {name: HEADER.index(name) + 1 for name in ("数值", "分子", "分母")}  # the form's own layout
    rng = (i * 7919) % 1000
    for r, ind in enumerate(template.indicators, start=4):  # the form's first indicator row
        k = (rng + r * 31) % 97
        if ind.type.value == "yes_no":
            ws.cell(r, col["数值"], "是" if k % 3 else "否")
        elif ind.type.value == "rate":
            den = 100 + k * 10
            ws.cell(r, col["分子"], den * (50 + k % 50) // 100)
            ws.cell(r, col["分母"], den)
        else:
            ws.cell(r, col["数值"], k % 12)
    wb.save(out)


def make_workbooks(data: Path, catalog_dir: Path, n: int, jobs: int) -> list[Path]:
    """N filled county forms, made once and kept (made-up numbers, as the title of each says)."""
    folder = data / f"counties-{n}"
    files = [folder / f"{county(i)}-{PERIOD}.xlsx" for i in range(n)]
    missing = [(str(catalog_dir), i, str(f)) for i, f in enumerate(files) if not f.exists()]
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
        print(f"generating {len(missing)} workbooks in {folder} …", file=sys.stderr)
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_make_one, missing, chunksize=16))
    return files


# --- measuring -------------------------------------------------------------------------------

def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time of a command and the peak RSS (KiB) of its whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0]
    watcher = threading.Thread(target=_watch_rss, args=(proc, peak), daemon=True)
    watcher.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    watcher.join(1)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd[:4])} … exited {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
    return elapsed, peak[0]


def _watch_rss(proc: subprocess.Popen, peak: list[int]) -> None:  # type: ignore[type-arg]
    # Every 0.2 s: reading smaps_rollup walks a process's whole address space and holds its memory
    # lock, so sampling much faster slows the run being measured (seconds over a national batch).
    while proc.poll() is None:
        peak[0] = max(peak[0], _tree_rss(proc.pid))
        time.sleep(0.2)


def _tree_rss(root: int) -> int:
    """KiB resident in the process tree, counting pages forked workers share with their parent once
    (proportional set size); plain RSS where the kernel does not report it."""
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


def median_of(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> tuple[float, int]:
    runs = [run(cmd, env) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def _io_floor_one(args: tuple[str, str]) -> None:
    import python_calamine as pc
    import xlsxwriter

    src, out = args
    book = pc.CalamineWorkbook.from_path(src)
    rows = sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
    with xlsxwriter.Workbook(out) as wb:
        wb.add_worksheet().write_row(0, 0, [Path(src).name, rows])


def io_floor(files: list[str], out: str, jobs: int) -> None:
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_io_floor_one, [(f, f"{out}/{i}.xlsx") for i, f in enumerate(files)], chunksize=32))


def plain_script(files: list[str], out: str) -> None:
    """What a statistician writes without rhcalc: read each workbook, sum by indicator, write."""
    import pandas as pd

    for i, f in enumerate(files):
        df = pd.read_excel(f, sheet_name="填报", header=2, engine="openpyxl")
        summary = df.groupby("指标代码", dropna=True)[["数值", "分子", "分母"]].sum(numeric_only=True)
        summary.to_excel(f"{out}/{i}.xlsx")


def _inline(func: str, files: list[Path], out: Path, jobs: int) -> list[str]:
    listing = out / "files.txt"
    listing.write_text("\n".join(map(str, files)), encoding="utf-8")
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import bench; "
            f"files=open({str(listing)!r}, encoding='utf-8').read().split(chr(10)); ")
    code += f"bench.io_floor(files, {str(out)!r}, {jobs})" if func == "io_floor" else f"bench.plain_script(files, {str(out)!r})"
    return [sys.executable, "-c", code]


# --- the report ------------------------------------------------------------------------------

def measure(n: int, repeat: int, heavy_repeat: int, jobs: int, data: Path) -> list[tuple[str, str, float, float | None, str]]:
    catalog_dir = make_catalog(data)
    files = make_workbooks(data, catalog_dir, n, jobs)
    rhcalc = [sys.executable, "-m", "rhcalc.cli"]
    env = dict(os.environ, RHCALC_NO_CACHE="")
    # Bytecode as an installed package has it: pip compiles on install, but an editable install
    # under PYTHONDONTWRITEBYTECODE=1 (as on this machine) would compile rhcalc's sources on every
    # run, ~0.1 s that pandas, typer and the baselines never pay.
    import rhcalc as package

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(package.__file__).parent)], check=True)
    rows = []
    help_t, _ = median_of([*rhcalc, "--help"], repeat, env)
    imports_t, _ = median_of([sys.executable, "-c", "import typer, rich"], repeat)
    rows.append(("rhcalc --help", "import typer, rich", help_t, imports_t, "≤ imports + 0.10 s"))
    run([*rhcalc, "score", str(files[0]), "--catalog", str(catalog_dir), "-f", "json"], env)  # warm the catalog cache
    score_t, _ = median_of([*rhcalc, "score", str(files[0]), "--catalog", str(catalog_dir), "-f", "json"], repeat, env)
    imports2_t, _ = median_of([sys.executable, "-c", "import typer, rich, pandas, yaml"], repeat)
    rows.append(("rhcalc score one.xlsx", "import typer, rich, pandas, yaml", score_t, imports2_t, "≤ imports + 0.25 s"))
    with tempfile.TemporaryDirectory(dir=data) as tmp:
        out = Path(tmp)
        floor_t, _ = median_of(_inline("io_floor", files, out, jobs), heavy_repeat)
        plain_t, _ = median_of(_inline("plain_script", files, out, jobs), heavy_repeat)
        batch_times, peak = [], 0
        for k in range(heavy_repeat):
            target = out / f"batch-{k}"
            t, p = run([*rhcalc, "batch", str(files[0].parent), "--out", str(target), "--catalog", str(catalog_dir),
                        "--jobs", str(jobs), "--quiet"], env)
            batch_times.append(t)
            peak = max(peak, p)
        batch_t = statistics.median(batch_times)
    rows.append((f"rhcalc batch, {n} files", "I/O floor (calamine + xlsxwriter, 2 processes)", batch_t, floor_t, "≤ 1.25 × floor"))
    rows.append((f"rhcalc batch, {n} files", "plain pandas script (openpyxl, loop)", batch_t, plain_t, "≥ 5 × faster"))
    rows.append(("rhcalc batch peak memory (process tree, PSS)", "", peak / 1024, None, "≤ 500 MiB"))
    return rows


def report(rows: list[tuple[str, str, float, float | None, str]], n: int, repeat: int, jobs: int) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; N = {n}, medians of {repeat} runs (batch and the "
        f"per-file baselines fewer, see the command), --jobs {jobs}.",
        "",
        "| measured | seconds | against | seconds | goal | verdict |",
        "|---|---:|---|---:|---|---|",
    ]
    for name, baseline, value, base, goal in rows:
        if base is None:
            verdict = "met" if value <= 500 else f"missed by {value - 500:.0f} MiB"
            lines.append(f"| {name} | {value:.0f} MiB | | | {goal} | {verdict} |")
            continue
        verdict = _verdict(goal, value, base)
        lines.append(f"| {name} | {value:.2f} | {baseline} | {base:.2f} | {goal} | {verdict} |")
    return "\n".join(lines) + "\n"


def _verdict(goal: str, value: float, base: float) -> str:
    if "imports +" in goal:
        allowed = base + float(goal.split("+")[1].split()[0])
        return "met" if value <= allowed else f"missed by {value - allowed:.2f} s"
    if "×" in goal and "faster" in goal:
        ratio = base / value if value else float("inf")
        return f"{ratio:.1f}× — " + ("met" if ratio >= 5 else "missed")
    ratio = value / base if base else float("inf")
    return f"{ratio:.2f}× — " + ("met" if ratio <= 1.25 else "missed")


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
    text = report(rows, args.n, args.repeat, args.jobs)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
