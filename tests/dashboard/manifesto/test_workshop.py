"""The pieces every Atelier step shares: section titles and item numbers, the fields' keys, the
sections offered for a waiting proposal, an item's source texts."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.intake import actions as intake_actions
from dashboard.manifesto import readers, workshop
from data_access.manifesto.suggestions import QueueEntry
from tests.dashboard.manifesto.conftest import item, row, section

NNBSP = "\u202f"


def test_sections_and_items_are_numbered_in_manifesto_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "sections", lambda campaign_id: [section(8, "Formation"), section(3, "Accueil")])
    assert workshop.section_titles(1) == {8: "1. Formation", 3: "2. Accueil"}
    assert workshop.item_labels(2, section(3, "Accueil", item(5, "Un accueil humain"), item(6, "y" * 80))) == {
        5: "2.1 Un accueil humain", 6: "2.2 " + "y" * 70}


def test_a_new_nonce_gives_the_section_fields_new_keys() -> None:
    assert workshop.section_edit_key(5) == "section-5"
    assert workshop.section_fields(5, 0) == {"title": "title-5-0", "status": "status-5-0", "introduction": "intro-5-0"}
    assert set(workshop.section_fields(5, 1).values()).isdisjoint(workshop.section_fields(5, 0).values())


def test_suggested_sections_come_first() -> None:
    entry = QueueEntry(proposal_ids=(1,), text="Former", territories=1, choices=((3, 0.7), (1, 0.2)))
    assert workshop.section_choices(entry, {1: "1. A", 2: "2. B", 3: "3. C"}) == [3, 1, 2]
    other = QueueEntry(proposal_ids=(2,), text="Accueil", territories=1, choices=((1, 0.5),))
    unsure = QueueEntry(proposal_ids=(3,), text="Vélo", territories=1, choices=())
    assert workshop.suggested_first([entry, other, unsure], None) == [entry, other, unsure]
    assert workshop.suggested_first([entry, other, unsure], 1) == [other]


def test_a_list_cut_short_says_how_many_more() -> None:
    assert workshop.others(1234) == f"… et 1{NNBSP}234 autres."


def test_near_identical_proposals_are_looked_for_up_to_a_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "search_index", lambda campaign_id: range(workshop.AUTO_SUGGEST_LIMIT))
    assert workshop.look_for_similar(1)
    monkeypatch.setattr(readers, "search_index", lambda campaign_id: range(workshop.AUTO_SUGGEST_LIMIT + 1))
    assert not workshop.look_for_similar(1)


def _an_item_with_52_sources() -> None:
    from dashboard.manifesto import workshop
    from tests.dashboard.manifesto.conftest import item

    workshop.show_source_texts(item(3, proposal_ids=tuple(range(1, 53))))


def test_an_item_shows_its_first_sources_with_withdrawals(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[int, ...]] = []
    monkeypatch.setattr(readers, "proposal_rows", lambda ids: asked.append(ids) or [row(1, "Former"), row(2)])
    monkeypatch.setattr(intake_actions, "withdrawn_marks", lambda ids: {2: dt.date(2025, 3, 3)})
    at = AppTest.from_function(_an_item_with_52_sources).run()
    assert not at.exception, at.exception
    assert asked == [tuple(range(1, 51))]
    assert [m.value for m in at.markdown] == ["> Former", "> Proposition 2"]
    captions = [c.value for c in at.caption]
    assert "« retirée par le territoire le 3 mars 2025 »" in captions
    assert captions[-1] == "… et 2 autres."
    assert [b.key for b in at.button] == ["fiche-3-1", "fiche-3-2"]
