"""The « Bibliothèque des concertations »: what territories share with each other.

Like ``public``, the rows read here have no contact column at all: nothing personal can reach the
page through a column added later. A category a territory does not share is not read for it
(``None``, not an empty list); a territory always reads the whole of its own entry
(``own_entry``). Filters and the French text search run in memory over the cached library,
with the manifesto's search index (``manifesto.search_index``), not a search of its own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from data_access.access import Actor, require, require_participation
from data_access.errors import ValidationError
from data_access.intake.grid import load_definition
from data_access.manifesto.search_index import SearchIndex, fold
from data_access.models import (
    STAGE_LABELS,
    Campaign,
    ConcertationSession,
    Finding,
    Participation,
    Proposal,
    Role,
    Stage,
    Territory,
)
from data_access.space.sharing import Choices, campaign_defaults, effective_choices
from data_access.territories import reference


@dataclass(frozen=True)
class SessionItem:
    held_on: dt.date
    format: str
    publics: tuple[str, ...]
    participants: int


@dataclass(frozen=True)
class FindingItem:
    id: int
    category_label: str
    theme: str
    text: str


@dataclass(frozen=True)
class ProposalItem:
    id: int
    text: str
    chapter: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One territory in the library. ``None``: the category is not shared (never read)."""

    participation_id: int
    name: str
    kind: str
    kind_label: str
    reg_code: str
    region: str
    stage_label: str
    shares: Choices
    sessions: tuple[SessionItem, ...] | None
    findings: tuple[FindingItem, ...] | None
    proposals: tuple[ProposalItem, ...] | None
    own: bool = False

    @property
    def participants(self) -> int:
        return sum(s.participants for s in self.sessions or ())

    @property
    def is_empty(self) -> bool:
        return not (self.sessions or self.findings or self.proposals)


@dataclass(frozen=True)
class Library:
    campaign_id: int
    campaign_name: str
    entries: tuple[Entry, ...]  # by name


@dataclass(frozen=True)
class Query:
    """What the reader asked; empty tuples and text mean « no restriction »."""

    text: str = ""
    kinds: tuple[str, ...] = ()
    reg_codes: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.kinds or self.reg_codes or self.formats or self.publics or self.themes)


@dataclass(frozen=True)
class Selection:
    entries: tuple[Entry, ...]

    @property
    def territories(self) -> int:
        return len(self.entries)

    @property
    def sessions(self) -> int:
        return sum(len(e.sessions or ()) for e in self.entries)

    @property
    def participants(self) -> int:
        return sum(e.participants for e in self.entries)

    @property
    def findings(self) -> int:
        return sum(len(e.findings or ()) for e in self.entries)

    @property
    def proposals(self) -> int:
        return sum(len(e.proposals or ()) for e in self.entries)


