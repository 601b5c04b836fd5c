"""The Bibliothèque one page at a time: what grows with the campaign is read only for the page shown.

``catalogue`` reads, per territory that shares something, its card: name, kind, région, stage, its
sessions (a few per territory) and only *counts* of its findings and proposals by theme (``GROUP BY``
in the store), never their texts. Filters, the headline's totals and the pages are computed on those
cards; the items themselves are read for the fifteen territories of the page shown (``page_entries``).
The French text search needs the texts: ``build_search`` indexes them once per state of the store
(the page caches it as a resource) and keeps, for each item, its territory and its themes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from data_access.intake.grid import load_definition
from data_access.manifesto.search_index import SearchIndex, fold
from data_access.models import (
    STAGE_LABELS,
    Campaign,
    Finding,
    Participation,
    Proposal,
    Stage,
    Territory,
)
from data_access.space.library import (
    Entry,
    Query,
    SessionItem,
    _entries,
    _finding_key,
    _json_list,
    _proposal_key,
    _sessions,
)
from data_access.space.sharing import Choices, effective_choices
from data_access.territories import reference

ThemeCounts = tuple[tuple[tuple[str, ...], int], ...]  # (themes of the item, how many items)


@dataclass(frozen=True)
class Card:
    """A territory of the library without its findings and proposals: their counts by themes only.
    ``None``: the category is not shared (never read)."""

    participation_id: int
    name: str
    kind: str
    kind_label: str
    reg_code: str
    region: str
    stage_label: str
    shares: Choices
    sessions: tuple[SessionItem, ...] | None
    findings: ThemeCounts | None
    proposals: ThemeCounts | None
    own: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.sessions or self.findings or self.proposals)


@dataclass(frozen=True)
class Catalogue:
    campaign_id: int
    campaign_name: str
    cards: tuple[Card, ...]  # by name


@dataclass(frozen=True)
class Search:
    """The French index of the shared items, and each item's territory and themes (by search key)."""

    index: SearchIndex
    items: Mapping[int, tuple[int, tuple[str, ...]]]


@dataclass(frozen=True)
class Found:
    """A card that answers the query, with what of it answers."""

    card: Card
    sessions: int
    participants: int
    findings: int
    proposals: int


@dataclass(frozen=True)
class CardSelection:
    found: tuple[Found, ...]
    matched: frozenset[int] | None  # search keys of the items holding the words; None: no text

    @property
    def territories(self) -> int:
        return len(self.found)

    @property
    def sessions(self) -> int:
        return sum(f.sessions for f in self.found)

    @property
    def participants(self) -> int:
        return sum(f.participants for f in self.found)

    @property
    def findings(self) -> int:
        return sum(f.findings for f in self.found)

    @property
    def proposals(self) -> int:
        return sum(f.proposals for f in self.found)

    def page(self, number: int, size: int) -> tuple[Found, ...]:
        return self.found[number * size:(number + 1) * size]


def _counts(rows: Sequence[tuple[int, tuple[str, ...], int]], participation_ids: list[int]) -> dict[int, ThemeCounts]:
    grouped: dict[int, Counter[tuple[str, ...]]] = {pid: Counter() for pid in participation_ids}
    for pid, themes, count in rows:
        grouped[int(pid)][themes] += int(count)
    return {pid: tuple(sorted(counter.items())) for pid, counter in grouped.items()}


