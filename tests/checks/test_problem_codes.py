"""The problem codes no other test met, each from a real file: the exact code and place (file, sheet,
row, column header and letter) and the message a clerk reads; the other files of the run still read."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from conftest import write_csv
from rhcalc.cli import app

from conftest import MESSY  # noqa: E402

CLEAN = MESSY / "clean.csv"  # 8 usable rows


def _validate(*files: Path, lang: str = "zh") -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["validate", *map(str, files), "-f", "json", "--lang", lang])
    assert "Traceback" not in result.output and "Unexpected error" not in result.output and "内部错误" not in result.output
    return result.exit_code, json.loads(result.stdout)


def _places(data: dict) -> list[tuple]:
    return [(p["code"], p["file"], p["sheet"], p["row"], p["column"], p["column_letter"]) for p in data["problems"]]


def _workbook(path: Path, rows: list[list[object]], sheet: str = "填报") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_folder_named_as_a_file_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "二季度报表"
    folder.mkdir()
    code, data = _validate(folder, CLEAN)
    assert code == 1 and data["rows"] == 8
    assert _places(data) == [("file-unreadable", "二季度报表", None, None, None, None)]
    assert data["problems"][0]["message"] == "无法读取文件：a folder, not a file"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="POSIX permissions; root reads any file")
def test_a_file_without_read_permission_is_unreadable(tmp_path: Path) -> None:
    locked = shutil.copy(CLEAN, tmp_path / "东城区-2024Q2.csv")
    Path(locked).chmod(0)
    code, data = _validate(Path(locked), CLEAN, lang="en")
    assert code == 1 and data["rows"] == 8
    assert _places(data) == [("file-unreadable", "东城区-2024Q2.csv", None, None, None, None)]
    assert data["problems"][0]["message"] == "cannot read the file: Permission denied"


def test_bytes_in_no_known_encoding(tmp_path: Path) -> None:
    garbled = tmp_path / "西城区.csv"  # an attachment mangled in transit: no text encoding decodes it
    garbled.write_bytes(b"district,period,indicator,value\n" + bytes([0x81, 0x30, 0xFF, 0xFF]) * 40)
    code, data = _validate(garbled, CLEAN)
    assert code == 1 and data["rows"] == 8
    assert _places(data) == [("unknown-encoding", "西城区.csv", None, None, None, None)]
    assert data["problems"][0]["message"] == "无法识别文本编码"


def test_a_row_without_its_district(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "西城区-2024Q2.xlsx", [
        ["地区", "期间", "指标", "数值", "单位"],
        ["西城区", "2024Q1", "xc_district_simulation_drills", 1, "次"],
        [None, "2024Q2", "xc_district_simulation_drills", 1, "次"],
        ["西城区", "2024Q3", "xc_district_simulation_drills", 1, "次"],
    ])
    code, data = _validate(book)
    assert code == 1 and data["rows"] == 2
    assert _places(data) == [("missing-district", "西城区-2024Q2.xlsx", "填报", 3, "地区", "A")]
    assert data["problems"][0]["message"] == "缺少地区/单位名称"


def test_a_value_that_its_numerator_and_denominator_contradict(tmp_path: Path) -> None:
    # 80 of 100 is 80 %, not the 90 typed: the computed rate is used, with a warning.
    path = write_csv(tmp_path / "西城区.csv", ["西城区,2024Q2,premarital_exam_rate,90,80,100,%,"])
    code, data = _validate(path)
    assert code == 1 and data["rows"] == 1
    assert _places(data) == [("value-mismatch", "西城区.csv", None, 2, "value", "D")]
    assert [(p["severity"], p["message"]) for p in data["problems"]] == [("warning", "填报值 90 与 分子/分母 计算值 80 不符，采用计算值")]


def test_a_unit_other_than_the_indicators_points_at_the_unit_cell(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "西城区.csv", ["西城区,2024Q2,xc_district_simulation_drills,1,,,次,",
                                               "西城区,2024Q1,xc_district_simulation_drills,2,,,人,"])
    code, data = _validate(path)
    assert code == 1 and data["rows"] == 2
    assert _places(data) == [("unit-mismatch", "西城区.csv", None, 3, "unit", "G")]
    assert data["problems"][0]["message"] == "单位“人”与指标单位“次”不符"
    book = _workbook(tmp_path / "西城区.xlsx", [["地区", "期间", "指标", "数值", "计量单位"],
                                                 ["西城区", "2024Q2", "xc_district_simulation_drills", 1, "场"]])
    assert _places(_validate(book)[1]) == [("unit-mismatch", "西城区.xlsx", "填报", 2, "计量单位", "E")]
