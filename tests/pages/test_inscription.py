"""AppTest of « S'inscrire » and of the administrators' queue: a visitor files a request without
signing in; nothing is public until an administrator validates it in Administration."""

from __future__ import annotations

from typing import Any

import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.ui.widgets import markdown_text
from data_access.db import make_engine, session_scope
from data_access.models import (
    Participation,
    RegistrationRequest,
    RegistrationStatus,
    Territory,
    TerritoryLink,
)
from tests.support.env import ENTRYPOINT, PROJECT_ROOT
from tests.support.signin import ADMIN_EMAIL

PAGE = str(PROJECT_ROOT / "pages" / "inscription.py")
ADMINISTRATION = str(PROJECT_ROOT / "pages" / "administration.py")
PUBLIC = str(PROJECT_ROOT / "pages" / "territoires_engages.py")
CANDIDATES = (("29189", "Plougastel-Daoulas"), ("35360", "Vitré"), ("35288", "Saint-Malo"))


def _not_engaged(url: str) -> tuple[str, str]:
    """A commune of the reference that the demo campaign does not hold."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        held = set(session.scalars(select(Territory.code).join(Participation)))
    engine.dispose()
    return next(candidate for candidate in CANDIDATES if candidate[0] not in held)


def _requests(url: str) -> list[tuple[str, str, str | None]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = [(r.territory_name, r.status, r.contact_email) for r in session.scalars(select(RegistrationRequest))]
    engine.dispose()
    return rows


def _visitor() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.user = {"is_logged_in": False}
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest, label: str) -> Any:
    return next(w for w in at.text_input if w.label == label)


def _fill(at: AppTest, query: str, *, email: str = "Camille.Martin@Mairie.fr", website: str = "") -> AppTest:
    at.text_input(key="inscription_territoire").input(query).run()
    assert not at.exception, at.exception
    _text(at, "Nom et prénom de la personne à contacter").input("Camille Martin")
    _text(at, "Fonction").input("Chargée de mission numérique")
    _text(at, "Adresse électronique").input(email)
    if website:
        _text(at, "Site web (laissez ce champ vide)").input(website)
    at.multiselect[0].select("France urbaine")
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Envoyer la demande").click().run()
    assert not at.exception, at.exception
    return at


def test_a_visitor_files_a_request_without_signing_in_and_it_stays_private(
        signed_in_store: str, server_address: Any) -> None:
    code, name = _not_engaged(signed_in_store)
    at = _visitor()
    assert [t.value for t in at.title] == ["Inscrire votre territoire"]
    assert [e.label for e in at.expander] == ["Protection de vos données personnelles"]
    notice = " ".join(str(m.value) for m in at.expander[0].markdown)
    assert all(word in notice for word in ("Qui traite", "Pour quoi faire", "Combien de temps", "Vos droits"))
    at = _fill(at, code)
    assert not at.error, [e.value for e in at.error]
    assert f"la demande d'inscription de {markdown_text(name)} est bien reçue" in at.success[0].value
    assert _requests(signed_in_store) == [(name, RegistrationStatus.EN_ATTENTE.value, "camille.martin@mairie.fr")]
    public = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    public.user = {"is_logged_in": False}
    public.run()
    public.switch_page(PUBLIC).run()
    assert name not in set(public.dataframe[0].value["Territoire"])


def test_a_request_costs_one_run_and_another_request_starts_from_an_empty_form(
        signed_in_store: str, server_address: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The request is written in the button's callback (issue 26): no second run through st.rerun."""
    def rerun(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("l'envoi de la demande a demandé une seconde exécution (st.rerun)")

    monkeypatch.setattr(st, "rerun", rerun)
    code, _ = _not_engaged(signed_in_store)
    at = _fill(_visitor(), code)
    assert "est bien reçue" in at.success[0].value and len(_requests(signed_in_store)) == 1
    next(b for b in at.button if b.label == "Faire une autre demande").click().run()
    assert not at.exception and not at.success
    assert _text(at, "Nom et prénom de la personne à contacter").value == ""
    assert not at.checkbox[0].value


def test_the_honeypot_thanks_the_robot_and_stores_nothing(signed_in_store: str, server_address: Any) -> None:
    code, _ = _not_engaged(signed_in_store)
    at = _fill(_visitor(), code, website="http://promo.example")
    assert "est bien reçue" in at.success[0].value
    assert _requests(signed_in_store) == []


def test_a_second_request_for_a_pending_territory_gets_a_clear_french_message(
        signed_in_store: str, server_address: Any) -> None:
    code, name = _not_engaged(signed_in_store)
    _fill(_visitor(), code)
    at = _fill(_visitor(), code, email="autre@mairie.fr")
    assert [e.value for e in at.error] == [
        f"Une demande d'inscription pour {name} est déjà en attente de validation : la commission y répondra "
        "prochainement, inutile de la renvoyer."]
    assert len(_requests(signed_in_store)) == 1


def test_without_consent_or_territory_nothing_is_filed(signed_in_store: str, server_address: Any) -> None:
    at = _visitor()
    next(b for b in at.button if b.label == "Envoyer la demande").click().run()
    assert "Choisissez d'abord votre collectivité" in at.warning[0].value
    code, _ = _not_engaged(signed_in_store)
    at.text_input(key="inscription_territoire").input(code).run()
    next(b for b in at.button if b.label == "Envoyer la demande").click().run()
    assert "Indiquez le nom" in at.error[0].value
    assert _requests(signed_in_store) == []


def test_a_network_server_without_auth_shows_only_the_configuration_error(
        private_store: str, server_address: Any) -> None:
    server_address("0.0.0.0")
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60).run()
    assert "connexion sécurisée" in at.error[0].value
    assert "Inscrire votre territoire" not in [t.value for t in at.title] and not at.text_input


