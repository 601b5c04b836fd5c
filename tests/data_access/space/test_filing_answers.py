"""A territory's answers in the form's shape: what a draft keeps, what the checks read, where their messages go."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from data_access import intake
from data_access.config import limits
from data_access.errors import ValidationError
from data_access.intake.grid import load_definition
from data_access.space import filing_answers, participations
from tests.support.factories import ADMIN, make_campaign, make_participation
from tests.support.factories.filing import complete_answers


def test_a_draft_keeps_only_the_grid_questions_as_json_values() -> None:
    shaped = filing_answers.shape_answers({
        "opportunites": "  ", "charte_date": dt.date(2024, 10, 15), "territoire": "Ailleurs", "inconnue": "ignorée",
        "sessions": [{"date": "2024-11-20", "participants": 42.0, "publics": ["citoyens", " ", None], "autre": "x"},
                     {"date": None, "lieu": "  "}]}, load_definition())
    # The territory's identity is never asked (NOT_ASKED), nothing outside the grid is kept.
    assert "territoire" not in shaped and "inconnue" not in shaped
    assert shaped["opportunites"] is None and shaped["charte_date"] == "2024-10-15"
    # An empty row of a table is dropped; the kept one has the block's questions only.
    assert shaped["sessions"] == [{"date": "2024-11-20", "format": None, "publics": ["citoyens"],
                                   "participants": 42, "lieu": None}]
    assert shaped["propositions"] == []


def test_a_draft_out_of_shape_is_refused_in_french() -> None:
    definition = load_definition()
    with pytest.raises(ValidationError, match="Au plus 200 lignes par bloc « Propositions »"):
        filing_answers.shape_answers({"propositions": [{"texte": "x"}] * (filing_answers.MAX_ROWS + 1)}, definition)
    with pytest.raises(ValidationError, match="Une ligne de la grille n'a pas un format reconnu"):
        filing_answers.shape_answers({"sessions": ["pas une ligne"]}, definition)
    with pytest.raises(ValidationError, match="Une réponse de la grille n'a pas un format reconnu"):
        filing_answers.shape_answers({"opportunites": {"objet": 1}}, definition)
    with pytest.raises(ValidationError, match="trop longue pour être enregistrée"):
        filing_answers.shape_answers({"opportunites": "x" * (2 * limits().text_max_chars + 1)}, definition)


def test_an_import_message_is_placed_in_the_form_not_in_a_spreadsheet() -> None:
    def issue(sheet: str, row: int | None = None, column: str = "") -> intake.Issue:
        return intake.Issue(level=intake.ERROR, message="-3 est inférieur au minimum permis (0).", sheet=sheet,
                            row=row, column=column)

    assert filing_answers.form_message(issue(intake.SESSIONS_SHEET, 2, "Nombre de participants")) \
        == "Session 1 — Nombre de participants : -3 est inférieur au minimum permis (0)."
    assert filing_answers.form_message(issue(intake.PROPOSALS_SHEET, 3)) \
        == "Proposition 2 : -3 est inférieur au minimum permis (0)."
    assert filing_answers.form_message(issue(intake.TERRITORY_SHEET, 2, "Courriel")) \
        == "Courriel : -3 est inférieur au minimum permis (0)."
    assert filing_answers.form_message(issue("")) == "-3 est inférieur au minimum permis (0)."


def test_the_checks_read_the_territory_from_its_participation(session: Session) -> None:
    participation = make_participation(session, make_campaign(session))
    definition = load_definition()
    row, sessions, proposals = filing_answers.entry_rows(
        participation, complete_answers(territoire="Ailleurs"), definition)
    assert (row["territoire"], row["territoire_code"]) == ("Rennes", "35238")
    assert "sessions" not in row and "propositions" not in row
    assert sessions == [{"type_collectivite": row["type_collectivite"], "territoire": "Rennes",
                         "territoire_code": "35238", "sessions.date": "2024-11-20", "sessions.format": "atelier",
                         "sessions.publics": ["citoyens", "agents"], "sessions.participants": 42,
                         "sessions.lieu": "Hôtel de ville"}]
    assert [p["propositions.texte"] for p in proposals] == ["Ouvrir un atelier numérique dans chaque quartier."]
    # Counted as the stored grid will be: the identity the form never asks is answered already.
    assert 0 < filing_answers.filing_completion(participation, {}, definition) \
        < filing_answers.filing_completion(participation, complete_answers(), definition)


def test_a_signed_charter_completes_the_charter_answers_without_replacing_them(session: Session) -> None:
    participation = make_participation(session, make_campaign(session))
    assert filing_answers.with_signature(session, participation.id, {"charte_signee": None}) == {"charte_signee": None}
    participations.sign_charter(session, actor=ADMIN, participation=participation, signed_on=dt.date(2024, 10, 15),
                                signatory_role="Maire")
    session.flush()
    assert filing_answers.with_signature(session, participation.id, {"charte_signee": None}) == {
        "charte_signee": True, "charte_date": "2024-10-15", "charte_signataire": "Maire"}
    kept = filing_answers.with_signature(session, participation.id,
                                         {"charte_date": "2024-10-20", "charte_signataire": "Adjointe"})
    assert kept == {"charte_signee": True, "charte_date": "2024-10-20", "charte_signataire": "Adjointe"}


def test_a_table_row_saved_with_a_required_cell_empty_is_named() -> None:
    """Issue 24 item 15: a proposal typed in the last row arrived with its chapter and without its
    text, and the draft kept it silently; the save now names such rows."""
    answers = complete_answers(propositions=[
        {"texte": "Former les agents.", "chapitre": "IA sociale", "themes": []},
        {"texte": None, "chapitre": "IA sociale", "themes": []}])
    assert filing_answers.unfinished_rows(answers, load_definition()) == ("Proposition 2 : « Proposition » est vide.",)
    assert filing_answers.unfinished_rows(complete_answers(), load_definition()) == ()
