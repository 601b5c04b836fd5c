"""``concertations invite … --send``: the invitation is created and e-mailed (SMTP sink on loopback);
without SMTP settings nothing is created and the answer is French."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.cli.main import main
from data_access.db import get_engine, make_engine, session_scope
from data_access.models import AuditEvent, TerritoryLink
from tests.support import stores
from tests.support.env import APP_DB_URL
from tests.support.factories import make_campaign, make_participation
from tests.support.smtp import Sink, text_of


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = stores.migrated_store("invite", tmp_path, "sqlite")
    engine = make_engine(url)
    with session_scope(engine) as session:
        make_participation(session, make_campaign(session))  # Rennes, 35238
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    yield url
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", APP_DB_URL)
    get_engine.cache_clear()


def _count(model: type) -> int:
    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_invite_send_mails_the_link_and_does_not_print_it(cli_store: str, smtp_sink: Sink,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    for key, value in smtp_sink.env().items():
        monkeypatch.setenv(key, value)
    assert main(["invite", "--territory", "35238", "--email", "Mairie@Rennes.fr", "--send"]) == 0
    out = capsys.readouterr().out
    assert "Courriel d'invitation envoyé à mairie@rennes.fr." in out and "jeton=" not in out
    [message] = smtp_sink.messages()
    assert message["To"] == "mairie@rennes.fr" and message["Subject"].endswith("— Rennes")
    assert "/espace?jeton=" in text_of(message)
    with session_scope() as session:
        actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("espace.%"))))
    assert sorted(actions) == ["espace.courriel", "espace.invitation"]


def test_invite_send_without_smtp_creates_nothing(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invite", "--territory", "35238", "--email", "mairie@rennes.fr", "--send"]) == 2
    assert "L'envoi de courriels n'est pas configuré" in capsys.readouterr().out
    assert _count(TerritoryLink) == 0


def test_invite_send_to_a_closed_server_prints_the_link_to_copy(cli_store: str, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support.smtp import free_port

    monkeypatch.setenv("CONCERTATIONS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CONCERTATIONS_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("CONCERTATIONS_SMTP_SECURITY", "aucune")
    monkeypatch.setenv("CONCERTATIONS_SMTP_SENDER", "observatoire@exemple.fr")
    assert main(["invite", "--territory", "35238", "--email", "mairie@rennes.fr", "--send"]) == 1
    out = capsys.readouterr().out
    assert "L'envoi du courriel a échoué" in out and "/espace?jeton=" in out
    assert _count(TerritoryLink) == 1
