"""Themes found in a campaign's proposals when no section defines them: pure computation.

Why this shape (measured on the demo corpus' tuning part, see docs/manifeste.md « Thèmes »):
- identical wordings (after folding) are one text: a sentence copied by 40 territories must not
  outweigh 40 different ideas, but every territory behind it is counted;
- each distinct text is described twice: by its meaning vector (``embedding.encode``) and by its
  French word stems (TF-IDF reduced by SVD: paraphrases share few words, but words separate
  neighbouring themes that vectors blur); both parts are L2-normalised and weighted;
- Ward's agglomerative clustering on that joint vector; the number of themes is the one that
  maximises the silhouette over a range scaled on the number of texts, never a fixed count;
- texts far from their theme's centre, and themes too small to read, are left « sans thème »
  (at most ``MAX_UNTHEMED`` of the proposals: the farthest first).
Above ``SAMPLE_LIMIT`` distinct texts, the tree is built on a deterministic sample and the other
texts join the nearest theme centre: Ward's memory and time grow with the square of the texts.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from data_access.manifesto.lexicon import fold
from data_access.manifesto.themes.labels import Background, describe, notion_vectors

FloatArray = npt.NDArray[np.float32]
Encoder = Callable[[Sequence[str]], FloatArray]

MEANING_WEIGHT = 0.8  # share of the meaning vector in the joint cosine (the rest: word stems); tuned 0.5–1.0
NOTION_WEIGHT = 0.5  # weight of the notions part (notions.yaml) next to the two unit-weight parts
LEXICAL_DIMENSIONS = 120
SAMPLE_LIMIT = 2500
MIN_THEME_TEXTS = 3  # a theme of fewer distinct texts is not a theme an editor can name
MAX_UNTHEMED = 0.08  # share of proposals at most left without a theme (target: ≤ 10 %)
FAR_FROM_CENTRE = 0.15  # cosine to the theme's centre under which a text is left unthemed
QUOTES = 5


@dataclass(frozen=True)
class Document:
    proposal_id: int
    participation_id: int
    text: str
    territory: str = ""
    reg_code: str = ""


@dataclass(frozen=True)
class Quote:
    proposal_id: int
    text: str
    territories: tuple[str, ...]  # every territory that wrote these very words


@dataclass(frozen=True)
class FoundTheme:
    key: str  # stable while its members are: a hash of its proposal ids
    label: str
    keywords: tuple[str, ...]
    proposal_ids: tuple[int, ...]
    territories: int
    regions: int
    quotes: tuple[Quote, ...]
    cohesion: float


@dataclass(frozen=True)
class ThemeSet:
    themes: tuple[FoundTheme, ...]
    unthemed: tuple[int, ...]
    proposals: int


def text_key(text: str) -> str:
    return " ".join(fold(text).split())


def members_key(proposal_ids: Sequence[int]) -> str:
    return hashlib.sha256(",".join(str(p) for p in sorted(set(proposal_ids))).encode()).hexdigest()[:16]


def _lexical(texts: Sequence[str]) -> tuple[FloatArray, object]:
    """Stems (and stem pairs) in TF-IDF, reduced by SVD: the word part of the joint vector."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    from data_access.manifesto.themes.labels import stems

    vectorizer = TfidfVectorizer(analyzer=stems, sublinear_tf=True, min_df=2 if len(texts) > 50 else 1,
                                 max_df=0.25, dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no word survives (tiny or empty corpus)
        return np.zeros((len(texts), 1), dtype=np.float32), vectorizer
    dims = min(LEXICAL_DIMENSIONS, matrix.shape[1] - 1, len(texts) - 1)
    if dims >= 2:
        reduced = TruncatedSVD(n_components=dims, n_iter=3, random_state=0).fit_transform(matrix)
    else:
        reduced = matrix.toarray()
    return np.asarray(normalize(reduced), dtype=np.float32), vectorizer


def joint_vectors(texts: Sequence[str], meaning: FloatArray | None) -> FloatArray:
    """Word stems, notions and (when given) meaning vectors, each part normalised then weighted.

    Meaning vectors are centred first: every proposal speaks of AI and public services, and that
    shared direction otherwise dominates their cosines."""
    from sklearn.preprocessing import normalize

    lexical, _ = _lexical(texts)
    parts = [lexical * np.sqrt(1 - MEANING_WEIGHT), notion_vectors(texts) * NOTION_WEIGHT]
    if meaning is not None:
        centred = normalize(meaning.astype(np.float32) - meaning.mean(axis=0))
        parts.append(centred * np.sqrt(MEANING_WEIGHT))
    return np.asarray(normalize(np.hstack(parts)), dtype=np.float32)


def _candidate_counts(size: int) -> list[int]:
    low = max(2, round(np.sqrt(size / 4)))
    high = max(low + 1, min(60, size // MIN_THEME_TEXTS, round(np.sqrt(size) * 1.5)))
    return sorted(set(np.linspace(low, high, num=min(16, high - low + 1)).round().astype(int).tolist()))


def cluster(vectors: FloatArray) -> npt.NDArray[np.int64]:
    """Ward's tree on the joint vectors, cut where the silhouette is best."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import silhouette_score

    size = vectors.shape[0]
    if size < 2 * MIN_THEME_TEXTS:
        return np.zeros(size, dtype=np.int64)
    tree = linkage(vectors.astype(np.float64), method="ward")
    best: tuple[float, npt.NDArray[np.int64]] | None = None
    for count in _candidate_counts(size):
        labels = np.asarray(fcluster(tree, t=count, criterion="maxclust"), dtype=np.int64) - 1
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(vectors, labels, metric="cosine",
                                       sample_size=min(size, 2000), random_state=0))
        if best is None or score > best[0]:
            best = (score, labels)
    return best[1] if best is not None else np.zeros(size, dtype=np.int64)


def _sample(keys: Sequence[str], weights: Sequence[int]) -> list[int]:
    """The texts the tree is built on: the most copied first, then a stable pseudo-random draw."""
    order = sorted(range(len(keys)), key=lambda i: (-weights[i], zlib.crc32(keys[i].encode())))
    return sorted(order[:SAMPLE_LIMIT])


def find_themes(documents: Sequence[Document], *, encoder: Encoder | None = None) -> ThemeSet:
    """Themes of ``documents`` (no store access). ``encoder`` gives the meaning vectors of texts."""
    unique: dict[str, list[int]] = {}
    for position, document in enumerate(documents):
        unique.setdefault(text_key(document.text), []).append(position)
    keys = list(unique)
    members = [unique[key] for key in keys]
    texts = [documents[positions[0]].text for positions in members]
    if len(keys) < 2 * MIN_THEME_TEXTS:
        return ThemeSet(themes=(), unthemed=tuple(d.proposal_id for d in documents), proposals=len(documents))
    meaning = encoder(texts) if encoder is not None else None
    vectors = joint_vectors(texts, meaning)
    weights = [len(m) for m in members]
    labels = np.full(len(keys), -1, dtype=np.int64)
    if len(keys) <= SAMPLE_LIMIT:
        labels = cluster(vectors)
    else:
        sample = _sample(keys, weights)
        labels[sample] = cluster(vectors[sample])
    labels = _assign(vectors, labels)
    labels = _leave_out(vectors, labels, np.asarray(weights), len(documents))
    background = Background.of(texts)
    themes: list[FoundTheme] = []
    for label in sorted(set(labels.tolist()) - {-1}):
        indices = np.flatnonzero(labels == label)
        themes.append(_theme(documents, texts, members, vectors, indices, background))
    themes.sort(key=lambda t: (-len(t.proposal_ids), t.label))
    themed = {pid for theme in themes for pid in theme.proposal_ids}
    unthemed = tuple(d.proposal_id for d in documents if d.proposal_id not in themed)
    return ThemeSet(themes=tuple(themes), unthemed=unthemed, proposals=len(documents))


def _centres(vectors: FloatArray, labels: npt.NDArray[np.int64]) -> tuple[list[int], FloatArray]:
    from sklearn.preprocessing import normalize

    names = sorted(set(labels.tolist()) - {-1})
    centres = np.vstack([vectors[labels == name].mean(axis=0) for name in names]) if names else np.zeros((0, vectors.shape[1]))
    return names, np.asarray(normalize(centres), dtype=np.float32) if names else centres.astype(np.float32)


def _assign(vectors: FloatArray, labels: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Texts outside the sample join the nearest centre; small themes dissolve into their neighbours."""
    labels = labels.copy()
    for _ in range(3):
        counts = Counter(labels.tolist())
        small = [name for name, count in counts.items() if name != -1 and count < MIN_THEME_TEXTS]
        if not small and -1 not in counts:
            break
        for name in small:
            labels[labels == name] = -1
        names, centres = _centres(vectors, labels)
        if not names:
            break
        loose = np.flatnonzero(labels == -1)
        if loose.size == 0:
            break
        nearest = np.argmax(vectors[loose] @ centres.T, axis=1)
        labels[loose] = np.asarray(names, dtype=np.int64)[nearest]
    return labels


def _leave_out(vectors: FloatArray, labels: npt.NDArray[np.int64], weights: npt.NDArray[np.int64],
               proposals: int) -> npt.NDArray[np.int64]:
    """Texts too far from their theme's centre are left unthemed, the farthest first, within budget."""
    names, centres = _centres(vectors, labels)
    if not names:
        return labels
    lookup = {name: row for row, name in enumerate(names)}
    similarity = np.einsum("ij,ij->i", vectors, centres[[lookup[name] for name in labels.tolist()]])
    budget = int(MAX_UNTHEMED * proposals)
    labels = labels.copy()
    for index in np.argsort(similarity):
        if similarity[index] >= FAR_FROM_CENTRE or weights[index] > budget:
            break
        budget -= int(weights[index])
        labels[index] = -1
    return labels


def _theme(documents: Sequence[Document], texts: Sequence[str], members: Sequence[list[int]],
           vectors: FloatArray, indices: npt.NDArray[np.int64], background: Background) -> FoundTheme:
    centre = vectors[indices].mean(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-9)
    closeness = vectors[indices] @ centre
    member_texts = [texts[i] for i in indices]
    weights = [len(members[i]) for i in indices]
    label, keywords = describe(member_texts, member_texts[int(np.argmax(closeness))], background)
    chosen = _diverse(vectors[indices], closeness)
    positions = [p for i in indices for p in members[i]]
    quotes = tuple(
        Quote(proposal_id=documents[members[indices[c]][0]].proposal_id, text=texts[indices[c]],
              territories=tuple(sorted({documents[p].territory for p in members[indices[c]] if documents[p].territory})))
        for c in chosen)
    ids = tuple(sorted(documents[p].proposal_id for p in positions))
    return FoundTheme(
        key=members_key(ids), label=label, keywords=keywords, proposal_ids=ids,
        territories=len({documents[p].participation_id for p in positions}),
        regions=len({documents[p].reg_code for p in positions if documents[p].reg_code}),
        quotes=quotes, cohesion=float(np.clip(np.average(closeness, weights=weights), 0, 1)))


def _diverse(vectors: FloatArray, closeness: npt.NDArray[np.float32], count: int = QUOTES) -> list[int]:
    """The most central text first, then central texts unlike those already chosen (MMR)."""
    chosen = [int(np.argmax(closeness))]
    while len(chosen) < min(count, vectors.shape[0]):
        redundancy = (vectors @ vectors[chosen].T).max(axis=1)
        score = closeness - 0.7 * redundancy
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    return chosen
