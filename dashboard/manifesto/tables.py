"""The Atelier's tables, with their French headers: the Explorer's breakdown of results, a
section's versions, and the coverage of territories and themes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from dashboard.manifesto.workshop import STAGE_LABELS
from dashboard.text import formatting
from data_access import manifesto
from data_access.audit_labels import actor_label
from data_access.manifesto.proposals import SearchResult
from data_access.manifesto.themes import ThemeView
from data_access.territories import reference


def counts_frame(counts: dict[str, int], label: str, name: Callable[[str], str] = str) -> pd.DataFrame:
    return pd.DataFrame({label: [name(k) for k in counts], "Propositions": list(counts.values())})


def breakdown(result: SearchResult) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """« Répartition des résultats »: by chapter, kind of territory, région and stage."""
    return (counts_frame(result.by_chapter, "Chapitre"),
            counts_frame(result.by_kind, "Type", lambda k: reference.KIND_LABELS.get(k, k)),
            counts_frame(result.by_region, "Région", reference.region_label),
            counts_frame(result.by_stage, "Étape", lambda s: STAGE_LABELS.get(s, s)))


def coverage_frame(rows: tuple[manifesto.CoverageRow, ...], label: str) -> pd.DataFrame:
    return pd.DataFrame({label: [r.label for r in rows], "Engagés": [r.engaged for r in rows],
                         "Représentés": [r.represented for r in rows],
                         "Part": [formatting.percent(r.represented / r.engaged) if r.engaged else "—"
                                  for r in rows]})


def history_frame(revisions: Sequence[manifesto.RevisionView]) -> pd.DataFrame:
    """A section's versions, the latest first: when (Paris time), by whom, how many items."""
    return pd.DataFrame({
        "Version": [r.version for r in revisions],
        f"Date ({formatting.TIME_ZONE})": [formatting.paris_time(r.created_at) for r in revisions],
        "Par": [actor_label(r.created_by) for r in revisions],
        "Éléments": [len(r.snapshot.get("items", [])) for r in revisions],
    })


def missing_territories(missing: Sequence[manifesto.MissingTerritory]) -> pd.DataFrame:
    """The engaged territories no proposal of the scope comes from."""
    return pd.DataFrame({"Territoire": [m.name for m in missing],
                         "Type": [reference.KIND_LABELS.get(m.kind, m.kind) for m in missing],
                         "Région": [reference.region_label(m.reg_code) for m in missing]})


def uncovered_themes(found: Sequence[ThemeView]) -> pd.DataFrame:
    """The themes found in the proposals that no section covers yet, with how widely they are shared."""
    return pd.DataFrame({"Thème": [t.label for t in found],
                         "Propositions": [len(t.proposal_ids) for t in found],
                         "Territoires": [t.territories for t in found],
                         "Régions": [t.regions for t in found]})
