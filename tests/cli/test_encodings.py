"""The whole command line where stdout and stderr are GBK: ``PYTHONIOENCODING=gbk`` (a redirected
``rhcalc … > 结果.txt`` on Chinese Windows) and ``LANG=zh_CN.GBK`` (generated with localedef into
tmp_path, else simulated by wrapping the streams).

Every command and every format sent to stdout runs in a real subprocess, so the real stream
encoding applies; one process per encoding runs them all one after another through ``main()``, as
the console script does. Each must exit as it does under UTF-8, and its output decoded as GBK must
be the UTF-8 run's text with only the stand-ins below (written out by hand) in place of the
characters GBK lacks. JSON and HTML come out as ASCII with their own escapes: the same data.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT, SAMPLES, write_csv

MESSY = ROOT / "tests" / "data" / "messy"
# What GBK lacks, and what must stand in for it. The box drawing is rich's: on a stream that is not UTF
# it draws every box in ASCII (the panels, the indicators table) — and rhcalc's scorecard rule with “-”.
STAND_INS = {
    "✓": "√", "✗": "×", "░": "□", "•": "·", "\ufeff": "", "🙂": "?",
    "✅": "√", "🟢": "●", "🟡": "▲", "🔴": "×", "⚪": "○", "🔵": "◇",
    "─": "-", "━": "-", "│": "|", "┃": "|", "╭": "+", "╮": "+", "╰": "+", "╯": "+",
    "┏": "+", "┓": "+", "┗": "+", "┛": "+", "└": "+", "┘": "+", "┳": "-", "┴": "-", "┡": "|", "┩": "|", "╇": "+",
}
ASCII_OUT = {"json", "html"}
CLOCK = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
XC = "西城区-2024Q2.xlsx"

# (argv, exit status under any encoding, what stdout holds: text, json or html)
COMMANDS: list[tuple[list[str], int, str]] = [
    (["--help"], 0, "text"),
    (["score", "--help"], 0, "text"),
    (["score", XC], 0, "text"),
    (["score", XC, "--lang", "en"], 0, "text"),
    (["score", XC, "--explain"], 0, "text"),
    (["score", XC, "-f", "json"], 0, "json"),
    (["score", XC, "-f", "csv"], 0, "text"),
    (["score", XC, "-f", "md"], 0, "text"),
    (["score", XC, "-f", "html"], 0, "html"),
    (["score", XC, "-f", "xlsx"], 2, "text"),
    (["score", XC, "-o", "评分.xlsx"], 0, "text"),
    (["score", "北京市各区.csv"], 0, "text"),
    (["score", "北京市各区.csv", "-f", "md", "--lang", "en"], 0, "text"),
    (["score", "备注.csv", "--explain"], 0, "text"),
    (["score", "备注.csv", "-f", "json", "--explain"], 0, "json"),
    (["score", "备注.csv", "-f", "html", "--explain"], 0, "html"),
    (["score", "备注.csv", "-f", "csv"], 0, "text"),
    (["score", "bad_cells.csv", XC], 1, "text"),
    (["validate", "bad_cells.csv", "password.xlsx"], 1, "text"),
    (["validate", "clean.csv"], 0, "text"),
    (["validate", "bad_cells.csv", "-f", "json"], 1, "json"),
    (["validate", "bad_cells.csv", "-f", "csv", "--lang", "en"], 1, "text"),
    (["validate", "bad_cells.csv", "-o", "问题清单.xlsx"], 1, "text"),
    (["template", "--plan", "xicheng_mch_2024", "--district", "西城区", "--period", "2024Q3", "-o", "填报表.xlsx"], 0, "text"),
    (["template", "--plan", "xicheng_mch_2024", "--district", "西城", "--period", "2024Q3", "-o", "x.xlsx"], 2, "text"),
    (["plans"], 0, "text"),
    (["plans", "-f", "json"], 0, "json"),
    (["indicators"], 0, "text"),
    (["indicators", "人工流产率"], 0, "text"),
    (["indicators", "-f", "json"], 0, "json"),
    (["catalog", "check"], 0, "text"),
    (["catalog", "check", "引文有误"], 2, "text"),
    (["score", XC, "--catalog", "格式有误"], 2, "text"),
    (["score", XC, "--as-of", "六月"], 2, "text"),
    (["batch", "报送", "--out", "报表", "--jobs", "1"], 1, "text"),
    (["batch", "报送", "--out", "报表", "--jobs", "1"], 1, "text"),
    (["send", "报表"], 2, "text"),  # no rhcalc.toml: a panel
]

DRIVER = r'''
import json, shutil, sys, traceback
from pathlib import Path

spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
for name, source in spec["inputs"].items():  # named here, in this process's own file system encoding
    (shutil.copytree if Path(source).is_dir() else shutil.copy)(source, name)
if spec["simulate"]:  # no GBK locale on this machine: streams as Python makes them under one
    import io
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="gbk")
    sys.stderr = io.TextIOWrapper(sys.stderr.buffer, encoding="gbk", errors="backslashreplace")
Path("streams.txt").write_text(f"{sys.stdout.encoding} {sys.getfilesystemencoding()}", encoding="ascii")
from rhcalc.cli import main
for i, argv in enumerate(spec["commands"]):
    sys.argv = ["rhcalc", *argv]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:  # a crash: the test shows it
        code = -1
        sys.__stderr__.buffer.write(traceback.format_exc().encode("utf-8", "backslashreplace"))
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
        stream.buffer.write(f"\n@@@@ {i} {code}\n".encode("ascii"))
        stream.buffer.flush()
'''


def _inputs(stage: Path) -> dict[str, str]:
    """Chinese file name → a staged copy under an ASCII name (a GBK process could not open a UTF-8 name)."""
    stage.mkdir()
    sources = {XC: SAMPLES / XC, "北京市各区.csv": SAMPLES / "beijing_rh_2024_districts.csv",
               "bad_cells.csv": MESSY / "bad_cells.csv", "password.xlsx": MESSY / "password.xlsx", "clean.csv": MESSY / "clean.csv"}
    out = {}
    for i, (name, path) in enumerate(sources.items()):
        out[name] = str(shutil.copy(path, stage / f"in{i}{path.suffix}"))
    # Notes with what GBK lacks: a tick, a bullet and an emoji typed by a clerk.
    out["备注.csv"] = str(write_csv(stage / "notes.csv", ["西城区,2024Q1,xc_district_simulation_drills,1,,,次,✓ 已核对 • 见附件🙂",
                                                          "西城区,2024Q2,xc_district_simulation_drills,0,,,次,"]))
    batch = stage / "batch"
    batch.mkdir()
    shutil.copy(SAMPLES / XC, batch / "in0.xlsx")
    shutil.copy(MESSY / "bad_cells.csv", batch / "in1.csv")
    out["报送"] = str(batch)
    quotes = stage / "quotes"
    shutil.copytree(ROOT / "indicators", quotes, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    doc = next((quotes / "sources").glob("004_*.txt"))
    doc.write_text(doc.read_text(encoding="utf-8").replace("每季度至少组织", "每季度组织"), encoding="utf-8")
    out["引文有误"] = str(quotes)
    broken = stage / "broken"
    broken.mkdir()
    (broken / "a.yaml").write_text("targets: [{id: x, kind: sometimes}]\n", encoding="utf-8")
    out["格式有误"] = str(broken)
    return out


def _gbk_locale(base: Path) -> dict[str, str] | None:
    """LANG=zh_CN.GBK from a locale compiled into base (no root needed: LOCPATH), or None."""
    if not shutil.which("localedef") or sys.platform != "linux":
        return None
    made = subprocess.run(["localedef", "-i", "zh_CN", "-f", "GBK", str(base / "zh_CN.GBK")], capture_output=True)
    if made.returncode not in (0, 1) or not (base / "zh_CN.GBK" / "LC_CTYPE").exists():  # 1: warnings only
        return None
    return {"LANG": "zh_CN.GBK", "LOCPATH": str(base)}


def _run(base: Path, name: str, env_extra: dict[str, str], simulate: bool, inputs: dict[str, str]) -> list[tuple[int, bytes, bytes]]:
    work = base / name  # names of one length: a path in a panel pads it alike
    work.mkdir()
    spec = base / f"{name}.json"
    spec.write_text(json.dumps({"inputs": inputs, "commands": [c for c, _, _ in COMMANDS], "simulate": simulate}), encoding="utf-8")
    driver = base / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))}
    env.update(COLUMNS="100", **env_extra)
    done = subprocess.run([sys.executable, str(driver), str(spec)], cwd=work, env=env, capture_output=True, timeout=600)
    here = str(work).encode()  # an ASCII path: the same bytes in UTF-8 and GBK
    out, err = (re.split(rb"\n@@@@ \d+ (-?\d+)\n", stream.replace(here, b"<cwd>")) for stream in (done.stdout, done.stderr))
    assert len(out) == len(err) == 2 * len(COMMANDS) + 1, done.stderr.decode("utf-8", "replace")[-3000:]
    return [(int(out[2 * i + 1]), out[2 * i], err[2 * i]) for i in range(len(COMMANDS))]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, bytes, bytes]]]:
    base = tmp_path_factory.mktemp("encodings")
    inputs = _inputs(base / "stage")
    locale = _gbk_locale(base)
    return {
        "utf-8": _run(base, "utf8", {"PYTHONIOENCODING": "utf-8"}, False, inputs),
        "PYTHONIOENCODING=gbk": _run(base, "gbki", {"PYTHONIOENCODING": "gbk"}, False, inputs),
        "LANG=zh_CN.GBK": _run(base, "gbkl", locale or {"LANG": "C.UTF-8"}, locale is None, inputs),
    }


def _same_text(gbk: bytes, utf8: bytes, kind: str) -> None:
    text, reference = gbk.decode("gbk"), utf8.decode("utf-8")
    text, reference = CLOCK.sub("<time>", text), CLOCK.sub("<time>", reference)
    if kind in ASCII_OUT:
        assert text.isascii()
        if kind == "json":
            assert json.loads(text) == json.loads(reference)
        else:
            assert html.unescape(text) == html.unescape(reference)
        return
    assert text == reference.translate(str.maketrans(STAND_INS))


@pytest.mark.parametrize("encoding", ["PYTHONIOENCODING=gbk", "LANG=zh_CN.GBK"])
@pytest.mark.parametrize("index", range(len(COMMANDS)), ids=[" ".join(c) for c, _, _ in COMMANDS])
def test_every_command_under_gbk_as_under_utf8(runs, encoding: str, index: int) -> None:  # type: ignore[no-untyped-def]
    argv, status, kind = COMMANDS[index]
    code, out, err = runs[encoding][index]
    utf8_code, utf8_out, utf8_err = runs["utf-8"][index]
    assert (utf8_code, code) == (status, status), err.decode("gbk", "replace")
    assert b"Unexpected error" not in err and "内部错误".encode("gbk") not in err and "内部错误".encode() not in err and b"Traceback" not in err
    _same_text(out, utf8_out, kind)
    _same_text(err, utf8_err, "text")


def test_the_gbk_runs_really_were_gbk(runs, tmp_path_factory: pytest.TempPathFactory) -> None:  # type: ignore[no-untyped-def]
    """The stream and file name encodings each run had, as its driver saw them."""
    base = next(tmp_path_factory.getbasetemp().glob("encodings*"))
    seen = {run: (base / run / "streams.txt").read_text(encoding="ascii") for run in ("utf8", "gbki", "gbkl")}
    assert seen["utf8"] == "utf-8 utf-8" and seen["gbki"] == "gbk utf-8"
    assert seen["gbkl"] in ("gbk gbk", "gbk utf-8")  # the latter simulated: no zh_CN locale source here


def test_chinese_comes_out_as_gbk_bytes(runs) -> None:  # type: ignore[no-untyped-def]
    index = next(i for i, (c, _, _) in enumerate(COMMANDS) if c == ["score", XC])
    out = runs["PYTHONIOENCODING=gbk"][index][1]
    assert "2024年西城区妇幼健康工作要点".encode("gbk") in out and "进度落后".encode("gbk") in out
    assert "████□□□□ 50%".encode("gbk") in out


def test_files_written_under_gbk_are_the_same(runs, tmp_path_factory: pytest.TempPathFactory) -> None:  # type: ignore[no-untyped-def]
    base = next(tmp_path_factory.getbasetemp().glob("encodings*"))
    for name in ("评分.xlsx", "问题清单.xlsx", "填报表.xlsx"):
        books = [load_workbook(base / run / name) for run in ("utf8", "gbki")]
        cells = [[list(ws.iter_rows(values_only=True)) for ws in book] for book in books]
        assert cells[0] == cells[1], name
    reports = [json.loads((base / run / "报表" / "run.json").read_text(encoding="utf-8")) for run in ("utf8", "gbki")]
    assert reports[0]["problems"] == reports[1]["problems"] and reports[0]["exit"] == reports[1]["exit"] == 1
