"""The demo's commitments: a third of the manifesto's items, the commission, a network and several
territories, sub-commitments, timelines, mixed statuses, some awaiting validation."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import campaigns, demo
from data_access.commitments import public, readers
from data_access.commitments.models import CommitmentEntry, CommitmentRevision
from data_access.models import ManifestoItem
from tests.support.factories import ADMIN


def test_the_demo_follows_a_third_of_the_items(session: Session) -> None:
    summary = demo.generate(session, actor=ADMIN, scale=1, seed=7)
    campaign = campaigns.current_campaign(session)
    assert campaign is not None
    campaign_id = campaign.id
    rows = readers.commitment_rows(session, actor=ADMIN, campaign_id=campaign_id)
    assert summary.commitments == len(rows) >= 25
    items = session.scalar(select(func.count(ManifestoItem.id))) or 0
    followed = {row.item_id for row in rows}
    assert abs(len(followed) - items / 3) <= 1
    assert {row.committer_kind for row in rows} == {"commission", "reseau", "territoire"}
    assert len({row.participation_id for row in rows if row.participation_id}) >= 5
    assert any(row.parent_id for row in rows) and any(row.children for row in rows)
    assert len({row.status_label for row in rows}) >= 3
    assert any(row.validated for row in rows) and not all(row.validated for row in rows)
    assert session.scalar(select(func.count(CommitmentEntry.id))) >= len(rows) // 2
    assert session.scalar(select(func.count(CommitmentRevision.id))) == len(rows)
    assert any("Former" in row.title and "agents" in row.title for row in rows)
    parent = next(row for row in rows if row.children and not row.progress_set_by_hand)
    children = [row.progress for row in rows if row.parent_id == parent.id]
    assert parent.progress == round(sum(children) / len(children))
    assert public.public_commitments(session, campaign_id).total == sum(row.validated for row in rows)


def test_each_commitments_news_fits_its_status(session: Session) -> None:
    """No « Expérimentation lancée » under a commitment still « prévu »; a done or abandoned one says so last."""
    from data_access.commitments.models import Commitment, CommitmentStatus
    from data_access.demo.commitments import LAST_WORD, PREPARATION

    demo.generate(session, actor=ADMIN, scale=1, seed=7)
    label_of = dict(session.execute(select(CommitmentStatus.id, CommitmentStatus.label)).all())
    news: dict[int, list[str]] = {}
    for commitment_id, text in session.execute(select(CommitmentEntry.commitment_id, CommitmentEntry.text)
                                               .order_by(CommitmentEntry.occurred_on, CommitmentEntry.id)):
        news.setdefault(commitment_id, []).append(text)
    checked = set()
    for commitment in session.scalars(select(Commitment)):
        texts, status = news.get(commitment.id, []), label_of[commitment.status_id]
        if not texts:
            continue
        checked.add(status)
        if status == "prévu":
            assert set(texts) <= set(PREPARATION), texts
        elif status in LAST_WORD:
            assert texts[-1] == LAST_WORD[status], texts
    assert {"prévu", "réalisé"} <= checked
