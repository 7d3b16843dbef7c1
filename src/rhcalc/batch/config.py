"""rhcalc.toml: the scheduled run's settings (email server, recipients; [reporting] and [quality]
in batch/settings.py).

Read with tomllib and checked key by key, so that a mistake says which key is wrong
(``email.smtp_port: must be a whole number from 1 to 65535``) instead of failing at 3 a.m.
on the SMTP server. The password never lives in the file: ``password_env`` names the
environment variable that holds it, read only when a message is about to be sent.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rhcalc.common.errors import RhcalcError

DEFAULT_NAME = "rhcalc.toml"
DEFAULT_SUBJECT = "{district} {period} 妇幼健康指标达标情况"
CITY = "city"  # the recipients' key for the summary and league table
SECURITY = ("none", "starttls", "ssl")
_REQUIRED = object()  # a key without a default

EXAMPLE = """\
[email]
smtp_host = "smtp.example.org"
smtp_port = 587
security = "starttls"            # "none" | "starttls" | "ssl"
sender = "mch@city.example.org"
username = "mch"                 # optional
password_env = "RHCALC_SMTP_PASSWORD"   # the password is read from this variable, never the file
subject = "{district} {period} 妇幼健康指标达标情况"   # optional
# ca_file = "/etc/rhcalc/smtp-ca.pem"   # optional: trust this CA (a self-signed server)

[email.recipients]
"西城区" = ["a@xicheng.example.org"]
city = ["office@city.example.org"]   # gets the summary and league table
"""


class ConfigError(RhcalcError):
    """A bad or incomplete configuration, located at the file and the key that is wrong."""

    @classmethod
    def key(cls, key: str, code: str, **params: Any) -> "ConfigError":
        """A fault at ``key`` of the file being read (``in_file`` names it once it is known)."""
        return cls.at(code, DEFAULT_NAME, key, **params)


@dataclass(frozen=True)
class EmailConfig:
    smtp_host: str
    smtp_port: int
    security: str
    sender: str
    recipients: dict[str, tuple[str, ...]]
    username: str | None = None
    password_env: str | None = None
    subject: str = DEFAULT_SUBJECT
    ca_file: Path | None = None  # a CA (or the self-signed certificate) the client trusts
    timeout: float = 30.0  # seconds per SMTP connection
    retries: int = 3  # attempts after the first, per delivery run
    retry_wait: float = 2.0  # seconds before the first retry; doubles each time
    source: Path | None = None  # the file it was read from, for a fault found later (a password unset)

    def password(self) -> str | None:
        """The password from the environment; ConfigError when a username needs one and it is unset."""
        if self.username is None:
            return None
        value = os.environ.get(self.password_env or "")
        if not value:
            raise ConfigError.at("config-no-password", str(self.source or DEFAULT_NAME), "email.password_env",
                                 variable=self.password_env)
        return value

    def recipients_of(self, district: str) -> tuple[str, ...]:
        return self.recipients.get(district, ())


@dataclass(frozen=True)
class Config:
    path: Path
    email: EmailConfig | None
    lang: str | None = None  # lang = "en": the language of every command run beside this file (cli_lang.choose_lang)


def find_config(explicit: Path | None) -> Path | None:
    """--config FILE, else ./rhcalc.toml when it exists."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError.at("config-not-found", str(explicit))
        return explicit
    here = Path.cwd() / DEFAULT_NAME
    return here if here.is_file() else None


def load_config(explicit: Path | None = None) -> Config | None:
    """The configuration, or None when there is no file to read."""
    import tomllib

    path = find_config(explicit)
    if path is None:
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError.at("config-bad-toml", str(path), reason=str(exc)) from None
    try:
        # [reporting] and [quality] are read by batch/settings.py (score and validate read them alone)
        _no_unknown(data, {"email", "lang", "reporting", "quality"}, "")
        email = dataclasses.replace(_email(data["email"]), source=path) if "email" in data else None
        lang = data.get("lang")
        if lang is not None and lang not in ("zh", "en"):
            raise ConfigError.key("lang", "config-bad-lang", lang=lang)
    except ConfigError as exc:
        raise exc.in_file(str(path)) from None
    return Config(path, email, lang)


