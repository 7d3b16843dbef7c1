"""What stops a run: an exception carrying one or more located, coded problems.

A submission's problems are values and the run goes on; an unusable catalog, a bad rhcalc.toml, a
form that cannot be made or a folder another run holds stop it, and so does a worker process that
dies or a stage that fails inside one (RunStopped, exit 1). Each of those is a subclass of
``RhcalcError`` (CatalogError, ConfigError, TemplateError, RunLocked, the catalog draft's), raised
with ``Problem``s whose codes are declared in ``common.problems`` with their zh and en messages:
the file and YAML path of a catalog fault, the key of a config fault, the folder of a lock. The
command line catches the base class in one place and shows them as it shows a submission's
problems, in the chosen language, with exit status 2.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, Self

from rhcalc.common.problems import Location, Problem


class RhcalcError(Exception):
    """One or more problems that stop the run (``problems``); str() is their English text."""

    exit_code = 2  # a usage or configuration error (shared/docs/cli.md)

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(p.text("en") for p in self.problems))

    @classmethod
    def at(cls, code: str, file: str, key: str | None = None, row: int | None = None, **params: Any) -> Self:
        """One problem, located by file (or folder, or option) and key."""
        return cls(Problem(code, Location(str(file), row=row, key=key), params))

    def in_file(self, file: str) -> Self:
        """The same problems, located in ``file`` (where the raiser did not know the file's name)."""
        return type(self)([dataclasses.replace(p, location=dataclasses.replace(p.location, file=str(file)))
                           for p in self.problems])


# What a stage of the run is called in each language, for the messages of a stopped run.
STAGES = {"reading": ("读取文件", "reading the files"), "judging": ("评分", "judging the targets"),
          "rendering": ("生成报告", "writing the reports")}


class RunStopped(RhcalcError):
    """A worker process died, or a stage failed inside one: rhcalc's failure, not the input's (exit 1)."""

    exit_code = 1

    @classmethod
    def during(cls, stage: str, where: str, code: str = "run-failed", reason: str = "") -> "RunStopped":
        zh, en = STAGES.get(stage, (stage, stage))
        return cls.at(code, where, stage_zh=zh, stage_en=en, reason=reason)
