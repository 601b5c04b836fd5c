"""The collector is frozen once per page after its first run, not at every run."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from dashboard import collector


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    collector.reset()
    yield
    collector.reset()


def test_the_first_run_of_each_page_freezes_the_heap_and_later_runs_do_not() -> None:
    kept = [object() for _ in range(10)]
    assert collector.after_run("carte")
    assert gc.get_freeze_count() > 0
    assert not collector.after_run("carte")
    assert collector.after_run("suivi")
    assert not collector.after_run("suivi") and not collector.after_run("carte")
    del kept


def test_a_long_running_process_refreezes_after_many_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "REFREEZE_RUNS", 3)
    assert collector.after_run("carte")
    assert not collector.after_run("carte") and not collector.after_run("carte")
    assert collector.after_run("carte")  # the third run since the freeze


def test_reset_unfreezes() -> None:
    collector.after_run("carte")
    collector.reset()
    assert gc.get_freeze_count() == 0
