"""Percent workbooks re-saved through LibreOffice as .xls (97-2003, what WPS saves by default) and .ods.

Sources: the messy corpus's percent_format.xlsx (85.3% stored as 0.853 with a 0.0% format, #,##0
counts, TRUE/FALSE) and Xicheng's form filled in (tests/data/fuzz/make_fuzz.py: 13 % rates, in 0%
and 0.0%), kept here beside its copies: each copy must read and score exactly like the .xlsx it
came from (tests/load/test_load_resaved.py). And percent_fraction.ods (0.853 typed without a percent
format) as .xls: still a maybe-fraction warning there. tests/load/test_load_extents.py damages records
of xicheng_filled.xls at fixed offsets: after making it again, check them.

Needs LibreOffice (``apt-get install libreoffice-calc-nogui``), which CI does not have: the files
are committed, and ``python tests/data/resaved/make_resaved.py`` makes them again.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MESSY = HERE.parent / "messy"
SOURCES = {"percent_format.xlsx": MESSY / "percent_format.xlsx", "xicheng_filled.xlsx": HERE / "xicheng_filled.xlsx",
           "percent_fraction.ods": MESSY / "percent_fraction.ods"}
FORMATS = {".xls": "xls:MS Excel 97", ".ods": "ods"}


def _filled_form(out: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_fuzz", HERE.parent / "fuzz" / "make_fuzz.py")
    make_fuzz = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(make_fuzz)  # type: ignore[union-attr]
    make_fuzz.filled_form("xicheng_mch_2024", "西城区", "2024Q2", out)


def resave(source: Path, suffix: str, out: Path) -> Path:
    """``source`` opened and saved again by LibreOffice as ``suffix``, under ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"  # its own profile: no clash with a LibreOffice already open
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                        FORMATS[suffix], "--outdir", tmp, str(source)], check=True, capture_output=True, timeout=180)
        made = Path(tmp) / (source.stem + suffix)
        target = out / made.name
        shutil.move(made, target)
    return target


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui")
    _filled_form(SOURCES["xicheng_filled.xlsx"])
    for source in SOURCES.values():
        for suffix in FORMATS.keys() - {source.suffix}:
            print("→", resave(source, suffix, HERE).relative_to(HERE.parent.parent.parent))


if __name__ == "__main__":
    main()
