"""AppTest of the territory space: a personal link opens only that territory's space; the charter is signed there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.models import CharterSignature, Participation, Stage
from data_access.space import personal_links
from tests.support.env import ENTRYPOINT


def _invite(url: str) -> tuple[str, int]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        participation = session.scalars(select(Participation).where(Participation.stage == Stage.ENGAGE.value)
                                        .order_by(Participation.id)).first()
        assert participation is not None
        issued = personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=participation.id,
                                         email="mairie@exemple.fr")
        pid = participation.id
    engine.dispose()
    return issued.token, pid


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def test_the_link_opens_only_the_territory_space_and_the_charter_is_signed(
        private_store: str, server_address: Any) -> None:
    token, participation_id = _invite(private_store)
    at = _app(jeton=token).run()
    assert not at.exception
    assert at.title[0].value.startswith("Espace territoire — ")
    assert at.query_params.get("acces") and "jeton" not in at.query_params
    registered = {str(info.get("script_path", "")).rsplit("/", 1)[-1] for info in at._registered_pages.values()}
    # "": the hidden landing page (a function); the Bibliothèque shows what territories share.
    assert registered - {"app.py", ""} == {"espace.py", "bibliotheque.py"}
    at.text_input[0].input("Camille Martin")
    at.text_input[1].input("Maire")
    at.checkbox[0].check()
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert any("Charte signée le" in str(s.value) for s in at.success)
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        signature = session.scalar(select(CharterSignature).where(CharterSignature.participation_id == participation_id))
        stage = session.get(Participation, participation_id)
        assert signature is not None and signature.signatory_name == "Camille Martin"
        assert signature.signed_on == dt.date.today() and stage is not None
        assert stage.stage == Stage.CHARTE_SIGNEE.value
    engine.dispose()


def test_a_reused_invitation_shows_a_french_refusal_and_no_page(private_store: str, server_address: Any) -> None:
    token, _ = _invite(private_store)
    _app(jeton=token).run()
    at = _app(jeton=token).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Accès non autorisé"]
    assert "déjà été utilisé" in at.error[0].value


def test_a_forged_access_shows_a_french_refusal(private_store: str, server_address: Any) -> None:
    at = _app(acces="n-importe-quoi").run()
    assert [t.value for t in at.title] == ["Accès non autorisé"]
    assert "pas valide" in at.error[0].value


def test_a_network_server_without_auth_shows_only_the_configuration_error(
        private_store: str, server_address: Any) -> None:
    token, _ = _invite(private_store)
    server_address("0.0.0.0")
    at = _app(jeton=token).run()
    assert "connexion sécurisée" in at.error[0].value
    assert not [t for t in at.title if str(t.value).startswith("Espace territoire")]


def test_a_charter_signed_on_paper_stands_and_is_not_offered_again(private_store: str, server_address: Any) -> None:
    """An imported grid records a paper signature without name or charter version: the space says
    it is signed, with no « None », and does not ask the territory to sign again."""
    token, participation_id = _invite(private_store)
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        session.add(CharterSignature(participation_id=participation_id, signed_on=dt.date(2025, 1, 9)))
    engine.dispose()
    at = _app(jeton=token).run()
    assert not at.exception
    assert [str(s.value) for s in at.success][:1] == ["Charte signée le 9 janvier 2025\\."]
    assert not any("Signer la charte" in str(b.label) for b in at.button)
    assert "None" not in " ".join(str(m.value) for m in at.markdown)
