"""Damaged workbooks (tests/data/fuzz/make_fuzz.py over filled rhcalc templates): none stops a run.

Each damaged copy, alone and beside good files, through validate, score and batch: no crash and no
"Unexpected error"; a copy whose damage touches only parts rhcalc never reads scores exactly like
the good file (exit 0); any other is ``corrupt-workbook`` at its file name — once, or once per sheet
that could not be read — (exit 1) and never a figure different from the good file's; and the good
files beside it are read, scored and reported exactly as when alone.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rhcalc.cli import app
from rhcalc.load.submission import read_submission_rows

from conftest import DATA  # noqa: E402

FUZZ = DATA / "fuzz"
_spec = importlib.util.spec_from_file_location("make_fuzz", FUZZ / "make_fuzz.py")
make_fuzz = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["make_fuzz"] = make_fuzz
_spec.loader.exec_module(make_fuzz)  # type: ignore[union-attr]

# Parts neither calamine nor the percent-format lookup reads (docProps/core.xml only when it is
# there: openpyxl parses it on opening): damage to them changes nothing.
# Parts and attributes rhcalc never reads — the document properties, the theme, [Content_Types].xml
# (calamine finds the parts by the workbook's relationships), and the fonts, fills and borders of
# the styles table (only cellXfs' number formats matter): damage there changes no figure.
HARMLESS = ("-docprops-core-xml", "-docprops-app-xml", "-xl-theme-theme1-xml", "-content-types-xml",
            "styles-fonts-gone", "styles-xf-font-out-of-range", "styles-xf-fill-out-of-range",
            "styles-xf-border-out-of-range")
# The instructions sheet 说明: its loss is the file's problem, and the table on 填报 is still whole.
INSTRUCTIONS = "-xl-worksheets-sheet2-xml"
GOOD_BESIDE = "tianjin_hebei_2021"  # 河北区 is a unit of no other plan: its results stand alone


def expected(kind: str) -> str:
    """harmless | damaged | either (a flipped byte may land in a zip header field nobody checks)."""
    if kind.startswith("flip"):
        return "either"
    if kind.endswith(INSTRUCTIONS) and "unclosed" in kind:
        # 说明 without its root's end tag: when nothing but the end tag is lost (the form's last
        # element self-closes), calamine reads every cell and the file is whole.
        return "either"
    return "harmless" if kind.endswith(HARMLESS) else "damaged"


class Corpus:
    def __init__(self, folder: Path) -> None:
        self.goods, self.damaged = make_fuzz.make_corpus(folder)
        self.good_of = {g.stem: g for g in self.goods}

    def base(self, path: Path) -> Path:
        return self.good_of[path.stem.split("~")[0]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("fuzz"))


def _run(runner, *args: str) -> tuple[int, dict[str, Any]]:  # noqa: ANN001
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Unexpected error" not in result.output + result.stderr and "内部错误" not in result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, json.loads(result.stdout) if "--format" in args else {}


def _validate(runner, *files: Path) -> tuple[int, dict[str, Any]]:  # noqa: ANN001
    return _run(runner, "validate", *map(str, files), "--format", "json")


def _score(runner, *files: Path) -> tuple[int, dict[str, Any]]:  # noqa: ANN001
    return _run(runner, "score", *map(str, files), "--format", "json")


def _where(problems: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    return [(p["code"], p["file"], p["sheet"]) for p in problems]


def _judge(kind: str, validated: tuple[int, dict], scored: tuple[int, dict], good: tuple[int, dict], name: str) -> str | None:
    """What is wrong with one damaged copy's runs, or None."""
    (v_exit, v), (s_exit, s), (_, g) = validated, scored, good
    outcome = "harmless" if v_exit == 0 else "damaged"
    if expected(kind) not in (outcome, "either"):
        return f"{outcome}, expected {expected(kind)}: {_where(v['problems'])}"
    if outcome == "harmless":
        if (s_exit, s["problems"], s["results"]) != (0, [], g["results"]) or v["problems"]:
            return "exit 0 but not the good file's results"
        return None
    # One problem for the file, or one per sheet calamine could not read (填报, 说明).
    codes = _where(v["problems"])
    allowed = {("corrupt-workbook", name, sheet) for sheet in (None, "填报", "说明")}
    if not codes or len(set(codes)) != len(codes) or not set(codes) <= allowed or _where(s["problems"]) != codes or s_exit != 1:
        return f"problems {codes}, score exit {s_exit}"
    if s["results"] not in ([], g["results"]):
        return "figures different from the good file's"  # a damaged file read half-way, or wrongly
    if not kind.endswith(INSTRUCTIONS) and s["results"]:
        return "rows read from a file that could not be read"
    return None


