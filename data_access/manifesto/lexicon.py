"""The search vocabulary: French lemmas, word families and related notions (``lexicon.yaml``).

Every word, in proposals and in queries, becomes a *key*: accents folded, stemmed by Snowball's
French stemmer (formés = formé = forme…), then mapped to its family head (``families`` in the
YAML: formation = former, énergie = énergétique), which a stemmer alone keeps apart.
``concepts`` add weaker keys to a query word (écoles → collèges, élèves).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from data_access import yaml_loader

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")
CONCEPT_WEIGHT = 0.6  # a related notion counts less than the word itself

# Short function words carry no meaning for search; elided articles (l', d', qu'…) are dropped too.
FRENCH_STOP_WORDS: frozenset[str] = frozenset(["a", "ai", "au", "aux", "avec", "ce", "ces", "c", "d", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il", "ils", "je", "j", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "meme", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "est", "sont", "etre", "ont", "avoir", "etait", "cette", "cet", "afin", "ainsi", "chaque", "tout", "tous", "toute", "toutes", "plus", "moins", "tres", "entre", "sans", "sous", "vers", "chez", "dont"])

_RAW_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)


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


def raw_words(text: str) -> Iterator[str]:
    """Lower-case words with their accents (what the lemmatiser reads); hyphenated words split."""
    for token in _RAW_WORD.findall(text.lower().replace("’", "'")):
        yield from token.split("-")


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def _base(word: str) -> str:
    # Measured on tests/data_access/search_queries.yaml: simplemma's lemmas found nothing more
    # than Snowball stems plus the families below, and its dictionary takes ~1 s to load.
    return stem(fold(word))


@dataclass(frozen=True)
class Lexicon:
    family: dict[str, str]  # base key → family head key
    concepts: dict[tuple[str, ...], tuple[str, ...]]  # trigger keys → related keys (« a b »: two words in a row)
    heads: dict[str, str]  # family head key → the family's first word, for explanations
    own: dict[str, str] = field(default_factory=dict)  # folded word → its own key (stem collisions)
    idioms: tuple[tuple[str, str], ...] = ()  # (" folded expression ", " words kept ") for indexing

    def key(self, word: str) -> str:
        """The key of a word (any case and accents)."""
        folded = fold(word)
        own = self.own.get(folded)
        if own is not None:
            return own
        base = stem(folded)
        return self.family.get(base, base)

    def strip_idioms(self, folded_text: str) -> str:
        """`` word word … `` with the fixed expressions' empty words removed (« voie publique » → « voie »)."""
        for expression, kept in self.idioms:
            if expression in folded_text:
                folded_text = folded_text.replace(expression, kept)
        return folded_text


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = yaml_loader.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    family: dict[str, str] = {}
    heads: dict[str, str] = {}
    for words in data.get("families", []):
        head = _base(str(words[0]))
        heads[head] = str(words[0])
        for word in words:
            family[_base(str(word))] = head
    own: dict[str, str] = {}
    for words in data.get("distinct", []):
        # Words a stemmer would merge with another family (« formats » ≠ « formation »): own key.
        for word in words:
            own[fold(str(word))] = "=" + fold(str(words[0]))
    plain = Lexicon(family=family, concepts={}, heads=heads, own=own)
    concepts: dict[tuple[str, ...], tuple[str, ...]] = {}
    for trigger, related in (data.get("concepts") or {}).items():
        trigger_keys = tuple(plain.key(w) for w in raw_words(str(trigger)) if fold(w) not in FRENCH_STOP_WORDS)
        related_keys: list[str] = []
        for phrase in related:
            # A notion of several words is found only as such (« service public », not « public » alone).
            keys = [plain.key(w) for w in raw_words(str(phrase)) if fold(w) not in FRENCH_STOP_WORDS and len(w) > 1]
            if keys:
                related_keys.append(" ".join(keys[:2]) if len(keys) > 1 else keys[0])
        if trigger_keys:
            concepts[trigger_keys] = tuple(k for k in dict.fromkeys(related_keys) if k not in trigger_keys)
    idioms: list[tuple[str, str]] = []
    for expression, kept in (data.get("idioms") or {}).items():
        idioms.append((f" {' '.join(_FOLDED_WORD.findall(fold(str(expression))))} ",
                       f" {' '.join(_FOLDED_WORD.findall(fold(str(kept or ''))))} ".replace("  ", " ")))
    return Lexicon(family=family, concepts=concepts, heads=heads, own=own, idioms=tuple(idioms))


def content_words(text: str) -> list[str]:
    """The words of a text that carry meaning, lower case with accents, in order."""
    return [w for w in raw_words(text) if len(w) > 1 and fold(w) not in FRENCH_STOP_WORDS]


_FOLDED_WORD = re.compile(r"[a-z0-9]+")


def folded_content_words(text: str) -> list[str]:
    """The content words of a text, folded (the fast path used to index thousands of texts)."""
    return [w for w in _FOLDED_WORD.findall(fold(text)) if len(w) > 1 and w not in FRENCH_STOP_WORDS]
