"""rhcalc as a user installs it: the wheel built from this repository, installed into a fresh venv outside
it, run from another folder on a sample copied there — the catalog must come with the package.

One venv for the module. The wheel is built without build isolation (setuptools is a test
dependency), so no network is needed; the venv gets rhcalc from the wheel alone and its
dependencies as links to this test environment's own packages, rhcalc's own install left out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

# The dependencies are symlinked in, and the venv's layout is POSIX's (bin/, lib/python3.x/).
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX venv layout and symlinks")
SAMPLE = "西城区-2024Q2.xlsx"
SKIP = ("rhcalc", "__editable__", "_rhcalc", "pip", "setuptools", "_distutils_hack", "pkg_resources", "__pycache__")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    env: Path
    work: Path  # the user's folder: a copy of the sample under in/, nothing of the repository
    home: Path

    @property
    def bin(self) -> Path:
        return self.env / "bin"

    def run(self, *args: str | Path, module: bool = False) -> subprocess.CompletedProcess[str]:
        exe = [str(self.bin / "python"), "-m", "rhcalc"] if module else [str(self.bin / "rhcalc")]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "XDG_", "RHCALC_", "VIRTUAL_ENV"))}
        env.update(HOME=str(self.home), PYTHONIOENCODING="utf-8", COLUMNS="100")
        return subprocess.run([*exe, *map(str, args)], cwd=self.work, env=env, capture_output=True, text=True,
                              encoding="utf-8", timeout=120)


def _project_copy(dest: Path) -> Path:
    """What a build reads, copied: building in the clone would leave build/ and *.egg-info in it."""
    junk = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    for folder in ("src", "indicators"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=junk)
    return dest


def _link_dependencies(site: Path) -> None:
    """This environment's installed packages, linked into the venv: pandas & co. without a download."""
    here = {Path(sysconfig.get_path(k)) for k in ("purelib", "platlib")}
    for folder in here:
        for entry in folder.iterdir():
            if entry.name.startswith(SKIP) or entry.suffix == ".pth" or (site / entry.name).exists():
                continue
            (site / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    project = base / "project"
    project.mkdir()
    _project_copy(project)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(base / "dist"), str(project)], check=True, capture_output=True, timeout=300)
    (wheel,) = (base / "dist").glob("rhcalc-*.whl")
    env = base / "venv"
    venv.create(env, with_pip=True)
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True, timeout=300)
    (site,) = (env / "lib").glob("python3*/site-packages")
    _link_dependencies(site)
    work = base / "desk"
    (work / "in").mkdir(parents=True)
    shutil.copy2(SAMPLES / SAMPLE, work / "in" / SAMPLE)
    (base / "home").mkdir()
    return Installed(wheel, env, work, base / "home")


def test_the_wheel_holds_every_module_and_the_whole_catalog(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    package = {str(p.relative_to(ROOT / "src")) for p in _files(ROOT / "src" / "rhcalc")}  # modules and templates
    assert package <= names, f"not in the wheel (list the package in pyproject.toml): {sorted(package - names)}"
    catalog = {f"rhcalc/indicators/{p.relative_to(ROOT / 'indicators')}" for p in _files(ROOT / "indicators")}
    assert {"rhcalc/indicators/README.md", "rhcalc/indicators/common.yaml"} <= catalog
    assert any(n.startswith("rhcalc/indicators/sources/") for n in catalog)
    assert catalog <= names, sorted(catalog - names)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]


def _here(*args: str) -> str:
    """The same command in this test environment (the clone, an editable install), for comparison."""
    from typer.testing import CliRunner

    from rhcalc.cli import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_score_from_another_folder_finds_the_bundled_catalog(installed: Installed) -> None:
    table = installed.run("score", f"in/{SAMPLE}")
    assert table.returncode == 0, table.stderr
    assert "2024年西城区妇幼健康工作要点" in table.stdout and "截至 2024-06-30 结果 124 项" in table.stdout
    data = json.loads(installed.run("score", f"in/{SAMPLE}", "--format", "json").stdout)
    assert data["rhcalc"] == "0.1.0" and data["as_of"] == "2024-06-30" and data["results"]
    # The installed catalog is this repository's: the same results as the development tree gives.
    assert data["results"] == json.loads(_here("score", str(installed.work / "in" / SAMPLE), "-f", "json"))["results"]
    # The validated catalog is cached under ~/.cache/rhcalc and read back, not rebuilt, by the next run.
    (cache,) = (installed.home / ".cache" / "rhcalc").glob("catalog-*.pickle")
    stamp = cache.stat().st_mtime_ns
    assert installed.run("plans").returncode == 0
    assert list(cache.parent.glob("catalog-*.pickle")) == [cache] and cache.stat().st_mtime_ns == stamp


def test_catalog_check_checks_the_installed_catalog_and_a_users_own(installed: Installed) -> None:
    bundled = installed.run("catalog", "check")
    assert bundled.returncode == 0, bundled.stderr
    folder, counts = bundled.stdout.split("：", 1)
    assert folder.startswith(f"✓ {installed.env / 'lib'}") and folder.endswith("site-packages/rhcalc/indicators")
    assert counts == _here("catalog", "check").split("：", 1)[1]  # 5 plans, … every quote is verbatim
    own = installed.work / "my-catalog"
    shutil.copytree(ROOT / "indicators", own, ignore=shutil.ignore_patterns("__pycache__", "*.py", "beijing*", "yue*"))
    mine = installed.run("catalog", "check", "my-catalog")
    assert mine.returncode == 0, mine.stdout + mine.stderr
    assert mine.stdout == _here("catalog", "check", str(own)) and "：规划文件 3 份、" in mine.stdout
    scored = json.loads(installed.run("score", f"in/{SAMPLE}", "--catalog", "my-catalog", "-f", "json").stdout)
    assert {r["plan"] for r in scored["results"]} == {"xicheng_mch_2024"}


def test_template_writes_a_form(installed: Installed) -> None:
    result = installed.run("template", "--plan", "xicheng_mch_2024", "--district", "西城区", "--period", "2024Q3",
                           "-o", "西城区-2024Q3.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("→ 西城区-2024Q3.xlsx（")
    from openpyxl import load_workbook

    book = load_workbook(installed.work / "西城区-2024Q3.xlsx")
    assert book.sheetnames[-1] == "说明" and "西城区" in str(book.worksheets[0]["A1"].value)


def test_batch_with_one_process(installed: Installed) -> None:
    result = installed.run("batch", "in", "--out", "reports", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "文件 1 个；报告 2 份：0 份未变 → reports/run.json"
    for name in ("西城区.xlsx", "西城区.html", "summary.xlsx", "summary.html"):
        assert (installed.work / "reports" / "2024Q2" / name).stat().st_size > 1000
    assert json.loads((installed.work / "reports" / "run.json").read_text(encoding="utf-8"))["exit"] == 0


def test_python_dash_m_is_the_same_command(installed: Installed) -> None:
    assert installed.run("plans", module=True).stdout == installed.run("plans").stdout != ""
    assert installed.run("score", "missing.xlsx", module=True).returncode == 1
    usage = installed.run("score", f"in/{SAMPLE}", "--as-of", "June", module=True)
    assert usage.returncode == 2 and "用法：python -m rhcalc score" in usage.stderr