@pytest.fixture(scope="module")
def alone(corpus: Corpus) -> dict[Path, tuple[tuple[int, dict], tuple[int, dict]]]:
    """(validate, score) of every file of the corpus on its own."""
    runner = CliRunner()
    return {p: (_validate(runner, p), _score(runner, p)) for p in [*corpus.goods, *corpus.damaged]}


def test_each_damaged_workbook_alone_is_its_own_problem(corpus: Corpus, alone) -> None:  # noqa: ANN001
    assert all(alone[g][1][0] == 0 and alone[g][1][1]["problems"] == [] and alone[g][1][1]["results"] for g in corpus.goods)
    wrong = {}
    for path in corpus.damaged:
        why = _judge(path.stem.split("~")[1], *alone[path], alone[corpus.base(path)][1], path.name)
        if why:
            wrong[path.name] = why
    assert wrong == {}
    assert len(corpus.damaged) >= 180  # five forms, 36 or more damaged copies each


def test_damaged_workbooks_beside_good_ones_change_nothing_of_theirs(runner, corpus: Corpus, alone) -> None:  # noqa: ANN001
    good = corpus.good_of[GOOD_BESIDE]
    code, together = _score(runner, *corpus.damaged, good)
    assert code == 1
    # Rows a damaged copy still gave are the good file's own (identical duplicates are one report),
    # so 河北区's results are those of its file alone, in the same order.
    assert [r for r in together["results"] if r["district"] == "河北区"] == alone[good][1][1]["results"]
    code, validated = _validate(runner, good, *corpus.damaged)
    assert code == 1
    by_file: dict[str, list] = {}
    for p in validated["problems"]:
        by_file.setdefault(p["file"], []).append(p)
    assert by_file == {p.name: alone[p][0][1]["problems"] for p in corpus.damaged if alone[p][0][0] == 1}
    assert _where(together["problems"]) == _where(validated["problems"])


def _batch(runner, folder: Path, out: Path, jobs: int) -> tuple[int, dict[str, Any]]:  # noqa: ANN001
    code, _ = _run(runner, "batch", str(folder), "--out", str(out), "--jobs", str(jobs))
    return code, json.loads((out / "run.json").read_text(encoding="utf-8"))


def test_batch_reports_the_good_files_exactly_as_alone(runner, corpus: Corpus, alone, tmp_path: Path) -> None:  # noqa: ANN001
    """In worker processes (--jobs 2): a damaged copy is its own problem there too."""
    good = corpus.good_of[GOOD_BESIDE]
    (tmp_path / "alone").mkdir()
    shutil.copy(good, tmp_path / "alone")
    code, by_itself = _batch(runner, tmp_path / "alone", tmp_path / "out-alone", 1)
    assert code == 0 and by_itself["problems"] == []
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    others = [p for p in corpus.damaged if not p.name.startswith(GOOD_BESIDE)]  # 河北区's own copies would add to its report
    for path in [good, *others]:
        shutil.copy(path, mixed)
    code, run = _batch(runner, mixed, tmp_path / "out-mixed", 2)
    assert code == 1
    assert {i["file"] for i in run["inputs"]} == {p.name for p in [good, *others]}
    hash_of = {r["name"]: r["report_hash"] for r in run["reports"]}
    assert hash_of["2024Q2/河北区"] == {r["name"]: r["report_hash"] for r in by_itself["reports"]}["2024Q2/河北区"]
    problems = [p for path in others for p in alone[path][0][1]["problems"]]
    assert sorted(_where(run["problems"])) == sorted(_where(problems))
    assert {p["file"] for p in problems} == {p.name for p in others if alone[p][0][0] == 1}


