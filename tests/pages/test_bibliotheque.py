"""AppTest of the Bibliothèque des concertations (as a territory, as the commission) and of the
« Ce que vous partagez » section of the territory space, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.ui.widgets import markdown_text
from data_access.access import SYSTEM_ACTOR, Actor
from data_access.db import make_engine, session_scope
from data_access.models import Campaign, Participation, Role, SharingChoice, Stage, Territory
from data_access.space import personal_links, sharing
from tests.support.apptest import page_path, texts
from tests.support.env import ENTRYPOINT


def _with_grid(url: str) -> list[tuple[int, str]]:
    """(participation id, name) of territories with a grid, by name."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = session.execute(select(Participation.id, Territory.name).join(Territory)
                               .where(Participation.stage.in_(Stage.GRILLE_DEPOSEE.and_later()))
                               .order_by(Territory.name)).all()
    engine.dispose()
    return [(int(pid), str(name)) for pid, name in rows]


def _without_choice(url: str) -> int:
    """A territory with a grid that has not chosen yet (the charter's defaults apply)."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        chosen = set(session.scalars(select(SharingChoice.participation_id)))
    engine.dispose()
    return next(pid for pid, _ in _with_grid(url) if pid not in chosen)


def _prepare(url: str, *, own: int, other: int) -> str:
    """An invitation for ``own``; ``other`` shares its methods only. Returns the invitation token."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        issued = personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=own, email="mairie@exemple.fr")
        sharing.set_choices(session, actor=Actor(email="autre@exemple.fr", role=Role.TERRITOIRE,
                                                 participation_ids=frozenset({other})),
                            participation_id=other, methods=True, findings=False, proposals=False)
    engine.dispose()
    return issued.token


def _contacts(url: str, *, besides: int) -> list[str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = session.execute(select(Participation.contact_email, Participation.contact_phone)
                               .where(Participation.id != besides)).all()
    engine.dispose()
    return [value for row in rows for value in row if value]


def _everything(at: AppTest) -> str:
    parts = [texts(at)] + [e.label for e in at.expander] + [str(e.value) for e in at.success]
    parts += [d.value.to_csv() for d in at.dataframe]
    return "\n".join(parts)


def _territory_app(token: str) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=90)
    at.query_params["jeton"] = token
    at.run()
    assert not at.exception
    return at


def test_a_territory_sees_what_others_share_its_own_entry_and_no_contact(
        private_store: str, server_address: Any) -> None:
    with_grid = _with_grid(private_store)
    (own, own_name), (other, other_name) = with_grid[0], with_grid[1]
    at = _territory_app(_prepare(private_store, own=own, other=other))
    at.switch_page(page_path("bibliotheque")).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Bibliothèque des concertations"
    assert at.header[0].value == markdown_text(own_name)  # its own entry first
    assert any("Votre territoire : vous voyez toute votre fiche." in i.value for i in at.info)
    shown = _everything(at)
    assert "Territoires affichés" in [s.label for s in at.selectbox]  # 150+ territories: pages
    leaked = [value for value in _contacts(private_store, besides=own) if value in shown]
    assert not leaked
    # Searching a territory's name shows it alone: its methods, but not what it keeps to itself.
    at.text_input[0].input(other_name).run()
    assert not at.exception
    assert markdown_text(other_name) in [s.value for s in at.header]
    shown = _everything(at)
    assert "Propositions non partagées par ce territoire." in shown
    assert "Enseignements non partagés par ce territoire." in shown
    assert any(label.startswith("Méthodes — ") for label in (e.label for e in at.expander))


def test_the_commission_filters_and_searches_the_library(private_store: str, server_address: Any) -> None:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=90).run()  # mode local: the administrator
    at.switch_page(page_path("bibliotheque")).run()
    assert not at.exception, at.exception
    assert "comme les territoires" in texts(at)
    kinds = next(w for w in at.multiselect if w.label == "Type de collectivité")
    assert "epci" not in kinds.options and "Intercommunalité" in kinds.options  # French labels, never codes
    kinds.set_value(["epci"]).run()
    assert not at.exception
    assert all("Intercommunalité" in c.value for c in at.caption if " · " in str(c.value))
    formats = next(w for w in at.multiselect if w.label == "Format des sessions")
    assert "Atelier" in formats.options
    at.text_input[0].input("formation des agents").run()
    assert not at.exception and at.header
    assert any("enseignement" in str(m.value) or "proposition" in str(m.value) for m in at.markdown)
    at.text_input[0].input("zzzz introuvable").run()
    assert any("Aucun territoire ne correspond" in i.value for i in at.info)


def test_the_territory_changes_what_it_shares_in_its_space(private_store: str, server_address: Any) -> None:
    own = _without_choice(private_store)
    other = next(pid for pid, _ in _with_grid(private_store) if pid != own)
    at = _territory_app(_prepare(private_store, own=own, other=other))
    assert "Ce que vous partagez" in [h.value for h in at.header]
    assert "Ce sont les choix prévus par la charte" in texts(at)
    assert "jamais" in texts(at)
    toggle = next(t for t in at.toggle if t.label == "Partager nos propositions")
    assert toggle.value is True
    toggle.set_value(False)
    next(b for b in at.button if b.label == "Enregistrer mes choix de partage").click().run()
    assert not at.exception and not at.error
    assert any("choix de partage sont enregistrés" in str(s.value) for s in at.success)
    assert "mais pas vos propositions" in texts(at)
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        stored = session.get(SharingChoice, own)
        assert stored is not None and (stored.methods, stored.findings, stored.proposals) == (True, True, False)
    engine.dispose()


def test_the_menu_keeps_the_territory_when_the_address_loses_its_link(
        private_store: str, server_address: Any) -> None:
    own, name = _with_grid(private_store)[0]
    at = _territory_app(_prepare(private_store, own=own, other=_with_grid(private_store)[1][0]))
    at.query_params.clear()  # what a click in the menu does to the address
    at.switch_page(page_path("bibliotheque")).run()
    assert not at.exception
    assert at.header[0].value == markdown_text(name) and "Mode local" not in texts(at)
    assert at.query_params.get("acces")  # put back in the address
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        for link in personal_links.list_links(session, actor=SYSTEM_ACTOR, participation_id=own):
            personal_links.revoke_link(session, actor=SYSTEM_ACTOR, link_id=link.id)
    engine.dispose()
    at.query_params.clear()
    at.run()
    assert [t.value for t in at.title] == ["Accès non autorisé"]
    assert "révoqué" in at.error[0].value


def test_the_administrator_sets_the_charter_defaults_next_to_the_charter(
        private_store: str, server_address: Any) -> None:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=90).run()  # mode local: the administrator
    at.switch_page(page_path("administration")).run()
    assert not at.exception
    assert "Partage entre territoires" in [s.value for s in at.subheader]
    toggle = next(t for t in at.toggle if t.label == "Propositions partagées par défaut")
    assert toggle.value is True
    toggle.set_value(False)
    next(b for b in at.button if b.label == "Enregistrer le partage par défaut").click().run()
    assert not at.exception and any("Partage par défaut enregistré" in str(s.value) for s in at.success)
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        campaign = session.scalars(select(Campaign)).one()
        assert (campaign.share_methods_default, campaign.share_findings_default,
                campaign.share_proposals_default) == (True, True, False)
    engine.dispose()
