"""The « Suivi des engagements »: rows with filters, groupings, the map's shares, reminders, detail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from data_access.commitments import readers, writes
from data_access.commitments.models import Commitment
from data_access.commitments.views import CommitmentFilters
from data_access.errors import PermissionDenied
from tests.support.factories import ADMIN, EDITOR, READER
from tests.support.factories.commitments import (
    CommitmentScenario,
    commitment_scenario,
    make_commitment,
)


def _campaign_rows(session: Session, data: CommitmentScenario, **filters: object) -> list[str]:
    rows = readers.commitment_rows(session, actor=READER, campaign_id=data.campaign.id,
                                   filters=CommitmentFilters(**filters))  # type: ignore[arg-type]
    return [row.title for row in rows]


def _followed(session: Session) -> CommitmentScenario:
    data = commitment_scenario(session)
    guide = make_commitment(session, data, title="Publier un guide", status="en cours")
    make_commitment(session, data, title="Chapitre achats", parent=guide, status="réalisé")
    make_commitment(session, data, kind="reseau", name="France urbaine", title="Former 500 élus",
                    item=data.items[1], status="prévu")
    make_commitment(session, data, actor=data.rennes_actor, kind="territoire", participation=data.rennes,
                    title="Charte d'usage", status="réalisé")
    make_commitment(session, data, actor=data.rennes_actor, kind="territoire", participation=data.rennes,
                    title="Comité d'éthique", item=data.items[1], status="en cours")
    make_commitment(session, data, actor=data.toulouse_actor, kind="territoire", participation=data.toulouse,
                    title="Former 200 agents", status="abandonné")
    return data


def test_rows_in_the_manifestos_order_with_sub_commitments_under_their_parent(session: Session) -> None:
    data = _followed(session)
    rows = readers.commitment_rows(session, actor=READER, campaign_id=data.campaign.id)
    assert [(r.item_number, r.title) for r in rows] == [
        ("1.1", "Publier un guide"), ("1.1", "Chapitre achats"), ("1.1", "Charte d'usage"),
        ("1.1", "Former 200 agents"), ("1.2", "Former 500 élus"), ("1.2", "Comité d'éthique")]
    guide = rows[0]
    assert (guide.children, guide.progress, guide.committer_kind_label) == (1, 100, "Commission")
    assert rows[1].parent_public_id == guide.public_id
    rennes = rows[2]
    assert (rennes.committer_label, rennes.territory_code, rennes.region) == ("Rennes", "commune:35238", "Bretagne")
    assert rows[4].region == "National (commission et réseaux)"
    assert rows[0].updated_by == "un autre utilisateur"  # a reader (« Lecteur ») sees no e-mail
    assert readers.commitment_rows(session, actor=EDITOR, campaign_id=data.campaign.id)[0].updated_by == EDITOR.email


def test_filters(session: Session) -> None:
    data = _followed(session)
    assert _campaign_rows(session, data, status_ids=(data.status_ids["réalisé"],)) == ["Chapitre achats",
                                                                                        "Charte d'usage"]
    assert _campaign_rows(session, data, item_ids=(data.items[1].id,)) == ["Former 500 élus", "Comité d'éthique"]
    assert _campaign_rows(session, data, committer_kinds=("reseau",)) == ["Former 500 élus"]
    assert _campaign_rows(session, data, participation_ids=(data.toulouse.id,)) == ["Former 200 agents"]
    assert _campaign_rows(session, data, reg_codes=("76",)) == ["Former 200 agents"]  # Occitanie
    assert _campaign_rows(session, data, text="ethique") == ["Comité d'éthique"]
    assert _campaign_rows(session, data, validated=True) == []


def test_groupings(session: Session) -> None:
    data = _followed(session)
    by_status = readers.group_counts(session, actor=READER, campaign_id=data.campaign.id, by="status")
    assert [(g.label, g.total, g.done) for g in by_status] == [
        ("prévu", 1, 0), ("en cours", 2, 0), ("réalisé", 2, 2), ("abandonné", 1, 0)]
    by_item = readers.group_counts(session, actor=READER, campaign_id=data.campaign.id, by="item")
    assert [(g.label[:3], g.total, g.done) for g in by_item] == [("1.1", 4, 2), ("1.2", 2, 0)]
    by_region = readers.group_counts(session, actor=READER, campaign_id=data.campaign.id, by="region")
    assert [(g.label, g.total) for g in by_region] == [("National (commission et réseaux)", 3), ("Bretagne", 2),
                                                       ("Occitanie", 1)]
    by_territory = readers.group_counts(session, actor=READER, campaign_id=data.campaign.id, by="territory")
    assert [(g.label, g.total, g.done, g.done_share) for g in by_territory] == [("Rennes", 2, 1, 0.5),
                                                                               ("Toulouse", 1, 0, 0.0)]


def test_share_done_per_territory_for_the_map(session: Session) -> None:
    data = _followed(session)
    shares = readers.done_share_by_territory(session, actor=READER, campaign_id=data.campaign.id)
    assert [(s.name, s.total, s.done, s.done_share) for s in shares] == [("Rennes", 2, 1, 0.5),
                                                                         ("Toulouse", 1, 0, 0.0)]
    assert all(s.lat is not None and s.lon is not None for s in shares)


def test_commitments_without_news_for_the_campaigns_delay(session: Session) -> None:
    data = _followed(session)
    today = dt.date.today()
    old = dt.datetime.combine(readers.months_before(today, 7), dt.time(9))
    session.execute(update(Commitment).values(created_at=old, updated_at=old))
    rows = {r.title: r.id for r in readers.commitment_rows(session, actor=READER, campaign_id=data.campaign.id)}
    writes.add_entry(session, actor=EDITOR, commitment_id=rows["Publier un guide"], occurred_on=today,
                     text="Comité de pilotage réuni.")
    stale = readers.stale_commitments(session, actor=READER, campaign_id=data.campaign.id)
    # Done or abandoned: closed, no reminder; the guide has news.
    assert sorted(s.title for s in stale) == ["Comité d'éthique", "Former 500 élus"]
    assert {s.months_without_news for s in stale} == {7}
    writes.set_news_months(session, actor=ADMIN, campaign_id=data.campaign.id, months=8)
    assert readers.stale_commitments(session, actor=READER, campaign_id=data.campaign.id) == []


def test_months_before_keeps_the_day_or_the_months_last() -> None:
    assert readers.months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert readers.months_before(dt.date(2026, 1, 15), 6) == dt.date(2025, 7, 15)


def test_detail_with_timeline_and_children(session: Session) -> None:
    data = _followed(session)
    rows = {r.title: r for r in readers.commitment_rows(session, actor=READER, campaign_id=data.campaign.id)}
    guide = rows["Publier un guide"]
    for day, text in ((dt.date(2025, 5, 2), "Cahier des charges publié."), (dt.date(2025, 9, 1), "Bilan d'étape.")):
        writes.add_entry(session, actor=EDITOR, commitment_id=guide.id, occurred_on=day, text=text)
    detail = readers.commitment_detail(session, actor=READER, commitment_id=guide.id)
    assert [e.text for e in detail.entries] == ["Bilan d'étape.", "Cahier des charges publié."]
    assert detail.entries[0].created_by == "un autre utilisateur"
    assert [c.title for c in detail.children] == ["Chapitre achats"]
    own = readers.commitment_detail(session, actor=data.rennes_actor, commitment_id=rows["Charte d'usage"].id)
    assert own.row.committer_label == "Rennes"
    with pytest.raises(PermissionDenied):
        readers.commitment_detail(session, actor=data.rennes_actor, commitment_id=guide.id)


def test_item_refs_number_as_the_manifesto_page(session: Session) -> None:
    data = commitment_scenario(session)
    refs = readers.item_refs(session, data.campaign.id)
    assert [(r.number, r.section_title) for r in refs] == [("1.1", "IA sociale"), ("1.2", "IA sociale")]
