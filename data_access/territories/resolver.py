"""Territory resolution: a code or a name as people write it → resolved, ambiguous or unknown.

Precision comes first: a wrong match files one territory's voice under another's name,
which is worse than no match. So a homonym without a hint, or two close fuzzy
candidates, is ``ambiguous`` (ranked candidates for a human to choose), never a guess.

Layers, tried in order; the first that yields a candidate decides:
1. codes (INSEE, SIREN/SIRET, département/région/collectivité codes);
2. exact names: short and long names, alias table (``reference_data/aliases.csv``),
   acronyms found in EPCI names, arrondissement spellings;
3. wording: "Conseil départemental de…", "Région…", "CC…", "… Métropole", "Ville de…"
   imply a kind and leave a name to match (EPCI names are also indexed without their
   "CC du…" part);
4. small typos (rapidfuzz ``ratio`` on candidates sharing a token prefix or suffix).

The index is built once per process, lazily (``index()``); the database is never used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from data_access.territories import reference
from data_access.territories.matching import (
    ALIASES_FILE,
    EPCI_SUFFIXES,
    EXACT_SCORE,
    FUZZY_FLOOR,
    FUZZY_MARGIN,
    FUZZY_MIN_CHARS,
    FUZZY_RESOLVE,
    KIND_FAMILIES,
    KINDS,
    MARKERS,
    MARKUP,
    MAX_CANDIDATES,
    MAX_QUERY_CHARS,
    SECONDARY_KIND_PENALTY,
    SUB_COMMUNAL,
    WORDING_SCORE,
    Candidate,
    Index,
    Resolution,
    Status,
    clean,
    index,
    key_blocks,
    normalize,
    strip_prefix,
    strip_suffix,
    without_article,
)
from data_access.territories.reference import ReferenceTerritory


def kind_from_hint(hint: str | None) -> str | None:
    """Accept a reference kind or its French label ("Commune", "EPCI", "Département")."""
    if hint is None or not hint.strip():
        return None
    text = normalize(hint).replace(" ", "_")
    if text in KINDS or text == reference.INTERNATIONAL:
        return text
    labels = {normalize(label).replace(" ", "_"): kind for kind, label in reference.KIND_LABELS.items()}
    synonyms = {"intercommunalite": "epci", "epci": "epci", "interco": "epci", "metropole": "epci",
                "ville": "commune", "dep": "departement", "csp": "collectivite_statut_particulier",
                "com": "collectivite_outre_mer", "arrondissement": "arrondissement_municipal"}
    kind = labels.get(text) or synonyms.get(text) or (text if text == reference.INTERNATIONAL else None)
    if kind is None:
        raise ValueError(f"Type de territoire inconnu : « {hint} ». Types possibles : {', '.join(KINDS)}.")
    return kind


def dep_from_hint(hint: str | None, idx: Index | None = None) -> str | None:
    """A département code from "38", "1", "2a", "Isère", "Isère (38)"; None if it is none of them."""
    if hint is None:
        return None
    idx = idx or index()
    text = normalize(hint)
    match = re.fullmatch(r"(?:.* )?(\d{1,3}|2a|2b)", text)
    if match:
        code = match.group(1).upper()
        code = code.zfill(2) if code.isdigit() and len(code) < 2 else code
        return code if code in idx.region_of_dep else None
    return idx.dep_by_name.get(without_article(text)) or idx.dep_by_name.get(text)


def _split_dep_hint(text: str, idx: Index) -> tuple[str, str | None]:
    """'Sainte-Colombe (33)' / 'Sainte-Colombe, Gironde' → ('Sainte-Colombe', '33')."""
    match = re.fullmatch(r"(.*\S)\s*\(([^()]{1,40})\)", text)
    if match:
        dep = dep_from_hint(match.group(2), idx)
        if dep is not None:
            return match.group(1), dep
    for separator in (",", " - ", " – ", " / "):
        head, sep, tail = text.rpartition(separator)
        if sep and head.strip():
            dep = dep_from_hint(tail, idx)
            if dep is not None:
                return head.strip(), dep
    return text, None



@dataclass
class _Query:
    raw: str
    kinds: tuple[str, ...] | None  # allowed kinds, from the caller's hint
    primary_kind: str | None
    dep: str | None


def _allowed(q: _Query, territory: ReferenceTerritory, dep: str | None, idx: Index) -> bool:
    if q.kinds is not None and territory.kind not in q.kinds:
        return False
    if dep is None:
        return True
    if territory.kind == "region":
        return idx.region_of_dep.get(dep) == territory.code
    return dep in territory.dep_codes or territory.dep_code == dep


def _penalty(q: _Query, territory: ReferenceTerritory) -> float:
    return SECONDARY_KIND_PENALTY if q.primary_kind and territory.kind != q.primary_kind else 0.0


def _collapse(idx: Index, scored: dict[int, float]) -> dict[int, float]:
    """Drop rows that are another capacity of a candidate already there (same place, same person)."""
    rows = idx.territories
    communes = {rows[i].code: i for i in scored if rows[i].kind == "commune"}
    kept: dict[int, float] = {}
    seen_sirens: dict[str, int] = {}
    kind_rank = {"epci": 0, "commune": 1}
    for i in sorted(scored, key=lambda i: kind_rank.get(rows[i].kind, 2)):
        territory = rows[i]
        # A commune déléguée named like its commune nouvelle (or sharing its code) is that commune.
        parent = communes.get(territory.parent_code or "") if territory.kind in SUB_COMMUNAL else None
        if parent is not None and (territory.code == rows[parent].code
                                   or normalize(territory.name) == normalize(rows[parent].name)):
            continue
        if territory.kind in SUB_COMMUNAL and territory.code in communes:
            continue
        # Métropole de Lyon: one legal person (one SIREN), an EPCI row and a collectivité row.
        if territory.siren and territory.siren in seen_sirens and territory.kind != "commune":
            continue
        if territory.siren:
            seen_sirens.setdefault(territory.siren, i)
        kept[i] = scored[i]
    return kept


def _candidates(idx: Index, scored: dict[int, float]) -> tuple[Candidate, ...]:
    rows = idx.territories
    ranked = sorted(scored.items(), key=lambda item: (-item[1], -(rows[item[0]].population or 0)))
    return tuple(
        Candidate(kind=rows[i].kind, code=rows[i].code, name=rows[i].name, dep_code=rows[i].dep_code,
                  score=round(score, 1), population=rows[i].population)
        for i, score in ranked[:MAX_CANDIDATES]
    )


def _unknown(query: str) -> Resolution:
    return Resolution(query=query, status="unknown", territory=None, score=None, candidates=())


def _decide(query: str, idx: Index, scored: dict[int, float], *, exact: bool,
            preferred: int | None = None, edits: dict[int, int] | None = None) -> Resolution:
    scored = _collapse(idx, scored)
    if not scored:
        return _unknown(query)
    if preferred is not None and preferred in scored:
        scored[preferred] = max(scored.values()) + 0.01  # the alias or code is the answer; others rank after
    candidates = _candidates(idx, scored)
    top = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else None
    if preferred is not None:
        resolved = True
    elif exact:
        resolved = runner_up is None  # homonyms are never told apart without a hint
    else:
        resolved = top.score >= FUZZY_RESOLVE and (runner_up is None or top.score - runner_up >= FUZZY_MARGIN)
        if resolved and edits:
            # "Masrat" is one edit from Marat and one swap from Marsat: a typo must have a unique nearest name.
            rows = idx.territories
            best = next(i for i in scored if (rows[i].kind, rows[i].code) == (top.kind, top.code))
            resolved = all(edits.get(i, 99) > edits[best] for i in scored if i != best)
    if resolved:
        territory = reference.get(top.kind, top.code)
        top = Candidate(top.kind, top.code, top.name, top.dep_code, min(top.score, EXACT_SCORE), top.population)
        return Resolution(query=query, status="resolved", territory=territory, score=top.score,
                          candidates=(top, *candidates[1:]))
    return Resolution(query=query, status="ambiguous", territory=None, score=top.score, candidates=candidates)


def _lookup(idx: Index, table: dict[str, list[int]], key: str, q: _Query, dep: str | None,
            score: float, into: dict[int, float]) -> None:
    for i in table.get(key, ()):
        territory = idx.territories[i]
        if _allowed(q, territory, dep, idx):
            value = score - _penalty(q, territory)
            if value > into.get(i, -1.0):
                into[i] = value


def _by_code(query: str, text: str, idx: Index, q: _Query, dep: str | None) -> Resolution | None:
    compact = re.sub(r"[\s.]", "", text).upper()
    # Digits are always read as a code; "2A", "69M", "6AE", "972R" only when such a code exists
    # (so that the alias "3M" stays a name).
    if not (compact.isdigit() or (compact.isalnum() and compact.isascii() and compact in idx.codes)):
        return None
    keys: list[str] = []
    table = idx.codes
    if re.fullmatch(r"\d{9}", compact) or re.fullmatch(r"\d{14}", compact):  # SIREN, or SIRET
        table, keys = idx.sirens, [compact[:9]]
    elif re.fullmatch(r"\d{4}", compact) and q.primary_kind == "commune":
        keys = [compact.zfill(5)]  # a spreadsheet dropped the leading zero of 01001
    elif re.fullmatch(r"\d", compact):
        keys = [compact.zfill(2)]
    else:
        keys = [compact]
    scored: dict[int, float] = {}
    for key in keys:
        _lookup(idx, table, key, q, dep, EXACT_SCORE, scored)
    if not scored:
        return _unknown(query) if compact.isdigit() else None
    # An INSEE code names the current commune first; its déléguée of the same code comes second.
    preferred = next((i for i in scored if idx.territories[i].kind in ("commune", "epci")), None)
    return _decide(query, idx, scored, exact=True, preferred=preferred)


def _wordings(text: str) -> list[tuple[str | None, str]]:
    """(implied kind, remaining name) readings of a normalised query, most specific first."""
    readings: list[tuple[str | None, str]] = []
    glued = re.fullmatch(r"(?:cd|cg|dep|dept)(\d{1,3}|2a|2b)", text)  # "CD33"
    if glued:
        readings.append(("departement", glued.group(1)))
    for kind, prefixes in MARKERS:
        rest = strip_prefix(text, prefixes)
        if rest:
            # Without the article first: "de la gironde" → "gironde" (a typo is then corrected on the name).
            readings.append((kind, without_article(rest)))
            readings.append((kind, rest))
    rest = strip_suffix(text, EPCI_SUFFIXES)
    if rest:
        readings.append(("epci", rest))
    readings.append((None, text))
    unique: list[tuple[str | None, str]] = []
    for reading in readings:
        if reading not in unique:
            unique.append(reading)
    return unique


def _fuzzy(idx: Index, text: str, q: _Query, dep: str | None, kind: str | None,
           edits: dict[int, int]) -> dict[int, float]:
    """rapidfuzz ratio per territory; ``edits`` receives each one's Damerau (OSA) edit distance."""
    shared = key_blocks(text)
    if len(text.replace(" ", "")) < FUZZY_MIN_CHARS or not shared:
        return {}
    fuzzy_keys, fuzzy_blocks = idx.fuzzy()
    key_ids: set[int] = set()
    for block in shared:
        key_ids.update(fuzzy_blocks.get(block, ()))
    choices = {key_id: fuzzy_keys[key_id] for key_id in key_ids}
    scored: dict[int, float] = {}
    family = KIND_FAMILIES.get(kind, (kind,)) if kind else None
    # "Bordeaux Métropole" is indexed as "bordeaux" too: only a query that names an EPCI may use that.
    epci_possible = "epci" in (family or ()) or "epci" in (q.kinds or ())
    for key, score, _ in process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_FLOOR,
                                         limit=50, processor=None):
        distance = OSA.distance(text, key)
        for table in (idx.names, idx.cores) if epci_possible else (idx.names,):
            for i in table.get(key, ()):
                territory = idx.territories[i]
                if family is not None and territory.kind not in family:
                    continue
                if _allowed(q, territory, dep, idx):
                    value = float(score) - _penalty(q, territory)
                    scored[i] = max(scored.get(i, 0.0), value)
                    edits[i] = min(edits.get(i, distance), distance)
    return scored


