"""Readers of the « Suivi des engagements »: rows with filters, groupings (item, status, territory,
région), the share done per territory (the map), the commitments without news (reminders), one
commitment in detail, a territory's own list.

One query reads every row the page needs (statuses, items, parents, territories, sub-commitment
counts and last entries joined in SQL); groupings and shares are computed from those rows, by one
function each. Readers return frozen dataclasses (``views``) that cached readers can pickle.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from data_access.access import Actor, require
from data_access.commitments.models import (
    COMMITTER_KIND_LABELS,
    Commitment,
    CommitmentEntry,
    CommitmentStatus,
    CommitterKind,
)
from data_access.commitments.rules import author_for, can_read, load
from data_access.commitments.versioning import links
from data_access.commitments.views import (
    CommitmentDetail,
    CommitmentFilters,
    CommitmentRow,
    EntryView,
    GroupBy,
    GroupCount,
    ItemRef,
    StaleCommitment,
    TerritoryShare,
)
from data_access.errors import ValidationError
from data_access.french import normalise
from data_access.models import (
    Campaign,
    ManifestoItem,
    ManifestoSection,
    Participation,
    Role,
    Territory,
)
from data_access.territories import reference

NATIONAL = "National (commission et réseaux)"
OUTSIDE_MANIFESTO = "Élément retiré du manifeste"
ALL = CommitmentFilters()
KIND_ORDER = {kind.value: rank for rank, kind in enumerate(CommitterKind)}


def item_refs(session: Session, campaign_id: int) -> list[ItemRef]:
    """The manifesto's items numbered as the Manifeste page numbers them (« 1.2 »), in order."""
    rows = session.execute(
        select(ManifestoItem.id, ManifestoItem.wording, ManifestoSection.id, ManifestoSection.title)
        .join(ManifestoSection, ManifestoItem.section_id == ManifestoSection.id)
        .where(ManifestoSection.campaign_id == campaign_id)
        .order_by(ManifestoSection.position, ManifestoSection.id, ManifestoItem.position, ManifestoItem.id)).all()
    refs: list[ItemRef] = []
    sections: dict[int, int] = {}
    counts: dict[int, int] = defaultdict(int)
    for item_id, wording, section_id, title in rows:
        sections.setdefault(section_id, len(sections) + 1)
        counts[section_id] += 1
        refs.append(ItemRef(id=item_id, number=f"{sections[section_id]}.{counts[section_id]}", wording=wording,
                            section_id=section_id, section_title=title))
    return refs


def _last_news(created: dt.datetime, updated: dt.datetime, entry: dt.date | None) -> dt.date:
    return max(d for d in (created.date(), updated.date(), entry) if d is not None)