def catalogue(session: Session, campaign_id: int) -> Catalogue:
    """The cards of the territories sharing something (same rule as ``library.shared_library``)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return Catalogue(campaign_id=campaign_id, campaign_name="", cards=())
    choices = effective_choices(session, campaign_id)
    rows = session.execute(
        select(Participation.id, Territory.name, Territory.kind, Territory.reg_code, Territory.country,
               Participation.stage)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id).order_by(Territory.name, Participation.id)).all()

    def allowed(flag: str) -> list[int]:
        return [int(r[0]) for r in rows if getattr(choices[int(r[0])], flag)]

    sessions = _sessions(session, allowed("methods"))
    finding_ids = allowed("findings")
    findings = _counts([(pid, (str(theme),), count) for pid, theme, count in session.execute(
        select(Finding.participation_id, Finding.theme, func.count())
        .where(Finding.participation_id.in_(finding_ids))
        .group_by(Finding.participation_id, Finding.theme))] if finding_ids else [], finding_ids)
    proposal_ids = allowed("proposals")
    themes_text = cast(Proposal.themes, String)  # JSON: grouped as text (PostgreSQL's json has no equality)
    proposals = _counts([(pid, _json_list(themes), count) for pid, themes, count in session.execute(
        select(Proposal.participation_id, themes_text, func.count())
        .where(Proposal.participation_id.in_(proposal_ids), Proposal.withdrawn_on.is_(None))
        .group_by(Proposal.participation_id, themes_text))] if proposal_ids else [], proposal_ids)
    regions = reference.region_names()
    cards = []
    for pid, name, kind, reg_code, country, stage in rows:
        pid = int(pid)
        found = (sessions.get(pid), findings.get(pid), proposals.get(pid))
        card = Card(
            participation_id=pid, name=str(name), kind=str(kind), kind_label=reference.KIND_LABELS.get(kind, kind),
            reg_code=reg_code or "", region=regions.get(reg_code or "", "") or (country or "—"),
            stage_label=STAGE_LABELS[Stage(stage)], shares=choices[pid],
            sessions=None if found[0] is None else tuple(found[0]),
            findings=found[1], proposals=found[2])
        if not card.is_empty:
            cards.append(card)
    return Catalogue(campaign_id=campaign_id, campaign_name=campaign.name, cards=tuple(cards))


def card_of(entry: Entry) -> Card:
    """The card of an entry already read whole (a territory's own)."""
    findings = None if entry.findings is None else tuple(sorted(Counter((f.theme,) for f in entry.findings).items()))
    proposals = None if entry.proposals is None else tuple(sorted(Counter(p.themes for p in entry.proposals).items()))
    return Card(participation_id=entry.participation_id, name=entry.name, kind=entry.kind,
                kind_label=entry.kind_label, reg_code=entry.reg_code, region=entry.region,
                stage_label=entry.stage_label, shares=entry.shares, sessions=entry.sessions, findings=findings,
                proposals=proposals, own=entry.own)


def with_own(catalogue: Catalogue, own: Entry | None) -> tuple[Card, ...]:
    """The territory's own card first, then the others (its shared version replaced)."""
    if own is None:
        return catalogue.cards
    return (card_of(own), *(c for c in catalogue.cards if c.participation_id != own.participation_id))


def page_entries(session: Session, campaign_id: int, participation_ids: Collection[int]) -> tuple[Entry, ...]:
    """The shared entries of these territories only (the page shown), items included."""
    if not participation_ids:
        return ()
    choices = effective_choices(session, campaign_id)
    return tuple(_entries(session, campaign_id, choices, only=participation_ids))


def build_search(session: Session, campaign_id: int) -> Search:
    """The manifesto's French index over the shared findings and proposals of the campaign."""
    choices = effective_choices(session, campaign_id)
    categories = load_definition().finding_categories
    documents: list[tuple[int, str, Sequence[str]]] = []
    items: dict[int, tuple[int, tuple[str, ...]]] = {}
    findings = [pid for pid, c in choices.items() if c.findings]
    if findings:
        for fid, pid, category, theme, text in session.execute(
                select(Finding.id, Finding.participation_id, Finding.category, Finding.theme, Finding.text)
                .where(Finding.participation_id.in_(findings))):
            documents.append((_finding_key(int(fid)), str(text), (str(theme), categories.get(category, category))))
            items[_finding_key(int(fid))] = (int(pid), (str(theme),))
    proposals = [pid for pid, c in choices.items() if c.proposals]
    if proposals:
        for prop_id, pid, text, chapter, themes in session.execute(
                select(Proposal.id, Proposal.participation_id, Proposal.text, Proposal.chapter,
                       cast(Proposal.themes, String))
                .where(Proposal.participation_id.in_(proposals), Proposal.withdrawn_on.is_(None))):
            tags = _json_list(themes)
            documents.append((_proposal_key(int(prop_id)), str(text), (*tags, str(chapter))))
            items[_proposal_key(int(prop_id))] = (int(pid), tags)
    return Search(index=SearchIndex.build(documents), items=items)


def search_of(entry: Entry) -> Search:
    """The index of one entry read whole (a territory's own, shared or not)."""
    documents: list[tuple[int, str, Sequence[str]]] = []
    items: dict[int, tuple[int, tuple[str, ...]]] = {}
    for f in entry.findings or ():
        documents.append((_finding_key(f.id), f.text, (f.theme, f.category_label)))
        items[_finding_key(f.id)] = (entry.participation_id, (f.theme,))
    for p in entry.proposals or ():
        documents.append((_proposal_key(p.id), p.text, (*p.themes, p.chapter)))
        items[_proposal_key(p.id)] = (entry.participation_id, p.themes)
    return Search(index=SearchIndex.build(documents), items=items)


def select_cards(cards: Sequence[Card], query: Query, searches: Sequence[Search]) -> CardSelection:
    """The cards that answer the query and how much of each (the rules of ``library.select_entries``)."""
    matched: frozenset[int] | None = None
    hits: dict[int, list[tuple[bool, tuple[str, ...]]]] = defaultdict(list)  # pid -> (is a finding, themes)
    if query.text.strip():
        keys = set()
        for search in searches:
            for key in search.index.ids_matching(query.text):
                if key in keys:  # an own item shared is in both indexes
                    continue
                keys.add(key)
                pid, themes = search.items[key]
                hits[pid].append((key % 2 == 1, themes))
        matched = frozenset(keys)
    wanted = set(query.themes)
    name_words = fold(query.text).split()
    found: list[Found] = []
    for card in cards:
        if query.kinds and card.kind not in query.kinds:
            continue
        if query.reg_codes and card.reg_code not in query.reg_codes:
            continue
        sessions = card.sessions
        if sessions is not None and (query.formats or query.publics):
            sessions = tuple(s for s in sessions if (not query.formats or s.format in query.formats)
                             and (not query.publics or set(s.publics) & set(query.publics)))
        if (query.formats or query.publics) and not sessions:
            continue
        by_name = bool(name_words) and all(word in fold(card.name) for word in name_words)

        def count(counts: ThemeCounts | None) -> int:
            return sum(n for themes, n in counts or () if not wanted or set(themes) & wanted)

        findings, proposals = count(card.findings), count(card.proposals)
        if matched is not None and not by_name:
            mine = [(is_finding, themes) for is_finding, themes in hits.get(card.participation_id, ())
                    if not wanted or set(themes) & wanted]
            # Not shared is not searchable: the index holds shared items only (and the own entry's).
            findings = sum(is_finding for is_finding, _ in mine) if card.findings is not None else 0
            proposals = sum(not is_finding for is_finding, _ in mine) if card.proposals is not None else 0
        if (wanted or (matched is not None and not by_name)) and not (findings or proposals):
            continue
        found.append(Found(card=card, sessions=len(sessions or ()),
                           participants=sum(s.participants for s in sessions or ()),
                           findings=findings, proposals=proposals))
    return CardSelection(found=tuple(found), matched=matched)


def filter_options(cards: Sequence[Card]) -> dict[str, list[str]]:
    """The values the filters offer: those of the catalogue (kinds and régions as codes)."""
    definition = load_definition()
    formats = {s.format for c in cards for s in c.sessions or ()}
    publics = {p for c in cards for s in c.sessions or () for p in s.publics}
    themes = {t for c in cards for counts in (c.findings or (), c.proposals or ()) for combo, _ in counts
              for t in combo}
    ordered = definition.themes
    return {
        "kinds": [k for k in reference.KIND_LABELS if any(c.kind == k for c in cards)],
        "regions": sorted({c.reg_code for c in cards if c.reg_code}, key=reference.region_label),
        "formats": [f for f in definition.formats if f in formats] + sorted(formats - set(definition.formats)),
        "publics": [p for p in definition.publics if p in publics] + sorted(publics - set(definition.publics)),
        "themes": [t for t in ordered if t in themes] + sorted(themes - set(ordered)),
    }
