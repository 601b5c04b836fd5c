"""Tables and export of « Ce que disent les territoires » (Enseignements): plain frames, no rendering."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.monitoring import progress_table
from data_access.monitoring.voices import FINDING, ThemeVoices, Voice
from data_access.territories import reference

CSV_COLUMNS = ("Thème", "Origine du thème", "Nature", "Catégorie", "Texte", "Territoire", "Type", "Région")


def themes_table(themes: Sequence[ThemeVoices]) -> pd.DataFrame:
    return pd.DataFrame({
        "Thème": [t.theme for t in themes],
        "Territoires": [t.territories for t in themes],
        "Régions": [t.regions for t in themes],
        "Propositions": [t.proposals for t in themes],
        "Constats": [t.findings for t in themes],
    })


def quote_origin(voice: Voice) -> str:
    """« Rennes (Commune, Bretagne) · constat »."""
    nature = "constat" if voice.kind == FINDING else "proposition"
    return (f"{voice.territory} ({reference.KIND_LABELS.get(voice.territory_kind, voice.territory_kind)}, "
            f"{reference.region_label(voice.reg_code)}) · {nature}")


def export_frame(found: Sequence[Voice], category_labels: dict[str, str]) -> pd.DataFrame:
    """Every proposal and finding shown, one per line (the CSV export)."""
    return pd.DataFrame({
        "Thème": [v.theme for v in found],
        "Origine du thème": [v.theme_source for v in found],
        "Nature": ["Constat" if v.kind == FINDING else "Proposition" for v in found],
        "Catégorie": [category_labels.get(v.category, v.category) for v in found],
        "Texte": [v.text for v in found],
        "Territoire": [v.territory for v in found],
        "Type": [reference.KIND_LABELS.get(v.territory_kind, v.territory_kind) for v in found],
        "Région": [reference.region_label(v.reg_code) for v in found],
    }, columns=list(CSV_COLUMNS))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM and semicolons, formulas neutralised (« =HYPERLINK(…) » stays text):
    the Suivi's export, whose rules it shares."""
    return progress_table.to_csv(frame)