def read_rows(session: Session, campaign_id: int, filters: CommitmentFilters = ALL, *,
              viewer: Actor | None = None) -> list[CommitmentRow]:
    """Rows in the manifesto's order, without checking who reads (the callers below do).

    ``viewer`` None: no author at all (exports and the public reader)."""
    parent = aliased(Commitment)
    children = (select(Commitment.parent_id.label("pid"), func.count(Commitment.id).label("n"))
                .where(Commitment.withdrawn.is_(False), Commitment.parent_id.is_not(None),
                       Commitment.campaign_id == campaign_id)
                .group_by(Commitment.parent_id).subquery())
    news = (select(CommitmentEntry.commitment_id.label("cid"), func.max(CommitmentEntry.occurred_on).label("last"))
            .join(Commitment, CommitmentEntry.commitment_id == Commitment.id)
            .where(Commitment.campaign_id == campaign_id)
            .group_by(CommitmentEntry.commitment_id).subquery())
    c = Commitment
    query = (
        select(c.id, c.public_id, c.item_id, c.parent_id, parent.public_id, c.committer_kind, c.committer_name,
               c.participation_id, Territory.name, Territory.kind, Territory.code, Territory.reg_code, c.title,
               c.description, c.status_id, CommitmentStatus.label, CommitmentStatus.done, CommitmentStatus.closed,
               c.progress, c.progress_set_by_hand, c.start_date, c.end_date, c.validated, c.withdrawn,
               children.c.n, news.c.last, c.version, c.created_at, c.updated_at, c.updated_by,
               CommitmentStatus.position)
        .join(CommitmentStatus, c.status_id == CommitmentStatus.id)
        .outerjoin(parent, c.parent_id == parent.id)
        .outerjoin(Participation, c.participation_id == Participation.id)
        .outerjoin(Territory, Participation.territory_id == Territory.id)
        .outerjoin(children, children.c.pid == c.id)
        .outerjoin(news, news.c.cid == c.id)
        .where(c.campaign_id == campaign_id))
    if not filters.include_withdrawn:
        query = query.where(c.withdrawn.is_(False))
    if filters.validated is not None:
        query = query.where(c.validated.is_(filters.validated))
    if filters.status_ids:
        query = query.where(c.status_id.in_(filters.status_ids))
    if filters.committer_kinds:
        query = query.where(c.committer_kind.in_(filters.committer_kinds))
    if filters.participation_ids:
        query = query.where(c.participation_id.in_(filters.participation_ids))
    if filters.reg_codes:
        query = query.where(Territory.reg_code.in_(filters.reg_codes))
    if filters.item_ids:
        query = query.where(c.item_id.in_(filters.item_ids))
    refs = {ref.id: ref for ref in item_refs(session, campaign_id)}
    order = {item_id: rank for rank, item_id in enumerate(refs)}
    sections = set(filters.section_ids)
    words = normalise(filters.text) if filters.text.strip() else ""
    rows: list[CommitmentRow] = []
    for r in session.execute(query):
        ref = refs.get(r[2]) if r[2] is not None else None
        if sections and (ref is None or ref.section_id not in sections):
            continue
        kind = r[5]
        label = r[8] if kind == CommitterKind.TERRITOIRE.value else r[6]
        row = CommitmentRow(
            id=r[0], public_id=r[1], item_id=r[2], item_number=ref.number if ref else "",
            item_wording=ref.wording if ref else OUTSIDE_MANIFESTO, section_id=ref.section_id if ref else None,
            parent_id=r[3], parent_public_id=r[4], committer_kind=kind,
            committer_kind_label=_kind_label(kind), committer_label=label or "",
            participation_id=r[7], territory_code=f"{r[9]}:{r[10]}" if r[9] else "", reg_code=r[11] or "",
            region=reference.region_label(r[11]) if kind == CommitterKind.TERRITOIRE.value else NATIONAL,
            title=r[12], description=r[13], status_id=r[14], status_label=r[15], status_position=r[30],
            done=bool(r[16]),
            closed=bool(r[17]), progress=r[18], progress_set_by_hand=bool(r[19]), start_date=r[20],
            end_date=r[21], validated=bool(r[22]), withdrawn=bool(r[23]), children=int(r[24] or 0),
            last_news_on=_last_news(r[27], r[28], r[25]), version=r[26], updated_at=r[28],
            updated_by=author_for(viewer, r[29]) if viewer is not None else "",
        )
        if words and words not in normalise(f"{row.title} {row.description} {row.committer_label} {row.public_id}"):
            continue
        rows.append(row)
    return _tree_order(rows, order)


def _tree_order(rows: list[CommitmentRow], order: dict[int, int]) -> list[CommitmentRow]:
    """By item in the manifesto's order, then the commission, networks, territories; each
    commitment followed by its sub-commitments."""
    def key(row: CommitmentRow) -> tuple[int, int, str, str, int]:
        rank = order.get(row.item_id, len(order)) if row.item_id is not None else len(order)
        return rank, KIND_ORDER.get(row.committer_kind, 9), row.committer_label, row.title, row.id

    present = {row.id for row in rows}
    children: dict[int, list[CommitmentRow]] = defaultdict(list)
    for row in rows:
        if row.parent_id in present:
            children[row.parent_id].append(row)
    ordered: list[CommitmentRow] = []
    placed: set[int] = set()

    def place(row: CommitmentRow) -> None:
        if row.id in placed:
            return
        placed.add(row.id)
        ordered.append(row)
        for child in sorted(children.get(row.id, []), key=key):
            place(child)

    for row in sorted((r for r in rows if r.parent_id not in present), key=key):
        place(row)
    for row in sorted(rows, key=key):  # a cycle, never written, still lists every row
        place(row)
    return ordered


