"""Keeping Python's full garbage collections off the views.

A served process holds hundreds of megabytes of long-lived objects (imported modules, cached
resources, search indexes, Arrow tables). A full collection (generation 2) walks all of them,
~0.35 s at scale 20, and lands on whichever view crosses the threshold. After the first run of each
page in this process (its imports done, its caches filled), a collection of the young generations
then ``gc.freeze()`` moves every surviving object to the permanent generation, which later
collections skip: they only walk what was allocated since. Streamlit's own collection after every run stays off
(``runner.postScriptGC = false`` in .streamlit/config.toml).

Frozen objects are still freed by reference counting; only a reference cycle among them that becomes
unreachable (a cached resource replaced after a write) waits for ``refreeze``: one full collection
every ``REFREEZE_RUNS`` runs of the process, the only one that can still land on a view.
"""

from __future__ import annotations

import gc
import threading

REFREEZE_RUNS = 5000  # runs between two full collections (~0.35 s each, quiet machine, scale 20)

_lock = threading.Lock()
# Process-wide on purpose (not per user): which pages have warmed this process's caches.
_warmed: set[str] = set()
_runs_since_freeze = 0


def after_run(page: str) -> bool:
    """Called once a page's run is over; True when it froze the heap (first run of ``page``)."""
    global _runs_since_freeze
    with _lock:
        _runs_since_freeze += 1
        first = page not in _warmed
        due = _runs_since_freeze >= REFREEZE_RUNS
        if not (first or due):
            return False
        _warmed.add(page)
        _runs_since_freeze = 0
    if due:
        refreeze()
    else:
        freeze()
    return True


def freeze() -> None:
    """Collect the young generations (this run's garbage cycles), then freeze every survivor.

    Not a full collection: that would walk the whole heap, the very pause this module avoids, on
    the first view of each page. An unreachable cycle already in the old generation is frozen with
    the rest; ``refreeze`` frees it later.
    """
    gc.collect(1)
    gc.freeze()


def refreeze() -> None:
    """Unfreeze, one full collection (frozen cycles that became garbage are freed), freeze again."""
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
