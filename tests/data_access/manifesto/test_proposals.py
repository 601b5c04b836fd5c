"""Proposal search: filters run in SQL, counts follow the filters, shortlist is per editor and audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.errors import PermissionDenied
from data_access.manifesto import proposals
from data_access.manifesto.proposals import ProposalQuery
from data_access.models import AuditEvent
from tests.support.factories import EDITOR, READER, make_proposal
from tests.support.factories.manifesto import scenario


def test_search_text_and_counts(session: Session) -> None:
    data = scenario(session)
    index = proposals.build_index(session, data.campaign.id)
    result = proposals.search(session, index, ProposalQuery(campaign_id=data.campaign.id, text="former agents"))
    # Three proposals hold both words; with so few, the one that misses a word follows them.
    assert result.exact == 3
    assert all("former" in row.text.lower() and "agents" in row.text for row in result.rows[:3])
    assert result.total == 4 and "former" not in result.rows[3].text.lower()
    assert result.territories == 3
    assert result.by_chapter == {"IA sociale": 3, "Gouvernance partagée et territoriale": 1}
    assert result.reasons[result.rows[0].id] == ("« former »", "« agents »")
    assert result.reasons[result.rows[3].id] == ("« former » absent", "« agents »")


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


def test_filter_options_work_on_both_backends(session: Session) -> None:
    # PostgreSQL cannot compare json values: no DISTINCT on the themes/criteria columns.
    data = scenario(session)
    options = proposals.filter_options(session, data.campaign.id)
    assert options["themes"] == ["Emploi et formation", "Environnement et énergie"]
    assert options["chapters"][0] == "Gouvernance partagée et territoriale"
    assert proposals.build_index(session, data.campaign.id).options["themes"] == options["themes"]