def _kind_label(kind: str) -> str:
    try:
        return COMMITTER_KIND_LABELS[CommitterKind(kind)]
    except ValueError:
        return kind


def commitment_rows(session: Session, *, actor: Actor, campaign_id: int,
                    filters: CommitmentFilters = ALL) -> list[CommitmentRow]:
    """Every commitment of the campaign matching ``filters`` (the commission's list)."""
    require(actor, Role.LECTEUR, action="consulter les engagements")
    return read_rows(session, campaign_id, filters, viewer=actor)


def territory_commitments(session: Session, *, actor: Actor, participation_id: int) -> list[CommitmentRow]:
    """The commitments a territory carries, withdrawn ones included (its space lists them all)."""
    require(actor, Role.TERRITOIRE, action="consulter les engagements d'un territoire")
    can_read(actor, participation_id, action="consulter les engagements d'un territoire")
    campaign_id = session.scalar(select(Participation.campaign_id).where(Participation.id == participation_id))
    if campaign_id is None:
        return []
    return read_rows(session, campaign_id, CommitmentFilters(participation_ids=(participation_id,),
                                                             include_withdrawn=True), viewer=actor)


def _group_key(by: GroupBy) -> Callable[[CommitmentRow], tuple[str, str] | None]:
    def item(row: CommitmentRow) -> tuple[str, str]:
        if row.item_id is None:
            return "", OUTSIDE_MANIFESTO
        return str(row.item_id), f"{row.item_number} {row.item_wording}"

    keys: dict[str, Callable[[CommitmentRow], tuple[str, str] | None]] = {
        "item": item,
        "status": lambda row: (str(row.status_id), row.status_label),
        "territory": lambda row: (str(row.participation_id), row.committer_label)
        if row.participation_id is not None else None,
        "region": lambda row: (row.reg_code if row.participation_id is not None else "", row.region),
        "committer": lambda row: (row.committer_kind, row.committer_kind_label),
    }
    return keys[by]


def group_rows(rows: Sequence[CommitmentRow], by: GroupBy) -> list[GroupCount]:
    """Commitments, done and mean progress per group: items in the manifesto's order, statuses in
    theirs, territories and régions by count."""
    key_of = _group_key(by)
    groups: dict[tuple[str, str], list[CommitmentRow]] = {}
    if by == "status":
        rows = sorted(rows, key=lambda row: (row.status_position, row.status_id))
    elif by == "committer":
        rows = sorted(rows, key=lambda row: KIND_ORDER.get(row.committer_kind, 9))
    for row in rows:
        key = key_of(row)
        if key is not None:
            groups.setdefault(key, []).append(row)
    counts = [GroupCount(key=key, label=label, total=len(members), done=sum(m.done for m in members),
                         mean_progress=sum(m.progress for m in members) / len(members))
              for (key, label), members in groups.items()]
    if by in {"territory", "region"}:
        counts.sort(key=lambda g: (-g.total, g.label))
    return counts


def group_counts(session: Session, *, actor: Actor, campaign_id: int, by: GroupBy,
                 filters: CommitmentFilters = ALL) -> list[GroupCount]:
    """« Par élément / statut / territoire / région »: one line per group."""
    require(actor, Role.LECTEUR, action="consulter les engagements")
    return group_rows(commitment_rows(session, actor=actor, campaign_id=campaign_id, filters=filters), by)