def _admin() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.user = {"is_logged_in": True, "email": ADMIN_EMAIL, "email_verified": True}
    at.run()
    at.switch_page(ADMINISTRATION).run()
    assert not at.exception, at.exception
    return at


def test_an_administrator_validates_a_request_and_creates_the_link_at_once(
        signed_in_store: str, server_address: Any) -> None:
    code, name = _not_engaged(signed_in_store)
    _fill(_visitor(), code)
    at = _admin()
    assert any("1 demande d'inscription en attente" in i.value for i in at.info)
    queue = next(df for df in at.dataframe if "Reçue le" in df.value.columns).value
    [label] = queue["Territoire"].tolist()
    assert label.startswith(f"{name} — Commune — ") and code not in label  # a name, never a bare code
    at.selectbox(key="inscription_demande").select_index(0).run()
    next(b for b in at.button if b.label == "Valider l'inscription").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(f"Inscription de {markdown_text(name)} validée" in s.value for s in at.success)
    assert _text(at, "Adresse électronique de la personne invitée").value == "camille.martin@mairie.fr"
    next(b for b in at.button if b.label == "Créer le lien personnel").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "/espace?jeton=" in at.code[0].value
    assert _requests(signed_in_store) == [(name, RegistrationStatus.VALIDEE.value, None)]  # contact moved
    engine = make_engine(signed_in_store)
    with session_scope(engine) as session:
        participation = session.scalar(select(Participation).join(Territory).where(Territory.code == code))
        assert participation is not None and participation.contact_email == "camille.martin@mairie.fr"
        link = session.scalar(select(TerritoryLink).where(TerritoryLink.participation_id == participation.id))
        assert link is not None and link.email == "camille.martin@mairie.fr"
    engine.dispose()
    assert not any("en attente de validation" in i.value for i in at.info)


def test_an_administrator_refuses_a_request_with_a_reason(signed_in_store: str, server_address: Any) -> None:
    code, name = _not_engaged(signed_in_store)
    _fill(_visitor(), code)
    at = _admin()
    at.selectbox(key="inscription_demande").select_index(0).run()
    next(b for b in at.button if b.label == "Refuser la demande").click().run()
    assert "Indiquez le motif du refus." in [e.value for e in at.error]
    next(w for w in at.text_area if w.label == "Motif du refus").input("Demande en double.")
    next(b for b in at.button if b.label == "Refuser la demande").click().run()
    assert any(f"Demande de {markdown_text(name)} refusée." in s.value for s in at.success)
    assert _requests(signed_in_store)[0][1] == RegistrationStatus.REFUSEE.value
