"""The Fiche territoire's tables, built from its sheet's parts.

The page sends them through ``layout.arrow_table``: a warm rerun sends the cached Arrow table
instead of building a DataFrame and converting it (four tables, ~15 ms a view at scale 20).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.monitoring import layout
from dashboard.text import formatting
from data_access import labels
from data_access.monitoring.territory_sheet import SessionRow

CURRENT = labels.PROPOSAL_KEPT


def stage_history(transitions: tuple[tuple[str, dt.date], ...]) -> pd.DataFrame:
    return pd.DataFrame({
        "Étape": [layout.stage_label(stage) for stage, _ in transitions],
        "Date": [formatting.date(on) for _, on in transitions],
    })


def sessions(rows: tuple[SessionRow, ...]) -> pd.DataFrame:
    return pd.DataFrame({
        "Date": [formatting.date(s.held_on) for s in rows],
        "Format": [labels.vocabulary_label(s.format) for s in rows],
        "Publics": [labels.vocabulary_list(s.publics) for s in rows],
        "Participants": [formatting.number(s.participants) for s in rows],
        "Lieu": [s.place or "—" for s in rows],
    })


def findings(rows: tuple[tuple[str, str, str], ...], categories: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "Catégorie": [categories.get(c, c) for c, _, _ in rows],
        "Thème": [t for _, t, _ in rows],
        "Enseignement": [x for _, _, x in rows],
    })


def proposals(rows: tuple[tuple[int, str, str, tuple[str, ...]], ...],
              withdrawn: dict[int, str]) -> pd.DataFrame:
    """The status first: in a wide table the last column is off screen. ``withdrawn``: id → its label."""
    return pd.DataFrame({
        "Statut": [withdrawn.get(i, CURRENT) for i, _, _, _ in rows],
        "Chapitre": [c for _, c, _, _ in rows],
        "Proposition": [x for _, _, x, _ in rows],
        "Thèmes": [", ".join(t) for _, _, _, t in rows],
    })
