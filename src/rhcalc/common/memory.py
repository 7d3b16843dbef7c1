"""Freed memory handed back to the system, at the points of a run where much was just let go of.

CPython frees small objects into its own pools and larger blocks into the C allocator, and glibc's
malloc keeps what it was given back for later: after a national batch let go of its 300,000 rows,
the process still held ~170 MB it no longer used, its peak memory during the next step
(bench/README.md). ``malloc_trim`` returns what can be returned; elsewhere this only collects.
"""

from __future__ import annotations

import ctypes
import gc
import sys


def give_back() -> None:
    """Collect unreachable cycles, then return the C allocator's free pages to the system (glibc)."""
    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # another C library (musl): it keeps what it keeps
        pass
