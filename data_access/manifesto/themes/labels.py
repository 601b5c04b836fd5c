"""A theme's French label and key words, from its own texts (never an id, never a fixed list).

Key words: the stems most typical of the theme against the whole campaign (class TF-IDF), each
shown in the form the texts use most (« agents », not « agent »). Label: the phrase of two to
three content words, taken verbatim from the theme's texts, that holds the most key-word weight,
favouring phrases found in several texts (« formation des agents », « données personnelles »);
failing that, the key words of the most central proposal.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from data_access import yaml_loader
from data_access.manifesto.lexicon import FRENCH_STOP_WORDS, fold, raw_words, stem

NOTIONS_FILE = Path(__file__).with_name("notions.yaml")
_CUE_STOP = frozenset(["de", "des", "du", "d", "la", "le", "les", "l", "a", "au", "aux", "en", "dans"])

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# Words every proposal of the campaign may use: they name no theme.
GENERIC: frozenset[str] = frozenset(["ia", "intelligence", "artificielle", "artificielles", "artificiel", "outil", "outils", "faut", "faudrait", "falloir", "il", "serait", "proposer", "propose", "proposons", "proposition", "propositions", "demander", "demandons", "demande", "souhaitons", "souhaite", "mettre", "place", "mise", "creer", "créer", "faire", "fait", "doit", "doivent", "devrait", "peut", "pourrait", "pouvoir", "permettre", "collectivite", "collectivites", "territoire", "territoires", "commune", "communes", "notre", "nos", "leur", "nouvelle", "nouveau", "nouvelles", "nouveaux", "bien", "mieux", "aussi", "deja", "encore", "etc", "car", "comme", "quand", "alors", "donc", "avant", "apres", "ici", "utiliser", "utilisation", "usage", "usages", "besoin", "besoins", "systeme", "systemes", "projet", "projets", "cas", "exemple", "atelier", "participants", "groupe", "idee", "avis", "veut", "voulons", "vraiment", "trop", "peu", "beaucoup", "partout", "toujours"])
CONNECTORS: frozenset[str] = frozenset(["de", "des", "du", "d", "la", "le", "les", "l", "et", "a", "au", "aux",
                                        "en", "pour", "sur"])
KEYWORDS = 6


def _content(word: str) -> bool:
    folded = fold(word)
    return len(folded) > 2 and folded not in FRENCH_STOP_WORDS and folded not in GENERIC


def stems(text: str) -> list[str]:
    """Stems of a text's content words, then each pair of neighbours: the clustering's word features."""
    found = [stem(fold(w)) for w in _WORD.findall(text.lower().replace("’", "'")) if _content(w)]
    return found + [f"{a} {b}" for a, b in itertools.pairwise(found)]


@dataclass(frozen=True)
class Background:
    """How many of the campaign's distinct texts use each stem (the « elsewhere » of class TF-IDF)."""

    frequency: Counter[str]
    texts: int

    @classmethod
    def of(cls, texts: Sequence[str]) -> Background:
        frequency: Counter[str] = Counter()
        for text in texts:
            frequency.update({s for s in stems(text) if " " not in s})
        return cls(frequency=frequency, texts=max(len(texts), 1))


def _weights(texts: Sequence[str], background: Background) -> tuple[dict[str, float], dict[str, str]]:
    inside: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        seen: set[str] = set()
        for word in _WORD.findall(text.lower().replace("’", "'")):
            if not _content(word):
                continue
            key = stem(fold(word))
            forms.setdefault(key, Counter())[word] += 1
            seen.add(key)
        inside.update(seen)
    weights = {key: (count / len(texts)) * math.log(background.texts / max(background.frequency.get(key, 0), count))
               for key, count in inside.items() if count >= 2 or len(texts) < 4}
    surface = {key: counter.most_common(1)[0][0] for key, counter in forms.items()}
    return weights, surface


def _phrases(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Verbatim spans of 1 to 4 words that start and end with a content word (connectors inside)."""
    lowered = text.lower().replace("’", "'")
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
    found: list[tuple[str, tuple[str, ...]]] = []
    for i, (start, _, word) in enumerate(tokens):
        if not _content(word):
            continue
        keys: list[str] = []
        for j in range(i, min(i + 6, len(tokens))):
            if j > i and lowered[tokens[j - 1][1]:tokens[j][0]].strip(" '-"):
                break  # a comma, a colon, a bracket: the phrase ends there
            current = tokens[j][2]
            if _content(current):
                keys.append(stem(fold(current)))
                if len(keys) > 4:
                    break
                found.append((" ".join(lowered[start:tokens[j][1]].split()), tuple(keys)))
            elif fold(current) not in CONNECTORS:
                break
    return found


def describe(texts: Sequence[str], central: str, background: Background) -> tuple[str, tuple[str, ...]]:
    """(label, key words) of a theme made of ``texts`` (distinct wordings)."""
    weights, surface = _weights(texts, background)
    ranked = sorted(weights, key=lambda k: (-weights[k], k))
    keywords = tuple(dict.fromkeys(surface[k] for k in ranked[:KEYWORDS]))
    top = weights[ranked[0]] if ranked else 1.0
    occurrences: Counter[str] = Counter()
    keys_of: dict[str, tuple[str, ...]] = {}
    for text in texts:
        spans = dict(_phrases(text))
        occurrences.update(spans.keys())
        keys_of.update(spans)
    best: tuple[float, str] | None = None
    for phrase, count in occurrences.items():
        keys = keys_of[phrase]
        if len(keys) < 2 or len(set(keys)) != len(keys) or len(keys) > 3:
            continue  # one word is no phrase; four make a sentence
        if any(weights.get(k, 0.0) < 0.15 * top for k in keys):
            continue  # a span padded with words the theme does not own
        score = sum(weights.get(k, 0.0) for k in keys) / top * math.sqrt(count)
        if best is None or score > best[0]:
            best = (score, phrase)
    if best is not None:
        label = best[1]
    else:
        words = [w for w in _WORD.findall(central.lower()) if _content(w)]
        label = " ".join(sorted(words[:3], key=lambda w: -weights.get(stem(fold(w)), 0.0))[:3]) or central[:60]
    return label[:1].upper() + label[1:], keywords


@lru_cache(maxsize=1)
def notions() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """(notion, its cues as tuples of stems) from notions.yaml: a cue matches when all its stems occur."""
    data = yaml_loader.safe_load(NOTIONS_FILE.read_text(encoding="utf-8"))
    return tuple(
        (str(name), tuple(tuple(stem(fold(w)) for w in raw_words(str(cue)) if fold(w) not in _CUE_STOP)
                          for cue in cues))
        for name, cues in data["notions"].items())


def notion_vectors(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """How much each text speaks of each notion (log of the cues found), rows L2-normalised."""
    table = notions()
    matrix = np.zeros((len(texts), len(table)), dtype=np.float32)
    for row, text in enumerate(texts):
        present = {stem(fold(w)) for w in raw_words(text)}
        for column, (_, cues) in enumerate(table):
            found = sum(1 for cue in cues if cue and all(k in present for k in cue))
            matrix[row, column] = np.log1p(found)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.where(norms > 0, norms, 1.0), dtype=np.float32)