def _json_list(raw: str | None) -> tuple[str, ...]:
    value = json.loads(raw) if raw else None
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _entries(session: Session, campaign_id: int, choices: dict[int, Choices], *, everything_of: int | None = None,
             only: Collection[int] | None = None) -> list[Entry]:
    """Entries of the campaign; a category is read only for the territories that share it (and for
    ``everything_of``, a territory reading its own entry)."""
    query = (select(Participation.id, Territory.name, Territory.kind, Territory.reg_code, Territory.country,
                    Participation.stage)
             .join(Territory, Participation.territory_id == Territory.id)
             .where(Participation.campaign_id == campaign_id).order_by(Territory.name, Participation.id))
    if only is not None:
        query = query.where(Participation.id.in_(list(only)))
    rows = session.execute(query).all()

    def allowed(flag: str) -> list[int]:
        return [int(r[0]) for r in rows if int(r[0]) == everything_of or getattr(choices[int(r[0])], flag)]

    sessions = _sessions(session, allowed("methods"))
    categories = load_definition().finding_categories
    findings: dict[int, list[FindingItem]] = {pid: [] for pid in allowed("findings")}
    if findings:
        for fid, pid, category, theme, text in session.execute(
                select(Finding.id, Finding.participation_id, Finding.category, Finding.theme, Finding.text)
                .where(Finding.participation_id.in_(list(findings))).order_by(Finding.id)):
            findings[int(pid)].append(FindingItem(id=int(fid), category_label=categories.get(category, category),
                                                  theme=str(theme), text=str(text)))
    proposals: dict[int, list[ProposalItem]] = {pid: [] for pid in allowed("proposals")}
    if proposals:
        for prop_id, pid, text, chapter, themes in session.execute(
                select(Proposal.id, Proposal.participation_id, Proposal.text, Proposal.chapter,
                       cast(Proposal.themes, String))
                .where(Proposal.participation_id.in_(list(proposals)), Proposal.withdrawn_on.is_(None))
                .order_by(Proposal.id)):
            proposals[int(pid)].append(ProposalItem(id=int(prop_id), text=str(text), chapter=str(chapter),
                                                    themes=_json_list(themes)))
    regions = reference.region_names()
    entries = []
    for pid, name, kind, reg_code, country, stage in rows:
        pid = int(pid)
        found = (sessions.get(pid), findings.get(pid), proposals.get(pid))
        entries.append(Entry(
            participation_id=pid, name=str(name), kind=str(kind), kind_label=reference.KIND_LABELS.get(kind, kind),
            reg_code=reg_code or "", region=regions.get(reg_code or "", "") or (country or "—"),
            stage_label=STAGE_LABELS[Stage(stage)], shares=choices[pid],
            sessions=None if found[0] is None else tuple(found[0]),
            findings=None if found[1] is None else tuple(found[1]),
            proposals=None if found[2] is None else tuple(found[2]), own=pid == everything_of,
        ))
    return entries


def _sessions(session: Session, participation_ids: list[int]) -> dict[int, list[SessionItem]]:
    sessions: dict[int, list[SessionItem]] = {pid: [] for pid in participation_ids}
    if sessions:
        for pid, held_on, fmt, publics, participants in session.execute(
                select(ConcertationSession.participation_id, ConcertationSession.held_on, ConcertationSession.format,
                       cast(ConcertationSession.publics, String), ConcertationSession.participants)
                .where(ConcertationSession.participation_id.in_(list(sessions)))
                .order_by(ConcertationSession.held_on, ConcertationSession.id)):
            sessions[int(pid)].append(SessionItem(held_on=held_on, format=str(fmt), publics=_json_list(publics),
                                                  participants=int(participants or 0)))
    return sessions


def shared_library(session: Session, campaign_id: int) -> Library:
    """What the territories of a campaign share: the same for every reader, hence cacheable.

    Territories that share nothing yet (nothing chosen, or nothing filed) are left out.
    """
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return Library(campaign_id=campaign_id, campaign_name="", entries=())
    entries = _entries(session, campaign_id, effective_choices(session, campaign_id))
    return Library(campaign_id=campaign_id, campaign_name=campaign.name,
                   entries=tuple(e for e in entries if not e.is_empty))


def own_entry(session: Session, *, actor: Actor, participation_id: int) -> Entry:
    """A territory's whole entry, shared or not: it always sees its own."""
    require(actor, Role.TERRITOIRE, action="consulter sa fiche dans la bibliothèque")
    require_participation(actor, participation_id, action="consulter sa fiche dans la bibliothèque")
    participation = session.get(Participation, participation_id)
    if participation is None:
        raise ValidationError("Ce territoire n'est pas engagé dans la campagne.")
    choices = effective_choices(session, participation.campaign_id)
    if participation_id not in choices:
        choices[participation_id] = campaign_defaults(session, participation.campaign_id)
    return _entries(session, participation.campaign_id, choices, everything_of=participation_id,
                    only=(participation_id,))[0]


