"""Themes of a campaign in the store: found, decided (rename, merge, split, reject, section), kept after an import."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import versions
from data_access.errors import PermissionDenied, ValidationError
from data_access.manifesto import list_sections, proposal_placements, themes
from data_access.manifesto.themes import ThemeView
from data_access.models import AuditEvent, ThemeDecision
from tests.support.factories import EDITOR, READER, make_proposal
from tests.support.factories.themes import HOSTING, SCHOOL, TRANSPORT, ThemeScenario, theme_scenario


def _themes(session: Session, data: ThemeScenario) -> themes.Themes:
    return themes.view(session, data.campaign.id, themes.compute(session, data.campaign.id))


def _theme_of(found: themes.Themes, text: str) -> ThemeView:
    return next(t for t in found.shown if _holds(t, text))


_TEXTS: dict[int, str] = {}


def _holds(theme: ThemeView, text: str) -> bool:
    return any(_TEXTS.get(pid) == text for pid in theme.proposal_ids)


@pytest.fixture
def data(session: Session) -> ThemeScenario:
    scenario = theme_scenario(session)
    _TEXTS.clear()
    _TEXTS.update({p.id: p.text for p in scenario.proposals})
    return scenario


def test_three_themes_with_labels_counts_and_quotes(session: Session, data: ThemeScenario) -> None:
    found = _themes(session, data)
    assert len(found.shown) == 3 and found.unthemed == 0 and found.proposals == len(data.proposals)
    by_topic = {name: _theme_of(found, texts[0]) for name, texts in
                (("transport", TRANSPORT), ("school", SCHOOL), ("hosting", HOSTING))}
    assert {len(t.proposal_ids) for t in by_topic.values()} == {8, 10}
    hosting = by_topic["hosting"]
    # The copied wording counts once for clustering, but its three territories all count.
    assert len(hosting.proposal_ids) == 10 and hosting.territories == 6
    assert hosting.regions >= 2
    assert "données" in hosting.keywords and hosting.label and not hosting.label.startswith("f")
    shared = next(q for q in hosting.quotes if q.text == HOSTING[0])
    assert len(shared.territories) == 3
    for theme in found.shown:
        assert 3 <= len(theme.quotes) <= 5
        assert len({q.text for q in theme.quotes}) == len(theme.quotes)
        assert all(q.proposal_id in theme.proposal_ids for q in theme.quotes)


def test_rename_is_audited_and_survives_a_new_import(session: Session, data: ThemeScenario) -> None:
    found = _themes(session, data)
    before = versions.current(session)["groupings"]
    transport = _theme_of(found, TRANSPORT[0])
    themes.rename(session, actor=EDITOR, campaign_id=data.campaign.id, theme=transport, label="Mobilités du quotidien")
    session.commit()
    assert versions.current(session)["groupings"] > before
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "theme.renommage")).one()
    assert event.actor == EDITOR.email and "Mobilités du quotidien" in event.summary
    # A new import: one more transport proposal; the theme is found again and keeps its name.
    added = make_proposal(session, data.participations[2],
                          text="Des navettes électriques à la demande entre les hameaux et le bourg, réservées par téléphone.")
    _TEXTS[added.id] = added.text
    again = _themes(session, data)
    renamed = next(t for t in again.shown if t.label == "Mobilités du quotidien")
    assert set(transport.proposal_ids) <= set(renamed.proposal_ids)
    assert len(again.shown) == 3


def test_merge_then_split(session: Session, data: ThemeScenario) -> None:
    found = _themes(session, data)
    school, hosting = _theme_of(found, SCHOOL[0]), _theme_of(found, HOSTING[0])
    merged = themes.merge(session, actor=EDITOR, campaign_id=data.campaign.id, first=school, second=hosting,
                          label="École et données")
    after = _themes(session, data)
    assert len(after.shown) == 2
    both = next(t for t in after.shown if t.decision_id == merged.id)
    assert len(both.proposal_ids) == 18 and both.label == "École et données"
    analysis = themes.compute(session, data.campaign.id)
    first, second = themes.split(session, actor=EDITOR, campaign_id=data.campaign.id, theme=both, analysis=analysis)
    halves = [set(t.proposal_ids) for t in _themes(session, data).shown for d in (first, second)
              if t.decision_id == d.id]
    assert len(halves) == 2 and halves[0] | halves[1] == set(both.proposal_ids)
    school_ids = {pid for pid, text in _TEXTS.items() if text in SCHOOL}
    assert school_ids in halves
    assert session.get(ThemeDecision, merged.id).status == "split"  # type: ignore[union-attr]
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("theme.%"))).all()
    assert actions == ["theme.fusion", "theme.scission"]


def test_reject_hides_the_theme_even_after_recomputation(session: Session, data: ThemeScenario) -> None:
    found = _themes(session, data)
    transport = _theme_of(found, TRANSPORT[0])
    themes.reject(session, actor=EDITOR, campaign_id=data.campaign.id, theme=transport)
    again = _themes(session, data)
    assert len(again.shown) == 2 and [t.label for t in again.rejected] == [transport.label]


def test_theme_becomes_a_section_with_its_proposals_as_sources(session: Session, data: ThemeScenario) -> None:
    found = _themes(session, data)
    hosting = _theme_of(found, HOSTING[0])
    assert not hosting.covered and hosting in themes.uncovered(found)
    decision = themes.to_section(session, actor=EDITOR, campaign_id=data.campaign.id, theme=hosting)
    section = next(s for s in list_sections(session, data.campaign.id) if s.id == decision.section_id)
    assert section.title == hosting.label
    # One item per distinct wording: the wording copied by three territories is one item with three sources.
    assert len(section.items) == 8
    assert set(proposal_placements(session, data.campaign.id)) == set(hosting.proposal_ids)
    after = _themes(session, data)
    covered = next(t for t in after.shown if t.decision_id == decision.id)
    assert covered.covered and covered.status == "section" and covered not in themes.uncovered(after)
    with pytest.raises(ValidationError):
        themes.to_section(session, actor=EDITOR, campaign_id=data.campaign.id, theme=covered)


def test_readers_cannot_decide(session: Session, data: ThemeScenario) -> None:
    theme = _themes(session, data).shown[0]
    with pytest.raises(PermissionDenied):
        themes.rename(session, actor=READER, campaign_id=data.campaign.id, theme=theme, label="Autre nom")
    with pytest.raises(PermissionDenied):
        themes.to_section(session, actor=READER, campaign_id=data.campaign.id, theme=theme)
    with pytest.raises(ValidationError):
        themes.rename(session, actor=EDITOR, campaign_id=data.campaign.id, theme=theme, label="   ")
