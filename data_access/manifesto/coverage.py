"""Who the manifesto speaks for (coverage) and everything its exports need (export data)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.errors import ValidationError
from data_access.french import collation_key
from data_access.manifesto.reading import list_sections
from data_access.manifesto.views import (
    OVERSEAS_ZONES,
    SIZE_CLASSES,
    UNKNOWN_SIZE,
    Coverage,
    CoverageRow,
    ExportItem,
    ExportSection,
    ExportTerritory,
    ManifestoDocument,
    MissingTerritory,
)
from data_access.models import (
    Campaign,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Participation,
    Proposal,
    Territory,
)
from data_access.territories import reference

region_label = reference.region_label  # the one definition, re-exported for data_access.manifesto


def size_class(population: int | None) -> str:
    if population is None:
        return UNKNOWN_SIZE
    for label, low, high in SIZE_CLASSES:
        if population >= low and (high is None or population < high):
            return label
    return UNKNOWN_SIZE


def coverage(session: Session, campaign_id: int, section_id: int | None = None) -> Coverage:
    """Who the manifesto (or one section) speaks for, against every engaged territory."""
    engaged = session.execute(
        select(Participation.id, Territory.name, Territory.kind, Territory.reg_code, Territory.zone,
               Territory.population)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id).order_by(Territory.name)
    ).all()
    query = (
        select(Proposal.participation_id).distinct()
        .join(ManifestoItemSource, ManifestoItemSource.proposal_id == Proposal.id)
        .join(ManifestoItem, ManifestoItemSource.item_id == ManifestoItem.id)
        .join(ManifestoSection, ManifestoItem.section_id == ManifestoSection.id)
        .where(ManifestoSection.campaign_id == campaign_id)
    )
    if section_id is not None:
        query = query.where(ManifestoSection.id == section_id)
    represented = set(session.scalars(query).all())

    def rows(key: Any, label: Any) -> tuple[CoverageRow, ...]:
        total: Counter[str] = Counter()
        present: Counter[str] = Counter()
        for row in engaged:
            k = key(row)
            total[k] += 1
            if row[0] in represented:
                present[k] += 1
        return tuple(CoverageRow(label=label(k), engaged=total[k], represented=present[k])
                     for k in sorted(total, key=lambda k: (-total[k], label(k))))

    size_order = [label for label, _, _ in SIZE_CLASSES] + [UNKNOWN_SIZE]
    by_size_raw = rows(lambda r: size_class(r[5]), lambda k: k)
    overseas_rows = [r for r in engaged if (r[4] or "") in OVERSEAS_ZONES]
    return Coverage(
        engaged=len(engaged),
        represented=len([r for r in engaged if r[0] in represented]),
        by_kind=rows(lambda r: r[2], lambda k: reference.KIND_LABELS.get(k, k)),
        by_region=rows(lambda r: r[3] or "", region_label),
        by_size=tuple(sorted(by_size_raw, key=lambda r: size_order.index(r.label))),
        overseas=CoverageRow(label="Outre-mer", engaged=len(overseas_rows),
                             represented=len([r for r in overseas_rows if r[0] in represented])),
        overseas_names=tuple(r[1] for r in overseas_rows if r[0] in represented),
        missing=tuple(MissingTerritory(participation_id=r[0], name=r[1], kind=r[2], reg_code=r[3])
                      for r in engaged if r[0] not in represented),
    )


def export_document(session: Session, campaign_id: int, *, today: dt.date | None = None) -> ManifestoDocument:
    """Everything the DOCX and Markdown exports need, as plain values."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas.")
    sections = list_sections(session, campaign_id)
    proposal_ids = {p for s in sections for i in s.items for p in i.proposal_ids}
    contributors: dict[int, tuple[str, str, str]] = {}
    ids = sorted(proposal_ids)
    for start in range(0, len(ids), 5000):
        for part_id, name, kind, reg in session.execute(
            select(Participation.id, Territory.name, Territory.kind, Territory.reg_code).distinct()
            .join(Territory, Participation.territory_id == Territory.id)
            .join(Proposal, Proposal.participation_id == Participation.id)
            .where(Proposal.id.in_(ids[start: start + 5000]))
        ):
            contributors[part_id] = (name, kind, reg or "")

    export_sections = tuple(
        ExportSection(
            title=s.title, introduction=s.introduction, status=s.status_label,
            items=tuple(ExportItem(
                wording=i.wording, territories=i.territories,
                kinds=tuple(reference.KIND_LABELS.get(k, k) for k, _ in i.kinds),
                regions=tuple(region_label(r) for r, _ in i.regions),
            ) for i in s.items),
        )
        for s in sections
    )
    withdrawn = _withdrawn_by_participation(session, ids)
    territories = tuple(sorted(
        (ExportTerritory(name=name, kind=reference.KIND_LABELS.get(kind, kind), region=region_label(reg),
                         withdrawn_on=withdrawn.get(part_id))
         for part_id, (name, kind, reg) in contributors.items()),
        key=lambda t: (collation_key(t.region), collation_key(t.name)),  # Île-de-France among the I's
    ))
    return ManifestoDocument(campaign_name=campaign.name, forum_date=campaign.forum_date,
                             forum_place=campaign.forum_place, generated_on=today or dt.date.today(),
                             sections=export_sections, territories=territories, source_count=len(proposal_ids))


def _withdrawn_by_participation(session: Session, proposal_ids: Iterable[int]) -> dict[int, dt.date]:
    """participation id → the latest withdrawal among these proposals (the DOCX annex's mark)."""
    ids = sorted(set(proposal_ids))
    latest: dict[int, dt.date] = {}
    for start in range(0, len(ids), 5000):
        for participation_id, withdrawn_on in session.execute(
            select(Participation.id, Proposal.withdrawn_on)
            .join(Proposal, Proposal.participation_id == Participation.id)
            .where(Proposal.id.in_(ids[start: start + 5000]), Proposal.withdrawn_on.is_not(None))
        ):
            if withdrawn_on is not None and (participation_id not in latest
                                             or withdrawn_on > latest[participation_id]):
                latest[int(participation_id)] = withdrawn_on
    return latest