def territory_shares(rows: Sequence[CommitmentRow], session: Session) -> list[TerritoryShare]:
    """Per territory carrying commitments: how many, how many done, and where to draw it."""
    by_participation: dict[int, list[CommitmentRow]] = defaultdict(list)
    for row in rows:
        if row.participation_id is not None:
            by_participation[row.participation_id].append(row)
    if not by_participation:
        return []
    places = {pid: (name, kind, code, reg, lat, lon) for pid, name, kind, code, reg, lat, lon in session.execute(
        select(Participation.id, Territory.name, Territory.kind, Territory.code, Territory.reg_code, Territory.lat,
               Territory.lon).join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.id.in_(list(by_participation))))}
    shares: list[TerritoryShare] = []
    for pid, members in by_participation.items():
        name, kind, code, reg, lat, lon = places[pid]
        if lat is not None and lon is not None:
            lat, lon = reference.map_position(kind, code, float(lat), float(lon))
        shares.append(TerritoryShare(participation_id=pid, name=name, kind=kind, code=code, reg_code=reg or "",
                                     lat=lat, lon=lon, total=len(members), done=sum(m.done for m in members)))
    shares.sort(key=lambda s: (s.name, s.participation_id))
    return shares


def done_share_by_territory(session: Session, *, actor: Actor, campaign_id: int,
                            filters: CommitmentFilters = ALL) -> list[TerritoryShare]:
    """The map of the « Suivi »: each territory coloured by the share of its commitments done."""
    require(actor, Role.LECTEUR, action="consulter les engagements")
    return territory_shares(commitment_rows(session, actor=actor, campaign_id=campaign_id, filters=filters), session)


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def news_months(session: Session, campaign_id: int) -> int:
    """After how many months without news a commitment is listed for a reminder (a campaign setting,
    ``writes.set_news_months``)."""
    months = session.scalar(select(Campaign.commitment_news_months).where(Campaign.id == campaign_id))
    if months is None:
        raise ValidationError("Cette campagne n'existe pas.")
    return int(months)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def stale_commitments(session: Session, *, actor: Actor, campaign_id: int, today: dt.date | None = None
                      ) -> list[StaleCommitment]:
    """Commitments still open with no news (no entry, no change) for the campaign's delay, oldest first."""
    require(actor, Role.LECTEUR, action="consulter les engagements à relancer")
    today = today or dt.date.today()
    cutoff = months_before(today, news_months(session, campaign_id))
    stale = [StaleCommitment(id=row.id, public_id=row.public_id, title=row.title, committer_label=row.committer_label,
                             participation_id=row.participation_id, status_label=row.status_label,
                             last_news_on=row.last_news_on,
                             months_without_news=_months_between(row.last_news_on, today))
             for row in read_rows(session, campaign_id) if not row.closed and row.last_news_on <= cutoff]
    stale.sort(key=lambda s: (s.last_news_on, s.committer_label, s.id))
    return stale


def commitment_detail(session: Session, *, actor: Actor, commitment_id: int) -> CommitmentDetail:
    """One commitment: its row, its timeline (newest first), its sub-commitments and links."""
    require(actor, Role.TERRITOIRE, action="consulter un engagement")
    commitment = load(session, commitment_id)
    can_read(actor, commitment.participation_id, action="consulter un engagement")
    rows = read_rows(session, commitment.campaign_id, CommitmentFilters(include_withdrawn=True), viewer=actor)
    row = next(r for r in rows if r.id == commitment_id)
    entries = session.scalars(select(CommitmentEntry).where(CommitmentEntry.commitment_id == commitment_id)
                              .order_by(CommitmentEntry.occurred_on.desc(), CommitmentEntry.id.desc())).all()
    proposals, territories = links(session, [commitment_id])
    territory_ids = tuple(territories.get(commitment_id, []))
    names: dict[Any, str] = dict(session.execute(
        select(Participation.id, Territory.name).join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.id.in_(territory_ids))).all()) if territory_ids else {}
    return CommitmentDetail(
        row=row,
        entries=tuple(EntryView(id=e.id, occurred_on=e.occurred_on, text=e.text,
                                created_by=author_for(actor, e.created_by), created_at=e.created_at)
                      for e in entries),
        children=tuple(r for r in rows if r.parent_id == commitment_id),
        proposal_ids=tuple(proposals.get(commitment_id, [])), territory_ids=territory_ids,
        territory_names=tuple(names.get(t, "") for t in territory_ids),
        validated_by=author_for(actor, commitment.validated_by) if commitment.validated_by else None,
        validated_at=commitment.validated_at,
    )