def resolve(query: str, *, kind: str | None = None, dep: str | None = None,
            international: Sequence[ReferenceTerritory] = ()) -> Resolution:
    """Resolve one code or name; ``kind`` and ``dep`` narrow the search (hints, not guesses).

    ``international``: the store's territories abroad (``reference.stored_international``), which
    the shipped reference does not hold; they compete with French homonyms as candidates.
    Raises ``ValueError`` only for a ``kind`` hint that is no kind at all; a bad query is
    answered ``unknown``.
    """
    french = _resolve_french(query, kind=kind, dep=dep)
    if not international or dep:
        return french
    abroad = _international_matches(query, international, kind_from_hint(kind))
    if not abroad:
        return french
    found = tuple(Candidate(kind=t.kind, code=t.code, name=t.name, dep_code=None, score=EXACT_SCORE,
                            population=t.population) for t in abroad)
    original = query if isinstance(query, str) else ""
    if french.status == "unknown" and len(abroad) == 1:
        return Resolution(query=original, status="resolved", territory=abroad[0], score=EXACT_SCORE,
                          candidates=found)
    candidates = (*found, *french.candidates)[:MAX_CANDIDATES]
    return Resolution(query=original, status="ambiguous", territory=None, score=EXACT_SCORE, candidates=candidates)


