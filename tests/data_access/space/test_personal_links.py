"""Personal links of territories: single use, expiry, revocation, forgery; a territory acts only for itself."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import campaigns
from data_access.access import Actor
from data_access.errors import PermissionDenied, ValidationError
from data_access.models import AuditEvent, CharterSignature, Role, Stage, TerritoryLink
from data_access.space import participations, personal_links
from tests.support.factories import ADMIN, EDITOR, READER, make_campaign, make_participation

CHARTER = "Nous nous engageons à conduire une concertation sincère et ouverte."


@pytest.fixture
def engaged(session: Session) -> tuple[int, int]:
    campaign = make_campaign(session)
    campaigns.publish_charter(session, actor=ADMIN, campaign_id=campaign.id, text=CHARTER)
    rennes = make_participation(session, campaign)
    brest = make_participation(session, campaign, code="29019")
    return rennes.id, brest.id


def test_an_invitation_opens_once_and_gives_a_territory_access(session: Session, engaged: tuple[int, int]) -> None:
    rennes, _ = engaged
    issued = personal_links.create_invitation(session, actor=EDITOR, participation_id=rennes, email="Agent@Rennes.fr")
    assert len(issued.token) >= 43  # 32 random bytes, URL-safe
    stored = session.get(TerritoryLink, issued.link_id)
    assert stored is not None and stored.token_hash == personal_links.digest(issued.token) != issued.token
    access, actor = personal_links.redeem_invitation(session, issued.token)
    assert actor == Actor(email="agent@rennes.fr", role=Role.TERRITOIRE, participation_ids=frozenset({rennes}))
    assert personal_links.actor_for_access(session, access.token) == actor
    with pytest.raises(PermissionDenied, match="déjà été utilisé"):
        personal_links.redeem_invitation(session, issued.token)


def test_no_token_ever_reaches_the_audit_log(session: Session, engaged: tuple[int, int]) -> None:
    issued = personal_links.create_invitation(session, actor=EDITOR, participation_id=engaged[0], email="a@b.fr")
    access, _ = personal_links.redeem_invitation(session, issued.token)
    logged = " ".join(f"{e.summary} {e.before} {e.after}" for e in session.scalars(select(AuditEvent)))
    assert issued.token not in logged and access.token not in logged
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"espace.invitation", "espace.ouverture"} <= actions


@pytest.mark.parametrize("token", ["", "x", "jeton-forge-" + "a" * 40])
def test_a_forged_token_is_refused(session: Session, engaged: tuple[int, int], token: str) -> None:
    with pytest.raises(PermissionDenied, match="pas valide"):
        personal_links.redeem_invitation(session, token)
    with pytest.raises(PermissionDenied, match="pas valide"):
        personal_links.actor_for_access(session, token)


def test_an_invitation_token_is_not_an_access_token(session: Session, engaged: tuple[int, int]) -> None:
    issued = personal_links.create_invitation(session, actor=EDITOR, participation_id=engaged[0], email="a@b.fr")
    with pytest.raises(PermissionDenied, match="pas valide"):
        personal_links.actor_for_access(session, issued.token)


def test_expired_links_are_refused(session: Session, engaged: tuple[int, int]) -> None:
    issued = personal_links.create_invitation(session, actor=EDITOR, participation_id=engaged[0], email="a@b.fr")
    link = session.get(TerritoryLink, issued.link_id)
    assert link is not None
    link.expires_at = dt.datetime(2020, 1, 1)
    with pytest.raises(PermissionDenied, match="expiré"):
        personal_links.redeem_invitation(session, issued.token)


def test_revoking_an_invitation_closes_the_access_it_opened(session: Session, engaged: tuple[int, int]) -> None:
    issued = personal_links.create_invitation(session, actor=EDITOR, participation_id=engaged[0], email="a@b.fr")
    access, _ = personal_links.redeem_invitation(session, issued.token)
    personal_links.revoke_link(session, actor=ADMIN, link_id=issued.link_id)
    with pytest.raises(PermissionDenied, match="révoqué"):
        personal_links.actor_for_access(session, access.token)
    statuses = {view.kind: view.status for view in personal_links.list_links(session, actor=EDITOR)}
    assert statuses == {"invitation": "révoqué", "acces": "révoqué"}


def test_readers_and_territories_cannot_invite_or_list(session: Session, engaged: tuple[int, int]) -> None:
    territory = Actor(email="t@x.fr", role=Role.TERRITOIRE, participation_ids=frozenset({engaged[0]}))
    for actor in (READER, territory):
        with pytest.raises(PermissionDenied):
            personal_links.create_invitation(session, actor=actor, participation_id=engaged[0], email="a@b.fr")
        with pytest.raises(PermissionDenied):
            personal_links.list_links(session, actor=actor)


def test_bad_invitation_input_is_refused_in_french(session: Session, engaged: tuple[int, int]) -> None:
    with pytest.raises(ValidationError, match="adresse électronique"):
        personal_links.create_invitation(session, actor=EDITOR, participation_id=engaged[0], email="alex.roy(at)mairie.fr")
    with pytest.raises(ValidationError, match="durée"):
        personal_links.create_invitation(session, actor=EDITOR, participation_id=engaged[0], email="a@b.fr", expires_days=0)


def test_a_territory_signs_its_own_charter_with_the_version_it_read(session: Session, engaged: tuple[int, int]) -> None:
    rennes, _ = engaged
    issued = personal_links.create_invitation(session, actor=EDITOR, participation_id=rennes, email="maire@rennes.fr")
    _, actor = personal_links.redeem_invitation(session, issued.token)
    participations.sign_own_charter(session, actor=actor, participation_id=rennes, signatory_name="Nathalie Appéré",
                                    signatory_role="Maire", signed_on=dt.date.today(), accepted=True)
    signature = session.scalar(select(CharterSignature).where(CharterSignature.participation_id == rennes))
    assert signature is not None
    assert (signature.signatory_name, signature.signatory_role, signature.charter_version, signature.signed_by) == (
        "Nathalie Appéré", "Maire", 1, "maire@rennes.fr")
    own = personal_links.own_space(session, actor=actor, participation_id=rennes)
    assert own.stage is Stage.CHARTE_SIGNEE and own.signed_version == 1 and own.charter_text == CHARTER


def test_a_territory_never_acts_for_another(session: Session, engaged: tuple[int, int]) -> None:
    rennes, brest = engaged
    actor = Actor(email="t@rennes.fr", role=Role.TERRITOIRE, participation_ids=frozenset({rennes}))
    with pytest.raises(PermissionDenied, match="pas le vôtre"):
        participations.sign_own_charter(session, actor=actor, participation_id=brest, signatory_name="X",
                                        signatory_role="Y", signed_on=dt.date.today(), accepted=True)
    with pytest.raises(PermissionDenied, match="pas le vôtre"):
        personal_links.own_space(session, actor=actor, participation_id=brest)


def test_signing_needs_the_explicit_acceptance_and_a_published_charter(session: Session, engaged: tuple[int, int]) -> None:
    rennes, _ = engaged
    actor = Actor(email="t@rennes.fr", role=Role.TERRITOIRE, participation_ids=frozenset({rennes}))
    with pytest.raises(ValidationError, match="Cochez"):
        participations.sign_own_charter(session, actor=actor, participation_id=rennes, signatory_name="X",
                                        signatory_role="Y", signed_on=dt.date.today(), accepted=False)
    other = make_campaign(session, slug="sans-charte")
    bordeaux = make_participation(session, other, code="33063")
    actor = Actor(email="t@bdx.fr", role=Role.TERRITOIRE, participation_ids=frozenset({bordeaux.id}))
    with pytest.raises(ValidationError, match="pas encore publiée"):
        participations.sign_own_charter(session, actor=actor, participation_id=bordeaux.id, signatory_name="X",
                                        signatory_role="Y", signed_on=dt.date.today(), accepted=True)


def test_a_territory_reads_nothing_of_the_commission(session: Session, engaged: tuple[int, int]) -> None:
    """Every lecteur-level function refuses the territory role (the generic access tests cover the rest)."""
    from data_access import audit, users

    actor = Actor(email="t@rennes.fr", role=Role.TERRITOIRE, participation_ids=frozenset({engaged[0]}))
    with pytest.raises(PermissionDenied):
        participations.contacts_of_campaign(session, actor=actor, campaign_id=1)
    with pytest.raises(PermissionDenied):
        audit.list_events(session, actor=actor)
    with pytest.raises(PermissionDenied):
        users.list_users(session, actor=actor)
