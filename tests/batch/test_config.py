"""rhcalc.toml: every bad or missing key is named, and the CLI exits 2."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import PASSWORD, write_config, write_quarter
from rhcalc.cli import app
from rhcalc.batch.config import EXAMPLE, ConfigError, load_config


def test_the_help_example_is_a_valid_config(tmp_path: Path) -> None:
    path = tmp_path / "rhcalc.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    email = load_config(path).email
    assert email.smtp_port == 587 and email.security == "starttls" and email.username == "mch"
    assert email.recipients["西城区"] == ("a@xicheng.example.org",)
    assert email.recipients_of("city") == ("office@city.example.org",)
    assert email.subject.format(district="西城区", period="2024Q2") == "西城区 2024Q2 妇幼健康指标达标情况"


def test_found_in_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_config() is None
    write_config(tmp_path / "rhcalc.toml", 2525)
    assert load_config().email.smtp_port == 2525


@pytest.mark.parametrize(("override", "key"), [
    ({"smtp_host": None}, "email.smtp_host"),
    ({"smtp_port": "587"}, "email.smtp_port"),
    ({"smtp_port": 70000}, "email.smtp_port"),
    ({"security": "tls"}, "email.security"),
    ({"sender": "nobody"}, "email.sender"),
    ({"sender": None}, "email.sender"),
    ({"username": "mch"}, "email.password_env"),  # a username without a password variable
    ({"password_env": "hunter2!", "username": "mch"}, "email.password_env"),
    ({"subject": "{district} {quarter}"}, "email.subject"),
    ({"ca_file": "/nonexistent/ca.pem"}, "email.ca_file"),
    ({"retries": -1}, "email.retries"),
    ({"smtp_server": "x"}, "email.smtp_server"),  # unknown key: a typo is not silently ignored
])
def test_bad_key_is_named(tmp_path: Path, override: dict, key: str) -> None:
    path = write_config(tmp_path / "rhcalc.toml", 25, **override)
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_config(path)


@pytest.mark.parametrize(("text", "key"), [
    ("[email]\nsmtp_host = \n", "not valid TOML"),
    ("[mail]\nsmtp_host = 'x'\n", "mail: unknown key"),
    ('[email]\nsmtp_host = "h"\nsmtp_port = 25\nsecurity = "none"\nsender = "a@b.org"\n', "email.recipients: missing"),
    ('[email]\nsmtp_host = "h"\nsmtp_port = 25\nsecurity = "none"\nsender = "a@b.org"\n[email.recipients]\n"甲区" = ["not-an-address"]\n',
     'email.recipients."甲区"'),
    ('[email]\nsmtp_host = "h"\nsmtp_port = 25\nsecurity = "none"\nsender = "a@b.org"\n[email.recipients]\ncity = []\n',
     'email.recipients."city"'),
])
def test_bad_file_is_named(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "rhcalc.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=key.replace(".", r"\.").replace('"', '"')):
        load_config(path)


def test_password_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    email = load_config(write_config(tmp_path / "c.toml", 25, username="mch", password_env="RHCALC_TEST_PW")).email
    monkeypatch.delenv("RHCALC_TEST_PW", raising=False)
    with pytest.raises(ConfigError, match="RHCALC_TEST_PW is not set"):
        email.password()
    monkeypatch.setenv("RHCALC_TEST_PW", PASSWORD)
    assert email.password() == PASSWORD
    assert PASSWORD not in repr(email)


@pytest.mark.parametrize(("override", "key"), [({"security": "tls"}, "email.security"), ({"smtp_port": 0}, "email.smtp_port")])
def test_cli_exits_2_naming_the_key(runner, tmp_path: Path, mini_catalog_dir: Path, override: dict, key: str) -> None:
    write_quarter(tmp_path / "in", "2024Q1")
    config = write_config(tmp_path / "rhcalc.toml", 25, **override)
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--email",
                                 "--config", str(config), "--catalog", str(mini_catalog_dir)])
    assert result.exit_code == 2, result.output
    assert key in result.stderr
    assert not (tmp_path / "out").exists()  # stopped before any work


def test_cli_email_without_config_exits_2(runner, tmp_path: Path, mini_catalog_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_quarter(tmp_path / "in", "2024Q1")
    result = runner.invoke(app, ["batch", "in", "--out", "out", "--email", "--catalog", str(mini_catalog_dir)])
    assert result.exit_code == 2
    assert "email" in result.stderr and "rhcalc.toml" in result.stderr


def test_cli_missing_password_variable_exits_2(runner, tmp_path: Path, mini_catalog_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RHCALC_TEST_PW", raising=False)
    write_quarter(tmp_path / "in", "2024Q1")
    config = write_config(tmp_path / "rhcalc.toml", 25, username="mch", password_env="RHCALC_TEST_PW")
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--email",
                                 "--config", str(config), "--catalog", str(mini_catalog_dir)])
    assert result.exit_code == 2
    assert "email.password_env" in result.stderr and "RHCALC_TEST_PW" in result.stderr


def test_example_parses_as_toml() -> None:
    assert tomllib.loads(EXAMPLE)["email"]["recipients"]["city"] == ["office@city.example.org"]
