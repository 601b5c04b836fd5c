"""The commission returns a grid: the territory is told by e-mail when SMTP is set, and the page says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.space import grid_review
from data_access.db import make_engine, session_scope
from data_access.models import FilingStatus
from data_access.space.filing import FilingReview
from tests.support import stores
from tests.support.env import APP_DB_URL
from tests.support.factories import ADMIN, make_campaign, make_participation
from tests.support.smtp import Sink, text_of


@pytest.fixture
def participation_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    url = stores.migrated_store("review", tmp_path, "sqlite")
    engine = make_engine(url)
    with session_scope(engine) as session:
        pid = make_participation(session, make_campaign(session)).id
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    stores.use_store(url)
    yield pid
    stores.use_store(APP_DB_URL)


def _review(pid: int, submitted_by: str | None) -> FilingReview:
    return FilingReview(participation_id=pid, territory_name="Rennes", version=2, status=FilingStatus.DEPOSEE,
                        status_label="Grille déposée", submitted_at=None, submitted_by=submitted_by, completion=1.0,
                        sections=(), replaced_by_import=False, can_review=True, history=())


def test_the_comment_goes_by_e_mail_to_whoever_filed(smtp_sink: Sink, participation_id: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in smtp_sink.env().items():
        monkeypatch.setenv(key, value)
    said = grid_review.notify_returned(ADMIN, _review(participation_id, "mairie@rennes.fr"),
                                       "Précisez le nombre de participants.")
    assert "Un e-mail l'en avertit" in said
    [message] = smtp_sink.messages()
    assert message["To"] == "mairie@rennes.fr"
    assert "Précisez le nombre de participants." in text_of(message)


def test_without_smtp_or_address_the_page_says_to_tell_the_territory(participation_id: int,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONCERTATIONS_SMTP_HOST", raising=False)
    said = grid_review.notify_returned(ADMIN, _review(participation_id, "mairie@rennes.fr"), "x")
    assert "prévenez le territoire vous-même" in said
