"""French search over a campaign's proposals, built in memory from the store.

Why in memory: SQLite has no French stemming and PostgreSQL's ``unaccent`` is an extension we
cannot count on; 40,000 short texts fit in a few megabytes, and the dashboard caches one index
per campaign and store state.

What an editor's words find (``lexicon``): every form and derived word of the same family
(« formation » finds « former les agents »), the proposals filed under a theme or criterion of
that name (« emploi » finds the theme « Emploi et formation »), and, more weakly, the related
notions of ``lexicon.yaml`` (« écoles » finds « collèges »). Every word must be found; when that
leaves few proposals, those that miss one word follow, then neighbours in meaning (``semantic``).
Each result can say why it matched (``explain``). A quoted phrase must appear as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from data_access.manifesto.lexicon import (
    CONCEPT_WEIGHT,
    FRENCH_STOP_WORDS,
    content_words,
    fold,
    folded_content_words,
    lexicon,
    stem,
)

__all__ = ["FRENCH_STOP_WORDS", "ParsedQuery", "SearchIndex", "fold", "parse_query", "terms", "words"]

LABEL_WEIGHT = 0.5  # a theme or criterion label says less about a proposal than its own words
FEW_RESULTS = 10  # below this many, looser matches are added after the exact ones
SEMANTIC_WEIGHT = 0.4
# Hybrid ranking (``SearchIndex._fuse``), tuned on the demo corpus's tuning part only
# (tests/data_access/manifesto/test_search_quality.py reports the held-out and unseen figures).
LEXICAL_WEIGHT = 0.5
MEANING_WEIGHT = 0.5
MEANING_FLOOR = 0.1  # a cosine below this adds nothing to the ranking
MEANING_MIN = 0.2  # a text this close in meaning joins the result without sharing a word
MEANING_MAX = 300  # at most this many documents join through meaning alone
FEEDBACK_COUNT = 10  # first results whose mean vector widens the query (0: none)
FEEDBACK_WEIGHT = 1.0

_WORD = re.compile(r"[a-z0-9]+")
_PHRASE = re.compile(r'"([^"]*)"')

# Why a key matched a query word (shown to the editor).
SAME_WORD, FAMILY, CONCEPT, NEIGHBOUR = "mot", "famille", "notion", "sens"


def words(text: str) -> list[str]:
    """Folded words in order, stop words kept (phrases need them)."""
    return _WORD.findall(fold(text))


def terms(text: str) -> list[str]:
    """Snowball stems of the content words (the near-duplicate grouping's features)."""
    return [stem(w) for w in words(text) if w not in FRENCH_STOP_WORDS and len(w) > 1]


@lru_cache(maxsize=200_000)
def key_of(word: str) -> str:
    """The search key of a word: folded, stemmed, mapped to its family (``lexicon``)."""
    return lexicon().key(word)


@dataclass(frozen=True)
class Slot:
    """One word of the query and the keys that satisfy it, with their weight and kind."""

    word: str
    keys: tuple[tuple[str, float, str], ...]  # (key, weight, SAME_WORD | FAMILY | CONCEPT | NEIGHBOUR)


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # the keys of the words typed
    phrases: tuple[tuple[str, ...], ...]  # folded word sequences that must appear as such
    slots: tuple[Slot, ...] = ()
    text: str = ""  # the query as typed (its meaning vector is computed from it)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases


def parse_query(query: str) -> ParsedQuery:
    phrases = tuple(tuple(words(match)) for match in _PHRASE.findall(query) if words(match))
    rest = _PHRASE.sub(" ", query).replace('"', " ")
    typed = content_words(rest) + [w for match in _PHRASE.findall(query) for w in content_words(match)]
    lex = lexicon()
    slot_keys: dict[str, list[tuple[str, float, str]]] = {}
    for word in typed:
        key = key_of(word)
        if key not in slot_keys:
            slot_keys[key] = [(key, 1.0, SAME_WORD)]
    query_keys = set(slot_keys)
    for trigger, related in lex.concepts.items():
        if set(trigger) <= query_keys:
            for key in trigger:
                known = {k for k, _, _ in slot_keys[key]}
                slot_keys[key] += [(r, CONCEPT_WEIGHT, CONCEPT) for r in related if r not in known]
    words_by_key = {key_of(w): w for w in reversed(typed)}
    slots = tuple(Slot(word=words_by_key[key], keys=tuple(found)) for key, found in slot_keys.items())
    return ParsedQuery(terms=tuple(slot_keys), phrases=phrases, slots=slots, text=query.strip())


IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass
class Match:
    positions: IntArray
    scores: FloatArray
    exact: int  # how many of the positions contain every word (the first ones, unless ``exact_positions``)
    parsed: ParsedQuery
    similarity: FloatArray | None = None  # per returned position: cosine with the query (hybrid search)
    exact_positions: IntArray | None = None  # the positions that contain every word (hybrid search)


@dataclass
class SearchIndex:
    """Postings per key over document positions 0..n-1; ``doc_ids`` maps a position to a proposal id."""

    doc_ids: IntArray
    folded: list[str]  # " word word … " per document, for phrase checks
    postings: dict[str, IntArray]  # key → positions whose text holds it
    label_postings: dict[str, IntArray]  # key → positions whose theme or criterion labels hold it
    idf: dict[str, float]
    lengths: FloatArray
    surface: list[str] = field(default_factory=list)  # the words of the texts, for neighbours in meaning
    text_of: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # position → distinct text
    texts: list[str] = field(default_factory=list)  # the distinct texts
    # One unit vector per distinct text (``embedding``), zero rows where none is stored yet; None: lexical only.
    vectors: npt.NDArray[np.float32] | None = None
    _position: dict[int, int] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, documents: Iterable[tuple[int, str] | tuple[int, str, Sequence[str]]]) -> SearchIndex:
        # Campaigns repeat wordings (variants of one idea) and label sets: each distinct text and
        # label set is analysed once, and postings are gathered per distinct value with numpy.
        ids: list[int] = []
        text_numbers: dict[str, int] = {}
        label_numbers: dict[tuple[str, ...], int] = {}
        doc_text: list[int] = []
        doc_labels: list[int] = []
        for document in documents:
            ids.append(document[0])
            doc_text.append(text_numbers.setdefault(document[1], len(text_numbers)))
            labels = tuple(document[2]) if len(document) > 2 else ()  # type: ignore[misc]
            doc_labels.append(label_numbers.setdefault(labels, len(label_numbers)))
        surface: set[str] = set()
        folded_texts: list[str] = []
        text_keys: list[frozenset[str]] = []
        lex = lexicon()
        for text in text_numbers:
            text_words = words(text)
            folded_text = " " + " ".join(text_words) + " "
            folded_texts.append(folded_text)
            content = [w for w in lex.strip_idioms(folded_text).split() if len(w) > 1 and w not in FRENCH_STOP_WORDS]
            surface.update(content)
            keys = [key_of(w) for w in content]
            # Two content words in a row are a key too: notions of two words (« vie privée »,
            # « service public ») are found as such, not through one of their words alone.
            text_keys.append(frozenset(keys) | {f"{a} {b}" for a, b in pairwise(keys)})
        label_keys = [frozenset(k for label in labels for k in _label_keys(label)) for labels in label_numbers]
        text_of = np.asarray(doc_text, dtype=np.int64)
        postings = _gather(text_of, text_keys)
        label_postings = _gather(np.asarray(doc_labels, dtype=np.int64), label_keys)
        count = max(1, len(ids))
        idf = {key: float(np.log(1 + count / len(positions))) for key, positions in postings.items()}
        for key, positions in label_postings.items():
            idf.setdefault(key, float(np.log(1 + count / len(positions))))
        text_lengths = np.asarray([len(f) for f in folded_texts], dtype=np.float64)
        index = cls(doc_ids=np.asarray(ids, dtype=np.int64), folded=[folded_texts[n] for n in doc_text],
                    postings=postings, label_postings=label_postings, idf=idf,
                    lengths=text_lengths[text_of] if ids else np.zeros(0), surface=sorted(surface),
                    text_of=text_of, texts=list(text_numbers))
        index._position = {pid: pos for pos, pid in enumerate(ids)}
        return index

    def __len__(self) -> int:
        return len(self.doc_ids)

    def _slot_scores(self, slot: Slot) -> FloatArray:
        scores = np.zeros(len(self.doc_ids))
        for key, weight, _ in slot.keys:
            idf = self.idf.get(key, 0.0)
            for postings, field_weight in ((self.postings, 1.0), (self.label_postings, LABEL_WEIGHT)):
                positions = postings.get(key)
                if positions is not None:
                    scores[positions] = np.maximum(scores[positions], weight * field_weight * idf)
        return scores

    def search(self, query: str | ParsedQuery, *, loosen: bool = True,
               query_vector: npt.NDArray[np.float32] | None = None) -> Match:
        """Positions of the matching documents, best first, with scores.

        Lexical: every word must be found (itself, its family, a theme label, a related notion);
        documents that miss some words follow (all words first, then one missing…), so a query of
        several words never returns nothing when one of its words is found.
        With meaning vectors (``vectors`` set and ``loosen``): the query's vector is compared with
        every text's, texts close in meaning join the result, and the ranking fuses the lexical
        score and the similarity (``LEXICAL_WEIGHT``, ``MEANING_WEIGHT``, tuned on the demo
        corpus's tuning part). Without vectors, spaCy's word neighbours may widen a search that
        finds little (``semantic``). An empty query matches everything with score 0, in index order.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        size = len(self.doc_ids)
        if parsed.is_empty:
            return Match(np.arange(size, dtype=np.int64), np.zeros(size), size, parsed)
        match = self._match(parsed, loosen=loosen)
        if loosen and self.vectors is not None and parsed.slots and not parsed.phrases and size:
            return self._fuse(match, parsed, query_vector)
        if loosen and match.positions.size < FEW_RESULTS and parsed.slots:
            from data_access.manifesto import semantic

            widened = semantic.widen(parsed, self.surface)
            if widened is not None:
                extra = self._match(widened, loosen=True)
                seen = set(match.positions.tolist())
                keep = np.asarray([p not in seen for p in extra.positions.tolist()], dtype=bool)
                if keep.any():
                    floor = float(match.scores.min()) if match.scores.size else 1.0
                    extra_scores = extra.scores[keep] / (1.0 + float(extra.scores[keep].max())) * floor
                    match = Match(np.concatenate([match.positions, extra.positions[keep]]),
                                  np.concatenate([match.scores, extra_scores]), match.exact, widened)
        return match

    def similarities(self, parsed: ParsedQuery,
                     query_vector: npt.NDArray[np.float32] | None = None) -> FloatArray:
        """Cosine between the query and each document's text (0 where a text has no vector yet)."""
        assert self.vectors is not None
        if query_vector is None:
            from data_access.manifesto import embedding

            query_vector = embedding.encode([parsed.text])[0]
        return (self.vectors @ query_vector).astype(np.float64)[self.text_of]

    def _fuse(self, match: Match, parsed: ParsedQuery, query_vector: npt.NDArray[np.float32] | None) -> Match:
        assert self.vectors is not None
        size = len(self.doc_ids)
        if query_vector is None:
            from data_access.manifesto import embedding

            query_vector = embedding.encode([parsed.text])[0]
        lexical = np.zeros(size)
        if match.positions.size:
            lexical[match.positions] = match.scores / max(float(match.scores.max()), 1e-9)

        def fuse(vector: npt.NDArray[np.float32]) -> tuple[FloatArray, FloatArray]:
            similarity = self.similarities(parsed, vector)
            meaning = np.clip((similarity - MEANING_FLOOR) / (1.0 - MEANING_FLOOR), 0.0, 1.0)
            return LEXICAL_WEIGHT * lexical + MEANING_WEIGHT * meaning, similarity

        fused, similarity = fuse(query_vector)
        if FEEDBACK_COUNT:
            # The best first results say what the query is about: their mean vector, added to the
            # query's, brings the proposals that say it in yet other words (pseudo-relevance feedback).
            best = np.argsort(-fused, kind="stable")[:FEEDBACK_COUNT]
            centre = self.vectors[np.unique(self.text_of[best])].mean(axis=0)
            widened = query_vector + FEEDBACK_WEIGHT * centre
            fused, similarity = fuse((widened / max(float(np.linalg.norm(widened)), 1e-9)).astype(np.float32))
        close = np.flatnonzero(similarity >= MEANING_MIN)
        if close.size > MEANING_MAX:
            close = close[np.argsort(-similarity[close], kind="stable")[:MEANING_MAX]]
        candidates = np.union1d(match.positions, close).astype(np.int64)
        order = np.lexsort((candidates, -fused[candidates]))
        positions = candidates[order]
        exact = match.positions[: match.exact]
        return Match(positions, fused[positions], int(np.isin(positions, exact).sum()), parsed,
                     similarity=similarity[positions], exact_positions=exact)

    def _match(self, parsed: ParsedQuery, *, loosen: bool) -> Match:
        size = len(self.doc_ids)
        per_slot = [self._slot_scores(slot) for slot in parsed.slots]
        if per_slot:
            stacked = np.vstack(per_slot)
            found = (stacked > 0).sum(axis=0)
            total = stacked.sum(axis=0)
        else:  # a phrase made only of stop words
            found, total = np.zeros(size, dtype=np.int64), np.zeros(size)
        needed = len(per_slot)
        candidates = np.flatnonzero(found >= needed) if needed else np.arange(size, dtype=np.int64)
        candidates = self._with_phrases(candidates, parsed)
        exact = candidates.size
        tiers = [candidates]
        if loosen and needed >= 2:
            # Documents missing one word, then two…: always those missing one word (the ranking
            # puts them after), the next tiers while the result is still short; never none.
            for missing in range(1, needed):
                if missing > 1 and sum(t.size for t in tiers) >= FEW_RESULTS:
                    break
                tiers.append(self._with_phrases(np.flatnonzero(found == needed - missing), parsed))
        positions = np.concatenate(tiers) if len(tiers) > 1 else candidates
        tier = np.concatenate([np.full(t.size, n) for n, t in enumerate(tiers)]) if len(tiers) > 1 \
            else np.zeros(candidates.size, dtype=np.int64)
        # Shorter texts that contain every term are closer to what was asked; a missing word costs more.
        scores = total[positions] / np.sqrt(1.0 + self.lengths[positions] / 80.0)
        if needed:
            scores = scores * (1.0 - tier / needed) ** 2 + 1e-6
        order = np.lexsort((positions, -scores, tier))  # all the words first, then one missing…
        return Match(positions[order], scores[order], exact, parsed)

    def _with_phrases(self, positions: IntArray, parsed: ParsedQuery) -> IntArray:
        if not parsed.phrases or positions.size == 0:
            return positions
        needles = [" " + " ".join(phrase) + " " for phrase in parsed.phrases]
        keep = [p for p in positions.tolist() if all(n in self.folded[p] for n in needles)]
        return np.asarray(keep, dtype=np.int64)

    def match(self, query: str | ParsedQuery) -> tuple[IntArray, FloatArray]:
        """Documents containing every word (no loosening), with a relevance score."""
        found = self.search(query, loosen=False)
        return found.positions, found.scores

    def ids_matching(self, query: str) -> list[int]:
        positions, _ = self.match(query)
        return [int(i) for i in self.doc_ids[positions]]

    def positions_of(self, proposal_ids: Sequence[int] | IntArray) -> IntArray:
        return np.asarray([self._position[int(pid)] for pid in proposal_ids if int(pid) in self._position],
                          dtype=np.int64)


