"""What the demo writes under each participation: rows that match its stage, dated before the
forum, and grids whose proposals and findings come from the corpus."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.demo import corpus
from data_access.demo.dealing import TextDealer
from data_access.demo.participation_rows import ParticipationRows, grid_theme
from data_access.demo.texts import GRID_THEMES
from data_access.intake.grid import load_definition
from data_access.models import (
    CharterSignature,
    ConcertationSession,
    Finding,
    GridResponse,
    Participation,
    Proposal,
    Stage,
    StageTransition,
)
from tests.support.factories import ADMIN, make_campaign, make_territory

FORUM = dt.date(2025, 3, 10)


def _participation(session: Session, campaign_id: int, stage: Stage, code: str) -> Participation:
    territory = make_territory(session, "commune", code)
    participation = Participation(
        campaign_id=campaign_id, territory_id=territory.id, networks=["Les Interconnectés"], stage=stage.value,
        engaged_on=dt.date(2024, 10, 1), stage_changed_on=dt.date(2024, 10, 1), contact_name="Camille Martin",
        contact_email="camille.martin@exemple.fr", contact_phone="01 23 45 67 89",
    )
    session.add(participation)
    session.flush()
    return participation


def test_each_participation_gets_the_rows_of_its_stage_dated_before_the_forum(session: Session) -> None:
    campaign = make_campaign(session)
    engaged = _participation(session, campaign.id, Stage.ENGAGE, "29019")
    validated = _participation(session, campaign.id, Stage.GRILLE_VALIDEE, "35238")
    definition = load_definition()
    rng = random.Random(1)
    rows = ParticipationRows(rng, definition, campaign, ADMIN,
                             TextDealer(rng, corpus.load_proposals(), definition.publics), forum=FORUM)
    for participation in (engaged, validated):
        territory = make_territory(session, "commune", "29019" if participation is engaged else "35238")
        rows.add(participation, territory, 3, 12)
    rows.flush(session)

    def of(model: type[StageTransition | CharterSignature | ConcertationSession | GridResponse],
           participation: Participation) -> int:
        return len(session.scalars(select(model).where(model.participation_id == participation.id)).all())

    assert [of(m, engaged) for m in (StageTransition, CharterSignature, ConcertationSession, GridResponse)] == [1, 0, 0, 0]
    assert engaged.grid_completion == 0.0
    stages = session.scalars(select(StageTransition.stage).where(StageTransition.participation_id == validated.id)
                             .order_by(StageTransition.occurred_on)).all()
    assert stages == [stage.value for stage in Stage]
    assert max(session.scalars(select(StageTransition.occurred_on)).all()) <= FORUM - dt.timedelta(days=3)
    assert of(CharterSignature, validated) == 1 and 2 <= of(ConcertationSession, validated) <= 4
    response = session.scalars(select(GridResponse)).one()
    assert response.participation_id == validated.id and response.is_current
    assert response.completion == validated.grid_completion and response.answers["territoire"] == "Rennes"
    texts = session.scalars(select(Proposal.text).where(Proposal.response_id == response.id)
                             .order_by(Proposal.id)).all()
    assert 8 <= len(texts) <= 16 and all(corpus.source_of(text) is not None for text in texts)
    assert [p["texte"] for p in response.answers["propositions"]] == texts
    categories = set(session.scalars(select(Finding.category)).all())
    assert categories == {finding.category for finding in corpus.load_findings()}
    assert (rows.session_count, rows.response_count, rows.proposal_count) == (
        of(ConcertationSession, validated), 1, len(texts))


def test_the_demos_themes_are_choices_of_the_grid() -> None:
    """A corpus theme becomes a theme of the grid's vocabulary: a demo grid imports back as it is."""
    themes = {grid_theme(theme.id) for theme in corpus.load_themes()}
    assert themes <= set(load_definition().themes)


def test_proposals_and_findings_come_from_the_corpus(demo_session: Session) -> None:
    rows = demo_session.execute(select(Proposal.text, Proposal.chapter, Proposal.themes)).all()
    themes = corpus.themes_by_id()
    for text, chapter, labels in rows:
        source = corpus.source_of(text)
        assert source is not None, text
        assert chapter == themes[source.theme].chapter
        assert labels in ([], sorted({GRID_THEMES[t] for t in source.themes}))
    blank = sum(not labels for _, _, labels in rows) / len(rows)
    assert 0.4 <= blank <= 0.6, blank  # real grids often leave the theme blank
    assert not any(text.startswith(("Nous demandons de", "Nous proposons de", "Priorité locale : ")) for text, _, _ in rows)
    # Most corpus texts appear once at scale 1; repeats keep the corpus text whole.
    assert len({corpus.source_of(text) for text, _, _ in rows}) >= 0.6 * len(corpus.load_proposals())
    finding_texts = {f.text for f in corpus.load_findings()}
    assert set(demo_session.scalars(select(Finding.text)).all()) <= finding_texts
