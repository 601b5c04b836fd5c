"""Proposal search: filters run in SQL, counts follow the filters, shortlist is per editor and audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.errors import PermissionDenied
from data_access.manifesto import proposals
from data_access.manifesto.proposals import ProposalQuery
from data_access.models import AuditEvent
from tests.support.factories import EDITOR, READER
from tests.support.factories.manifesto import scenario


def test_search_text_and_counts(session: Session) -> None:
    data = scenario(session)
    index = proposals.build_index(session, data.campaign.id)
    result = proposals.search(session, index, ProposalQuery(campaign_id=data.campaign.id, text="former agents"))
    assert result.total == 3
    assert result.territories == 3
    assert result.by_chapter == {"IA sociale": 3}
    assert all("agents" in row.text for row in result.rows)


def test_filters_restrict_results_and_counts(session: Session) -> None:
    data = scenario(session)
    index = proposals.build_index(session, data.campaign.id)
    base = ProposalQuery(campaign_id=data.campaign.id)
    assert proposals.search(session, index, base).total == 6
    communes = proposals.search(session, index, ProposalQuery(campaign_id=data.campaign.id, kinds=("commune",)))
    assert set(communes.by_kind) == {"commune"}
    assert communes.total == 4
    bretagne = proposals.search(session, index, ProposalQuery(campaign_id=data.campaign.id, reg_codes=("53",)))
    assert {row.reg_code for row in bretagne.rows} == {"53"}
    themed = proposals.search(session, index, ProposalQuery(campaign_id=data.campaign.id,
                                                            themes=("Environnement et énergie",)))
    assert themed.total == 3
    chapter = proposals.search(session, index, ProposalQuery(campaign_id=data.campaign.id, text="usage",
                                                             chapters=("IA utile et proportionnée",)))
    assert [row.id for row in chapter.rows] == [data.proposals[3].id]
    territory = proposals.search(session, index, ProposalQuery(
        campaign_id=data.campaign.id, participation_ids=(data.participations[0].id,)))
    assert {row.participation_id for row in territory.rows} == {data.participations[0].id}
    staged = proposals.search(session, index, ProposalQuery(campaign_id=data.campaign.id, stages=("engage",)))
    assert staged.total == 0


def test_index_fingerprint_changes_with_proposals(session: Session) -> None:
    data = scenario(session)
    before = proposals.index_fingerprint(session, data.campaign.id)
    from tests.support.factories import make_proposal

    make_proposal(session, data.participations[0], text="Une nouvelle idée.")
    assert proposals.index_fingerprint(session, data.campaign.id) != before


def test_shortlist_is_per_editor_and_audited(session: Session) -> None:
    data = scenario(session)
    ids = [data.proposals[0].id, data.proposals[3].id]
    assert proposals.add_to_shortlist(session, actor=EDITOR, proposal_ids=ids) == 2
    assert proposals.add_to_shortlist(session, actor=EDITOR, proposal_ids=ids) == 0
    assert proposals.shortlist(session, actor=EDITOR) == ids
    proposals.remove_from_shortlist(session, actor=EDITOR, proposal_ids=[ids[0]])
    assert proposals.shortlist(session, actor=EDITOR) == [ids[1]]
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "selection.ajout" in actions and "selection.retrait" in actions
    with pytest.raises(PermissionDenied):
        proposals.add_to_shortlist(session, actor=READER, proposal_ids=ids)