def _email(raw: Any) -> EmailConfig:
    if not isinstance(raw, dict):
        raise invalid_value("email", Invalid("须为一个表（[email]）", "must be a table ([email])"))
    known = {"smtp_host", "smtp_port", "security", "sender", "username", "password_env", "subject",
             "recipients", "ca_file", "timeout", "retries", "retry_wait"}
    _no_unknown(raw, known, "email.")
    username = _get(raw, "username", _text, None)
    return EmailConfig(
        smtp_host=_get(raw, "smtp_host", _text),
        smtp_port=_get(raw, "smtp_port", _port),
        security=_get(raw, "security", _security),
        sender=_get(raw, "sender", _address),
        recipients=_recipients(raw.get("recipients")),
        username=username,
        # A username without a password variable would fail at the server: say so now.
        password_env=_get(raw, "password_env", _env_name, _REQUIRED if username is not None else None),
        subject=_get(raw, "subject", _subject, DEFAULT_SUBJECT),
        ca_file=_get(raw, "ca_file", _readable_file, None),
        timeout=_get(raw, "timeout", _positive, 30.0),
        retries=_get(raw, "retries", _count, 3),
        retry_wait=_get(raw, "retry_wait", _non_negative, 2.0),
    )


def _get(raw: dict[str, Any], key: str, check: Callable[[Any], Any], default: Any = _REQUIRED) -> Any:
    if key not in raw:
        if default is _REQUIRED:
            raise ConfigError.key(f"email.{key}", "config-missing")
        return default
    try:
        return check(raw[key])
    except ValueError as exc:
        raise invalid_value(f"email.{key}", exc) from None


class Invalid(ValueError):
    """A value the checks refuse, with the reason in both languages (str() is the English)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh


def invalid_value(key: str, exc: ValueError) -> ConfigError:
    """The config fault for ``key`` whose value ``exc`` refused (its zh/en reason when it has one)."""
    return ConfigError.key(key, "config-invalid", reason=str(exc), reason_zh=getattr(exc, "zh", str(exc)))


def _no_unknown(raw: dict[str, Any], known: set[str], prefix: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError.key(f"{prefix}{unknown[0]}", "config-unknown-key", known=", ".join(sorted(known)))


def _text(x: Any) -> str:
    if not isinstance(x, str) or not x.strip():
        raise Invalid("须为非空文字", "must be a non-empty string")
    return x.strip()


def _address(x: Any) -> str:
    text = _text(x)
    if "@" not in text or any(c.isspace() for c in text):
        raise Invalid(f"“{text}”不是电子邮件地址", f"“{text}” is not an email address")
    return text


def _port(x: Any) -> int:
    if isinstance(x, bool) or not isinstance(x, int) or not 1 <= x <= 65535:
        raise Invalid("须为 1 到 65535 的整数", "must be a whole number from 1 to 65535")
    return x


def _security(x: Any) -> str:
    if x not in SECURITY:
        raise Invalid(f"须为 {'、'.join(SECURITY)} 之一", f"must be one of {', '.join(SECURITY)}")
    return str(x)


def _env_name(x: Any) -> str:
    text = _text(x)
    if not text.replace("_", "").isalnum():
        # Someone pasted the password itself here: say so without echoing it.
        raise Invalid("须为环境变量的名称（字母、数字、_），不要直接填写密码",
                      "must name an environment variable (letters, digits, _), not hold the password")
    return text


def _subject(x: Any) -> str:
    text = _text(x)
    try:
        text.format(district="", period="")
    except (KeyError, IndexError, ValueError):
        raise Invalid("只能使用 {district} 和 {period}", "may use only {district} and {period}") from None
    return text


def _readable_file(x: Any) -> Path:
    path = Path(_text(x)).expanduser()
    if not path.is_file():
        raise Invalid(f"{path}：找不到此文件", f"{path}: no such file")
    return path


def _positive(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or x <= 0:
        raise Invalid("须为大于 0 的数", "must be a number above 0")
    return float(x)


def _non_negative(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or x < 0:
        raise Invalid("须为不小于 0 的数", "must be a number, 0 or more")
    return float(x)


def _count(x: Any) -> int:
    if isinstance(x, bool) or not isinstance(x, int) or not 0 <= x <= 10:
        raise Invalid("须为 0 到 10 的整数", "must be a whole number from 0 to 10")
    return x


def _recipients(raw: Any) -> dict[str, tuple[str, ...]]:
    if raw is None:
        raise ConfigError.key("email.recipients", "config-missing")
    if not isinstance(raw, dict) or not raw:
        raise invalid_value("email.recipients", Invalid("须为“地区名 → 地址列表”的表", "must be a table of district name → list of addresses"))
    out: dict[str, tuple[str, ...]] = {}
    for name, addresses in raw.items():
        key = f'email.recipients."{name}"'
        if isinstance(addresses, str):
            addresses = [addresses]
        if not isinstance(addresses, list) or not addresses:
            raise invalid_value(key, Invalid("须为地址列表", "must be a list of addresses"))
        try:
            out[name] = tuple(_address(a) for a in addresses)
        except ValueError as exc:
            raise invalid_value(key, exc) from None
    return out
