from __future__ import annotations

import pytest

from data_access.intake.grid import DEFAULT_CHAPTERS, completion, load_definition


def test_definition_mirrors_the_initiative() -> None:
    definition = load_definition()
    ids = [section.id for section in definition.sections]
    assert ids[:3] == ["identite", "charte", "sessions"] and "propositions" in ids
    assert definition.section("sessions").repeated and definition.section("propositions").repeated
    assert definition.formats == ["atelier", "réunion publique", "questionnaire en ligne",
                                  "conférence ou convention citoyenne", "autre"]
    chapter_question = definition.section("propositions").questions[1]
    assert definition.choices(chapter_question) == list(DEFAULT_CHAPTERS)


def test_completion_counts_questions_and_repeated_blocks_once() -> None:
    definition = load_definition()
    units = len(definition.completion_units())
    assert completion({}, definition) == 0
    answers = {"territoire": "Rennes", "themes": ["Mobilités"], "sessions": [{"date": "2024-11-05"}],
               "propositions": [], "contact_nom": "   "}
    assert completion(answers, definition) == pytest.approx(3 / units)


def test_unknown_version_is_refused() -> None:
    with pytest.raises(KeyError):
        load_definition("1999.9")
