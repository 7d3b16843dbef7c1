"""Shared fixtures: the bundled catalog, a CLI runner, a tiny catalog written per test; for the batch,
mail and history tests quarterly submissions of the mini catalog's three districts, an rhcalc.toml, and a
real SMTP server (aiosmtpd) on 127.0.0.1 at an ephemeral port.

Helpers that are not fixtures are imported by name (``from conftest import write_csv, write_quarter``)."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platform_sim

platform_sim.apply_if_asked()  # before rhcalc is imported: RHCALC_SIMULATE=no-fork (see platform_sim.py)

import pytest  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

TESTS = Path(__file__).resolve().parent  # helpers beside this file (platform_sim.py, process_helpers.py)
ROOT = TESTS.parent
SAMPLES = ROOT / "sample_data"
DATA = TESTS / "data"
MESSY = DATA / "messy"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """The catalog cache goes under tmp, never the user's ~/.cache."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def catalog():
    from rhcalc.catalog.load import load_catalog

    return load_catalog()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


MINI_PLAN = """
plan:
  id: mini
  name_zh: 测试方案
  name_en: Test plan
  issuer: 测试
  document: doc.txt
  jurisdiction: 测试市
  level: city
  start: 2024-01-01
  end: 2024-12-31
  units: [甲区, 乙区, 丙区]
indicators:
  - {id: lectures, name_zh: 讲座场次, name_en: Lectures, type: count, unit: 场}
  - {id: drills, name_zh: 演练次数, name_en: Drills, type: count, unit: 次}
  - {id: abortion_rate, name_zh: 人工流产率, name_en: Abortion rate, type: rate, unit: ‰, numerator: 人流, denominator: 育龄妇女, factor: 1000}
  - {id: share, name_zh: 覆盖率, name_en: Share, type: rate, unit: "%", numerator: 已覆盖, denominator: 应覆盖, factor: 100, max: 100}
  - {id: done, name_zh: 是否建立机制, name_en: Mechanism set up, type: yes_no, unit: 是/否}
  - {id: fees, name_zh: 收费金额, name_en: Fees, type: count, unit: 元}
  - {id: position, name_zh: 全市排名, name_en: Rank in city, type: rank, unit: 名}
targets:
  - {id: t_lectures, indicator: lectures, kind: at_least, value: 120, source: {quote: 全市开展讲座 120 场}}
  - {id: t_lectures_unit, indicator: lectures, kind: at_least, value: 10, level: district, source: {quote: 各区至少 10 场}}
  - {id: t_drills, indicator: drills, kind: per_period, value: 1, frequency: quarter, level: district, source: {quote: 每季度至少组织 1 次演练}}
  - {id: t_abortion, indicator: abortion_rate, kind: trend_down, source: {quote: 人工流产率逐年下降}}
  - {id: t_share, indicator: share, kind: coverage, value: 100, source: {quote: 实现全覆盖}}
  - {id: t_done, indicator: done, kind: milestone, deadline: 2024-06-30, source: {quote: 上半年建立机制}}
  - {id: t_cover_units, indicator: done, kind: coverage, value: 100, source: {quote: 各区全覆盖}}
  - {id: t_fees, indicator: fees, kind: at_most, threshold: 0, threshold_source: {document: 测试方案, clause: 不收取任何费用}, source: {quote: 不收取任何费用}}
  - {id: t_rank, indicator: position, kind: rank, level: district, source: {quote: 处于全市前列}}
  - {id: t_watch, indicator: lectures, kind: monitor, source: {quote: 加强宣传}}
"""

MINI_DOC = "全市开展讲座 120 场。各区至少 10 场。每季度至少组织 1 次演练。人工流产率逐年下降。实现全覆盖。上半年建立机制。各区全覆盖。不收取任何费用。处于全市前列。加强宣传。"


@pytest.fixture
def mini_catalog_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    (folder / "sources").mkdir(parents=True)
    (folder / "mini.yaml").write_text(textwrap.dedent(MINI_PLAN), encoding="utf-8")
    (folder / "sources" / "doc.txt").write_text(MINI_DOC, encoding="utf-8")
    return folder


@pytest.fixture
def mini_catalog(mini_catalog_dir: Path):
    from rhcalc.catalog.load import load_catalog

    return load_catalog(mini_catalog_dir)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The submissions read from now on, by file name (a --jobs 1 run reads in this process)."""
    import rhcalc.load.submission as submission

    seen: list[str] = []
    real = submission.read_submission_rows

    def counting(path: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(submission, "read_submission_rows", counting)
    return seen


def write_csv(path: Path, rows: list[str], header: str = "district,period,indicator,value,numerator,denominator,unit,note") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


PASSWORD = "s3cret-Pa55word"  # must never appear in output, run.json or .eml files
RECIPIENTS = {"甲区": ["a@jia.example.org"], "乙区": ["b1@yi.example.org", "b2@yi.example.org"],
              "city": ["office@city.example.org"]}  # 丙区 has nobody: its report is written, not sent

# One file per district and quarter; abortion_rate falls in 甲区 and rises in 乙区 (trend targets).
QUARTERS = {
    "2023Q2": {"甲区": ("10", "1", "32,10000", "是"), "乙区": ("7", "1", "24,8000", "是"), "丙区": ("9", "1", "26,9000", "是")},
    "2024Q1": {"甲区": ("12", "1", "30,10000", "是"), "乙区": ("8", "1", "20,8000", "否"), "丙区": ("15", "0", "25,9000", "是")},
    "2024Q2": {"甲区": ("14", "1", "28,10000", "是"), "乙区": ("9", "0", "26,8000", "是"), "丙区": ("11", "1", "25,9000", "是")},
}


def write_quarter(folder: Path, quarter: str, districts: list[str] | None = None) -> list[Path]:
    """Each district's file for one quarter, in the canonical long layout."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for district, (lectures, drills, rate, done) in QUARTERS[quarter].items():
        if districts and district not in districts:
            continue
        num, den = rate.split(",")
        rows = [f"{district},{quarter},lectures,{lectures},,,场,", f"{district},{quarter},drills,{drills},,,次,",
                f"{district},{quarter},abortion_rate,,{num},{den},‰,", f"{district},{quarter},done,{done},,,是/否,"]
        paths.append(write_csv(folder / f"{district}-{quarter}.csv", rows))
    return paths


