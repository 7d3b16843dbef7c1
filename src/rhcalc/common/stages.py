"""Named points of a batch run where a test can hold it, to kill it there (tests/batch/test_killed_run.py).

With ``RHCALC_PAUSE_AT=<stage>`` in the environment, the first process of a run that reaches
``<stage>`` writes its pid to the file named by ``RHCALC_PAUSE_FILE`` and sleeps until it is
killed. The stages: ``reading`` (a worker has read a file), ``storing`` (inside the history's
transaction), ``summary`` (in the summary's own process), ``rendered`` (a worker has written a
report), ``accepted`` (the SMTP server took a message, the ledger does not know it yet) and
``sent`` (a message is sent and recorded). Unset, as everywhere but in those tests, it costs one
look-up in ``os.environ``.
"""

from __future__ import annotations

import os
import time


def reached(stage: str) -> None:
    if os.environ.get("RHCALC_PAUSE_AT") != stage:
        return
    target = os.environ.get("RHCALC_PAUSE_FILE")
    if target:
        tmp = f"{target}.{os.getpid()}"
        with open(tmp, "w", encoding="ascii") as fh:
            fh.write(str(os.getpid()))
        os.replace(tmp, target)  # the test sees the whole pid or nothing
    while True:
        time.sleep(3600)
