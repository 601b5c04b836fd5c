"""How names are matched: normalisation, the wordings people use (« CC du… », « Ville de… »),
and the in-memory index of the reference, built once per process."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from data_access.territories import reference
from data_access.territories.reference import ReferenceTerritory

Status = Literal["resolved", "ambiguous", "unknown"]

ALIASES_FILE = reference.REFERENCE_DIR / "aliases.csv"

MAX_QUERY_CHARS = 300  # longer input is not a territory name (pasted paragraph, attack)
MAX_CANDIDATES = 10
FUZZY_RESOLVE = 90.0  # a typo is corrected only above this rapidfuzz ratio…
FUZZY_MARGIN = 5.0  # …and when the runner-up is at least this far behind
FUZZY_FLOOR = 80.0  # below this, not even a candidate
FUZZY_MIN_CHARS = 5  # short names are too close to each other to correct typos safely
EXACT_SCORE = 100.0
WORDING_SCORE = 98.0  # matched after reading "CC du…", "Département de…": slightly less direct
SECONDARY_KIND_PENALTY = 1.0  # commune déléguée under a "commune" hint, EPT under "epci"

SUB_COMMUNAL = ("commune_deleguee", "commune_associee", "arrondissement_municipal")
# A kind hint also admits these kinds (a former commune is still "a commune" to most people).
KIND_FAMILIES: dict[str, tuple[str, ...]] = {
    "commune": ("commune", *SUB_COMMUNAL),
    "epci": ("epci", "ept"),
}
KINDS: tuple[str, ...] = tuple(kind for kind in reference.KIND_LABELS if kind != reference.INTERNATIONAL)


@dataclass(frozen=True)
class Candidate:
    kind: str
    code: str
    name: str
    dep_code: str | None
    score: float
    population: int | None


@dataclass(frozen=True)
class Resolution:
    query: str
    status: Status
    territory: ReferenceTerritory | None  # set only when resolved
    score: float | None
    candidates: tuple[Candidate, ...]



_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o",
                            "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_ABBREVIATION_SET = frozenset(_ABBREVIATIONS)


def normalize(text: str) -> str:
    """Comparable form of a name: ASCII lower case, words separated by one space, St → saint.

    Idempotent, and never raises on a ``str`` (property-tested).
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_LIGATURES)).encode("ascii", "ignore").decode("ascii")
    tokens = _NON_ALNUM.sub(" ", text.lower()).split()
    if _ABBREVIATION_SET.isdisjoint(tokens):  # the common case, kept fast for index building
        return " ".join(tokens)
    return " ".join(_ABBREVIATIONS.get(token, token) for token in tokens)


# Characters no territory name contains: code, markup or SQL, not a name to correct.
MARKUP = re.compile(r"[;<>={}\[\]|\\%$*#@^~`]|--")


def clean(query: object) -> str:
    if not isinstance(query, str):
        return ""
    # Control characters (tabs from spreadsheets, NUL…) become spaces.
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in query).strip()



_ARTICLES = ("de la", "de l", "des", "du", "de", "d", "l", "la", "le", "les")
_DEP_PREFIXES = ("conseil departemental", "conseil general", "collectivite departementale",
                 "departement", "dept", "dep", "cd", "cg")
_REG_PREFIXES = ("conseil regional", "collectivite regionale", "region", "cr")
_EPCI_PREFIXES = ("communaute de communes", "communaute d agglomeration", "communaute d agglo",
                  "communaute urbaine", "communaute", "etablissement public territorial",
                  "metropole", "agglomeration", "agglo", "cda", "cc", "ca", "cu", "ept")
EPCI_SUFFIXES = ("communaute d agglomeration", "communaute de communes", "agglomeration", "agglo",
                  "metropole", "communaute")
_COMMUNE_PREFIXES = ("ville", "commune", "mairie", "municipalite")
MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("departement", _DEP_PREFIXES), ("region", _REG_PREFIXES),
    ("epci", _EPCI_PREFIXES), ("commune", _COMMUNE_PREFIXES),
)
# Tokens too common to block fuzzy candidates on.
_STOP_TOKENS = frozenset({*" ".join(_ARTICLES).split(), "saint", "sainte", "saints", "saintes", "sur",
                          "sous", "en", "et", "aux", "au", "les", "pres", "lez", "communaute",
                          "communes", "agglomeration", "urbaine", "metropole", "pays", "cc", "ca", "cu"})


def strip_prefix(text: str, prefixes: Sequence[str]) -> str | None:
    for prefix in prefixes:
        if text == prefix:
            return ""
        if text.startswith(prefix + " "):
            return text[len(prefix) + 1:]
    return None


def strip_suffix(text: str, suffixes: Sequence[str]) -> str | None:
    for suffix in suffixes:
        if text.endswith(" " + suffix):
            return text[: -len(suffix) - 1]
    return None


def without_article(text: str) -> str:
    stripped = strip_prefix(text, _ARTICLES)
    return stripped if stripped else text