@lru_cache(maxsize=4096)
def _label_keys(label: str) -> frozenset[str]:
    return frozenset(key_of(w) for w in folded_content_words(label))


def _gather(group_of: IntArray, group_keys: list[frozenset[str]]) -> dict[str, IntArray]:
    """key → sorted positions of the documents whose group (distinct text or label set) holds it."""
    if group_of.size == 0:
        return {}
    order = np.argsort(group_of, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(group_of, minlength=len(group_keys)))])
    groups_of_key: dict[str, list[int]] = {}
    for group, found in enumerate(group_keys):
        for key in found:
            groups_of_key.setdefault(key, []).append(group)
    return {key: np.sort(np.concatenate([order[bounds[g]:bounds[g + 1]] for g in groups]))
            for key, groups in groups_of_key.items()}


def explain(parsed: ParsedQuery, text: str, labels: Sequence[str] = ()) -> tuple[str, ...]:
    """Why a proposal matched, in French, one phrase per query word (« formation → former, même famille »)."""
    reasons: list[str] = []
    text_words = content_words(text)
    text_keys = [key_of(w) for w in text_words]
    pair_keys = [f"{a} {b}" for a, b in pairwise(text_keys)]
    label_keys = {label: {key_of(w) for w in content_words(label)} for label in labels}
    for slot in parsed.slots:
        reason = None
        for key, _, kind in sorted(slot.keys, key=lambda k: -k[1]):
            if key in text_keys or key in pair_keys:
                if key in text_keys:
                    word = text_words[text_keys.index(key)]
                else:
                    at = pair_keys.index(key)
                    word = f"{text_words[at]} {text_words[at + 1]}"
                if kind == SAME_WORD and fold(word) == fold(slot.word):
                    reason = f"« {slot.word} »"
                elif kind == SAME_WORD:
                    reason = f"« {slot.word} » → « {word} » (même famille)"
                elif kind == CONCEPT:
                    reason = f"« {slot.word} » → « {word} » (notion proche)"
                else:
                    reason = f"« {slot.word} » → « {word} » (sens voisin)"
                break
            label = next((lab for lab, found in label_keys.items() if key in found), None)
            if label is not None:
                reason = f"« {slot.word} » → thème ou critère « {label} »"
                break
        reasons.append(reason or f"« {slot.word} » absent")
    return tuple(reasons)
