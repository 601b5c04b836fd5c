"""Which manifesto sections a proposal belongs to: scores and calibrated confidences, no store.

A section is described by its title, its introduction and the proposals the editor already
attached to its items. Two views of each text are compared:

- meaning: the sentence vectors of ``embedding.encode`` (when the encoder is installed);
- words: the search keys of ``lexicon`` (accents folded, stems, word families), weighted by how
  rare they are among the proposals, the title's words counted twice and the related notions of
  ``lexicon.yaml`` added more weakly (« école » also finds « collège »).

A section's profile is a weighted mix of its description and of the centroid of its attached
proposals: the more the editor attaches, the more the proposals speak for the section
(``ATTACHED_HALF``). Scores are centred per section, so that a section with a broad title does
not attract everything, then sharpened by a few rounds of self-training on the pool itself: the
proposals a section clearly wins lend it their words and meaning (pseudo-relevance feedback).
Confidence is a softmax whose temperature was fitted on the tuning part of the demo corpus.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import sparse

from data_access.manifesto.lexicon import folded_content_words, lexicon

# Tuned on the tuning part of the demo corpus (data_access/demo/corpus, ids with crc32 % 5 != 0).
MEANING_WEIGHT = 0.6  # the rest is the lexical score
TITLE_REPEAT = 2  # the title's words count twice as much as the introduction's
CONCEPT_WEIGHT = 0.5  # related notions (lexicon.yaml) added to a section's words
ATTACHED_HALF = 3.0  # attached proposals weigh as much as the description from this many on
SELF_TRAINING_ROUNDS = 0
SELF_TRAINING_WEIGHT = 0.5  # share of the pool's confident members in a section's profile
SELF_TRAINING_TOP = 0.6  # a pool proposal lends its features when its top probability exceeds this
NEIGHBOURS = 10  # a proposal's nearest neighbours in the pool vote for its sections…
NEIGHBOUR_WEIGHT = 0.4  # …with this share of its score
TEMPERATURE = 0.05  # softmax temperature of the confidence (fitted on the tuning part)
MAX_SUGGESTIONS = 3

Matrix = npt.NDArray[np.float32]
Encoder = Callable[[Sequence[str]], Matrix]


@dataclass(frozen=True)
class SectionProfile:
    """What is known of a section: its words and the proposals already attached to it."""

    id: int
    title: str
    introduction: str = ""
    attached: tuple[str, ...] = ()  # texts of the proposals its items cite


@dataclass(frozen=True)
class Ranked:
    """Up to three sections for one text, best first: (section id, confidence between 0 and 1)."""

    choices: tuple[tuple[int, float], ...] = field(default_factory=tuple)


def keys(text: str) -> list[str]:
    """The search keys of a text's content words (what the lexical score compares)."""
    lex = lexicon()
    return [lex.key(word) for word in folded_content_words(text)]


def _section_keys(section: SectionProfile) -> dict[str, float]:
    """Weighted keys of a section's description: title ×2, introduction, related notions."""
    weights: dict[str, float] = {}
    for key in keys(section.title):
        weights[key] = weights.get(key, 0.0) + TITLE_REPEAT
    for key in keys(section.introduction):
        weights[key] = weights.get(key, 0.0) + 1.0
    described = set(weights)
    for triggers, related in lexicon().concepts.items():
        if set(triggers) <= described:
            for key in related:
                weights[key] = weights.get(key, 0.0) + CONCEPT_WEIGHT
    return weights


def _bags(bags: Sequence[dict[str, float]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    rows, cols, values = [], [], []
    for row, bag in enumerate(bags):
        for key, weight in bag.items():
            col = vocabulary.get(key)
            if col is not None:
                rows.append(row)
                cols.append(col)
                values.append(weight)
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(bags), len(vocabulary)), dtype=np.float32)


def _counts(text: str) -> dict[str, float]:
    bag: dict[str, float] = {}
    for key in keys(text):
        bag[key] = bag.get(key, 0.0) + 1.0
    return bag


