"""Windows as rhcalc meets it, simulated on this Linux machine: no fcntl, and no fork (only spawn).

With ``RHCALC_SIMULATE=no-fork`` in the environment, ``tests/conftest.py`` applies it before any
test imports rhcalc, and ``python tests/platform_sim.py ARGS…`` runs the rhcalc command line under
it (the killed-run tests start their batch that way). ``test_platform_sim.py`` runs the batch,
lock, email and killed-run tests so, and checks that the simulation is in force.
"""

from __future__ import annotations

import os
import sys

ENV = "RHCALC_SIMULATE"


def active() -> bool:
    return os.environ.get(ENV) == "no-fork"


def _no_fork() -> int:
    raise RuntimeError("fork is not available here (simulated Windows)")


def apply() -> None:
    """``import fcntl`` fails and multiprocessing offers only spawn, as on Windows; os.fork refuses."""
    import multiprocessing
    import multiprocessing.context

    sys.modules["fcntl"] = None  # type: ignore[assignment]  # import → ImportError
    for method in ("fork", "forkserver"):
        multiprocessing.context._concrete_contexts.pop(method, None)  # get_context("fork") → ValueError
    only_spawn = lambda *_: ["spawn"]  # noqa: E731
    multiprocessing.context.DefaultContext.get_all_start_methods = only_spawn  # type: ignore[method-assign]
    multiprocessing.get_all_start_methods = only_spawn  # bound to the default context when imported
    multiprocessing.set_start_method("spawn", force=True)
    os.fork = _no_fork  # anything that still forked would fail loudly (subprocess and spawn do not fork)


def apply_if_asked() -> None:
    if active():
        apply()


if __name__ == "__main__":
    apply_if_asked()
    from rhcalc.cli import main

    sys.argv[0] = "rhcalc"
    main()
