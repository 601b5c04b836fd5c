"""Operations seen from the entrypoint: one log line per page run, an error reference shared by box and log."""

from __future__ import annotations

import logging
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.env import ENTRYPOINT, PROJECT_ROOT


def _run_app() -> AppTest:
    return AppTest.from_file(ENTRYPOINT, default_timeout=120).run()


def test_each_page_run_writes_one_log_line_with_page_role_and_duration(
    demo_store: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="concertations"):
        at = _run_app()
        at.switch_page(str(PROJECT_ROOT / "pages" / "carte.py")).run()
    assert not at.exception
    lines = [record.getMessage() for record in caplog.records if record.getMessage().startswith("page=")]
    assert len(lines) == 2
    assert re.fullmatch(r"page=accueil role=administrateur duree_ms=\d+ issue=ok", lines[0])
    assert lines[1].startswith("page=carte role=administrateur duree_ms=")


def test_an_unexpected_error_shows_a_reference_found_in_the_log(
    demo_store: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("CONCERTATIONS_RAISE_ERRORS")

    def broken(_filters: object) -> None:
        raise RuntimeError("détail interne")

    monkeypatch.setattr("dashboard.monitoring.readers.key_figures", broken)
    with caplog.at_level(logging.INFO, logger="concertations"):
        at = _run_app()
    box = at.error[0].value
    match = re.search(r"référence \*\*([A-Z2-9]{8})\*\*", box)
    assert match, box
    assert "détail interne" not in box
    reference = match.group(1)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"(référence {reference})" in logged
    assert f"issue=erreur ref={reference}" in logged
