"""The online grid's tables are read back from the editor's changes in the buttons' callbacks
(issue 26): what the person typed, kept, added and removed is exactly what gets saved."""

from __future__ import annotations

from dashboard.space.grid_form import _edited_rows
from data_access.intake.grid import load_definition

SECTIONS = {s.id: s for s in load_definition().sections if s.repeated}
STORED_SESSIONS = [
    {"date": "2025-01-14", "format": "Atelier", "publics": ["Élus"], "participants": 35, "lieu": "Mairie"},
    {"date": "2025-02-03", "format": "Réunion publique", "publics": [], "participants": 80, "lieu": None},
]


def test_untouched_rows_come_back_as_stored() -> None:
    assert _edited_rows(SECTIONS["sessions"], STORED_SESSIONS, None) == STORED_SESSIONS


def test_edits_deletions_and_additions_are_applied_to_the_rows_drawn() -> None:
    changes = {
        "edited_rows": {0: {"participants": 40, "date": "2025-01-15"}},
        "deleted_rows": [1],
        "added_rows": [{"date": "2025-03-10", "publics": ["Agents", "Habitants"], "participants": 12}],
    }
    assert _edited_rows(SECTIONS["sessions"], STORED_SESSIONS, changes) == [
        {"date": "2025-01-15", "format": "Atelier", "publics": ["Élus"], "participants": 40, "lieu": "Mairie"},
        {"date": "2025-03-10", "format": None, "publics": ["Agents", "Habitants"], "participants": 12, "lieu": None},
    ]


def test_text_typed_in_the_last_empty_row_is_kept() -> None:
    """Issue 24 item 15: a proposal typed in the table's empty last row is saved with its text."""
    changes = {"edited_rows": {}, "added_rows": [{"texte": "Former les agents à l'IA pendant le temps de travail",
                                                  "chapitre": None}], "deleted_rows": []}
    assert _edited_rows(SECTIONS["propositions"], [], changes) == [
        {"texte": "Former les agents à l'IA pendant le temps de travail", "chapitre": None, "themes": None}]
