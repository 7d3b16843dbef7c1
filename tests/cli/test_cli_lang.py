"""Every message in the chosen language: help, usage errors, stopping errors, progress and delivery.

Under --lang zh (the default) no run of three English words may appear outside what is not prose:
commands and paths in examples, option names, ids, file names, metavars and the server's own words
quoted in brackets. Under --lang en (or RHCALC_LANG=en, or lang = "en" in rhcalc.toml) the same
paths speak English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SAMPLES
from rhcalc.cli import app
from rhcalc.cli_lang import choose_lang

XLSX = str(SAMPLES / "西城区-2024Q2.xlsx")
# Tokens that are not prose: --options, ids_with_underscores, paths and names with a dot or slash,
# <metavars>, {arguments}, ALLCAPS words, and whatever a user typed (quoted “…”).
COMMANDS = "score|validate|template|plans|indicators|catalog|check|draft|batch|send"
NOT_PROSE = re.compile(rf"\brhcalc(?: (?:{COMMANDS})\b[^，。；）\n]*)?|--?[\w-]+|<[^>]*>|\{{[^}}]*\}}|“[^”]*”|'[^']*'"
                       r"|\S*[_./\\@:]\S*|\b[A-Z]{2,}\b")
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\b")
# The words of the formats and statuses, which are the values of options (table|json, behind …).
VALUES = {"table", "json", "csv", "xlsx", "html", "md", "yaml", "zh", "en", "none", "starttls", "ssl", "city",
          "not", "met", "on", "track", "behind", "no", "data", "monitor", "OPTIONS", "COMMAND", "ARGS", "PATH", "DIR"}


def english_runs(text: str) -> list[str]:
    prose = NOT_PROSE.sub(" ", text)
    # The server's own words, quoted after the hint: （ConnectionRefusedError: [Errno 111] Connection refused）
    prose = re.sub(r"（[^（）]*[A-Za-z][^（）]*）", " ", prose)
    runs = []
    for m in ENGLISH_RUN.finditer(prose):
        words = re.findall(r"[A-Za-z]+", m.group(0))
        if sum(w not in VALUES for w in words) >= 3:
            runs.append(m.group(0))
    return runs


def test_the_heuristic_catches_english_and_lets_ids_through():
    assert english_runs("Error: Invalid value for '--as-of': '2024/06/30' is not a date like 2024-06-30")
    assert english_runs("another rhcalc run (pid 4) is working in reports/")
    assert not english_runs("错误：--as-of 的值无效：“2024/06/30”不是 2024-06-30 这样的日期")
    assert not english_runs("示例：rhcalc score 西城区-2024Q2.xlsx --format json --as-of 2024-06-30")
    assert not english_runs("未发出：2024Q1__甲区__3f2a9c81d0.eml：无法连接邮件服务器 127.0.0.1:9，请检查 smtp_host / smtp_port"
                            "（ConnectionRefusedError: [Errno 111] Connection refused）")


def _commands() -> list[list[str]]:
    return [["score"], ["validate"], ["template"], ["plans"], ["indicators"], ["catalog"], ["catalog", "check"],
            ["catalog", "draft"], ["batch"], ["send"], []]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "rhcalc")
def test_every_help_page_is_chinese_by_default_and_english_on_request(runner, command):
    zh = runner.invoke(app, [*command, "--help"])
    assert zh.exit_code == 0 and english_runs(zh.output) == [], zh.output
    en = runner.invoke(app, [*command, "--help"], env={"RHCALC_LANG": "en"})
    assert en.exit_code == 0 and "Usage:" in en.output and "用法" not in en.output


def test_score_help_says_what_each_status_means(runner):
    text = runner.invoke(app, ["score", "--help"]).output
    assert "状态说明" in text and "进度落后：期限未到" in text and "监测：文件未规定可核查的数值" in text


ERRORS = [
    (["score", XLSX, "--as-of", "2024/06/30"], "--as-of 的值无效"),
    (["score", XLSX, "--lang", "fr"], "不是可选的值"),
    (["score", XLSX, "--explian"], "是否为 --explain"),
    (["score", XLSX, "--only", "done"], "未知状态 done"),
    (["score", XLSX, "--plan", "xicheng_mch_202"], "是否为 xicheng_mch_2024"),
    (["score", XLSX, "-f", "xlsx"], "需要用 -o 指定输出文件"),
    (["score", XLSX, "-o", "card.pdf"], "扩展名不是可写的格式"),
    (["score"], "缺少参数 files"),
    (["scor", XLSX], "没有这个命令：scor（是否为 score？）"),
    (["plans", "extra"], "多余的参数：extra"),
    (["plans", "-f", "csv"], "不是可选的值"),
    (["validate", XLSX, "-f", "html"], "不是可选的值"),
    (["template", "--plan", "xicheng_mch_2024"], "缺少选项 --district"),
    (["template", "--plan", "nope", "--district", "西城区", "--period", "2024Q3", "-o", "f.xlsx"], "未知方案“nope”"),
    (["indicators", "人工流产"], "是否为 人工流产率"),
    (["catalog", "draft", "x.txt", "--plan", "Bad-Id"], "只能用小写英文字母"),
    (["catalog", "check", "--sources", "/nonexistent"], "没有可核对原文的文件"),
    (["batch", "in", "--out", "o", "--jobs", "0"], "小于最小值 1"),
    (["batch", "in", "--out", "o", "--email"], "--email 需要 rhcalc.toml 中的 [email] 表"),
    (["send", "o"], "--email 需要 rhcalc.toml 中的 [email] 表"),
]


@pytest.mark.parametrize(("args", "words"), ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else a)
def test_error_paths_speak_chinese(runner, tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert english_runs(result.output) == [], result.output


def test_the_same_error_in_english(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["score", XLSX, "--as-of", "2024/06/30", "--lang", "en"])
    assert result.exit_code == 2 and "Error: Invalid value for --as-of: '2024/06/30' is not a date like 2024-06-30" in result.output


def test_the_language_from_the_environment_and_from_rhcalc_toml(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RHCALC_LANG", raising=False)
    assert choose_lang([]) == "zh"
    (tmp_path / "rhcalc.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert choose_lang([]) == "en"
    assert choose_lang(["score", "--lang", "zh"]) == "zh"  # the command line wins
    table = runner.invoke(app, ["score", XLSX])
    assert "达标情况" not in table.stdout and "scorecard" in table.stdout
    monkeypatch.setenv("RHCALC_LANG", "zh")
    assert choose_lang([]) == "zh"  # the environment before the file
    assert "达标情况" in runner.invoke(app, ["score", XLSX]).stdout


def test_a_bad_lang_in_rhcalc_toml_is_a_config_error(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rhcalc.toml").write_text('lang = "fr"\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(SAMPLES / "xicheng_mch_2024_q2.csv"), "--out", str(tmp_path / "o"),
                                 "--config", "rhcalc.toml"])
    assert result.exit_code == 2 and "lang：只能是 zh 或 en，不是 fr [config-bad-lang]" in result.output


@pytest.mark.parametrize("command", [["template", "--plan", "xicheng_mch_2024", "--district", "西城区", "--period", "2024Q3"],
                                     ["catalog", "check"], ["send"]])
def test_lang_on_every_command(runner, command):
    help_text = runner.invoke(app, [*command, "--help"]).output
    assert "--lang" in help_text


def test_only_lists_the_statuses_asked_for(runner):
    result = runner.invoke(app, ["score", XLSX, "--only", "behind,not_met", "--format", "json"])
    import json

    data = json.loads(result.stdout)
    assert {r["status"] for r in data["results"]} == {"behind"} and len(data["results"]) == 9
    assert data["counts"]["met"] == 41  # the counts stay the whole card's
    table = runner.invoke(app, ["score", XLSX, "--only", "进度落后"]).stdout
    assert "仅列出：进度落后（共 124 项中的 9 项）" in table and "建立十四五统计监测和评价机制" not in table


def test_a_batch_under_english(runner, tmp_path: Path, mini_catalog_dir: Path):
    from conftest import write_quarter

    write_quarter(tmp_path / "in", "2024Q1")
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--catalog",
                                 str(mini_catalog_dir), "--lang", "en"])
    assert result.exit_code == 0 and "3 file(s) to read" in result.stderr and "4 report(s): 0 unchanged" in result.stderr
    zh = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out2"), "--catalog", str(mini_catalog_dir)])
    assert "待读取文件 3 个" in zh.stderr and english_runs(zh.stderr) == [], zh.stderr


def test_when_nothing_could_be_read_the_reason_comes_first(runner, tmp_path):
    """Not “没有可评分的目标” with the real reason after it: the problems, then a line pointing at them."""
    result = runner.invoke(app, ["score", str(tmp_path / "缺失.xlsx")])
    assert result.exit_code == 1
    assert "找不到文件" in result.stderr and "[file-not-found]" in result.stderr
    assert result.stdout.rstrip().endswith("没有可评分的目标：读取的文件中没有可用的数据，原因见上方的问题")


@pytest.mark.parametrize(("lang", "words"), [("zh", "email.smtp_port：取值无效：须为 1 到 65535 的整数 [config-invalid]"),
                                             ("en", "email.smtp_port: must be a whole number from 1 to 65535 [config-invalid]")])
def test_a_refused_config_value_in_the_language_asked(runner, tmp_path, monkeypatch, lang, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rhcalc.toml").write_text('[email]\nsmtp_host = "smtp.example.org"\nsmtp_port = 0\n', encoding="utf-8")
    result = runner.invoke(app, ["send", "o", "--lang", lang])
    assert result.exit_code == 2 and words in result.output, result.output
    if lang == "zh":
        assert english_runs(result.output) == [], result.output
