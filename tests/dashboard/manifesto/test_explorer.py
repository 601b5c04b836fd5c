"""The Explorer's pieces: what each box stands for, the sentence under the results, the question
before adding proposals already in the manifesto, the items offered for attaching."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.manifesto import explorer, readers
from dashboard.ui import state
from data_access import manifesto
from data_access.manifesto import Placement
from data_access.manifesto.proposals import SearchResult
from tests.dashboard.manifesto.conftest import item, row, section

IN_1_1 = Placement(item_id=10, section_id=1, label="1.1")


def _result(**changes: object) -> SearchResult:
    values: dict[str, object] = dict(total=4, territories=3, rows=(row(1, "Former les agents"), row(2)), exact=4,
                                     ideas=2, groups={1: (1, 3, 4)}, idea_territories={1: 3})
    values.update(changes)
    return SearchResult(**values)  # type: ignore[arg-type]


def test_a_box_stands_for_the_idea_copies_not_yet_in_the_manifesto() -> None:
    boxes = explorer.result_boxes(_result(), placed={4: (IN_1_1,)}, by_text={}, nonce=2)
    assert list(boxes.labels) == ["pick-2-1", "pick-2-2"]
    assert boxes.candidates == (("pick-2-1", (1, 3)), ("pick-2-2", (2,)))
    assert ":blue-badge[même proposition, 3 territoires]" in boxes.labels["pick-2-1"]
    assert boxes.placed == frozenset()  # the copy in 1.1 is left out of the box


def test_a_placed_proposal_is_marked_and_asked_about() -> None:
    boxes = explorer.result_boxes(_result(), placed={2: (IN_1_1,)}, by_text={}, nonce=0)
    assert ":violet-badge[dans 1.1]" in boxes.labels["pick-0-2"]
    assert boxes.placed == frozenset({2})


def test_the_caption_counts_ideas_and_loose_matches() -> None:
    assert explorer.results_caption(_result(rows=()), "former") is None
    assert explorer.results_caption(_result(), "  ") == (
        "Sans recherche : les propositions les plus récentes, d'un territoire à l'autre.")
    assert explorer.results_caption(_result(exact=3), "former") == (
        "2 idées distinctes (les mêmes formulations de plusieurs territoires ne font qu'un résultat) ; les 2 "
        "premières, les plus pertinentes d'abord, par les mots ou par le sens ; 1 proposition ne contiennent pas "
        "tous les mots.")
    assert explorer.results_caption(_result(), "former").endswith("par les mots ou par le sens.")


def test_the_question_quotes_the_proposals_already_placed() -> None:
    long = "Former " + "très " * 30 + "longtemps"
    warning = explorer.pending_warning([row(1, long), row(2, "Accueil *humain*")], placed={1: (IN_1_1,)},
                                       by_text={})
    assert warning.startswith("1 proposition choisie alimente déjà le manifeste : « Former très")
    assert warning.endswith("… » (dans 1.1).")
    assert "Accueil" not in warning


def test_the_same_wording_elsewhere_counts_as_placed() -> None:
    placed_text = {manifesto.text_key("Accueil humain"): (IN_1_1,)}
    rows = [row(5, "Accueil humain"), row(6, "Accueil humain")]
    warning = explorer.pending_warning(rows, placed={}, by_text=placed_text)
    assert warning.startswith("2 propositions choisies alimentent déjà le manifeste")
    assert warning.count("(même texte que 1.1)") == 2


def test_shortlist_boxes_hold_one_proposal_each() -> None:
    boxes = explorer.shortlist_boxes([row(4), row(5)], placed={5: (IN_1_1,)}, by_text={})
    assert boxes.candidates == (("short-4", (4,)), ("short-5", (5,)))
    assert ":violet-badge[dans 1.1]" in boxes.labels["short-5"] and "badge" not in boxes.labels["short-4"]


def test_items_are_numbered_as_editors_read_them() -> None:
    sections = [section(1, "Formation", item(10, "Former les agents"), item(11, "x" * 90)), section(2, "Accueil"),
                section(3, "Outils", item(30, "Ouvrir le code"))]
    assert explorer.item_options(sections) == {10: "1.1 Former les agents", 11: "1.2 " + "x" * 70,
                                               30: "3.1 Ouvrir le code"}


def test_territories_are_named_with_their_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "contributing_territories",
                        lambda campaign_id: [(7, "Rennes", "commune"), (8, "Bretagne", "region"), (9, "X", "inconnu")])
    assert explorer.territory_options(1) == {7: "Rennes (Commune)", 8: "Bretagne (Région)", 9: "X (inconnu)"}


def _the_explorer_question() -> None:
    from dashboard.manifesto import explorer
    from data_access.manifesto import Placement
    from tests.dashboard.manifesto.conftest import EDITOR

    explorer.ask_before_adding(EDITOR, {1: (Placement(item_id=10, section_id=1, label="1.1"),)}, {})


def test_the_question_waits_for_an_answer_and_cancel_forgets_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "proposal_rows", lambda ids: [row(pid, "Former les agents") for pid in ids])
    at = AppTest.from_function(_the_explorer_question).run()
    assert not at.warning and not at.button  # nothing pending: no question
    at.session_state[state.WORKSHOP_PENDING_ADD] = (7, (1, 2))
    at.run()
    assert [w.value for w in at.warning] == [
        "1 proposition choisie alimente déjà le manifeste : « Former les agents » (dans 1.1)."]
    assert [b.label for b in at.button] == ["Les garder comme sources de ces éléments",
                                            "Créer quand même de nouveaux éléments", "Annuler"]
    at.button(key="pending-cancel").click().run()
    assert not at.exception, at.exception
    assert not at.warning and at.session_state[state.WORKSHOP_PENDING_ADD] is None