def _international_matches(query: str, international: Sequence[ReferenceTerritory],
                           primary: str | None) -> list[ReferenceTerritory]:
    if primary not in (None, reference.INTERNATIONAL):
        return []
    text = clean(query)
    if not text or len(text) > MAX_QUERY_CHARS:
        return []
    key = normalize(text)
    return [t for t in international
            if key in {normalize(t.name), normalize(t.long_name or ""), normalize(t.code)}]


def _resolve_french(query: str, *, kind: str | None = None, dep: str | None = None) -> Resolution:
    primary = kind_from_hint(kind)
    idx = index()
    text = clean(query)
    original = query if isinstance(query, str) else ""
    if not text or len(text) > MAX_QUERY_CHARS or MARKUP.search(text) or primary == reference.INTERNATIONAL:
        return _unknown(original)  # cities abroad are not in the reference: registered with their coordinates
    kinds = KIND_FAMILIES.get(primary, (primary,)) if primary else None
    dep_hint = dep_from_hint(dep, idx) if dep else None
    if dep and dep_hint is None:
        return _unknown(original)  # a département that does not exist cannot be honoured
    name_part, dep_in_text = _split_dep_hint(text, idx)
    q = _Query(raw=text, kinds=kinds, primary_kind=primary, dep=dep_hint or dep_in_text)
    # Codes (the département hint in "(38)" is never read as a code).
    coded = _by_code(original, name_part, idx, q, q.dep)
    if coded is not None:
        return coded

    whole = normalize(text)
    name = normalize(name_part)
    if not name:
        return _unknown(original)
    # Exact names and aliases; the whole text first ("Ville de Paris" is a name).
    for key, dep_filter in ((whole, dep_hint), (name, q.dep)):
        alias = idx.aliases.get(key)
        if alias is not None and _allowed(q, idx.territories[alias], dep_filter, idx):
            scored = {alias: EXACT_SCORE}
            _lookup(idx, idx.names, key, q, dep_filter, EXACT_SCORE, scored)
            return _decide(original, idx, scored, exact=True, preferred=alias)
        scored = {}
        _lookup(idx, idx.names, key, q, dep_filter, EXACT_SCORE, scored)
        if scored:
            return _decide(original, idx, scored, exact=True)

    # Wording: "Conseil départemental de la Gironde", "CC Pays de Fayence", "Métropole de Nantes".
    for implied, rest in _wordings(name):
        if primary and implied and implied not in (kinds or ()):
            continue
        sub = _Query(raw=rest, kinds=kinds or (KIND_FAMILIES.get(implied, (implied,)) if implied else None),
                     primary_kind=primary or implied, dep=q.dep)
        scored = {}
        if implied is not None:
            coded = _by_code(original, rest, idx, sub, q.dep)
            if coded is not None and coded.status != "unknown":
                return coded
            alias = idx.aliases.get(rest)
            if alias is not None and _allowed(sub, idx.territories[alias], q.dep, idx):
                return _decide(original, idx, {alias: WORDING_SCORE}, exact=True, preferred=alias)
            _lookup(idx, idx.names, rest, sub, q.dep, WORDING_SCORE, scored)
        if implied in (None, "epci"):
            _lookup(idx, idx.cores, rest, sub, q.dep, WORDING_SCORE, scored)
        if scored:
            return _decide(original, idx, scored, exact=True)

    # Small typos, on the name left once the wording is read.
    implied, rest = _wordings(name)[0]
    edits: dict[int, int] = {}
    scored = _fuzzy(idx, rest, q, q.dep, None if primary else implied, edits)
    if not scored and rest != name:
        scored = _fuzzy(idx, name, q, q.dep, None, edits)
    if not scored and q.dep is not None:
        # The name exists, but not in the département given: a human must look (never resolved).
        loose = _Query(raw=text, kinds=kinds, primary_kind=primary, dep=None)
        _lookup(idx, idx.names, name, loose, None, WORDING_SCORE - 10, scored)
        if scored:
            scored = _collapse(idx, scored)
            return Resolution(query=original, status="ambiguous", territory=None,
                              score=max(scored.values()), candidates=_candidates(idx, scored))
    if not scored:
        return _unknown(original)
    return _decide(original, idx, scored, exact=False, edits=edits)


def resolve_many(queries: Iterable[str], *, kind: str | None = None, dep: str | None = None) -> list[Resolution]:
    """Resolve each query in order (same hints for all)."""
    return [resolve(query, kind=kind, dep=dep) for query in queries]


# The names callers use live here, whichever module defines them.
__all__ = [
    "ALIASES_FILE", "EXACT_SCORE", "KINDS", "MAX_CANDIDATES", "Candidate", "Resolution", "Status",
    "dep_from_hint", "index", "kind_from_hint", "normalize", "resolve", "resolve_many",
]