# Made from the migrant sample's 广东省 rows: with them the sample folder gives 42 reports, enough for
# the rendering pool to be used whether its workers are forked or spawned (batch.writing.SPAWN_FROM).
PROVINCES = ["河南省", "湖北省", "湖南省", "山东省", "山西省", "陕西省", "甘肃省", "云南省", "贵州省", "福建省", "江西省",
             "安徽省", "辽宁省", "吉林省"]


def sample_inputs(folder: Path) -> Path:
    """The sample submissions (sample_data/), and a copy of 广东省's migrant returns for each of PROVINCES."""
    import shutil

    folder.mkdir(parents=True)
    for path in [*SAMPLES.glob("*.csv"), *SAMPLES.glob("*.xlsx")]:
        shutil.copy(path, folder)
    lines = (SAMPLES / "migrant_rh_2018_provinces.csv").read_text(encoding="utf-8").splitlines()
    guangdong = [line for line in lines if line.startswith("广东省,")]
    for province in PROVINCES:
        rows = [line.replace("广东省", province, 1) for line in guangdong]
        (folder / f"{province}.csv").write_text("\n".join([lines[1], *rows]) + "\n", encoding="utf-8")
    return folder


def write_config(path: Path, port: int, **email: Any) -> Path:
    """An rhcalc.toml for a local server; keyword arguments override [email] keys (None drops one)."""
    keys: dict[str, Any] = {"smtp_host": "127.0.0.1", "smtp_port": port, "security": "none",
                            "sender": "mch@city.example.org", "timeout": 3, "retries": 1, "retry_wait": 0.01}
    keys.update(email)
    lines = ["[email]"] + [f"{k} = {_toml(v)}" for k, v in keys.items() if v is not None]
    lines += ["", "[email.recipients]"] + [f'"{k}" = {_toml(v)}' for k, v in RECIPIENTS.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toml(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Collector:
    """An aiosmtpd handler keeping every accepted envelope; refuses the addresses in ``refuse``."""

    envelopes: list[Any] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self) -> list[Any]:
        from email import message_from_bytes
        from email.policy import default

        return [message_from_bytes(e.content, policy=default) for e in self.envelopes]

    def to(self) -> list[str]:
        return sorted(r for e in self.envelopes for r in e.rcpt_tos)


class EphemeralController(Controller):
    """Controller on port 0: the OS picks a free port, read back once the server listens."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def _authenticator(server, session, envelope, mechanism, auth_data):  # noqa: ANN001
    ok = auth_data.login == b"mch" and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # not handled: the server answers 535 itself


@pytest.fixture
def smtp():
    """A plain SMTP server with AUTH (over plain text, fine on 127.0.0.1) collecting envelopes."""
    handler = Collector()
    controller = EphemeralController(handler, hostname="127.0.0.1", port=0, authenticator=_authenticator,
                                     auth_require_tls=False)
    controller.start()
    handler.port = controller.port  # type: ignore[attr-defined]
    yield handler
    controller.stop()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, made with the cryptography package."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                         x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _tls_server(folder: Path, implicit: bool):  # noqa: ANN202
    cert, key = self_signed(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = Collector()
    # aiosmtpd does not count implicit TLS as TLS for AUTH; the connection is encrypted all the same.
    tls = {"ssl_context": context, "auth_require_tls": False} if implicit else {"tls_context": context, "require_starttls": True}
    controller = EphemeralController(handler, hostname="127.0.0.1", port=0, authenticator=_authenticator, **tls)
    controller.start()
    handler.port, handler.cert = controller.port, cert  # type: ignore[attr-defined]
    return handler, controller


@pytest.fixture
def tls_smtp(tmp_path: Path):
    """An SMTP server that requires STARTTLS, with a self-signed certificate (``handler.cert``)."""
    handler, controller = _tls_server(tmp_path, implicit=False)
    yield handler
    controller.stop()


@pytest.fixture
def ssl_smtp(tmp_path: Path):
    """An SMTP server on implicit TLS (security = "ssl", port 465 style), self-signed."""
    handler, controller = _tls_server(tmp_path, implicit=True)
    yield handler
    controller.stop()


def closed_port() -> int:
    """A port nothing listens on: a stopped server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rows_as_read(paths: list[Path], catalog) -> Any:  # noqa: ANN001
    """Every file's rows, each checked on its own, before the checks that need all rows at once."""
    from rhcalc.checks import check_rows
    from rhcalc.common.frames import pack, unpack
    from rhcalc.load.submission import read_submission_rows

    return unpack([pack(check_rows(read_submission_rows(p, catalog)[0], catalog)[0]) for p in paths])


def report_digests(out: Path) -> dict[str, str]:
    """sha256 of each report file under ``out``; of an xlsx, of its parts but docProps/core.xml
    (xlsxwriter stamps the time there)."""
    import hashlib
    import zipfile

    digests = {}
    for path in sorted(out.rglob("*")):
        if path.suffix == ".html":
            digests[str(path.relative_to(out))] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                parts = b"".join(n.encode() + z.read(n) for n in sorted(z.namelist()) if n != "docProps/core.xml")
            digests[str(path.relative_to(out))] = hashlib.sha256(parts).hexdigest()
    return digests
