"""Reminder links and the audit of e-mails: fresh invitations for the territories to remind only,
to their contact address; refused below éditeur; logged without a token or a message body."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.errors import PermissionDenied, ValidationError
from data_access.models import AuditEvent, Stage, TerritoryLink
from data_access.space import outreach, personal_links
from data_access.space.outreach import MailKind, Missing
from tests.support.factories import EDITOR, READER, make_campaign, make_participation


@pytest.fixture
def territories(session: Session) -> dict[str, int]:
    campaign = make_campaign(session)
    rennes = make_participation(session, campaign)  # engagé: charter and grid missing
    brest = make_participation(session, campaign, code="29019", stage=Stage.CHARTE_SIGNEE)  # grid missing
    paris = make_participation(session, campaign, code="75056", stage=Stage.GRILLE_DEPOSEE)  # nothing missing
    lyon = make_participation(session, campaign, code="69123")
    lyon.contact_email = None  # no address: named, no link
    session.flush()
    return {"rennes": rennes.id, "brest": brest.id, "paris": paris.id, "lyon": lyon.id}


def test_reminder_links_go_to_the_territories_missing_a_step_at_their_contact_address(
        session: Session, territories: dict[str, int]) -> None:
    result = outreach.create_reminder_links(session, actor=EDITOR, participation_ids=territories.values())
    by_name = {link.territory_name: link for link in result.links}
    assert set(by_name) == {"Rennes", "Brest"}
    assert by_name["Rennes"].missing == (Missing.CHARTE, Missing.GRILLE)
    assert by_name["Rennes"].missing_text == "Charte non signée, Grille non déposée"
    assert by_name["Brest"].missing == (Missing.GRILLE,) and by_name["Brest"].stage_label == "Charte signée"
    assert by_name["Rennes"].email == "camille.martin@exemple.fr" and by_name["Rennes"].kind_label == "Commune"
    assert result.without_email == ("Lyon",)
    # Ordinary single-use invitations: stored as digests, opened by the territory's own link.
    stored = session.get(TerritoryLink, by_name["Rennes"].issued.link_id)
    assert stored is not None and stored.kind == personal_links.INVITATION and stored.token_hash != by_name["Rennes"].issued.token
    _access, actor = personal_links.redeem_invitation(session, by_name["Brest"].issued.token)
    assert actor.participation_ids == frozenset({territories["brest"]})


def test_reminder_links_are_audited_one_by_one_and_as_a_batch_without_tokens(
        session: Session, territories: dict[str, int]) -> None:
    result = outreach.create_reminder_links(session, actor=EDITOR, participation_ids=territories.values())
    session.flush()
    events = session.scalars(select(AuditEvent).where(AuditEvent.action.in_(("espace.invitation", "espace.relances")))
                             ).all()
    assert sorted(e.action for e in events) == ["espace.invitation", "espace.invitation", "espace.relances"]
    assert all(e.actor == EDITOR.email for e in events)
    batch = next(e for e in events if e.action == "espace.relances")
    # Counts agree in French (the Journal shows this sentence): never « lien(s) » nor « territoire(s) ».
    assert batch.summary == "2 liens de relance créés ; 1 territoire sans adresse de contact"
    logged = " ".join(f"{e.summary} {e.before} {e.after}" for e in events)
    assert not any(link.issued.token in logged for link in result.links)


def test_nothing_to_remind_creates_nothing(session: Session, territories: dict[str, int]) -> None:
    result = outreach.create_reminder_links(session, actor=EDITOR, participation_ids=[territories["paris"]])
    assert result.links == () and result.without_email == () and result.expires_at is None
    assert outreach.create_reminder_links(session, actor=EDITOR, participation_ids=[]).links == ()
    assert session.scalar(select(func.count()).select_from(TerritoryLink)) == 0


def test_a_reader_cannot_create_reminder_links_nor_log_a_mail(session: Session, territories: dict[str, int]) -> None:
    session.flush()
    with pytest.raises(PermissionDenied, match="Lecteur"):
        outreach.create_reminder_links(session, actor=READER, participation_ids=territories.values())
    with pytest.raises(PermissionDenied, match="Lecteur"):
        outreach.record_mail_sent(session, actor=READER, participation_id=territories["rennes"],
                                  kind=MailKind.INVITATION, recipient="x@exemple.fr")
    session.flush()
    assert session.scalar(select(func.count()).select_from(TerritoryLink)) == 0
    assert not session.scalars(select(AuditEvent).where(AuditEvent.action.like("espace.%"))).all()


def test_a_mail_sent_is_logged_with_its_kind_and_address_only(session: Session, territories: dict[str, int]) -> None:
    outreach.record_mail_sent(session, actor=EDITOR, participation_id=territories["rennes"],
                              kind=MailKind.GRILLE_RENVOYEE, recipient=" Mairie@Rennes.fr ")
    session.flush()
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "espace.courriel")).one()
    assert event.summary == "Courriel « Grille renvoyée » envoyé à mairie@rennes.fr pour Rennes"
    assert event.after == {"kind": "grille_renvoyee", "email": "mairie@rennes.fr"}
    assert event.entity_id == str(territories["rennes"])
    with pytest.raises(ValidationError, match="type de courriel"):
        outreach.record_mail_sent(session, actor=EDITOR, participation_id=territories["rennes"], kind="spam",
                                  recipient="x@exemple.fr")
    with pytest.raises(ValidationError, match="pas engagé"):
        outreach.record_mail_sent(session, actor=EDITOR, participation_id=999_999, kind=MailKind.RELANCE,
                                  recipient="x@exemple.fr")
