"""The CSV of « Ce que disent les territoires »: French columns, formulas neutralised."""

from __future__ import annotations

from dashboard.monitoring import voices
from data_access.monitoring.voices import FINDING, PROPOSAL, Voice


def test_csv_has_french_columns_and_neutralises_formulas() -> None:
    found = [
        Voice(kind=PROPOSAL, id=1, theme="Écoles", theme_source="grille", text="=HYPERLINK(\"http://x\")", category="",
              participation_id=1, territory="Rennes", territory_kind="commune", reg_code="53"),
        Voice(kind=FINDING, id=2, theme="Écoles", theme_source="grille", text="Les parents s'inquiètent.",
              category="risque", participation_id=2, territory="Brest", territory_kind="commune", reg_code="53"),
    ]
    text = voices.csv_bytes(voices.export_frame(found, {"risque": "Risque"})).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Thème;Origine du thème;Nature;Catégorie;Texte;Territoire;Type;Région"
    assert "'=HYPERLINK" in lines[1] and "Bretagne" in lines[1]
    assert lines[2].startswith("Écoles;grille;Constat;Risque;Les parents s'inquiètent.;Brest;Commune;Bretagne")
