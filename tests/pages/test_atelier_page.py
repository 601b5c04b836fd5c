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


def _open(step: str | None = None, *, timeout: int = 120) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=timeout)
    at.run()
    at.switch_page(ATELIER).run()
    assert not at.exception, at.exception
    if step is not None:
        _go(at, step)
    return at


def _go(at: AppTest, step: str) -> None:
    at.segmented_control[0].set_value(step).run()
    assert not at.exception, at.exception


def _step(at: AppTest) -> str:
    return str(at.segmented_control[0].value)


def _button(at: AppTest, label: str, index: int = 0) -> object:
    return [b for b in at.button if b.label == label][index]


def _first_section(url: str) -> manifesto.SectionView:
    with session_scope(db.get_engine(url)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        return manifesto.list_sections(session, campaign.id)[0]


def test_workshop_renders_every_step(private_demo: str) -> None:
    at = _open()
    assert at.title[0].value == "Atelier du manifeste"
    assert list(at.segmented_control[0].options) == ["Explorer", "Thèmes", "Sections", "Suggestions",
                                                     "Historique", "Couverture"]
    labels = {m.label for m in at.metric}
    assert {"Propositions trouvées", "Territoires"} <= labels
    _go(at, "Thèmes")
    assert "Suggestions en attente" in {m.label for m in at.metric}
    _go(at, "Couverture")
    assert {"Territoires représentés", "Territoires engagés"} <= {m.label for m in at.metric}
    _go(at, "Historique")
    _go(at, "Sections")
    assert any(b.label == "Enregistrer la section" for b in at.button)


def test_search_filters_and_add_to_section(private_demo: str) -> None:
    at = _open()
    at.text_input[0].input('"reconnaissance faciale"').run()
    found = next(m for m in at.metric if m.label == "Propositions trouvées")
    assert 0 < int(found.value.replace("\u202f", "").replace(" ", "")) < 200
    first_pick = next(c for c in at.checkbox
                      if c.key and c.key.startswith("pick-") and "badge[dans " not in c.label)
    assert "reconnaissance faciale" in first_pick.label.lower()
    first_pick.check().run()
    before = len(_first_section(private_demo).items)
    _button(at, "Ajouter à la section").click().run()
    assert not at.exception
    assert len(_first_section(private_demo).items) == before + 1
    assert any("ajoutée" in s.value for s in at.success)


def test_accept_a_suggestion(private_demo: str) -> None:
    at = _open("Thèmes")
    _button(at, "Accepter le regroupement").click().run()
    assert not at.exception
    assert any("Regroupement accepté" in s.value for s in at.success)
    with session_scope(db.get_engine(private_demo)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        assert len(similarity.list_groups(session, campaign.id)) == 1


def test_conflicting_save_shows_both_texts(private_demo: str) -> None:
    at = _open("Sections")
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
    at = _open("Historique")
    shown = " ".join(m.value for m in at.markdown)
    # Words added and removed, not a unified diff.
    assert ":red-background[~~IA sociale~~]" in shown and ":green-background[**Titre changé**]" in shown
    assert not at.code and "@@" not in shown
    assert any("mots ajoutés" in c.value for c in at.caption)
    assert not any("ligne-de-commande" in c.value or "mode-local@" in c.value for c in at.caption)
    history = next(d for d in at.dataframe if "Par" in d.value.columns)
    assert "Date (heure de Paris)" in history.value.columns
    assert not history.value["Par"].str.contains("ligne-de-commande:|mode-local@", regex=True).any()
    restore_choice = next(s for s in at.selectbox if s.label == "Version à restaurer")
    restore_choice.set_value(1).run()
    _button(at, "Restaurer cette version").click().run()
    assert not at.exception
    restored = _first_section(private_demo)
    assert restored.title == "IA sociale" and restored.version == section.version + 2


def test_reword_and_move_an_item(private_demo: str) -> None:
    at = _open("Sections")
    section = _first_section(private_demo)
    item = section.items[0]
    next(t for t in at.toggle if t.key == f"reword-{item.id}").set_value(True).run()
    wording = next(t for t in at.text_area if t.key == f"wording-{item.id}-0")
    wording.input("Former tous les agents, élus compris.").run()
    _button(at, "Enregistrer").click().run()
    assert not at.exception
    assert _first_section(private_demo).items[0].wording == "Former tous les agents, élus compris."
    assert _step(at) == "Sections"
    at = _open("Sections")
    _button(at, "Déplacer").click().run()
    assert not at.exception
    moved_from = _first_section(private_demo)
    assert item.id not in {i.id for i in moved_from.items}
    with session_scope(db.get_engine(private_demo)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        second = manifesto.list_sections(session, campaign.id)[1]
    assert second.items[-1].id == item.id


def _picks(at: AppTest) -> list[object]:
    return [c for c in at.checkbox if c.key and c.key.startswith("pick-")]


def test_every_proposal_shows_the_item_it_feeds_and_adding_it_again_asks(private_demo: str) -> None:
    section = _first_section(private_demo)
    fed = section.items[0]
    at = _open()
    words = _proposal_text(private_demo, fed.proposal_ids[0]).split()[:6]
    at.text_input[0].input('"' + " ".join(words).strip(".,;:") + '"').run()
    placed = next(c for c in _picks(at) if int(c.key.rsplit("-", 1)[1]) in fed.proposal_ids)
    assert "dans 1.1" in placed.label
    placed.check().run()
    _button(at, "Ajouter à la section").click().run()
    assert not at.exception
    assert any("déjà le manifeste" in w.value and "dans 1.1" in w.value for w in at.warning)
    assert len(_first_section(private_demo).items) == len(section.items)  # nothing written yet
    _button(at, "Les garder comme sources de ces éléments").click().run()
    assert not at.exception
    assert len(_first_section(private_demo).items) == len(section.items)  # no near-duplicate item
    assert _step(at) == "Explorer"


def test_attach_proposals_as_sources_of_an_existing_item(private_demo: str) -> None:
    section = _first_section(private_demo)
    at = _open()
    at.text_input[0].input("reconnaissance faciale").run()
    new = next(c for c in _picks(at) if "badge[dans " not in c.label)
    new_id = int(new.key.rsplit("-", 1)[1])
    new.check().run()
    _button(at, "Rattacher comme sources").click().run()
    assert not at.exception
    first_item = _first_section(private_demo).items[0]
    assert new_id in first_item.proposal_ids and len(_first_section(private_demo).items) == len(section.items)


def _proposal_text(url: str, proposal_id: int) -> str:
    from data_access.manifesto import proposals

    with session_scope(db.get_engine(url)) as session:
        return proposals.rows_for(session, [proposal_id])[0].text


def test_the_editor_stays_on_the_step_after_each_action(private_demo: str) -> None:
    at = _open("Sections")
    _button(at, "Enregistrer la section").click().run()
    assert _step(at) == "Sections" and any("Section enregistrée" in s.value for s in at.success)
    _button(at, "↓", 0).click().run()
    assert _step(at) == "Sections"
    _go(at, "Thèmes")
    _button(at, "Rejeter").click().run()
    assert _step(at) == "Thèmes"
    assert any("Suggestion rejetée" in s.value for s in at.success)


def test_own_additions_do_not_raise_the_changed_section_warning(private_demo: str) -> None:
    at = _open("Sections")
    section = _first_section(private_demo)
    # The editor adds items (from another step), then comes back to the section they had opened.
    _go(at, "Explorer")
    at.text_input[0].input("reconnaissance faciale").run()
    next(c for c in _picks(at) if "badge[dans " not in c.label).check().run()
    _button(at, "Ajouter à la section").click().run()
    assert _first_section(private_demo).version > section.version
    _go(at, "Sections")
    assert not any("Cette section a changé" in w.value for w in at.warning)
    intro = next(t for t in at.text_area if t.key and t.key.startswith(f"intro-{section.id}-"))
    intro.input("Introduction après mes ajouts.").run()
    _button(at, "Enregistrer la section").click().run()
    assert not at.error
    assert _first_section(private_demo).introduction == "Introduction après mes ajouts."


def test_someone_elses_change_is_announced(private_demo: str) -> None:
    at = _open("Sections")
    section = _first_section(private_demo)
    with session_scope(db.get_engine(private_demo)) as session:
        manifesto.update_section(session, actor=OTHER, section_id=section.id, expected_version=section.version,
                                 title=section.title, introduction="Texte de l'autre.", status=section.status)
    at.run()
    assert any("Cette section a changé" in w.value and "autre" in w.value for w in at.warning)


def test_someone_elses_change_is_announced_even_after_my_own_addition(private_demo: str) -> None:
    """The colleague changed the introduction, then I added an item: the section's last writer is
    me, yet the warning must still name the colleague (the save would be refused)."""
    at = _open("Sections")
    section = _first_section(private_demo)
    with session_scope(db.get_engine(private_demo)) as session:
        manifesto.update_section(session, actor=OTHER, section_id=section.id, expected_version=section.version,
                                 title=section.title, introduction="Texte de l'autre.", status=section.status)
    _go(at, "Explorer")
    at.text_input[0].input("reconnaissance faciale").run()
    next(c for c in _picks(at) if "badge[dans " not in c.label).check().run()
    _button(at, "Ajouter à la section").click().run()
    _go(at, "Sections")
    warnings = [w.value for w in at.warning if "Cette section a changé" in w.value]
    assert warnings and "par autre" in warnings[0], [w.value for w in at.warning]


def test_history_opens_on_the_latest_change(private_demo: str) -> None:
    at = _open("Historique")
    with session_scope(db.get_engine(private_demo)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        third = manifesto.list_sections(session, campaign.id)[2]
        manifesto.update_section(session, actor=OTHER, section_id=third.id, expected_version=third.version,
                                 title="Titre tout récent", introduction="", status="brouillon")
    at.run()
    choice = next(s for s in at.selectbox if s.label == "Section")
    assert choice.value == third.id
    assert "Titre tout récent" in " ".join(m.value for m in at.markdown)


def test_explorer_without_query_shows_recent_proposals_from_varied_territories(private_demo: str) -> None:
    at = _open()
    origins = [c.label.split(":gray[", 1)[1].split(" · ", 1)[0] for c in _picks(at)]
    assert len(origins) == 25
    assert len(set(origins)) == 25  # one proposal per territory before a second from the same one


def _copies_of_an_items_wording(url: str) -> tuple[manifesto.Placement, list[int], str]:
    """An item of the demo and two proposals from other territories with its source's very wording."""
    from sqlalchemy import select

    from data_access.models import Participation, Proposal

    with session_scope(db.get_engine(url)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        placed = manifesto.proposal_placements(session, campaign.id)
        by_text = manifesto.placements_by_text(session, campaign.id)
        copies: dict[str, list[tuple[int, str]]] = {}
        for pid, text in session.execute(select(Proposal.id, Proposal.text).join(Participation)
                                         .where(Participation.campaign_id == campaign.id,
                                                Proposal.withdrawn_on.is_(None)).order_by(Proposal.id)):
            key = manifesto.text_key(text)
            if pid not in placed and key in by_text:
                copies.setdefault(key, []).append((pid, text))
        key, found = next((k, v) for k, v in copies.items() if len(v) >= 2)
        return by_text[key][0], [pid for pid, _ in found[:2]], found[0][1]


def _same_wording(url: str, text: str) -> set[int]:
    """Every proposal of this wording, placed in the manifesto or not."""
    from sqlalchemy import select

    from data_access.models import Proposal

    with session_scope(db.get_engine(url)) as session:
        key = manifesto.text_key(text)
        return {pid for pid, other in session.execute(select(Proposal.id, Proposal.text))
                if manifesto.text_key(other) == key}


def _pick_copies(at: AppTest, text: str, ids: list[int], url: str) -> None:
    at.text_input[0].input('"' + " ".join(text.split()[:7]).strip(".,;:") + '"').run()
    # The copies of one wording are one result (« même proposition, N territoires »): picking it
    # picks every copy not yet in the manifesto.
    picks = {int(c.key.rsplit("-", 1)[1]): c for c in _picks(at)}
    shown = [pid for pid in _same_wording(url, text) if pid in picks]
    assert len(shown) == 1, (ids, sorted(picks))
    label = picks[shown[0]].label
    assert "même proposition" in label and ("même texte que" in label or "dans " in label), label
    picks[shown[0]].check().run()
    _button(at, "Ajouter à la section").click().run()
    assert not at.exception, at.exception
    assert any("déjà le manifeste" in w.value and "même texte que" in w.value for w in at.warning)


def _item_sources(url: str, item_id: int) -> set[int]:
    with session_scope(db.get_engine(url)) as session:
        return set(manifesto.item_source_ids(session, item_id))


def test_a_copy_of_an_items_wording_is_marked_and_kept_as_its_source(private_demo: str) -> None:
    placement, ids, text = _copies_of_an_items_wording(private_demo)
    count = len(_first_section(private_demo).items)
    at = _open()
    _pick_copies(at, text, ids, private_demo)
    _button(at, "Les garder comme sources de ces éléments").click().run()
    assert not at.exception, at.exception
    assert set(ids) <= _item_sources(private_demo, placement.item_id)
    assert len(_first_section(private_demo).items) == count  # no item with the same text


def test_identical_wordings_added_anyway_make_one_item(private_demo: str) -> None:
    _, ids, text = _copies_of_an_items_wording(private_demo)
    before = _first_section(private_demo)
    at = _open()
    _pick_copies(at, text, ids, private_demo)
    _button(at, "Créer quand même de nouveaux éléments").click().run()
    assert not at.exception, at.exception
    after = _first_section(private_demo)
    assert len(after.items) == len(before.items) + 1
    assert set(after.items[-1].proposal_ids) >= set(ids)  # every unplaced copy of the wording


def test_review_suggested_sections_accept_correct_and_dismiss(private_demo: str) -> None:
    # The first run loads the sentence encoder and builds the campaign's pool (words, meaning,
    # neighbours): tens of seconds on a busy 2-core machine; each decision after it is quicker.
    at = _open("Suggestions", timeout=400)
    assert {"Propositions hors du manifeste", "Formulations à classer", "Première suggestion retenue"} <= {
        m.label for m in at.metric}
    waiting = next(m for m in at.metric if m.label == "Formulations à classer").value
    sections = [s for s in at.selectbox if s.key and s.key.startswith("review-section-")]
    assert sections and " — " in sections[0].options[0]  # « Titre — 72 % »
    first_key = sections[0].key
    _button(at, "Accepter").click().run()
    assert not at.exception, at.exception
    assert _step(at) == "Suggestions"
    assert any("placée dans" in s.value for s in at.success)
    assert first_key not in {s.key for s in at.selectbox}
    # Correct the next one: another section than the first suggestion.
    section = next(s for s in at.selectbox if s.key and s.key.startswith("review-section-"))
    section.select_index(1).run()
    _button(at, "Classer ici").click().run()
    assert any("Suggestion corrigée" in s.value for s in at.success)
    _button(at, "Écarter").click().run()
    assert any("écartée" in s.value for s in at.success)
    assert next(m for m in at.metric if m.label == "Formulations à classer").value != waiting
    decided = next(m for m in at.metric if m.label == "Première suggestion retenue")
    assert decided.value == "50\u202f%"


def test_plan_import_is_offered_on_the_sections_step(private_demo: str) -> None:
    at = _open("Sections")
    assert any(e.label == "Importer un plan rédigé ailleurs (Markdown)" for e in at.expander)
    assert any(b.label == "Importer le plan" and b.disabled for b in at.button)


def test_themes_step_lists_themes_and_turns_one_into_a_section(private_demo: str) -> None:
    at = _open("Thèmes")
    assert {"Thèmes", "Propositions sans thème", "Thèmes rejetés"} <= {m.label for m in at.metric}
    toggles = [t for t in at.toggle if t.key and t.key.startswith("theme-act-")]
    assert toggles, "aucun thème affiché"
    assert any("Mots clés" in m.value for m in at.markdown)
    assert any(m.value.startswith("- « ") and "— *" in m.value for m in at.markdown)
    sections_before = len(readers_sections(private_demo))
    toggles[0].set_value(True).run()
    _button(at, "En faire une section").click().run()
    assert not at.exception, at.exception
    assert any("Section créée à partir du thème" in s.value for s in at.success)
    assert _step(at) == "Thèmes"
    assert len(readers_sections(private_demo)) == sections_before + 1
    _go(at, "Couverture")
    assert any("Thèmes qu'aucune section ne couvre encore" in m.value for m in at.markdown)


def test_rename_a_theme(private_demo: str) -> None:
    at = _open("Thèmes")
    toggle = next(t for t in at.toggle if t.key and t.key.startswith("theme-act-"))
    ref = toggle.key.removeprefix("theme-act-")
    toggle.set_value(True).run()
    at.text_input(key=f"theme-label-{ref}").input("Un nom choisi par l'éditrice").run()
    at.button(key=f"theme-rename-{ref}").click().run()
    assert not at.exception, at.exception
    assert any("Thème renommé" in s.value for s in at.success)
    assert any("Un nom choisi par l'éditrice" in m.value for m in at.markdown)


def readers_sections(url: str) -> list[manifesto.SectionView]:
    with session_scope(db.get_engine(url)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        return manifesto.list_sections(session, campaign.id)


class _RunCounter:
    """Counts the page's script runs (the step control is drawn once per run) and any st.rerun call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import streamlit as st

        from dashboard.manifesto import workshop

        self.runs = 0
        self.reruns = 0
        original = workshop.step_selector

        def counted() -> str:
            self.runs += 1
            return original()

        def rerun(*_args: object, **_kwargs: object) -> None:
            self.reruns += 1
            raise AssertionError("une écriture de l'Atelier a demandé une seconde exécution (st.rerun)")

        monkeypatch.setattr(workshop, "step_selector", counted)
        monkeypatch.setattr(st, "rerun", rerun)

    def click(self, at: AppTest, button: object) -> None:
        self.runs = 0
        button.click().run()  # type: ignore[attr-defined]
        assert not at.exception, at.exception
        assert (self.runs, self.reruns) == (1, 0), "une action doit coûter une seule exécution de la page"


def test_each_editor_action_costs_one_script_run(private_demo: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 26: the writes run in the buttons' callbacks, before the run that shows their result, so
    an editor's click runs the page once (it ran twice: the click, then st.rerun)."""
    counter = _RunCounter(monkeypatch)
    section = _first_section(private_demo)
    at = _open()
    # Add to a section.
    at.text_input[0].input("reconnaissance faciale").run()
    fresh = next(c for c in _picks(at) if "badge[dans " not in c.label)
    fresh.check().run()
    counter.click(at, _button(at, "Ajouter à la section"))
    assert any("1 proposition ajoutée à la section" in s.value for s in at.success)
    assert len(_first_section(private_demo).items) == len(section.items) + 1
    # Keep as sources: the question, then the answer, each one run.
    fed = section.items[0]
    words = _proposal_text(private_demo, fed.proposal_ids[0]).split()[:6]
    at.text_input[0].input('"' + " ".join(words).strip(".,;:") + '"').run()
    next(c for c in _picks(at) if int(c.key.rsplit("-", 1)[1]) in fed.proposal_ids).check().run()
    counter.click(at, _button(at, "Ajouter à la section"))
    assert any("déjà le manifeste" in w.value for w in at.warning)
    counter.click(at, _button(at, "Les garder comme sources de ces éléments"))
    assert any("Rien n'a changé" in s.value or "laissée" in s.value for s in at.success)
    # Save a section: the text typed just before the click is the one saved.
    _go(at, "Sections")
    intro = next(t for t in at.text_area if t.key and t.key.startswith(f"intro-{section.id}-"))
    intro.input("Introduction tapée juste avant le clic.")
    counter.click(at, _button(at, "Enregistrer la section"))
    assert any("Section enregistrée" in s.value for s in at.success)
    assert _first_section(private_demo).introduction == "Introduction tapée juste avant le clic."
    # Turn a theme into a section.
    _go(at, "Thèmes")
    next(t for t in at.toggle if t.key and t.key.startswith("theme-act-")).set_value(True).run()
    before = len(readers_sections(private_demo))
    counter.click(at, _button(at, "En faire une section"))
    assert any("Section créée à partir du thème" in s.value for s in at.success)
    assert len(readers_sections(private_demo)) == before + 1


def test_no_atelier_write_asks_for_a_second_run() -> None:
    """The Atelier's page and helpers never call st.rerun: every write is a button callback."""
    for path in (PROJECT_ROOT / "pages" / "atelier.py", PROJECT_ROOT / "dashboard" / "manifesto" / "workshop.py"):
        assert "st.rerun" not in path.read_text(encoding="utf-8"), path


def test_forms_create_a_section_and_a_free_item_with_the_text_typed(private_demo: str) -> None:
    """The two forms of « Sections » write in their submit callback: the text typed is the one written."""
    at = _open("Sections")
    before = len(readers_sections(private_demo))
    at.text_input(key="new-section-title").input("Section écrite dans le formulaire")
    next(b for b in at.button if b.label == "Créer la section").click().run()
    assert not at.exception, at.exception
    assert any("Section créée" in s.value for s in at.success)
    assert [s.title for s in readers_sections(private_demo)][before:] == ["Section écrite dans le formulaire"]
    section = _first_section(private_demo)
    at.text_area(key=f"free-item-text-{section.id}").input("Un élément rédigé par la commission.")
    next(b for b in at.button if b.label == "Ajouter l'élément").click().run()
    assert not at.exception, at.exception
    assert any("Élément ajouté" in s.value for s in at.success)
    assert _first_section(private_demo).items[-1].wording == "Un élément rédigé par la commission."
    # An empty title is refused in French, at the top of the step, and nothing is written.
    next(b for b in at.button if b.label == "Créer la section").click().run()
    assert not at.exception, at.exception
    assert at.error and len(readers_sections(private_demo)) == before + 1
