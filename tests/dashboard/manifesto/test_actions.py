"""What each Atelier button writes when clicked: the arguments come from the widgets at click time
(not when the button was drawn), and the confirmation or refusal is kept for the next run."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.manifesto import actions, explorer, readers
from data_access import manifesto
from data_access.errors import ValidationError
from data_access.manifesto import proposals, suggestions, themes
from data_access.manifesto.suggestions import QueueEntry
from tests.dashboard.manifesto.conftest import EDITOR, Clicks, item, section, theme


def test_saving_a_section_reads_the_fields_typed_just_before_the_click(clicks: Clicks) -> None:
    fields = {"title": "title-5-0", "status": "status-5-0", "introduction": "intro-5-0"}
    button = actions.save_section(EDITOR, 5, 3, fields)
    clicks.widgets.update({"title-5-0": "Formation", "status-5-0": "valide", "intro-5-0": "Tapée avant le clic."})
    clicks.click(button)
    assert clicks.writes == [(manifesto.update_section, {
        "actor": EDITOR, "section_id": 5, "expected_version": 3, "title": "Formation", "status": "valide",
        "introduction": "Tapée avant le clic."})]
    assert clicks.flash == "Section enregistrée."
    assert clicks.bases == {"section-5": None}  # saved: the next edit starts from the new version


def test_a_refused_write_is_kept_for_the_next_run_without_a_confirmation(clicks: Clicks) -> None:
    clicks.result = ValidationError("Le titre est obligatoire.")
    clicks.click(actions.create_section(EDITOR, 1, "new-section-title"))
    assert clicks.writes == [(manifesto.create_section, {"actor": EDITOR, "campaign_id": 1, "title": ""})]
    assert str(clicks.refusal) == "Le titre est obligatoire." and clicks.flash is None


def test_adding_ticked_proposals_to_the_section_chosen(clicks: Clicks) -> None:
    boxes = explorer.Boxes(labels={}, candidates=(("pick-0-1", (1, 11)), ("pick-0-2", (2,))))
    clicks.widgets.update({"pick-0-1": True, "pick-0-2": False, explorer.TARGET: 7})
    clicks.click(actions.add_ticked(EDITOR, boxes))
    assert clicks.writes == [(manifesto.add_proposals, {"actor": EDITOR, "section_id": 7, "proposal_ids": [1, 11]})]
    assert clicks.flash == "2 propositions ajoutées à la section."
    assert clicks.nonces == {explorer.NONCE: 1}  # the boxes come back unticked


def test_adding_a_proposal_already_in_the_manifesto_asks_first(clicks: Clicks) -> None:
    boxes = explorer.Boxes(labels={}, candidates=(("pick-0-2", (2,)),), placed=frozenset({2}))
    clicks.widgets.update({"pick-0-2": True, explorer.TARGET: 7})
    clicks.click(actions.add_ticked(EDITOR, boxes))
    assert clicks.writes == [] and clicks.pending == (7, (2,))


def test_shortlist_and_attach_read_their_own_targets(clicks: Clicks) -> None:
    candidates = (("short-4", (4,)), ("short-5", (5,)))
    clicks.widgets.update({"short-4": True, "short-5": True, explorer.SHORT_TARGET: 9, explorer.ITEM_TARGET: 21})
    clicks.click(actions.add_from_shortlist(EDITOR, candidates))
    clicks.click(actions.attach_sources(EDITOR, candidates))
    clicks.click(actions.remove_from_shortlist(EDITOR, candidates))
    clicks.click(actions.add_to_shortlist(EDITOR, candidates))
    assert clicks.writes == [
        (manifesto.add_proposals, {"actor": EDITOR, "skip_placed": True, "proposal_ids": [4, 5], "section_id": 9}),
        (manifesto.attach_sources, {"actor": EDITOR, "proposal_ids": [4, 5], "item_id": 21}),
        (proposals.remove_from_shortlist, {"actor": EDITOR, "proposal_ids": [4, 5]}),
        (proposals.add_to_shortlist, {"actor": EDITOR, "proposal_ids": [4, 5]}),
    ]
    assert clicks.flash == "2 propositions ajoutées à votre sélection."
    assert clicks.nonces == {explorer.NONCE: 2}  # attach and add to the shortlist renew the result boxes


def test_theme_buttons_name_their_theme_and_read_the_new_name(clicks: Clicks, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = theme("f1"), theme("f2", "Accueil humain")
    clicks.widgets.update({"theme-label-f1": "Formation", "theme-merge-target-f1": "f2"})
    monkeypatch.setattr(readers, "theme_analysis", lambda campaign_id: f"analyse {campaign_id}")
    clicks.click(actions.rename_theme(EDITOR, 1, first, "theme-label-f1"))
    assert clicks.flash == "Thème renommé."
    clicks.click(actions.merge_themes(EDITOR, 1, first, (first, second), "theme-merge-target-f1"))
    clicks.click(actions.split_theme(EDITOR, 1, first))
    clicks.click(actions.theme_to_section(EDITOR, 1, first))
    assert clicks.writes == [
        (themes.rename, {"actor": EDITOR, "campaign_id": 1, "theme": first, "label": "Formation"}),
        (themes.merge, {"actor": EDITOR, "campaign_id": 1, "first": first, "second": second}),
        (themes.split, {"actor": EDITOR, "campaign_id": 1, "theme": first, "analysis": "analyse 1"}),
        (themes.to_section, {"actor": EDITOR, "campaign_id": 1, "theme": first}),
    ]
    assert clicks.flash == "Section créée à partir du thème."


def test_item_buttons(clicks: Clicks) -> None:
    one = item(3, version=4)
    clicks.widgets.update({"wording-3-0": "Former tous les agents", "move-target-3": 8, "free-item-text-1": "Libre"})
    clicks.click(actions.save_item(EDITOR, 3, 2, "item-3", "wording-3-0"))
    assert clicks.flash == "Élément enregistré." and clicks.bases == {"item-3": None}
    clicks.click(actions.shift_item(EDITOR, 3, -1, 6))
    clicks.click(actions.move_item(EDITOR, 3, "move-target-3"))
    clicks.click(actions.delete_item(EDITOR, one))
    clicks.click(actions.add_item(EDITOR, 1, "free-item-text-1"))
    assert clicks.writes == [
        (manifesto.update_item, {"actor": EDITOR, "item_id": 3, "expected_version": 2,
                                 "wording": "Former tous les agents"}),
        (manifesto.shift_item, {"actor": EDITOR, "item_id": 3, "offset": -1, "expected_section_version": 6}),
        (manifesto.move_item, {"actor": EDITOR, "item_id": 3, "target_section_id": 8}),
        (manifesto.delete_item, {"actor": EDITOR, "item_id": 3, "expected_version": 4}),
        (manifesto.add_item, {"actor": EDITOR, "section_id": 1, "wording": "Libre"}),
    ]
    assert clicks.flash == "Élément ajouté."


def test_a_corrected_suggestion_says_so(clicks: Clicks) -> None:
    entry = QueueEntry(proposal_ids=(4, 5), text="Former", territories=2, choices=((1, 0.8), (2, 0.4)))
    sections = [section(1, "Formation"), section(2, "Accueil")]
    clicks.widgets.update({"review-section-4": 2, "review-item-4-2": None})
    clicks.click(actions.accept_suggestion(EDITOR, entry, sections, "review-section-4", "review-item-4-2"))
    assert clicks.writes == [(suggestions.accept, {
        "actor": EDITOR, "proposal_ids": [4, 5], "suggested_section_id": 1, "confidence": 0.8, "section_id": 2,
        "item_id": None})]
    assert clicks.flash == "Proposition placée dans « Accueil ». Suggestion corrigée."
    clicks.click(actions.dismiss_suggestion(EDITOR, 9, entry))
    assert clicks.writes[-1] == (suggestions.dismiss, {"actor": EDITOR, "proposal_ids": [4, 5], "campaign_id": 9,
                                                       "suggested_section_id": 1, "confidence": 0.8})
    assert clicks.flash == "Proposition écartée de la file."


def test_restoring_a_version_redraws_the_section_fields(clicks: Clicks) -> None:
    clicks.widgets["restore-version-5-4"] = 2
    clicks.click(actions.restore_version(EDITOR, section(5, version=4), "restore-version-5-4"))
    assert clicks.writes == [(manifesto.restore, {"actor": EDITOR, "section_id": 5, "expected_version": 4,
                                                  "version": 2})]
    assert clicks.flash == "Version 2 restaurée (nouvelle version créée)."
    assert clicks.nonces == {"section-5": 1} and clicks.bases == {"section-5": None}


def test_the_plan_import_reads_the_file_chosen_at_click_time(clicks: Clicks) -> None:
    button = actions.import_plan(EDITOR, 1, "plan-upload")
    clicks.click(button)  # no file chosen: nothing happens
    assert clicks.writes == [] and clicks.flash is None and clicks.refusal is None


def test_downloads_are_built_on_click_under_a_dated_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "docx_bytes", lambda campaign_id: b"docx %d" % campaign_id)
    monkeypatch.setattr(readers, "markdown_text", lambda campaign_id: f"# Manifeste {campaign_id} é")
    word = actions.docx_download(3, "Concertation 2025", dt.date(2025, 3, 3))
    text = actions.markdown_download(3, "Concertation 2025", dt.date(2025, 3, 3))
    assert word["file_name"].endswith("-2025-03-03.docx") and word["mime"].endswith("wordprocessingml.document")
    assert word["data"]() == b"docx 3"
    assert text["file_name"].endswith("-2025-03-03.md") and text["mime"] == "text/markdown"
    assert text["data"]() == "# Manifeste 3 é".encode()
