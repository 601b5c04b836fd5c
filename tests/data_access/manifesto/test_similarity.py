"""Near-duplicate suggestions, consolidation (accept) and remembered rejections."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.errors import PermissionDenied, ValidationError
from data_access.manifesto import similarity
from data_access.manifesto.similarity import Document, group_documents, signature
from data_access.models import AuditEvent, ProposalGroup
from tests.support.factories import EDITOR, READER
from tests.support.factories.manifesto import scenario


def test_group_documents_links_variants_from_different_territories() -> None:
    documents = [
        Document(1, 10, "Former l'ensemble des agents aux usages de l'IA générative avant tout déploiement."),
        Document(2, 11, "Nous proposons de former l'ensemble des agents aux usages de l'IA générative avant tout déploiement."),
        Document(3, 12, "Former l'ensemble des agents aux usages de l'IA generative avant tout deploiement, d'ici la fin du mandat."),
        Document(4, 13, "Refuser la reconnaissance faciale dans l'espace public."),
        Document(5, 14, "Mesurer l'empreinte énergétique de chaque usage d'IA avant de le généraliser."),
    ]
    suggestions = group_documents(documents)
    assert [s.proposal_ids for s in suggestions] == [(1, 2, 3)]
    assert suggestions[0].territories == 3
    assert suggestions[0].representative == documents[0].text
    assert 0.5 < suggestions[0].cohesion <= 1


def test_same_territory_duplicates_are_not_suggested() -> None:
    documents = [Document(1, 10, "Former les agents à l'IA."), Document(2, 10, "Former les agents à l'IA.")]
    assert group_documents(documents) == []


def test_signature_ignores_order_and_repeats() -> None:
    assert signature([3, 1, 2]) == signature([1, 2, 3, 3])
    assert signature([1, 2]) != signature([1, 3])


def test_accept_creates_consolidated_group_with_every_source(session: Session) -> None:
    data = scenario(session)
    candidates = similarity.compute_suggestions(session, data.campaign.id)
    assert len(candidates) == 1
    ids = candidates[0].proposal_ids
    assert set(ids) == {p.id for p in data.proposals[:3]}
    group = similarity.accept(session, actor=EDITOR, campaign_id=data.campaign.id, proposal_ids=ids,
                              wording="Former tous les agents avant tout déploiement.")
    groups = similarity.list_groups(session, data.campaign.id)
    assert [(g.id, g.proposal_ids, g.territories) for g in groups] == [(group.id, tuple(sorted(ids)), 3)]
    assert len(similarity.group_territories(session, group.id)) == 3
    # Consolidated proposals are no longer suggested.
    assert similarity.pending_suggestions(session, data.campaign.id, candidates) == []
    assert session.scalars(select(AuditEvent.action)).all().count("regroupement.acceptation") == 1
    with pytest.raises(ValidationError):
        similarity.accept(session, actor=EDITOR, campaign_id=data.campaign.id, proposal_ids=ids, wording="Bis")


def test_rejection_is_remembered(session: Session) -> None:
    data = scenario(session)
    candidates = similarity.compute_suggestions(session, data.campaign.id)
    similarity.reject(session, actor=EDITOR, campaign_id=data.campaign.id, proposal_ids=candidates[0].proposal_ids)
    assert similarity.pending_suggestions(session, data.campaign.id, candidates) == []
    # Recomputed later, the same suggestion stays hidden.
    again = similarity.compute_suggestions(session, data.campaign.id)
    assert similarity.pending_suggestions(session, data.campaign.id, again) == []
    stored = session.scalars(select(ProposalGroup)).one()
    assert stored.status == "rejected" and stored.signature == candidates[0].signature


def test_dissolve_brings_the_suggestion_back(session: Session) -> None:
    data = scenario(session)
    candidates = similarity.compute_suggestions(session, data.campaign.id)
    group = similarity.accept(session, actor=EDITOR, campaign_id=data.campaign.id,
                              proposal_ids=candidates[0].proposal_ids, wording="Former les agents.")
    similarity.dissolve(session, actor=EDITOR, group_id=group.id)
    assert len(similarity.pending_suggestions(session, data.campaign.id, candidates)) == 1


def test_readers_cannot_group(session: Session) -> None:
    data = scenario(session)
    ids = [p.id for p in data.proposals[:2]]
    with pytest.raises(PermissionDenied):
        similarity.accept(session, actor=READER, campaign_id=data.campaign.id, proposal_ids=ids, wording="x")
    with pytest.raises(PermissionDenied):
        similarity.reject(session, actor=READER, campaign_id=data.campaign.id, proposal_ids=ids)


def test_a_group_needs_two_existing_proposals(session: Session) -> None:
    data = scenario(session)
    with pytest.raises(ValidationError):
        similarity.accept(session, actor=EDITOR, campaign_id=data.campaign.id, proposal_ids=[data.proposals[0].id],
                          wording="x")
    with pytest.raises(ValidationError):
        similarity.accept(session, actor=EDITOR, campaign_id=data.campaign.id,
                          proposal_ids=[data.proposals[0].id, 999_999], wording="x")
