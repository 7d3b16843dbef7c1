"""The bench's data: a national catalog, N filled county forms, and what the reruns need.

Made once under bench/.data/ and kept (openpyxl fills the forms: minutes for 2,850 on 2 cores).
Smaller corpora for the growth runs (N/10, N/2) are folders of hard links to the first files of
the big one, so every N reads the same workbooks.
"""

from __future__ import annotations

import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PLAN = "county_mch_2024"
PERIOD = "2024Q2"


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


def _columns() -> dict[str, int]:
    from rhcalc.render.form import HEADER

    return {name: HEADER.index(name) + 1 for name in ("数值", "分子", "分母")}  # the form's own layout


_FIRST_ROW = 4  # the form's first indicator row


def _make_one(args: tuple[str, int, str]) -> None:
    catalog_dir, i, out = args
    import openpyxl

    from rhcalc.catalog.load import load_catalog
    from rhcalc.render.form import build_template, write_template

    catalog = load_catalog(Path(catalog_dir))
    template = build_template(catalog, PLAN, county(i), PERIOD)
    write_template(template, Path(out))
    wb = openpyxl.load_workbook(out)
    ws, col = wb["填报"], _columns()
    rng = (i * 7919) % 1000
    for r, ind in enumerate(template.indicators, start=_FIRST_ROW):
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


def first_of(files: list[Path], k: int, data: Path) -> Path:
    """A folder holding the first ``k`` files (hard links where the file system allows)."""
    folder = data / f"first-{k}-of-{len(files)}"
    folder.mkdir(parents=True, exist_ok=True)
    for f in files[:k]:
        _link(f, folder / f.name)
    return folder


def work_copy(files: list[Path], data: Path) -> Path:
    """A folder of links to every file, where the one-changed-file rerun may swap one for a variant."""
    folder = data / "rerun"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for f in files:
        _link(f, folder / f.name)
    return folder


def _link(src: Path, dst: Path) -> None:
    if dst.exists():
        return
    try:
        os.link(src, dst)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(src, dst)


def changed_variant(path: Path, data: Path) -> Path:
    """The same county's form with one figure corrected (its first count + 1), as a late fix arrives."""
    import openpyxl

    out = data / "changed" / path.name
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.load_workbook(path)
    ws, col = wb["填报"], _columns()["数值"]
    for r in range(_FIRST_ROW, ws.max_row + 1):
        if isinstance(ws.cell(r, col).value, int):
            ws.cell(r, col).value += 1
            break
    wb.save(out)
    return out


def percent_variant(path: Path, catalog_dir: Path, data: Path) -> Path:
    """The form with each %-rate typed as a percentage (0.853 shown as 85.3%) and no numerator or
    denominator, as most real workbooks come: reading it needs the cells' number formats."""
    import openpyxl

    from rhcalc.catalog.load import load_catalog
    from rhcalc.render.form import build_template

    out = data / "percent" / path.name
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    template = build_template(load_catalog(catalog_dir), PLAN, county(0), PERIOD)
    wb = openpyxl.load_workbook(path)
    ws, col = wb["填报"], _columns()
    for r, ind in enumerate(template.indicators, start=_FIRST_ROW):
        num, den = ws.cell(r, col["分子"]).value, ws.cell(r, col["分母"]).value
        if ind.type.value == "rate" and ind.unit == "%" and num is not None and den:
            cell = ws.cell(r, col["数值"], round(num / den, 4))
            cell.number_format = "0.0%"
            ws.cell(r, col["分子"]).value = ws.cell(r, col["分母"]).value = None
    wb.save(out)
    return out
