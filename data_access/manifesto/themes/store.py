"""Themes of a campaign as editors see them: found themes with editors' decisions applied.

The costly part (``compute``) depends only on the proposals; the dashboard caches it per data
version of the proposals. ``view`` applies the decisions (cheap, read at every change of them).
A decision keeps the members the theme had when decided; after a new import, a found theme whose
members are mostly in decided themes is not shown again: its new members join the decided theme
it shares most with. So a rename, a merge, a split, a rejection or a section survive recomputation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.manifesto.reading import proposal_placements
from data_access.manifesto.themes.finding import (
    Document,
    Encoder,
    FoundTheme,
    Quote,
    ThemeSet,
    find_themes,
    text_key,
)
from data_access.models import (
    Participation,
    Proposal,
    Territory,
    ThemeDecision,
    ThemeDecisionMember,
)

FOUND = "found"
ACTIVE = "active"
REJECTED = "rejected"
SECTION = "section"
MERGED = "merged"
SPLIT = "split"
SHOWN = (ACTIVE, SECTION)
DECIDED = (ACTIVE, REJECTED, SECTION)
MATCH_SHARE = 0.5  # a found theme whose members are at least this share decided is not new
QUOTES = 5


@dataclass(frozen=True)
class Analysis:
    """The found themes and what is needed to describe any set of proposals (texts, territories)."""

    found: ThemeSet
    documents: dict[int, Document]

    def territories_of_text(self) -> dict[str, tuple[str, ...]]:
        by_text: dict[str, set[str]] = {}
        for document in self.documents.values():
            if document.territory:
                by_text.setdefault(text_key(document.text), set()).add(document.territory)
        return {key: tuple(sorted(names)) for key, names in by_text.items()}


@dataclass(frozen=True)
class ThemeView:
    ref: str  # « d12 » for a decided theme, « f<key> » for a found one: stable widget keys
    decision_id: int | None
    status: str
    label: str
    keywords: tuple[str, ...]
    proposal_ids: tuple[int, ...]
    territories: int
    regions: int
    quotes: tuple[Quote, ...]
    section_id: int | None = None
    covered: bool = False


@dataclass(frozen=True)
class Themes:
    shown: tuple[ThemeView, ...]
    rejected: tuple[ThemeView, ...]
    unthemed: int
    proposals: int


def campaign_documents(session: Session, campaign_id: int) -> list[Document]:
    rows = session.execute(
        select(Proposal.id, Proposal.participation_id, Proposal.text, Territory.name, Territory.reg_code)
        .join(Participation, Proposal.participation_id == Participation.id)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id, Proposal.withdrawn_on.is_(None))
        .order_by(Proposal.id)
    ).all()
    return [Document(int(pid), int(part), text, name or "", reg or "") for pid, part, text, name, reg in rows]


def default_encoder() -> Encoder | None:
    """The meaning vectors of ``embedding`` (None when its package is not installed: word stems only)."""
    from data_access.manifesto import embedding

    if not embedding.available():
        return None
    encode: Encoder = embedding.encode
    return encode


ENCODE_IN_VIEW = 256  # wordings without a stored vector that a theme view may encode itself


def store_encoder(session: Session, documents: Sequence[Document]) -> Encoder | None:
    """Meaning vectors read from the store (computed when proposals were written); a few missing
    wordings (a fresh import) are encoded here. When many are missing (vectors deferred to
    ``concertations synthese vecteurs``, or a model change), themes use word stems and notions only:
    encoding thousands of texts inside a page view would take minutes."""
    from data_access.manifesto import embedding, vectors

    if not embedding.available():
        return None
    wanted = list(dict.fromkeys(embedding.text_key(d.text) for d in documents))
    stored = vectors.vectors_by_key(session, wanted)
    if len(wanted) - len(stored) > ENCODE_IN_VIEW:
        return None

    def encode(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        keys = [embedding.text_key(t) for t in texts]
        missing = [t for t, k in zip(texts, keys, strict=True) if k not in stored]
        if missing:
            stored.update(zip([embedding.text_key(t) for t in missing], embedding.encode(missing), strict=True))
        return np.vstack([stored[k] for k in keys]).astype(np.float32)

    return encode


def compute(session: Session, campaign_id: int, *, encoder: Encoder | None = None) -> Analysis:
    documents = campaign_documents(session, campaign_id)
    found = find_themes(documents, encoder=encoder if encoder is not None else store_encoder(session, documents))
    return Analysis(found=found, documents={d.proposal_id: d for d in documents})


def _decisions(session: Session, campaign_id: int) -> list[tuple[ThemeDecision, set[int]]]:
    decisions = session.scalars(select(ThemeDecision).where(
        ThemeDecision.campaign_id == campaign_id, ThemeDecision.status.in_(DECIDED)).order_by(ThemeDecision.id)).all()
    if not decisions:
        return []
    members: dict[int, set[int]] = {}
    for decision_id, proposal_id in session.execute(
            select(ThemeDecisionMember.decision_id, ThemeDecisionMember.proposal_id)
            .where(ThemeDecisionMember.decision_id.in_([d.id for d in decisions]))):
        members.setdefault(int(decision_id), set()).add(int(proposal_id))
    return [(d, members.get(d.id, set())) for d in decisions]


def describe_members(analysis: Analysis, proposal_ids: Sequence[int], quote_ids: Sequence[int] = ()) -> tuple[
        int, int, tuple[Quote, ...]]:
    """(territories, régions, quotes) of a set of proposals; quotes from ``quote_ids`` first."""
    documents = [analysis.documents[p] for p in proposal_ids if p in analysis.documents]
    by_text = analysis.territories_of_text()
    quotes: list[Quote] = []
    seen: set[str] = set()
    for pid in [*quote_ids, *(d.proposal_id for d in documents)]:
        document = analysis.documents.get(pid)
        if document is None or text_key(document.text) in seen:
            continue
        seen.add(text_key(document.text))
        quotes.append(Quote(proposal_id=pid, text=document.text, territories=by_text.get(text_key(document.text), ())))
        if len(quotes) >= QUOTES:
            break
    return (len({d.participation_id for d in documents}), len({d.reg_code for d in documents if d.reg_code}),
            tuple(quotes))


def view(session: Session, campaign_id: int, analysis: Analysis) -> Themes:
    """Found themes and decided ones, as the Atelier shows them (largest first)."""
    decisions = _decisions(session, campaign_id)
    owner: dict[int, int] = {}
    for decision, members in decisions:
        for pid in members:
            owner.setdefault(pid, decision.id)
    extra: dict[int, set[int]] = {}
    found_views: list[ThemeView] = []
    for theme in analysis.found.themes:
        shares = Counter(owner[p] for p in theme.proposal_ids if p in owner)
        fresh = [p for p in theme.proposal_ids if p not in owner]
        if sum(shares.values()) >= MATCH_SHARE * len(theme.proposal_ids):
            extra.setdefault(shares.most_common(1)[0][0], set()).update(fresh)
            continue
        if len(fresh) < 2:
            continue
        found_views.append(_found_view(analysis, theme, fresh))
    placed = set(proposal_placements(session, campaign_id))
    shown: list[ThemeView] = []
    rejected: list[ThemeView] = []
    for decision, members in decisions:
        ids = tuple(sorted(p for p in members | extra.get(decision.id, set()) if p in analysis.documents))
        territories, regions, quotes = describe_members(analysis, ids, decision.quote_ids or ())
        theme_view = ThemeView(ref=f"d{decision.id}", decision_id=decision.id, status=decision.status,
                               label=decision.label, keywords=tuple(decision.keywords or ()), proposal_ids=ids,
                               territories=territories, regions=regions, quotes=quotes,
                               section_id=decision.section_id, covered=_covered(ids, placed))
        (rejected if decision.status == REJECTED else shown).append(theme_view)
    shown.extend(replace(v, covered=_covered(v.proposal_ids, placed)) for v in found_views)
    shown.sort(key=lambda v: (-len(v.proposal_ids), v.label))
    themed = {p for v in [*shown, *rejected] for p in v.proposal_ids}
    return Themes(shown=tuple(shown), rejected=tuple(rejected),
                  unthemed=sum(1 for p in analysis.documents if p not in themed), proposals=len(analysis.documents))


def _found_view(analysis: Analysis, theme: FoundTheme, members: Sequence[int]) -> ThemeView:
    if len(members) == len(theme.proposal_ids):
        return ThemeView(ref=f"f{theme.key}", decision_id=None, status=FOUND, label=theme.label,
                         keywords=theme.keywords, proposal_ids=theme.proposal_ids, territories=theme.territories,
                         regions=theme.regions, quotes=theme.quotes)
    kept = set(members)
    territories, regions, quotes = describe_members(
        analysis, members, [q.proposal_id for q in theme.quotes if q.proposal_id in kept])
    return ThemeView(ref=f"f{theme.key}", decision_id=None, status=FOUND, label=theme.label, keywords=theme.keywords,
                     proposal_ids=tuple(sorted(members)), territories=territories, regions=regions, quotes=quotes)


def _covered(proposal_ids: Sequence[int], placed: set[int]) -> bool:
    """Covered when most of the theme's proposals already feed items of the manifesto's sections."""
    return bool(proposal_ids) and 2 * sum(1 for p in proposal_ids if p in placed) > len(proposal_ids)


def uncovered(themes: Themes) -> list[ThemeView]:
    """The themes no section covers yet (« Couverture »)."""
    return [v for v in themes.shown if not v.covered]


def split_members(analysis: Analysis, proposal_ids: Sequence[int], *, encoder: Encoder | None = None) -> tuple[
        list[int], list[int]]:
    """Re-cluster a theme's members in two (Ward on the same joint vectors as the finder)."""
    from scipy.cluster.hierarchy import fcluster, linkage

    from data_access.manifesto.themes.finding import joint_vectors

    documents = [analysis.documents[p] for p in proposal_ids if p in analysis.documents]
    unique: dict[str, list[int]] = {}
    for document in documents:
        unique.setdefault(text_key(document.text), []).append(document.proposal_id)
    if len(unique) < 2:
        return [d.proposal_id for d in documents], []
    texts = [analysis.documents[ids[0]].text for ids in unique.values()]
    chosen = encoder if encoder is not None else default_encoder()
    vectors = joint_vectors(texts, chosen(texts) if chosen is not None else None)
    halves = fcluster(linkage(vectors.astype(np.float64), method="ward"), t=2, criterion="maxclust")
    first = [p for ids, half in zip(unique.values(), halves, strict=True) if half == 1 for p in ids]
    second = [p for ids, half in zip(unique.values(), halves, strict=True) if half != 1 for p in ids]
    return sorted(first), sorted(second)
