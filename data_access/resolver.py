"""TEMPORARY minimal territory resolver (exact code / exact normalised name only).

Same API as the real resolver written on another branch; the lead replaces this file at merge.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from data_access import reference
from data_access.reference import ReferenceTerritory

Status = Literal["resolved", "ambiguous", "unknown"]


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
    territory: ReferenceTerritory | None
    score: float | None
    candidates: tuple[Candidate, ...]


def _normalise(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in ascii_text).split())


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, list[ReferenceTerritory]], dict[str, list[ReferenceTerritory]]]:
    by_code: dict[str, list[ReferenceTerritory]] = defaultdict(list)
    by_name: dict[str, list[ReferenceTerritory]] = defaultdict(list)
    for territory in reference.all_territories():
        by_code[territory.code.upper()].append(territory)
        if territory.siren and territory.siren != territory.code:
            by_code[territory.siren].append(territory)
        by_name[_normalise(territory.name)].append(territory)
    return dict(by_code), dict(by_name)


def _candidate(territory: ReferenceTerritory) -> Candidate:
    return Candidate(kind=territory.kind, code=territory.code, name=territory.name,
                     dep_code=territory.dep_code, score=100.0, population=territory.population)


def resolve(query: str, *, kind: str | None = None, dep: str | None = None) -> Resolution:
    text = (query or "").strip()
    by_code, by_name = _indexes()
    found = by_code.get(text.upper()) or by_name.get(_normalise(text)) or []
    if kind:
        found = [t for t in found if t.kind == kind]
    if dep:
        found = [t for t in found if dep in t.dep_codes or t.dep_code == dep]
    # Main kinds before sub-communal ones (a former commune keeps its name).
    main = [t for t in found if t.kind not in {"commune_deleguee", "commune_associee"}]
    found = main or found
    candidates = tuple(_candidate(t) for t in found[:10])
    if len(found) == 1:
        return Resolution(query=query, status="resolved", territory=found[0], score=100.0,
                          candidates=candidates)
    if found:
        return Resolution(query=query, status="ambiguous", territory=None, score=None, candidates=candidates)
    return Resolution(query=query, status="unknown", territory=None, score=None, candidates=())


def resolve_many(queries: Iterable[str], *, kind: str | None = None, dep: str | None = None) -> list[Resolution]:
    return [resolve(query, kind=kind, dep=dep) for query in queries]
