"""Pictures of the reports as a person sees them: html through headless Chromium, xlsx through
LibreOffice → PDF → PNG (pdftoppm). Not a test: it needs chromium, libreoffice and poppler-utils.

    python bench/look.py                    # every case, zh and en, into /tmp/look/
    python bench/look.py --out /tmp/after --case district --lang zh

Cases: a district (西城区 Q2 sample), a city with 16 districts (the Beijing sample), a batch summary
and one district report of that batch. For each: <case>-<lang>.html → screen.png (the first screen,
1280×900) and page-N.png (printed on A4); <case>-<lang>.xlsx → sheet-N.png (LibreOffice's print of
every sheet); the terminal table as <case>-<lang>.txt. It prints the paths of the PNGs to look at.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
CASES = {
    "district": [SAMPLES / "西城区-2024Q2.xlsx"],
    "city": [SAMPLES / "北京市-各区-2025Q2.xlsx"],
}
BATCH_INPUT = SAMPLES / "北京市-各区-2025Q2.xlsx"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def rhcalc(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, with this checkout's rhcalc."""
    cmd = [sys.executable, "-m", "rhcalc", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "COLUMNS": "100", **(env or {})})


def chromium(*args: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                       capture_output=True, timeout=120, check=False)


def html_pictures(html: Path, out: Path) -> list[Path]:
    screen = out / "screen.png"
    chromium("--window-size=1280,900", f"--screenshot={screen}", html.as_uri())
    pdf = out / "print.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    return [screen, *pdf_pictures(pdf, out / "page")]


def pdf_pictures(pdf: Path, prefix: Path, first: int = 1, last: int = 4) -> list[Path]:
    if not pdf.exists():
        return []
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
                   check=False, capture_output=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def xlsx_pictures(xlsx: Path, out: Path) -> list[Path]:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["libreoffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), str(xlsx)],
                       capture_output=True, timeout=300, check=False)
    return pdf_pictures(out / (xlsx.stem + ".pdf"), out / "sheet", 1, 6)


def score_case(name: str, files: list[Path], lang: str, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{name}-{lang}"
    pictures: list[Path] = []
    table = rhcalc("score", *files, "--lang", lang, env={"COLUMNS": "100"})
    (out / f"{stem}.txt").write_text(table.stdout + table.stderr, encoding="utf-8")
    for fmt in ("html", "xlsx", "md", "csv"):
        target = out / f"{stem}.{fmt}"
        rhcalc("score", *files, "--lang", lang, "-o", target, "--force")
    pictures += html_pictures(out / f"{stem}.html", _sub(out, "html"))
    pictures += xlsx_pictures(out / f"{stem}.xlsx", _sub(out, "xlsx"))
    return pictures


def batch_case(lang: str, out: Path) -> list[Path]:
    reports = out / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    run = rhcalc("batch", BATCH_INPUT, "--out", reports, "--lang", lang, "--jobs", "1")
    (out / "batch.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    pictures: list[Path] = []
    for html in sorted(reports.glob("*/*.html")):
        if html.stem.startswith(("summary", "汇总")) or "西城区" in html.stem:
            pictures += html_pictures(html, _sub(out, html.stem))
            xlsx = html.with_suffix(".xlsx")
            if xlsx.exists():
                pictures += xlsx_pictures(xlsx, _sub(out, html.stem + "-xlsx"))
    return pictures


def _sub(out: Path, name: str) -> Path:
    folder = out / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/look"))
    parser.add_argument("--case", action="append", choices=[*CASES, "batch"])
    parser.add_argument("--lang", action="append", choices=["zh", "en"])
    args = parser.parse_args(argv)
    missing = [tool for tool in ("chromium", "libreoffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        print(f"missing: {', '.join(missing)} (apt-get install chromium libreoffice-calc-nogui poppler-utils "
              "fonts-wqy-microhei)", file=sys.stderr)
        return 2
    for lang in args.lang or ["zh", "en"]:
        for case in args.case or [*CASES, "batch"]:
            out = args.out / f"{case}-{lang}"
            pictures = batch_case(lang, out) if case == "batch" else score_case(case, CASES[case], lang, out)
            for p in pictures:
                print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
