"""The French sentences of sharing: what a territory shares, and what its own entry tells it."""

from __future__ import annotations

import pytest

from dashboard.space import library as view
from dashboard.space.sharing import summary
from data_access.space.library import Entry
from data_access.space.sharing import Choices


@pytest.mark.parametrize(("choices", "sentence"), [
    (Choices(True, True, True), "Vous partagez vos méthodes, vos enseignements et vos propositions."),
    (Choices(True, False, True), "Vous partagez vos méthodes et vos propositions, mais pas vos enseignements."),
    (Choices(False, False, True), "Vous partagez vos propositions, mais pas vos méthodes ni vos enseignements."),
    (Choices(False, False, False), "Vous ne partagez rien avec les autres territoires pour l'instant."),
])
def test_summary_says_what_is_shared_in_french(choices: Choices, sentence: str) -> None:
    assert summary(choices) == sentence


def _entry(choices: Choices) -> Entry:
    return Entry(participation_id=1, name="Rennes", kind="commune", kind_label="Commune", reg_code="53",
                 region="Bretagne", stage_label="Grille déposée", shares=choices, sessions=(), findings=(),
                 proposals=(), own=True)


def test_own_note_tells_what_the_others_see() -> None:
    assert "en voient tout" in view.own_note(_entry(Choices(True, True, True)))
    assert "ne voient pas votre fiche" in view.own_note(_entry(Choices(False, False, False)))
    partial = view.own_note(_entry(Choices(True, False, False)))
    assert "(méthodes)" in partial and "pas vos enseignements ni vos propositions." in partial


def test_pages_and_headline_are_french() -> None:
    assert view.page_label(0, 84) == "1 à 15"
    assert view.page_label(5, 84) == "76 à 84"
    assert view.entry_caption(_entry(Choices(True, True, True))) == "Commune · Bretagne · Grille déposée"
