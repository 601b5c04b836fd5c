"""The Atelier's sentences composed from values: counted in French, stored text escaped."""

from __future__ import annotations

from dashboard.manifesto import captions
from data_access import manifesto
from data_access.manifesto.suggestions import DecisionCounts, QueueEntry
from data_access.manifesto.themes import Themes
from tests.dashboard.manifesto.conftest import row, section, theme

NNBSP = "\u202f"


def test_theme_sentences() -> None:
    found = Themes(shown=(theme("f1"),), rejected=(theme("d2", "IA *partout*"), theme("d3", "Vélo")), unthemed=1,
                   proposals=4)
    assert captions.unthemed_share(found) == f"25{NNBSP}%"
    assert captions.unthemed_share(Themes(shown=(), rejected=(), unthemed=0, proposals=0)) == "—"
    assert captions.keywords(theme("f1", keywords=("former", "agent_s"))) == "Mots clés : *former*, *agent\\_s*"
    assert captions.rejected_themes(found.rejected) == "Thèmes rejetés : « IA \\*partout\\* », « Vélo »."


def test_section_sentences() -> None:
    chosen = section(5, "Formation", version=4, updated_by="ligne-de-commande")
    assert captions.no_section_yet(["IA sociale", "Données"]) == (
        "Le manifeste n'a pas encore de section. Créez les chapitres prévus par la campagne : « IA sociale », "
        "« Données ».")
    assert captions.section_line("1. Formation", chosen) == "1. Formation — *Brouillon*, 0 élément"
    assert captions.changed_meanwhile(2, chosen, "autre.editeur@exemple.fr") == (
        "Cette section a changé depuis que vous l'avez ouverte (version 2 → 4, par autre\\.editeur@exemple\\.fr). "
        "Votre enregistrement sera refusé si vous modifiez les mêmes champs : rechargez pour repartir de la "
        "version actuelle.")
    assert captions.version_line(chosen) == "Version 4 · modifiée le 3 mars 2025 par ligne\\-de\\-commande"


def test_suggestion_sentences() -> None:
    decided = DecisionCounts(accepted=3, corrected=1, dismissed=0)
    assert captions.first_right(decided) == f"75{NNBSP}%"
    assert captions.first_right(DecisionCounts(accepted=0, corrected=0, dismissed=2)) == "—"
    assert captions.decisions(decided) == "3 acceptées, 1 corrigée, 0 écartée par les éditeurs."
    alone = QueueEntry(proposal_ids=(4,), text="Former", territories=1, choices=())
    shared = QueueEntry(proposal_ids=(4, 5), text="Former", territories=2, choices=())
    assert captions.entry_origin(alone, row(4)) == "Rennes · Commune · Bretagne · IA sociale"
    assert captions.entry_origin(shared, row(4)) == "Rennes · Commune · Bretagne · IA sociale · même texte dans 2 territoires"
    assert captions.entry_origin(shared, None) == " · même texte dans 2 territoires"
    assert captions.review_page(1234) == (f"Les 10 plus sûres sur 1{NNBSP}234 : les suivantes apparaissent à mesure "
                                          "que vous décidez.")


def test_coverage_sentences() -> None:
    row_ = manifesto.CoverageRow(label="Outre-mer", engaged=5, represented=2)
    cover = manifesto.Coverage(engaged=10, represented=6, by_kind=(), by_region=(), by_size=(), overseas=row_,
                               overseas_names=("La Réunion", "Mayotte"), missing=())
    assert captions.overseas(cover) == "2 / 5"
    assert captions.overseas_names(cover) == "Outre-mer représentés : La Réunion, Mayotte"
