"""The French index: accents, case, word forms, phrases."""

from __future__ import annotations

from data_access.manifesto.search_index import SearchIndex, fold, parse_query, terms

DOCS = [
    (1, "Former l'ensemble des agents aux usages de l'IA générative."),
    (2, "Mesurer l'EMPREINTE ÉNERGÉTIQUE de chaque usage."),
    (3, "Garantir un accueil humain pour toute démarche."),
    (4, "Un accueil plus humain et des agents formés."),
    (5, "Œuvrer pour des données ouvertes."),
]


def index() -> SearchIndex:
    return SearchIndex.build(DOCS)


def test_fold_removes_case_and_accents() -> None:
    assert fold("ÉNERGÉTIQUE Œuvre") == "energetique oeuvre"


def test_stop_words_and_elisions_are_not_terms() -> None:
    assert terms("l'ensemble des agents") == terms("ensemble agents")


def test_accent_and_case_insensitive() -> None:
    assert index().ids_matching("energetique") == [2]
    assert index().ids_matching("Énergétique") == [2]
    assert index().ids_matching("oeuvrer") == [5]


def test_word_forms_meet_through_stemming() -> None:
    found = index().ids_matching("formés")
    assert set(found) == {1, 4}
    assert set(index().ids_matching("agent")) == {1, 4}
    assert index().ids_matching("usage") == index().ids_matching("usages")


def test_all_terms_are_required() -> None:
    assert index().ids_matching("accueil agents") == [4]
    assert index().ids_matching("accueil inexistant") == []


def test_phrase_search_needs_consecutive_words() -> None:
    assert index().ids_matching('"accueil humain"') == [3]
    assert set(index().ids_matching("accueil humain")) == {3, 4}
    assert index().ids_matching('"humain accueil"') == []


def test_parse_query_separates_phrases() -> None:
    parsed = parse_query('formation "accueil humain"')
    assert parsed.phrases == (("accueil", "humain"),)
    assert len(parsed.terms) == 3


def test_empty_query_matches_everything() -> None:
    positions, _ = index().match("  ")
    assert len(positions) == len(DOCS)
