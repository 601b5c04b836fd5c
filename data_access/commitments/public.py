"""What anyone may see of the commitments, without signing in: « what became of the manifesto ».

Only commitments the commission validated, not withdrawn, under an item of the manifesto; for each
its committer (the commission, a network or a territory: never a person), status, progress, dates
and last news. No author, no e-mail: the views have no such field, and free texts go through the
open data's mask (an e-mail or a phone number typed in a description never leaves).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.commitments.models import CommitmentEntry
from data_access.commitments.readers import item_refs, read_rows, territory_shares
from data_access.commitments.views import (
    CommitmentFilters,
    CommitmentRow,
    PublicCommitment,
    PublicCommitments,
    PublicItem,
    PublicNews,
    TerritoryShare,
)
from data_access.models import Campaign
from data_access.personal_data import mask_personal

PUBLIC_FILTERS = CommitmentFilters(validated=True)


def _last_news(session: Session, commitment_ids: Sequence[int]) -> dict[int, PublicNews]:
    latest: dict[int, PublicNews] = {}
    ids = list(commitment_ids)
    for start in range(0, len(ids), 5000):
        for commitment_id, occurred_on, text in session.execute(
                select(CommitmentEntry.commitment_id, CommitmentEntry.occurred_on, CommitmentEntry.text)
                .where(CommitmentEntry.commitment_id.in_(ids[start:start + 5000]))
                .order_by(CommitmentEntry.commitment_id, CommitmentEntry.occurred_on, CommitmentEntry.id)):
            latest[commitment_id] = PublicNews(occurred_on=occurred_on, text=mask_personal(text))
    return latest


def _public(row: CommitmentRow, public_ids: set[str], news: PublicNews | None) -> PublicCommitment:
    return PublicCommitment(
        public_id=row.public_id,
        # A sub-commitment of a commitment not (yet) public stands alone.
        parent_public_id=row.parent_public_id if row.parent_public_id in public_ids else None,
        title=mask_personal(row.title), description=mask_personal(row.description),
        committer_kind_label=row.committer_kind_label, committer_label=mask_personal(row.committer_label),
        status_label=row.status_label, done=row.done, progress=row.progress, start_date=row.start_date,
        end_date=row.end_date, last_news=news,
    )


def public_commitments(session: Session, campaign_id: int) -> PublicCommitments:
    """For each manifesto item with public commitments: those commitments, in the manifesto's order;
    and the territories' shares done, for the map."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return PublicCommitments(campaign_name="", items=())
    rows = [row for row in read_rows(session, campaign_id, PUBLIC_FILTERS) if row.item_id is not None]
    news = _last_news(session, [row.id for row in rows])
    public_ids = {row.public_id for row in rows}
    grouped: dict[int, list[CommitmentRow]] = {}
    for row in rows:
        assert row.item_id is not None
        grouped.setdefault(row.item_id, []).append(row)
    sections = {ref.id: ref.section_title for ref in item_refs(session, campaign_id)}
    items = tuple(
        PublicItem(number=members[0].item_number, wording=members[0].item_wording,
                   section_title=sections.get(item_id, ""),
                   commitments=tuple(_public(row, public_ids, news.get(row.id)) for row in members))
        for item_id, members in grouped.items())
    return PublicCommitments(campaign_name=campaign.name, items=items, territories=tuple(territory_shares(rows, session)))


def public_map(session: Session, campaign_id: int) -> list[TerritoryShare]:
    """Territories carrying public commitments, with the share done (the public map alone)."""
    rows = read_rows(session, campaign_id, PUBLIC_FILTERS)
    return territory_shares(rows, session)

