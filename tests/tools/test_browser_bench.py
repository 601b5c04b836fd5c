"""The « navigateur » bench group: skipped, not crashed, where there is no Chromium."""

from __future__ import annotations

import pytest

from tools.bench import BenchContext
from tools.bench import browser as browser_bench


def test_without_chromium_the_group_reports_nothing_and_says_why(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CONCERTATIONS_CHROMIUM", "/nulle/part/chromium")
    assert browser_bench.run(BenchContext(scales=(1,))) == []
    assert "Chromium absent" in capsys.readouterr().err


def test_every_page_of_the_commission_is_loaded() -> None:
    from dashboard import navigation

    # Forms and administration pages are timed by their own groups (intake, exports, load).
    not_read = {"import", "saisie", "exports", "inscription", "administration", "journal"}
    stems = {"" if spec.default else spec.url_path for spec in navigation.PAGES
             if spec.for_commission and not spec.for_territories and spec.url_path not in not_read}
    assert stems <= set(browser_bench.PAGES), stems - set(browser_bench.PAGES)
