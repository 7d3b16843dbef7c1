"""What stops a run — a bad catalog, a bad rhcalc.toml, a form that cannot be made, a folder another run
holds — is shown as located, coded problems in the chosen language, exit 2, as a submission's are."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import write_config, write_quarter
from rhcalc.batch.lock import run_lock
from rhcalc.cli import app


def test_a_config_fault_names_the_file_and_the_key(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:  # noqa: ANN001
    write_quarter(tmp_path / "in", "2024Q1")
    config = write_config(tmp_path / "rhcalc.toml", 70000)
    args = ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--email", "--config", str(config),
            "--catalog", str(mini_catalog_dir)]
    zh, en = runner.invoke(app, args), runner.invoke(app, [*args, "--lang", "en"])
    assert zh.exit_code == en.exit_code == 2
    assert zh.stderr.splitlines() == ["问题 (1)", str(config), "  ✗ 错误 email.smtp_port：取值无效：须为 1 到 65535 的整数 [config-invalid]"]
    assert en.stderr.splitlines() == ["Problems (1)", str(config), "  ✗ error email.smtp_port: must be a whole number from 1 to 65535 [config-invalid]"]


def test_a_form_that_cannot_be_made_names_the_option(runner, tmp_path: Path) -> None:  # noqa: ANN001
    args = ["template", "--plan", "xicheng_mch_2024", "--district", "西城区", "--period", "2019", "-o", str(tmp_path / "f.xlsx")]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 2 and not (tmp_path / "f.xlsx").exists()
    assert result.stderr.splitlines()[1:] == [
        "--period", "  ✗ error xicheng_mch_2024 asks nothing of 西城区 in 2019 (its window is 2024-01-01 … 2024-12-31) [template-nothing-asked]"]


def test_a_held_folder_is_the_problems_place(runner, tmp_path: Path, mini_catalog_dir: Path) -> None:  # noqa: ANN001
    write_quarter(tmp_path / "in", "2024Q1")
    out = tmp_path / "out"
    with run_lock(out):
        result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(out), "--catalog", str(mini_catalog_dir), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:3] == [str(out), f"  ✗ error another rhcalc run (pid {os.getpid()}) is working in {out}; "
                                                         "try again when it has finished [run-locked]"]


def test_debug_shows_the_exception_itself(runner, tmp_path: Path) -> None:  # noqa: ANN001
    from rhcalc.render.form import TemplateError

    args = ["template", "--plan", "nope", "--district", "西城区", "--period", "2024", "-o", str(tmp_path / "f.xlsx"), "--debug"]
    result = runner.invoke(app, args)
    assert isinstance(result.exception, TemplateError)
    assert str(result.exception).startswith("--plan: unknown plan nope; known: beijing_rh_2024")
