"""The Atelier's French sentences composed from values: captions, metrics and warnings of the
« Thèmes », « Sections », « Suggestions » and « Couverture » steps (the near-identical proposals'
are in groupings.py). Stored text (wordings, names)
is escaped for Markdown here, once."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.manifesto.workshop import REVIEW_PAGE, origin
from dashboard.text import formatting
from dashboard.ui import widgets
from data_access import manifesto
from data_access.audit_labels import actor_label
from data_access.manifesto.proposals import ProposalRow
from data_access.manifesto.suggestions import DecisionCounts, QueueEntry
from data_access.manifesto.themes import Themes, ThemeView

NONE = "—"  # a share with nothing to divide


# --- Thèmes ------------------------------------------------------------------------------------------
def unthemed_share(found: Themes) -> str:
    """« Propositions sans thème »: their share of all proposals."""
    return formatting.percent(found.unthemed / found.proposals) if found.proposals else NONE


def keywords(theme: ThemeView) -> str:
    return "Mots clés : " + ", ".join(f"*{widgets.markdown_text(k)}*" for k in theme.keywords)


def rejected_themes(rejected: Sequence[ThemeView]) -> str:
    return "Thèmes rejetés : " + ", ".join(f"« {widgets.markdown_text(t.label)} »" for t in rejected) + "."


# --- Sections ----------------------------------------------------------------------------------------
def no_section_yet(chapters: Sequence[str]) -> str:
    return ("Le manifeste n'a pas encore de section. Créez les chapitres prévus par la campagne : "
            + ", ".join(f"« {widgets.markdown_text(c)} »" for c in chapters) + ".")


def section_line(title: str, section: manifesto.SectionView) -> str:
    """« 2. Formation — *En rédaction*, 4 éléments » in the order of sections."""
    return f"{title} — *{section.status_label}*, {formatting.plural(len(section.items), 'élément')}"


def changed_meanwhile(base: int, section: manifesto.SectionView, changed_by: str) -> str:
    """Another editor saved the section since this one opened it: say who, and what to do."""
    return (f"Cette section a changé depuis que vous l'avez ouverte (version {base} → {section.version}, "
            f"par {widgets.markdown_text(actor_label(changed_by))}). Votre enregistrement sera refusé si vous "
            "modifiez les mêmes champs : rechargez pour repartir de la version actuelle.")


def version_line(section: manifesto.SectionView) -> str:
    """« Version 4 · modifiée le 3 mars 2025 par Camille Martin »."""
    return (f"Version {section.version} · modifiée le {formatting.date(section.updated_at.date())} par "
            f"{widgets.markdown_text(actor_label(section.updated_by))}")


# --- Suggestions -------------------------------------------------------------------------------------
def first_right(decided: DecisionCounts) -> str:
    """« Première suggestion retenue »: the share of placements where the first suggestion was kept."""
    return NONE if decided.first_right is None else formatting.percent(decided.first_right)


def decisions(decided: DecisionCounts) -> str:
    """« 12 acceptées, 3 corrigées, 1 écartée par les éditeurs. »."""
    return (f"{formatting.plural(decided.accepted, 'acceptée')}, {formatting.plural(decided.corrected, 'corrigée')}, "
            f"{formatting.plural(decided.dismissed, 'écartée')} par les éditeurs.")


def entry_origin(entry: QueueEntry, row: ProposalRow | None) -> str:
    """Where a waiting proposal comes from, and how many territories filed the same text."""
    text = origin(row) if row else ""
    if entry.territories > 1:
        text += f" · même texte dans {formatting.plural(entry.territories, 'territoire')}"
    return text


def review_page(waiting: int) -> str:
    """Under the cards, when more proposals wait than are shown."""
    return (f"Les {REVIEW_PAGE} plus sûres sur {formatting.number(waiting)} : les suivantes apparaissent "
            "à mesure que vous décidez.")


# --- Couverture --------------------------------------------------------------------------------------
def overseas(cover: manifesto.Coverage) -> str:
    """« 2 / 5 »: overseas territories represented among those engaged."""
    return f"{formatting.number(cover.overseas.represented)} / {formatting.number(cover.overseas.engaged)}"


def overseas_names(cover: manifesto.Coverage) -> str:
    return "Outre-mer représentés : " + ", ".join(widgets.markdown_text(n) for n in cover.overseas_names)
