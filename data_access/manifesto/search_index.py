"""French full-text index over a campaign's proposals, built in memory from the store.

Why in memory: SQLite has no French stemming and PostgreSQL's ``unaccent`` is an extension we
cannot count on; 40,000 short texts fit in a few megabytes, and the dashboard caches one index
per campaign and store state. Matching is case- and accent-insensitive, word forms meet through
Snowball's French stemmer (applied to accent-free words, the same way on both sides), and a
quoted phrase must appear as consecutive words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import snowballstemmer

# Short function words carry no meaning for search; elided articles (l', d', qu'…) are dropped too.
FRENCH_STOP_WORDS: frozenset[str] = frozenset(["a", "ai", "au", "aux", "avec", "ce", "ces", "c", "d", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il", "ils", "je", "j", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "meme", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "est", "sont", "etre", "ont", "avoir", "etait", "cette", "cet", "afin", "ainsi", "chaque", "tout", "tous", "toute", "toutes", "plus", "moins", "tres", "entre", "sans", "sous", "vers", "chez", "dont"])

_WORD = re.compile(r"[a-z0-9]+")
_PHRASE = re.compile(r'"([^"]*)"')


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Latin letters with diacritics mapped once (str.translate is ~10× faster than NFKD per character).
_FOLD_TABLE = {code: _fold_slow(chr(code)) for code in range(0xC0, 0x250) if _fold_slow(chr(code)) != chr(code)}
_FOLD_TABLE.update({ord("œ"): "oe", ord("æ"): "ae", ord("’"): "'", ord("\u00a0"): " "})


def fold(text: str) -> str:
    """Lower case, accents removed, œ/æ expanded: the form both documents and queries take."""
    text = text.lower().translate(_FOLD_TABLE)
    return text if text.isascii() else _fold_slow(text)


def words(text: str) -> list[str]:
    """Folded words in order, stop words kept (phrases need them)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def terms(text: str) -> list[str]:
    """The stemmed content words of a text, in order (stop words and single letters removed)."""
    return [stem(w) for w in words(text) if w not in FRENCH_STOP_WORDS and len(w) > 1]


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # stems that must all appear
    phrases: tuple[tuple[str, ...], ...]  # folded word sequences that must appear as such

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases


def parse_query(query: str) -> ParsedQuery:
    phrases = tuple(
        tuple(words(match)) for match in _PHRASE.findall(query) if words(match)
    )
    rest = _PHRASE.sub(" ", query).replace('"', " ")
    all_terms = terms(rest) + [t for phrase in phrases for t in terms(" ".join(phrase))]
    return ParsedQuery(terms=tuple(dict.fromkeys(all_terms)), phrases=phrases)


IntArray = npt.NDArray[np.int64]


@dataclass
class SearchIndex:
    """Postings per stem over document positions 0..n-1; ``doc_ids`` maps a position to a proposal id."""

    doc_ids: IntArray
    folded: list[str]  # " word word … " per document, for phrase checks
    postings: dict[str, IntArray]
    idf: dict[str, float]
    _position: dict[int, int] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, documents: Iterable[tuple[int, str]]) -> SearchIndex:
        ids: list[int] = []
        folded: list[str] = []
        raw: dict[str, list[int]] = {}
        for position, (proposal_id, text) in enumerate(documents):
            ids.append(proposal_id)
            doc_words = words(text)
            folded.append(" " + " ".join(doc_words) + " ")
            for term in {stem(w) for w in doc_words if w not in FRENCH_STOP_WORDS and len(w) > 1}:
                raw.setdefault(term, []).append(position)
        count = max(1, len(ids))
        postings = {term: np.asarray(positions, dtype=np.int64) for term, positions in raw.items()}
        idf = {term: float(np.log(1 + count / len(positions))) for term, positions in raw.items()}
        index = cls(doc_ids=np.asarray(ids, dtype=np.int64), folded=folded, postings=postings, idf=idf)
        index._position = {pid: pos for pos, pid in enumerate(ids)}
        return index

    def __len__(self) -> int:
        return len(self.doc_ids)

    def match(self, query: str | ParsedQuery) -> tuple[IntArray, npt.NDArray[np.float64]]:
        """Positions of the documents matching every term and phrase, with a relevance score.

        An empty query matches everything with score 0.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        if parsed.is_empty:
            return np.arange(len(self.doc_ids), dtype=np.int64), np.zeros(len(self.doc_ids))
        positions: IntArray | None = None
        for term in sorted(parsed.terms, key=lambda t: len(self.postings.get(t, ()))):
            posting = self.postings.get(term)
            if posting is None:
                return np.empty(0, dtype=np.int64), np.empty(0)
            positions = posting if positions is None else np.intersect1d(positions, posting, assume_unique=True)
            if positions.size == 0:
                return positions, np.empty(0)
        if positions is None:  # a phrase made only of stop words: scan
            positions = np.arange(len(self.doc_ids), dtype=np.int64)
        if parsed.phrases:
            needles = [" " + " ".join(phrase) + " " for phrase in parsed.phrases]
            keep = [p for p in positions.tolist() if all(n in self.folded[p] for n in needles)]
            positions = np.asarray(keep, dtype=np.int64)
        scores = np.zeros(positions.size)
        for term in parsed.terms:
            scores += self.idf.get(term, 0.0)
        # Shorter texts that contain every term are closer to what was asked.
        lengths = np.fromiter((len(self.folded[p]) for p in positions.tolist()), dtype=np.float64,
                              count=positions.size)
        scores = scores / np.sqrt(1.0 + lengths / 80.0)
        return positions, scores

    def ids_matching(self, query: str) -> list[int]:
        positions, scores = self.match(query)
        order = np.lexsort((positions, -scores))
        return [int(i) for i in self.doc_ids[positions[order]]]

    def positions_of(self, proposal_ids: Sequence[int] | IntArray) -> IntArray:
        return np.asarray([self._position[int(pid)] for pid in proposal_ids if int(pid) in self._position],
                          dtype=np.int64)