def _normalise_rows(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.maximum(norms, 1e-9), dtype=np.float32)


def _normalise_sparse(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scaled: sparse.csr_matrix = sparse.diags(1.0 / np.maximum(norms, 1e-9)) @ matrix
    return scaled.tocsr().astype(np.float32)


def _unit(vector: Matrix) -> Matrix:
    return np.asarray(vector / max(float(np.linalg.norm(vector)), 1e-9), dtype=np.float32)


Rows: TypeAlias = Any  # a dense Matrix or a scipy CSR matrix (scipy has no type stubs here)


class _View:
    """One view (meaning or words) of the pool and of the sections, as unit rows (dense or sparse)."""

    def __init__(self, pool: Rows, descriptions: Matrix, attached: list[Rows]) -> None:
        self.pool = _normalise_sparse(pool) if sparse.issparse(pool) else _normalise_rows(pool)
        self.descriptions = _normalise_rows(descriptions)
        self.attached = [
            (_normalise_sparse(a) if sparse.issparse(a) else _normalise_rows(a)) if a.shape[0] else None
            for a in attached]

    def profiles(self, pool_weights: Matrix | None) -> Matrix:
        """Each section: description, attached centroid and (self-training) confident pool members."""
        rows = []
        for s, description in enumerate(self.descriptions):
            attached = self.attached[s]
            vector = description.copy()
            if attached is not None:
                share = attached.shape[0] / (attached.shape[0] + ATTACHED_HALF)
                centroid = _unit(np.asarray(attached.mean(axis=0), dtype=np.float32).ravel())
                vector = (1 - share) * vector + share * centroid
            if pool_weights is not None and pool_weights[:, s].sum() > 0:
                centroid = _unit(np.asarray(self.pool.T @ pool_weights[:, s], dtype=np.float32).ravel())
                vector = (1 - SELF_TRAINING_WEIGHT) * vector + SELF_TRAINING_WEIGHT * centroid
            rows.append(vector)
        return _normalise_rows(np.vstack(rows).astype(np.float32))

    def similarity(self, pool_weights: Matrix | None) -> Matrix:
        return np.asarray(self.pool @ self.profiles(pool_weights).T, dtype=np.float32)


class Pool:
    """What does not depend on the sections: every wording's words and meaning, and its neighbours.

    Built once per state of the proposals (the dashboard caches it), so that a decision of the
    editor — which changes the sections' profiles — only recomputes the comparison with them."""

    def __init__(self, texts: Sequence[str], *, encode: Encoder | None = None, vectors: Matrix | None = None,
                 neighbours: int = NEIGHBOURS) -> None:
        self.texts = tuple(texts)
        self.row_of = {text: row for row, text in enumerate(self.texts)}
        bags = [_counts(t) for t in self.texts]
        self.vocabulary: dict[str, int] = {}
        for bag in bags:
            for key in bag:
                self.vocabulary.setdefault(key, len(self.vocabulary))
        frequency = np.zeros(len(self.vocabulary), dtype=np.float32)
        for bag in bags:
            for key in bag:
                frequency[self.vocabulary[key]] += 1
        self.idf = sparse.diags(np.log((1 + len(bags)) / (1 + frequency)) + 1.0)
        self.lexical = _normalise_sparse(self.weigh(bags))
        self.encode = encode
        self.meaning: Matrix | None = None
        if encode is not None:
            self.meaning = _normalise_rows(vectors if vectors is not None else encode(list(self.texts)))
        self.neighbours = neighbours
        self._graph: Any = None

    def weigh(self, bags: Sequence[dict[str, float]]) -> sparse.csr_matrix:
        """TF-IDF rows of the pool's vocabulary (a word the pool never uses cannot match it)."""
        matrix = _bags(bags, self.vocabulary)
        matrix.data = 1.0 + np.log(matrix.data)  # sublinear counts; title weights stay above 1
        weighed: sparse.csr_matrix = (matrix @ self.idf).tocsr()
        return weighed

    def meaning_of(self, texts: Sequence[str]) -> Matrix:
        """Vectors of texts, the pool's own when it holds them (an attached proposal is in the pool)."""
        assert self.meaning is not None and self.encode is not None
        rows = np.zeros((len(texts), self.meaning.shape[1]), dtype=np.float32)
        missing = [i for i, t in enumerate(texts) if t not in self.row_of]
        for i, text in enumerate(texts):
            if text in self.row_of:
                rows[i] = self.meaning[self.row_of[text]]
        if missing:
            rows[missing] = self.encode([texts[i] for i in missing])
        return rows

    def graph(self, meaning_weight: float) -> Any:
        """Row-normalised graph of each wording's nearest neighbours (computed once, on first use)."""
        # Meaning alone when there is a model: the words' sparse pool × pool product cost ten
        # times more at scale 5 for no gain on the tuning part.
        if self._graph is None:
            views = [(1.0, self.meaning if self.meaning is not None else self.lexical)]
            self._graph = _neighbour_graph(views, len(self.texts), self.neighbours)
        return self._graph


def _lexical_view(pool: Pool, sections: Sequence[SectionProfile]) -> _View:
    descriptions = np.asarray(pool.weigh([_section_keys(s) for s in sections]).todense(), dtype=np.float32)
    return _View(pool.lexical, descriptions, [pool.weigh([_counts(t) for t in s.attached]) for s in sections])


def _meaning_view(pool: Pool, sections: Sequence[SectionProfile]) -> _View:
    assert pool.encode is not None and pool.meaning is not None
    # Title alone, introduction alone and both: the title's few words are not drowned by the sentence.
    both = pool.encode([f"{s.title}. {s.introduction}".strip() for s in sections])
    titles = pool.encode([s.title for s in sections])
    introductions = pool.encode([s.introduction or s.title for s in sections])
    descriptions = _normalise_rows(both) + _normalise_rows(titles) + _normalise_rows(introductions)
    return _View(pool.meaning, descriptions, [pool.meaning_of(s.attached) for s in sections])


STANDARDISE = True


def _centred(similarity: Matrix) -> Matrix:
    """Each section's scores as standard scores over the pool: a broad section does not win everything."""
    if similarity.shape[0] < 2:
        return similarity
    centred: Matrix = similarity - similarity.mean(axis=0, keepdims=True)
    if STANDARDISE:
        centred = centred / np.maximum(centred.std(axis=0, keepdims=True), 1e-6) * 0.1
    return centred


FEEDBACK_PER_SECTION = 5


def _feedback(combined: Matrix) -> Matrix:
    """Pseudo-relevance feedback: each section learns from the few pool proposals it wins most clearly
    (ranked first for them, by the widest margin over their second section)."""
    weights = np.zeros_like(combined)
    if combined.shape[1] < 2:
        return weights
    order = np.argsort(-combined, axis=1)
    first = order[:, 0]
    margin = combined[np.arange(len(combined)), first] - combined[np.arange(len(combined)), order[:, 1]]
    for s in range(combined.shape[1]):
        members = np.flatnonzero(first == s)
        if members.size:
            best = members[np.argsort(-margin[members])[:FEEDBACK_PER_SECTION]]
            weights[best, s] = 1.0
    return weights


def softmax(scores: Matrix, temperature: float = TEMPERATURE) -> Matrix:
    shifted = (scores - scores.max(axis=1, keepdims=True)) / temperature
    exp = np.exp(shifted)
    result: Matrix = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
    return result


def _neighbour_graph(views: list[tuple[float, Rows]], size: int, neighbours: int) -> Any:
    """Row-normalised graph of each proposal's nearest neighbours in the pool (itself excluded)."""
    if size < 2 or neighbours <= 0:
        return None
    k = min(neighbours, size - 1)
    rows, cols, values = [], [], []
    for start in range(0, size, 1000):  # blocks: the full pool × pool matrix would not fit at scale 20
        block = sum((w * _block_similarity(view, start, min(size, start + 1000)) for w, view in views),
                    np.zeros((min(size, start + 1000) - start, size), dtype=np.float32))
        for offset, row in enumerate(block):
            row[start + offset] = -np.inf
            best = np.argpartition(-row, k - 1)[:k]
            weights = np.maximum(row[best], 0.0)
            total = float(weights.sum())
            if total > 0:
                rows += [start + offset] * k
                cols += best.tolist()
                values += (weights / total).tolist()
    return sparse.csr_matrix((values, (rows, cols)), shape=(size, size), dtype=np.float32)


def _block_similarity(rows: Rows, start: int, stop: int) -> Matrix:
    product: Any = rows[start:stop] @ rows.T
    return np.asarray(product.todense() if sparse.issparse(product) else product, dtype=np.float32)


def scores(pool: Pool, sections: Sequence[SectionProfile], *, meaning_weight: float = MEANING_WEIGHT,
           rounds: int = SELF_TRAINING_ROUNDS, neighbour_weight: float = NEIGHBOUR_WEIGHT) -> Matrix:
    """Score of every wording of the pool (rows) against every section (columns); higher is better."""
    size = len(pool.texts)
    if not size or not sections:
        return np.zeros((size, len(sections)), dtype=np.float32)
    with_meaning = pool.meaning is not None and meaning_weight > 0
    views: list[tuple[float, _View]] = [(1.0 - meaning_weight if with_meaning else 1.0, _lexical_view(pool, sections))]
    if with_meaning:
        views.append((meaning_weight, _meaning_view(pool, sections)))
    graph = pool.graph(meaning_weight) if neighbour_weight > 0 else None
    weights: Matrix | None = None
    combined = np.zeros((size, len(sections)), dtype=np.float32)
    for _round in range(rounds + 1):
        combined = sum((w * _centred(view.similarity(weights)) for w, view in views),
                       np.zeros((size, len(sections)), dtype=np.float32))
        if graph is not None:
            combined = (1 - neighbour_weight) * combined + neighbour_weight * np.asarray(graph @ combined,
                                                                                          dtype=np.float32)
        weights = _feedback(combined)
    return combined


def rank_pool(pool: Pool, sections: Sequence[SectionProfile], *, limit: int = MAX_SUGGESTIONS,
              temperature: float = TEMPERATURE, **tuning: Any) -> list[Ranked]:
    """Up to ``limit`` sections for every wording of the pool, best first, with a confidence."""
    if not sections:
        return [Ranked() for _ in pool.texts]
    probabilities = softmax(scores(pool, sections, **tuning), temperature)
    ids = [s.id for s in sections]
    ranked = []
    for row in probabilities:
        best = np.argsort(-row, kind="stable")[:limit]
        ranked.append(Ranked(tuple((ids[i], round(float(row[i]), 4)) for i in best.tolist())))
    return ranked


def rank(texts: Sequence[str], sections: Sequence[SectionProfile], *, encode: Encoder | None = None,
         pool_vectors: Matrix | None = None, limit: int = MAX_SUGGESTIONS, temperature: float = TEMPERATURE,
         neighbours: int = NEIGHBOURS, **tuning: Any) -> list[Ranked]:
    """Up to ``limit`` sections per text, best first, with a confidence (the softmax probability)."""
    if not sections or not texts:
        return [Ranked() for _ in texts]
    pool = Pool(texts, encode=encode, vectors=pool_vectors, neighbours=neighbours)
    return rank_pool(pool, sections, limit=limit, temperature=temperature, **tuning)


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """How far stated confidence is from observed accuracy (0 = perfectly calibrated)."""
    total = len(confidences)
    if not total:
        return 0.0
    error = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [i for i, c in enumerate(confidences) if low < c <= high or (b == 0 and c == 0)]
        if members:
            accuracy = sum(correct[i] for i in members) / len(members)
            mean = sum(confidences[i] for i in members) / len(members)
            error += len(members) / total * math.fabs(accuracy - mean)
    return error
