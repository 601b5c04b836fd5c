"""The territories' e-mails, sent for real to an SMTP sink on loopback (aiosmtpd): French subject and
body, the personal link, From/To, accents intact; each send logged without its body or link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.space import mail, messages
from data_access import config
from data_access.config import SmtpSettings
from data_access.db import make_engine, session_scope
from data_access.errors import ConfigurationError, PermissionDenied
from data_access.models import AuditEvent, Stage
from data_access.space import outreach
from data_access.space.outreach import Missing
from tests.support import stores
from tests.support.env import APP_DB_URL
from tests.support.factories import EDITOR, READER, make_campaign, make_participation
from tests.support.smtp import SENDER, Sink, free_port, text_of

URL = "https://observatoire.exemple.fr/espace?jeton=AbC-123_xyz"
EXPIRES = dt.datetime(2026, 12, 30, 9, 0)


@pytest.fixture
def sink(smtp_sink: Sink) -> Sink:
    return smtp_sink


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """A fresh SQLite store for the audit, with Rennes (engagé) and Brest (charte signée)."""
    url = stores.migrated_store("mail", tmp_path, "sqlite")
    engine = make_engine(url)
    with session_scope(engine) as session:
        campaign = make_campaign(session)
        ids = {"rennes": make_participation(session, campaign).id,
               "brest": make_participation(session, campaign, code="29019", stage=Stage.CHARTE_SIGNEE).id}
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    stores.use_store(url)
    yield ids
    stores.use_store(APP_DB_URL)


def _mail_events() -> list[AuditEvent]:
    with session_scope() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == "espace.courriel")
                                    .order_by(AuditEvent.id)))


def test_the_invitation_arrives_in_french_with_the_link_and_the_expiry(sink: Sink, store: dict[str, int]) -> None:
    mail.send_invitation(EDITOR, participation_id=store["rennes"], to="mairie@rennes.fr",
                         territory_name="Saint-Étienne-en-Coglès", url=URL, expires_at=EXPIRES, smtp=sink.settings)
    [envelope] = sink.envelopes
    assert envelope.mail_from == "observatoire@exemple.fr" and envelope.rcpt_tos == ["mairie@rennes.fr"]
    [message] = sink.messages()
    assert message["From"] == SENDER and message["To"] == "mairie@rennes.fr"
    assert message["Subject"] == "Votre espace dans l'Observatoire des concertations — Saint-Étienne-en-Coglès"
    assert message.get_content_charset() == "utf-8" and message["Message-ID"] and message["Date"]
    text = text_of(message)
    assert URL in text.split()
    assert "valable jusqu'au 30 décembre 2026" in text
    assert "signer la charte d'engagement" in text and "grille d'information" in text
    assert "Saint-Étienne-en-Coglès" in text and "à usage unique" in text
    # Logged once accepted: kind and address, never the link nor the body.
    [event] = _mail_events()
    assert event.actor == EDITOR.email and event.after == {"kind": "invitation", "email": "mairie@rennes.fr"}
    assert "jeton" not in f"{event.summary} {event.after}" and "AbC-123" not in f"{event.summary} {event.after}"


def test_the_reminders_say_what_is_missing_and_go_over_one_connection(sink: Sink, store: dict[str, int]) -> None:
    with session_scope() as session:
        reminders = outreach.create_reminder_links(session, actor=EDITOR, participation_ids=store.values())
    urls = [f"https://observatoire.exemple.fr/espace?jeton={link.issued.token}" for link in reminders.links]
    assert mail.send_reminders(EDITOR, reminders.links, urls, smtp=sink.settings) == 2
    by_subject = {str(message["Subject"]): message for message in sink.messages()}
    assert set(by_subject) == {"Relance : l'espace de Brest vous attend", "Relance : l'espace de Rennes vous attend"}
    rennes, brest = text_of(by_subject["Relance : l'espace de Rennes vous attend"]), text_of(
        by_subject["Relance : l'espace de Brest vous attend"])
    assert "- signer la charte d'engagement ;\n- déposer la grille d'information" in rennes
    assert "signer la charte" not in brest and "- déposer la grille d'information" in brest
    assert urls[0] in rennes.split() or urls[0] in brest.split()
    assert all(message["To"] == "camille.martin@exemple.fr" for message in sink.messages())
    assert [event.after["kind"] for event in _mail_events() if event.after] == ["relance", "relance"]


def test_the_grid_returned_quotes_the_commission_comment(sink: Sink, store: dict[str, int]) -> None:
    comment = "Merci ! Précisez le nombre de participants.\n\nLa date de la séance manque."
    mail.send_grid_returned(EDITOR, participation_id=store["brest"], to="dgs@brest.fr", territory_name="Brest",
                            comment=comment, smtp=sink.settings)
    [message] = sink.messages()
    assert message["Subject"] == "Votre grille est renvoyée par la commission — Brest"
    text = text_of(message)
    assert "> Merci ! Précisez le nombre de participants.\n>\n> La date de la séance manque." in text
    assert "favoris" in text and "http" not in text
    with_link = messages.grid_returned(territory_name="Brest", comment="À revoir.", url=URL)
    assert URL in with_link.body.split()
    assert [event.after["kind"] for event in _mail_events() if event.after] == ["grille_renvoyee"]


def test_a_reader_sends_nothing(sink: Sink, store: dict[str, int]) -> None:
    with pytest.raises(PermissionDenied):
        mail.send_invitation(READER, participation_id=store["rennes"], to="mairie@rennes.fr", territory_name="Rennes",
                             url=URL, expires_at=EXPIRES, smtp=sink.settings)
    assert sink.envelopes == [] and _mail_events() == []


def test_an_unreachable_server_is_a_french_error_and_nothing_is_logged(store: dict[str, int]) -> None:
    closed = SmtpSettings(host="127.0.0.1", port=free_port(), sender=SENDER, security="aucune", timeout=2)
    with pytest.raises(mail.MailError, match="L'envoi du courriel a échoué") as failure:
        mail.send_invitation(EDITOR, participation_id=store["rennes"], to="mairie@rennes.fr", territory_name="Rennes",
                             url=URL, expires_at=EXPIRES, smtp=closed)
    assert "copiez" in str(failure.value)
    assert _mail_events() == []


def test_without_smtp_settings_mail_is_off_and_says_so(store: dict[str, int]) -> None:
    assert config.smtp_settings() is None and not mail.is_configured()
    with pytest.raises(mail.MailError, match="pas configuré"):
        mail.send_invitation(EDITOR, participation_id=store["rennes"], to="mairie@rennes.fr", territory_name="Rennes",
                             url=URL, expires_at=EXPIRES)


def test_settings_come_from_secrets_and_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[smtp]\nhost = "smtp.exemple.fr"\nuser = "obs@exemple.fr"\npassword = "x"\n', encoding="utf-8")
    monkeypatch.setenv(config.SECRETS_PATH_ENV, str(secrets))
    assert config.smtp_settings() == SmtpSettings(host="smtp.exemple.fr", port=587, sender="obs@exemple.fr",
                                                  user="obs@exemple.fr", password="x", security="starttls")
    monkeypatch.setenv("CONCERTATIONS_SMTP_SECURITY", "ssl")
    monkeypatch.setenv("CONCERTATIONS_SMTP_SENDER", SENDER)
    settings = config.smtp_settings()
    assert settings is not None and settings.port == 465 and settings.sender == SENDER
    monkeypatch.setenv("CONCERTATIONS_SMTP_SECURITY", "tls-maison")
    with pytest.raises(ConfigurationError, match="sécurité SMTP"):
        config.smtp_settings()
    monkeypatch.setenv("CONCERTATIONS_SMTP_SECURITY", "aucune")
    monkeypatch.setenv("CONCERTATIONS_SMTP_PORT", "douze")
    with pytest.raises(ConfigurationError, match="port SMTP"):
        config.smtp_settings()


def test_every_message_is_french_and_names_what_is_missing() -> None:
    reminder = messages.reminder(territory_name="Lorient", url=URL, expires_at=EXPIRES.date(), missing=[Missing.GRILLE])
    assert reminder.body.startswith("Bonjour,") and "Bien cordialement" in reminder.body
    assert "- déposer la grille d'information (résultats de votre concertation)." in reminder.body


def test_a_wrong_setting_is_explained_instead_of_breaking_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONCERTATIONS_SMTP_HOST", "smtp.exemple.fr")
    monkeypatch.setenv("CONCERTATIONS_SMTP_SENDER", "pas-une-adresse")
    reason = mail.unavailable_reason()
    assert reason is not None and reason.startswith("L'envoi de courriels est mal configuré : L'expéditeur")
    assert not mail.is_configured()