def campaign_of(session: Session, participation_id: int) -> int | None:
    return session.scalar(select(Participation.campaign_id).where(Participation.id == participation_id))


def with_own(library: Library, own: Entry | None) -> tuple[Entry, ...]:
    """The territory's own entry first, then the others (its shared version replaced)."""
    if own is None:
        return library.entries
    return (own, *(e for e in library.entries if e.participation_id != own.participation_id))


# Search documents: a proposal and a finding may share an id; their keys cannot.
def _proposal_key(item_id: int) -> int:
    return 2 * item_id


def _finding_key(item_id: int) -> int:
    return 2 * item_id + 1


def build_index(entries: Iterable[Entry]) -> SearchIndex:
    """The manifesto's French index over findings and proposals (themes are searchable too)."""
    documents: list[tuple[int, str, Sequence[str]]] = []
    for entry in entries:
        documents.extend((_finding_key(f.id), f.text, (f.theme, f.category_label)) for f in entry.findings or ())
        documents.extend((_proposal_key(p.id), p.text, (*p.themes, p.chapter)) for p in entry.proposals or ())
    return SearchIndex.build(documents)


def matching_keys(indexes: Iterable[SearchIndex], text: str) -> frozenset[int] | None:
    """Keys of the items holding every word of ``text``; None when there is nothing to search."""
    if not text.strip():
        return None
    return frozenset(key for index in indexes for key in index.ids_matching(text))


def select_entries(entries: Sequence[Entry], query: Query, matched: frozenset[int] | None) -> Selection:
    """The entries and items that answer the query; an entry left without items is dropped."""
    name_words = fold(query.text).split()
    kept: list[Entry] = []
    for entry in entries:
        if query.kinds and entry.kind not in query.kinds:
            continue
        if query.reg_codes and entry.reg_code not in query.reg_codes:
            continue
        sessions = entry.sessions
        if sessions is not None and (query.formats or query.publics):
            sessions = tuple(s for s in sessions if (not query.formats or s.format in query.formats)
                             and (not query.publics or set(s.publics) & set(query.publics)))
        if (query.formats or query.publics) and not sessions:
            continue
        # A territory's name found by the search keeps its whole entry.
        by_name = bool(name_words) and all(word in fold(entry.name) for word in name_words)
        findings, proposals = entry.findings, entry.proposals
        if query.themes:
            findings = None if findings is None else tuple(f for f in findings if f.theme in query.themes)
            proposals = None if proposals is None else tuple(
                p for p in proposals if set(p.themes) & set(query.themes))
        if matched is not None and not by_name:
            findings = None if findings is None else tuple(f for f in findings if _finding_key(f.id) in matched)
            proposals = None if proposals is None else tuple(p for p in proposals if _proposal_key(p.id) in matched)
        if (query.themes or (matched is not None and not by_name)) and not (findings or proposals):
            continue
        kept.append(replace(entry, sessions=sessions, findings=findings, proposals=proposals))
    return Selection(entries=tuple(kept))


def filter_options(entries: Sequence[Entry]) -> dict[str, list[str]]:
    """The values the filters offer: those of the library (kinds and régions as codes)."""
    definition = load_definition()
    formats = {s.format for e in entries for s in e.sessions or ()}
    publics = {p for e in entries for s in e.sessions or () for p in s.publics}
    themes = {f.theme for e in entries for f in e.findings or ()} | {
        t for e in entries for p in e.proposals or () for t in p.themes}
    ordered = definition.themes
    return {
        "kinds": [k for k in reference.KIND_LABELS if any(e.kind == k for e in entries)],
        "regions": sorted({e.reg_code for e in entries if e.reg_code}, key=reference.region_label),
        "formats": [f for f in definition.formats if f in formats] + sorted(formats - set(definition.formats)),
        "publics": [p for p in definition.publics if p in publics] + sorted(publics - set(definition.publics)),
        "themes": [t for t in ordered if t in themes] + sorted(themes - set(ordered)),
    }
