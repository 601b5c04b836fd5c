"""Suggested sections: the review queue, accepting, correcting, dismissing; roles, audit, versions."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data_access import manifesto, versions
from data_access.db import session_scope
from data_access.errors import PermissionDenied, ValidationError
from data_access.manifesto import suggestions
from data_access.manifesto.suggestions import SectionProfile, rank
from data_access.models import AuditEvent, SectionSuggestionDecision
from tests.support.factories import EDITOR, READER, make_proposal
from tests.support.factories.manifesto import scenario


def _sections(session: Session, campaign_id: int) -> dict[str, int]:
    titles = {
        "Formation des agents": "Former et accompagner le personnel des collectivités aux usages de l'IA.",
        "Sobriété énergétique": "Limiter la consommation d'électricité et l'empreinte environnementale des outils.",
        "Éthique et gouvernance": "Une instance et une charte fixent les règles d'usage de l'IA dans la collectivité.",
        "Libertés publiques": "Encadrer les caméras et refuser la reconnaissance faciale dans la rue.",
    }
    return {title: manifesto.create_section(session, actor=EDITOR, campaign_id=campaign_id, title=title,
                                            introduction=intro).id for title, intro in titles.items()}


def test_ranking_uses_title_introduction_and_attached_proposals() -> None:
    sections = [SectionProfile(id=1, title="Formation des agents", introduction="Former le personnel."),
                SectionProfile(id=2, title="Sobriété énergétique", introduction="Moins d'électricité consommée.")]
    texts = ["Former les agents de la mairie à ChatGPT", "Mesurer la consommation électrique des serveurs"]
    ranked = rank(texts, sections)
    assert [r.choices[0][0] for r in ranked] == [1, 2]
    assert all(0 < r.choices[0][1] <= 1 and len(r.choices) == 2 for r in ranked)
    # A word found in neither description is learnt from what the editor attached.
    vague = ["Des ateliers pour le service état civil"]
    assert rank(vague, sections)[0].choices[0][0] in (1, 2)
    taught = [sections[0], SectionProfile(id=2, title="Sobriété énergétique", introduction="Moins d'électricité.",
                                          attached=("Ateliers pratiques pour le service de l'état civil",))]
    assert rank(vague, taught)[0].choices[0][0] == 2


def test_queue_lists_waiting_proposals_with_three_sections_at_most(session: Session) -> None:
    data = scenario(session)
    ids = _sections(session, data.campaign.id)
    queue = suggestions.pending(session, data.campaign.id)
    assert queue.proposals == len(data.proposals)
    assert all(1 <= len(e.choices) <= 3 for e in queue.entries)
    by_text = {e.text: e for e in queue.entries}
    assert by_text[data.proposals[4].text].best[0] == ids["Libertés publiques"]  # type: ignore[index]
    assert by_text[data.proposals[3].text].best[0] == ids["Sobriété énergétique"]  # type: ignore[index]
    assert by_text[data.proposals[0].text].best[0] == ids["Formation des agents"]  # type: ignore[index]
    confidences = [e.best[1] for e in queue.entries if e.best]
    assert confidences == sorted(confidences, reverse=True)


def test_same_wording_from_two_territories_is_one_entry(session: Session) -> None:
    data = scenario(session)
    _sections(session, data.campaign.id)
    copy = make_proposal(session, data.participations[1], text=data.proposals[4].text.upper())
    queue = suggestions.pending(session, data.campaign.id)
    entry = next(e for e in queue.entries if data.proposals[4].id in e.proposal_ids)
    assert set(entry.proposal_ids) == {data.proposals[4].id, copy.id} and entry.territories == 2


def test_accept_correct_and_dismiss_leave_the_queue_and_are_recorded(engine: Engine) -> None:
    with session_scope(engine) as session:
        data = scenario(session)
        ids = _sections(session, data.campaign.id)
        campaign_id = data.campaign.id
        proposal_ids = [p.id for p in data.proposals]
    with session_scope(engine) as session:
        queue = suggestions.pending(session, campaign_id)
        face = next(e for e in queue.entries if proposal_ids[4] in e.proposal_ids)
        energy = next(e for e in queue.entries if proposal_ids[3] in e.proposal_ids)
        ethics = next(e for e in queue.entries if proposal_ids[5] in e.proposal_ids)
    before = _versions(engine)
    with session_scope(engine) as session:
        decision = suggestions.accept(session, actor=EDITOR, proposal_ids=list(face.proposal_ids),
                                      section_id=face.best[0], suggested_section_id=face.best[0],  # type: ignore[index]
                                      confidence=face.best[1])  # type: ignore[index]
        assert decision == suggestions.ACCEPTED
    assert _versions(engine)["manifesto"] > before["manifesto"]
    with session_scope(engine) as session:
        decision = suggestions.accept(session, actor=EDITOR, proposal_ids=list(energy.proposal_ids),
                                      section_id=ids["Éthique et gouvernance"], suggested_section_id=energy.best[0])  # type: ignore[index]
        assert decision == suggestions.CORRECTED
        suggestions.dismiss(session, actor=EDITOR, proposal_ids=list(ethics.proposal_ids), campaign_id=campaign_id,
                            suggested_section_id=ethics.best[0])  # type: ignore[index]
    with session_scope(engine) as session:
        queue = suggestions.pending(session, campaign_id)
        waiting = {pid for e in queue.entries for pid in e.proposal_ids}
        assert not waiting & {proposal_ids[3], proposal_ids[4], proposal_ids[5]}
        sections = {s.title: s for s in manifesto.list_sections(session, campaign_id)}
        assert [i.proposal_ids for i in sections["Libertés publiques"].items] == [(proposal_ids[4],)]
        assert [i.proposal_ids for i in sections["Éthique et gouvernance"].items] == [(proposal_ids[3],)]
        counts = suggestions.decision_counts(session, campaign_id)
        assert (counts.accepted, counts.corrected, counts.dismissed) == (1, 1, 1)
        actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("manifeste.suggestion.%"))))
        assert actions == {"manifeste.suggestion.acceptation", "manifeste.suggestion.correction",
                           "manifeste.suggestion.ecart"}
        assert suggestions.restore_dismissed(session, actor=EDITOR, campaign_id=campaign_id,
                                             proposal_ids=[proposal_ids[5]]) == 1
    with session_scope(engine) as session:
        assert proposal_ids[5] in {pid for e in suggestions.pending(session, campaign_id).entries
                                   for pid in e.proposal_ids}


def test_accepting_into_an_item_adds_a_source_and_teaches_the_section(session: Session) -> None:
    data = scenario(session)
    ids = _sections(session, data.campaign.id)
    item = manifesto.add_item(session, actor=EDITOR, section_id=ids["Formation des agents"], wording="Former les agents.",
                              proposal_ids=[data.proposals[0].id])
    suggestions.accept(session, actor=EDITOR, proposal_ids=[data.proposals[1].id], section_id=ids["Formation des agents"],
                       item_id=item.id)
    view = next(s for s in manifesto.list_sections(session, data.campaign.id) if s.id == ids["Formation des agents"])
    assert view.items[0].proposal_ids == (data.proposals[0].id, data.proposals[1].id)
    profiles = {p.id: p for p in suggestions.section_profiles(session, data.campaign.id)}
    assert len(profiles[ids["Formation des agents"]].attached) == 2
    with pytest.raises(ValidationError):
        suggestions.accept(session, actor=EDITOR, proposal_ids=[data.proposals[2].id],
                           section_id=ids["Sobriété énergétique"], item_id=item.id)


def test_readers_cannot_decide(session: Session) -> None:
    data = scenario(session)
    ids = _sections(session, data.campaign.id)
    with pytest.raises(PermissionDenied):
        suggestions.accept(session, actor=READER, proposal_ids=[data.proposals[0].id],
                           section_id=ids["Formation des agents"])
    with pytest.raises(PermissionDenied):
        suggestions.dismiss(session, actor=READER, proposal_ids=[data.proposals[0].id], campaign_id=data.campaign.id)
    assert session.scalar(select(SectionSuggestionDecision.id)) is None


def test_no_section_means_no_suggestion(session: Session) -> None:
    data = scenario(session)
    queue = suggestions.pending(session, data.campaign.id)
    assert queue.sections == {} and all(e.choices == () for e in queue.entries)


def _versions(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return versions.current(session)