def test_batch_over_each_damaged_workbook_alone(runner, corpus: Corpus, alone, tmp_path: Path) -> None:  # noqa: ANN001
    """The batch reads one file in its own process: the same problems as validate, and a harmless
    copy reports exactly what its good file reports (the same report hashes)."""
    def batch_alone(path: Path) -> tuple[int, dict[str, Any]]:
        folder = tmp_path / path.stem
        folder.mkdir()
        shutil.copy(path, folder)
        return _batch(runner, folder, folder / "out", 1)

    reports = {g: [(r["name"], r["report_hash"]) for r in batch_alone(g)[1]["reports"]] for g in corpus.goods}
    wrong = {}
    for path in corpus.damaged:
        code, run = batch_alone(path)
        (v_exit, validated), _ = alone[path]
        got = [(r["name"], r["report_hash"]) for r in run["reports"]]
        if code != v_exit or run["problems"] != validated["problems"]:
            wrong[path.name] = f"exit {code}, problems {_where(run['problems'])}"
        elif code == 0 and got != reports[corpus.base(path)]:
            wrong[path.name] = "reports unlike the good file's"
        elif code == 1 and not path.stem.endswith(INSTRUCTIONS) and got:
            wrong[path.name] = "reports from a file that could not be read"
    assert wrong == {}


def test_the_clerk_is_told_what_to_do_in_chinese(runner, corpus: Corpus) -> None:  # noqa: ANN001
    path = next(p for p in corpus.damaged if p.stem.endswith("~styles-numfmts-gone"))
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    [problem] = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1
    assert problem["message"] == ("文件已损坏或不完整，请重新导出或重新发送"
                                  "（cell style 11 names number format 164, which the styles table does not define）")


# ---- hypothesis: damage anywhere, read through the library (fast enough for many examples) -------

class Originals(dict):
    """form → (bytes, figures) of two good workbooks, and the catalog; a short repr for hypothesis' reports."""

    def __repr__(self) -> str:
        return f"Originals({sorted(self)})"


@pytest.fixture(scope="module")
def originals(corpus: Corpus, catalog) -> Originals:  # noqa: ANN001
    found = Originals({g.stem: (g.read_bytes(), _figures(read_submission_rows(g, catalog)[0])) for g in corpus.goods[:2]})
    found.catalog = catalog
    return found


def _figures(rows: list[dict[str, Any]]) -> list[tuple]:
    return sorted((r["district"], r["period"], r["indicator"], r["value"], r["numerator"], r["denominator"]) for r in rows)


def _read_damaged(tmp: Path, data: bytes, catalog) -> tuple[list[tuple], list]:  # noqa: ANN001
    path = tmp / f"damaged-{len(list(tmp.iterdir()))}.xlsx"  # a new name each time: nothing read before can answer
    path.write_bytes(data)
    rows, problems = read_submission_rows(path, catalog)
    return _figures(rows), problems


def _assert_never_wrong(figures: list[tuple], problems: list, good: list[tuple]) -> None:
    """Either the good file's figures and no problem, or a file problem and nothing but good figures."""
    if not problems:
        assert figures == good
    else:
        assert [p.code for p in problems] == ["corrupt-workbook"]
        assert figures in ([], good)


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(st.data())
def test_bytes_flipped_anywhere(originals: Originals, tmp_path: Path, data: st.DataObject) -> None:
    good, figures = originals[data.draw(st.sampled_from(sorted(originals)))]
    positions = data.draw(st.lists(st.integers(0, len(good) - 1), min_size=1, max_size=8))
    masks = data.draw(st.lists(st.integers(1, 255), min_size=len(positions), max_size=len(positions)))
    _assert_never_wrong(*_read_damaged(tmp_path, make_fuzz.flip_bytes(good, positions, masks), originals.catalog), figures)


@FAST
@given(st.data())
def test_cut_short_anywhere(originals: Originals, tmp_path: Path, data: st.DataObject) -> None:
    good, figures = originals[data.draw(st.sampled_from(sorted(originals)))]
    cut, problems = _read_damaged(tmp_path, make_fuzz.truncate(good, data.draw(st.integers(4, len(good) - 1))), originals.catalog)
    assert cut == [] and [p.code for p in problems] == ["corrupt-workbook"]


@FAST
@given(st.data())
def test_junk_inside_any_member(originals: Originals, tmp_path: Path, data: st.DataObject) -> None:
    good, _ = originals[data.draw(st.sampled_from(sorted(originals)))]
    name = data.draw(st.sampled_from(make_fuzz.members(good)))
    junk = data.draw(st.binary(min_size=1, max_size=12))
    where = data.draw(st.floats(0, 1))

    def spoil(xml: bytes) -> bytes:
        at = int(len(xml) * where)
        return xml[:at] + junk + xml[at:]

    # Junk can make another valid file (a digit inside <v>3</v>): no figure check, only no crash and
    # every problem at this file.
    figures, problems = _read_damaged(tmp_path, make_fuzz.replace_member(good, name, spoil), originals.catalog)
    assert all(p.location.file.startswith("damaged-") for p in problems)
