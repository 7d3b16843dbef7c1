"""What rhcalc is measured against: floors that do only the unavoidable work, and the plain script.

- the I/O floor: read every file with python-calamine, write one two-cell xlsx each (2 processes);
- the output-aware floor: the I/O floor, plus writing the same report files a batch writes, with
  the same cells (values only: no fills, number formats, widths or print set-up) and the same html
  bytes, in 2 processes. The cells and bytes are taken beforehand from a batch's own output
  (``take_reports``), so the floor does no judging or formatting at all;
- hashing every input (sha256, one process) after the imports a batch needs: the floor of a rerun
  over unchanged files;
- the plain script a statistician writes: pandas.read_excel (openpyxl) + groupby + to_excel.

Each runs as its own process, started by ``bench.inline``.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _io_floor_one(src: str, out: str) -> None:
    import python_calamine as pc
    import xlsxwriter

    book = pc.CalamineWorkbook.from_path(src)
    rows = sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
    with xlsxwriter.Workbook(out) as wb:
        wb.add_worksheet().write_row(0, 0, [Path(src).name, rows])


def _io_floor_args(args: tuple[str, str]) -> None:
    _io_floor_one(*args)


def io_floor(files: list[str], out: str, jobs: int) -> None:
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_io_floor_args, [(f, f"{out}/{i}.xlsx") for i, f in enumerate(files)], chunksize=32))


# --- the output-aware floor ------------------------------------------------------------------

def take_reports(batch_out: Path, store: Path) -> list[str]:
    """Every report file of a batch's output folder, as the floor will write it again: an xlsx as
    its sheets' values (pickled), an html page as its bytes. Returns the names, in order."""
    import python_calamine as pc

    if store.exists():
        shutil.rmtree(store)
    names = []
    for path in sorted(batch_out.rglob("*")):
        if path.suffix not in (".xlsx", ".html") or path.name.startswith("."):
            continue
        rel = path.relative_to(batch_out)
        target = store / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".html":
            shutil.copyfile(path, target)
        else:
            book = pc.CalamineWorkbook.from_path(str(path))
            sheets = [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
            target.with_suffix(".pickle").write_bytes(pickle.dumps(sheets, pickle.HIGHEST_PROTOCOL))
        names.append(rel.as_posix())
    (store / "names.txt").write_text("\n".join(names), encoding="utf-8")
    return names


def _write_report(store: str, name: str, out: str) -> None:
    import xlsxwriter

    target = Path(out) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith(".html"):
        target.write_bytes((Path(store) / name).read_bytes())
        return
    sheets = pickle.loads((Path(store) / name).with_suffix(".pickle").read_bytes())
    with xlsxwriter.Workbook(str(target)) as wb:
        for sheet_name, rows in sheets:
            ws = wb.add_worksheet(sheet_name[:31])
            for r, row in enumerate(rows):
                ws.write_row(r, 0, row)


def _output_floor_one(args: tuple[str | None, str, str, list[str], str]) -> None:
    src, tiny, store, names, out = args
    if src is not None:
        _io_floor_one(src, tiny)
    for name in names:
        _write_report(store, name, out)


def output_floor(files: list[str], out: str, jobs: int, store: str) -> None:
    """The I/O floor's work for each input, and the report files written again (values and bytes)."""
    names = (Path(store) / "names.txt").read_text(encoding="utf-8").split("\n")
    reports: dict[str, list[str]] = {}
    for name in names:
        reports.setdefault(name.rsplit(".", 1)[0], []).append(name)
    # Input i goes with the i-th report's files, both in the counties' order: the pairing only
    # spreads the work, which is the same in all.
    groups = list(reports.values())
    Path(out).mkdir(parents=True, exist_ok=True)
    count = max(len(files), len(groups))
    args = [(files[i] if i < len(files) else None, f"{out}/{i}.tiny.xlsx", store,
             groups[i] if i < len(groups) else [], f"{out}/reports") for i in range(count)]
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_output_floor_one, args, chunksize=8))


# --- the rerun floor and the plain script ----------------------------------------------------

def hash_inputs(files: list[str]) -> None:
    """The imports a batch cannot do without, then every input's sha256 (the rerun floor)."""
    import pandas  # noqa: F401
    import rich  # noqa: F401
    import typer  # noqa: F401

    for f in files:
        digest = hashlib.sha256()
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)


def plain_script(files: list[str], out: str) -> None:
    """What a statistician writes without rhcalc: read each workbook, sum by indicator, write."""
    import pandas as pd

    for i, f in enumerate(files):
        df = pd.read_excel(f, sheet_name="填报", header=2, engine="openpyxl")
        summary = df.groupby("指标代码", dropna=True)[["数值", "分子", "分母"]].sum(numeric_only=True)
        summary.to_excel(f"{out}/{i}.xlsx")