def _epci_cores(name: str) -> set[str]:
    """Forms of an EPCI name without its type: "ca agglo du pays de dreux" → "pays de dreux"…"""
    cores: set[str] = set()
    pending = [name]
    while pending:
        form = pending.pop()
        for shorter in (strip_prefix(form, _EPCI_PREFIXES), strip_suffix(form, EPCI_SUFFIXES),
                        strip_prefix(form, _ARTICLES) if form != name else None):
            if shorter and shorter not in cores and len(shorter) >= 3:
                cores.add(shorter)
                pending.append(shorter)
    cores.discard(name)
    return cores



@dataclass
class Index:
    territories: tuple[ReferenceTerritory, ...]
    names: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    cores: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, int] = field(default_factory=dict)
    codes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    sirens: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    dep_by_name: dict[str, str] = field(default_factory=dict)
    region_of_dep: dict[str, str] = field(default_factory=dict)
    _fuzzy: tuple[list[str], dict[str, list[int]]] | None = None

    def add_name(self, key: str, position: int) -> None:
        if key and position not in self.names[key]:
            self.names[key].append(position)

    def fuzzy(self) -> tuple[list[str], dict[str, list[int]]]:
        """(keys, blocks) for typo correction, built on the first query that needs it (≈ 0.1 s):
        codes and exact names, most of what imports contain, never pay for it."""
        if self._fuzzy is None:
            keys = sorted({*self.names, *self.cores})
            blocks: dict[str, list[int]] = defaultdict(list)
            for key_id, key in enumerate(keys):
                for block in key_blocks(key):
                    blocks[block].append(key_id)
            self._fuzzy = (keys, blocks)  # one assignment: a concurrent first use builds it twice at worst
        return self._fuzzy


def _arrondissement_keys(name: str) -> set[str]:
    # "Paris 15e Arrondissement" / "Marseille 1er Arrondissement" → "paris 15", "15e arrondissement de paris"…
    match = re.fullmatch(r"(.+?) (\d+)(?:er|e) arrondissement", name)
    if not match:
        return set()
    city, number = match.groups()
    ordinal = "1er" if number == "1" else f"{number}e"
    forms = {f"{city} {number}", f"{city} {ordinal}", f"{city} {number}eme", f"{city} {ordinal} arrdt",
             f"{ordinal} arrondissement de {city}", f"{number}eme arrondissement de {city}",
             f"{city} {number} arrondissement", f"{city} {number}eme arrondissement"}
    if number == "1":
        forms |= {f"{city} 1ere", f"{city} 1er arrondissement", f"{city} premier arrondissement"}
    return {normalize(form) for form in forms}


def key_blocks(key: str) -> set[str]:
    # A single typo leaves a long enough token's first or last three letters intact.
    blocks: set[str] = set()
    for token in key.split():
        if len(token) < 3 or token in _STOP_TOKENS or token.isdigit():
            continue
        blocks.add("<" + token[:3])
        blocks.add(">" + token[-3:])
        if len(token) <= 5:
            blocks.add("=" + token[:2])
    return blocks


def build_index(territories: Sequence[ReferenceTerritory] | None = None) -> Index:
    rows = tuple(reference.all_territories() if territories is None else territories)
    idx = Index(territories=rows)
    alias_rows: list[dict[str, str]] = []
    if territories is None:
        with ALIASES_FILE.open(encoding="utf-8", newline="") as handle:
            alias_rows = list(csv.DictReader(handle))
    wanted = {(row["kind"], row["code"]) for row in alias_rows}
    alias_targets: dict[tuple[str, str], int] = {}
    names, codes, sirens = idx.names, idx.codes, idx.sirens
    for position, territory in enumerate(rows):
        kind = territory.kind
        if (kind, territory.code) in wanted:
            alias_targets[(kind, territory.code)] = position
        codes[territory.code].append(position)
        if territory.siren:
            sirens[territory.siren].append(position)
        name = normalize(territory.name)
        names[name].append(position)
        if territory.long_name and territory.long_name != territory.name:
            long_name = normalize(territory.long_name)
            if long_name != name:
                names[long_name].append(position)
        if kind in ("commune", "commune_deleguee", "commune_associee"):
            continue
        if kind in ("epci", "ept"):
            for source in (territory.name, territory.long_name or ""):
                acronym = re.search(r"\(([A-Za-z0-9]{2,8})\)\s*$", source)
                if acronym:
                    idx.add_name(normalize(acronym.group(1)), position)
                    source = source[: acronym.start()]
                for core in _epci_cores(normalize(source)):
                    if position not in idx.cores[core]:
                        idx.cores[core].append(position)
        elif kind == "arrondissement_municipal":
            for key in _arrondissement_keys(name):
                idx.add_name(key, position)
        elif kind in ("departement", "collectivite_outre_mer"):  # 975…989 serve as département codes
            idx.dep_by_name[name] = territory.code
            if territory.reg_code:
                idx.region_of_dep[territory.code] = territory.reg_code
    for row in alias_rows:
        target = alias_targets.get((row["kind"], row["code"]))
        if target is not None:
            idx.aliases[normalize(row["alias"])] = target
    return idx


@lru_cache(maxsize=1)
def index() -> Index:
    """The process-wide index, built on first use (≈ 0.4 s CPU; see ``concertations bench``)."""
    return build_index()
