"""AppTest of « Atelier du manifeste » on a private demo store (these tests write)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access import campaigns, db, manifesto
from data_access.access import Actor
from data_access.db import session_scope
from data_access.manifesto import similarity
from data_access.models import Role
from tests.support.env import ENTRYPOINT, PROJECT_ROOT

ATELIER = str(PROJECT_ROOT / "pages" / "atelier.py")
OTHER = Actor(email="autre.editeur@exemple.fr", role=Role.EDITEUR)


@pytest.fixture
def private_demo(private_store: str) -> str:
    """The demo in a store of this test's own, on each backend (these tests write)."""
    return private_store


def _open() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.run()
    at.switch_page(ATELIER).run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str, index: int = 0) -> object:
    return [b for b in at.button if b.label == label][index]


def _first_section(url: str) -> manifesto.SectionView:
    with session_scope(db.get_engine(url)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        return manifesto.list_sections(session, campaign.id)[0]


def test_workshop_renders_every_tab(private_demo: str) -> None:
    at = _open()
    assert at.title[0].value == "Atelier du manifeste"
    assert [t.label for t in at.tabs] == ["Explorer", "Propositions proches", "Sections", "Historique", "Couverture"]
    labels = {m.label for m in at.metric}
    assert {"Propositions trouvées", "Territoires", "Suggestions en attente", "Territoires représentés",
            "Territoires engagés"} <= labels


def test_search_filters_and_add_to_section(private_demo: str) -> None:
    at = _open()
    at.text_input[0].input('"accueil humain"').run()
    found = next(m for m in at.metric if m.label == "Propositions trouvées")
    assert 0 < int(found.value.replace("\u202f", "").replace(" ", "")) < 200
    first_pick = next(c for c in at.checkbox if c.key and c.key.startswith("pick-"))
    assert "accueil humain" in first_pick.label
    first_pick.check().run()
    before = len(_first_section(private_demo).items)
    _button(at, "Ajouter à la section").click().run()
    assert not at.exception
    assert len(_first_section(private_demo).items) == before + 1
    assert any("ajoutée" in s.value for s in at.success)


def test_accept_a_suggestion(private_demo: str) -> None:
    at = _open()
    _button(at, "Accepter le regroupement").click().run()
    assert not at.exception
    assert any("Regroupement accepté" in s.value for s in at.success)
    with session_scope(db.get_engine(private_demo)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        assert len(similarity.list_groups(session, campaign.id)) == 1


def test_conflicting_save_shows_both_texts(private_demo: str) -> None:
    at = _open()
    section = _first_section(private_demo)
    intro = next(t for t in at.text_area if t.key and t.key.startswith(f"intro-{section.id}-"))
    # Another editor saves first, after this editor opened the section.
    with session_scope(db.get_engine(private_demo)) as session:
        manifesto.update_section(session, actor=OTHER, section_id=section.id, expected_version=section.version,
                                 title=section.title, introduction="Introduction de l'autre éditeur.",
                                 status="en_relecture")
    intro.input("Mon introduction à moi.").run()
    _button(at, "Enregistrer la section").click().run()
    assert not at.exception
    assert any("autre.editeur@exemple.fr" in e.value and "n'a pas été enregistrée" in e.value for e in at.error)
    values = [t.value for t in at.text_area]
    assert any("Introduction de l'autre éditeur." in v for v in values)
    assert "Mon introduction à moi." in values
    assert _first_section(private_demo).introduction == "Introduction de l'autre éditeur."


def test_restore_a_version(private_demo: str) -> None:
    section = _first_section(private_demo)
    with session_scope(db.get_engine(private_demo)) as session:
        manifesto.update_section(session, actor=OTHER, section_id=section.id, expected_version=section.version,
                                 title="Titre changé", introduction="", status="brouillon")
    at = _open()
    code = " ".join(c.value for c in at.code)
    assert "+Titre : Titre changé" in code
    restore_choice = next(s for s in at.selectbox if s.label == "Version à restaurer")
    restore_choice.set_value(1).run()
    _button(at, "Restaurer cette version").click().run()
    assert not at.exception
    restored = _first_section(private_demo)
    assert restored.title == "IA sociale" and restored.version == section.version + 2


def test_reword_and_move_an_item(private_demo: str) -> None:
    at = _open()
    section = _first_section(private_demo)
    item = section.items[0]
    wording = next(t for t in at.text_area if t.key == f"wording-{item.id}-0")
    wording.input("Former tous les agents, élus compris.").run()
    _button(at, "Enregistrer").click().run()
    assert not at.exception
    assert _first_section(private_demo).items[0].wording == "Former tous les agents, élus compris."
    at = _open()
    _button(at, "Déplacer").click().run()
    assert not at.exception
    moved_from = _first_section(private_demo)
    assert item.id not in {i.id for i in moved_from.items}
    with session_scope(db.get_engine(private_demo)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        second = manifesto.list_sections(session, campaign.id)[1]
    assert second.items[-1].id == item.id
