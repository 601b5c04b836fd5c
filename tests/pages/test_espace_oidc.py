"""OIDC sign-in of a territory (AppTest): an invitation binds its e-mail to the territory, so a
person signed in with that address opens only that territory's space."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.models import Participation, Stage
from data_access.space import personal_links
from tests.support.env import ENTRYPOINT

INVITED = "agent.numerique@exemple.fr"


def _invite(url: str) -> tuple[int, str, int]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        participation = session.scalars(select(Participation).where(Participation.stage == Stage.ENGAGE.value)
                                        .order_by(Participation.id)).first()
        assert participation is not None
        issued = personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=participation.id,
                                         email=INVITED)
        found = participation.id, participation.territory.name, issued.link_id
    engine.dispose()
    return found


def _signed_in(email: str) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.user = {"is_logged_in": True, "email": email, "email_verified": True, "name": "Agent Numérique"}
    return at.run()


def test_an_invited_address_signs_in_to_its_territory_space_only(signed_in_store: str, server_address: Any) -> None:
    _, name, _ = _invite(signed_in_store)
    at = _signed_in(INVITED.upper())
    assert not at.exception, at.exception
    assert at.title[0].value == f"Espace territoire — {name}"
    registered = {str(info.get("script_path", "")).rsplit("/", 1)[-1] for info in at._registered_pages.values()}
    assert registered - {"app.py", ""} == {"espace.py", "bibliotheque.py"}  # its space and the Bibliothèque
    # Signed in with an account (not a link): the sidebar offers to sign out.
    assert [b.label for b in at.sidebar.button] == ["Se déconnecter"]
    assert any("Territoire" in str(c.value) for c in at.sidebar.caption)


def test_a_revoked_invitation_no_longer_opens_the_space(signed_in_store: str, server_address: Any) -> None:
    _, _, link_id = _invite(signed_in_store)
    engine = make_engine(signed_in_store)
    with session_scope(engine) as session:
        personal_links.revoke_link(session, actor=SYSTEM_ACTOR, link_id=link_id)
    engine.dispose()
    at = _signed_in(INVITED)
    assert [t.value for t in at.title] == ["Accès non autorisé"]
    assert "n'a pas de rôle" in at.error[0].value


def test_a_commission_role_wins_over_an_invitation(signed_in_store: str, server_address: Any) -> None:
    engine = make_engine(signed_in_store)
    with session_scope(engine) as session:
        participation = session.scalars(select(Participation).order_by(Participation.id)).first()
        assert participation is not None
        personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=participation.id,
                                email="lecteur@exemple.fr")
    engine.dispose()
    at = _signed_in("lecteur@exemple.fr")
    assert not at.exception
    assert not [t for t in at.title if str(t.value).startswith("Espace territoire")]
    assert any("Lecteur" in str(c.value) for c in at.sidebar.caption)
