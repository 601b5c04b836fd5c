"""Keeping Python's full garbage collections off the views.

A served process holds hundreds of megabytes of long-lived objects (imported modules, cached
resources, search indexes, Arrow tables). A full collection (generation 2) walks all of them,
~0.35 s at scale 20, and lands on whichever view crosses the threshold. After the first run of each
page in this process (its imports done, its caches filled), one collection then ``gc.freeze()`` moves
every surviving object to the permanent generation, which later collections skip: they only walk
what was allocated since. Streamlit's own collection after every run stays off
(``runner.postScriptGC = false`` in .streamlit/config.toml).

Frozen objects are still freed by reference counting; only a reference cycle among them that becomes
unreachable (a cached resource replaced after a write) waits for the next freeze's ``unfreeze``. Each
first run of a page in the process refreezes; ``REFREEZE_RUNS`` bounds how long that can wait.
"""

from __future__ import annotations

import gc
import threading

REFREEZE_RUNS = 2000  # runs between two refreezes once every page has been seen (~0.3 s each time)

_lock = threading.Lock()
# Process-wide on purpose (not per user): which pages have warmed this process's caches.
_warmed: set[str] = set()
_runs_since_freeze = 0


def after_run(page: str) -> bool:
    """Called once a page's run is over; True when it froze the heap (first run of ``page``)."""
    global _runs_since_freeze
    with _lock:
        _runs_since_freeze += 1
        if page in _warmed and _runs_since_freeze < REFREEZE_RUNS:
            return False
        _warmed.add(page)
        _runs_since_freeze = 0
    freeze()
    return True


def freeze() -> None:
    """One full collection of everything (frozen objects included), then freeze the survivors."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def reset() -> None:
    """Forget the warm-up (tests, benchmarks): the next run of each page freezes again."""
    global _runs_since_freeze
    with _lock:
        _warmed.clear()
        _runs_since_freeze = 0
    gc.unfreeze()
