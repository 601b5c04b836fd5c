"""Suivi « Liens de relance (CSV) » (AppTest, private store, SQLite and PostgreSQL): fresh personal links
for the territories of the current selection whose charter or grid is missing, as a CSV for a mail
merge; editors and administrators only; sent by e-mail when SMTP is configured."""

from __future__ import annotations

import csv
import io
from typing import Any
from unittest import mock

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.space import links
from dashboard.ui import state
from data_access.db import make_engine, session_scope
from data_access.models import AuditEvent, Participation, Stage, Territory, TerritoryLink
from data_access.space import personal_links
from tests.support.apptest import open_page, set_filter, texts
from tests.support.factories import READER
from tests.support.smtp import Sink, text_of

BUTTON = "Liens de relance (CSV)"


def _store_facts(url: str) -> tuple[set[str], set[str]]:
    """(régions to remind with an address, régions to remind without one) in the store."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = session.execute(select(Territory.name, Participation.stage, Participation.contact_email)
                               .join(Participation).where(Territory.kind == "region")).all()
    engine.dispose()
    to_remind = [(name, email) for name, stage, email in rows
                 if Stage(stage).rank < Stage.GRILLE_DEPOSEE.rank]
    return ({name for name, email in to_remind if email and personal_links.is_email(email)},
            {name for name, email in to_remind if not (email and personal_links.is_email(email))})


def _csv_rows(at: AppTest) -> list[dict[str, str]]:
    batch = at.session_state[state.REMINDER_BATCH]
    payload = links.reminders_csv(batch)
    assert payload.startswith(b"\xef\xbb\xbf")  # BOM: Excel FR opens it as UTF-8
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig")), delimiter=";"))


def test_reminder_links_for_the_selection_as_a_csv(private_store: str, server_address: Any) -> None:
    with_address, without_address = _store_facts(private_store)
    assert with_address, "la démo doit contenir des régions à relancer"
    at = open_page("suivi")
    set_filter(at, "Type de collectivité", ["region"])
    assert not any(b.label == "Télécharger les liens de relance (CSV)" for b in at.get("download_button"))
    next(b for b in at.button if b.label == BUTTON).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("liens de relance créés" in s.value or "lien de relance créé" in s.value for s in at.success)
    assert any(b.label == "Télécharger les liens de relance (CSV)" for b in at.get("download_button"))
    rows = _csv_rows(at)
    assert list(rows[0]) == ["Territoire", "Type", "Adresse e-mail", "Étape", "Ce qui manque", "Lien personnel",
                             "Expire le"]
    assert {row["Territoire"] for row in rows} == with_address
    assert {row["Type"] for row in rows} == {"Région"}
    for row in rows:
        assert "@" in row["Adresse e-mail"] and "/espace?jeton=" in row["Lien personnel"]
        assert row["Ce qui manque"] in {"Charte non signée, Grille non déposée", "Grille non déposée"}
        assert row["Expire le"].count("/") == 2
    if without_address:
        assert any("Sans adresse de contact" in w.value for w in at.warning)
    assert "L'envoi de courriels n'est pas configuré" in texts(at)
    # Each link is an ordinary invitation of the store, audited; the link itself is only in the CSV.
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        tokens = [row["Lien personnel"].rsplit("jeton=", 1)[1] for row in rows]
        stored = session.scalars(select(TerritoryLink.token_hash)).all()
        assert {personal_links.digest(token) for token in tokens} <= set(stored)
        batch_event = session.scalars(select(AuditEvent).where(AuditEvent.action == "espace.relances")).one()
        assert not any(token in f"{batch_event.summary} {batch_event.after}" for token in tokens)
    engine.dispose()


def test_a_reader_has_no_reminder_button(private_store: str, server_address: Any) -> None:
    with mock.patch("dashboard.access.auth.current_actor", return_value=READER):
        at = open_page("suivi")
    assert not any(b.label == BUTTON for b in at.button)
    assert "Liens personnels de relance" not in texts(at)


def test_reminders_are_sent_by_e_mail_when_smtp_is_configured(private_store: str, server_address: Any,
                                                               smtp_sink: Sink, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in smtp_sink.env().items():
        monkeypatch.setenv(key, value)
    at = open_page("suivi")
    set_filter(at, "Type de collectivité", ["region"])
    next(b for b in at.button if b.label == BUTTON).click().run()
    created = len(_csv_rows(at))
    next(b for b in at.button if b.label == "Envoyer les relances par e-mail").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert len(smtp_sink.messages()) == created
    assert any("envoyée" in s.value for s in at.success)
    message = smtp_sink.messages()[0]
    assert message["Subject"].startswith("Relance : l'espace de ") and "/espace?jeton=" in text_of(message)
    assert not any(b.label == "Envoyer les relances par e-mail" for b in at.button)  # not twice
