from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import demo, store_meta
from data_access.demo import corpus
from data_access.demo.texts import GRID_THEMES
from data_access.errors import PermissionDenied, ValidationError
from data_access.filters import Filters
from data_access.models import (
    Finding,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Proposal,
    Territory,
)
from data_access.monitoring.figures import key_figures, stage_counts
from tests.support.factories import ADMIN, EDITOR


@pytest.fixture
def demo_session(session: Session) -> Session:
    demo.generate(session, actor=ADMIN, scale=1, seed=7)
    return session


def test_scale_one_is_a_believable_campaign(demo_session: Session) -> None:
    values = key_figures(demo_session, Filters())
    assert 140 <= values.engaged <= 170
    assert 1700 <= values.proposals <= 2400
    assert values.concertations > values.grids > 0
    assert all(count > 0 for count in stage_counts(demo_session, Filters()).values())
    kinds = set(demo_session.scalars(select(Territory.kind)).all())
    assert {"commune", "epci", "departement", "region", "international"} <= kinds
    zones = set(demo_session.scalars(select(Territory.zone)).all())
    assert "drom" in zones
    names = set(demo_session.scalars(select(Territory.name).where(Territory.kind == "international")).all())
    assert names == {"Montréal", "Québec", "Abidjan"}
    assert store_meta.is_demo(demo_session)


def test_demo_has_a_traced_draft_manifesto(demo_session: Session) -> None:
    titles = demo_session.scalars(select(ManifestoSection.title).order_by(ManifestoSection.position)).all()
    assert titles == ["IA sociale", "IA ouverte et démocratique", "IA utile et proportionnée",
                      "Gouvernance partagée et territoriale"]
    # Every chapter the corpus has proposals for quotes four of them, each traced to its sources.
    chapters = {corpus.themes_by_id()[p.theme].chapter for p in corpus.load_proposals()}
    items = demo_session.execute(select(ManifestoSection.title, ManifestoItem.id).join(ManifestoItem)).all()
    per_chapter = {title: sum(t == title for t, _ in items) for title in chapters}
    assert set(per_chapter.values()) == {4}, per_chapter
    sourced = set(demo_session.scalars(select(ManifestoItemSource.item_id)).all())
    assert {item_id for _, item_id in items} == sourced


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


def test_the_manifesto_reads_as_the_commission_writes_and_cites_what_territories_wrote(
        demo_session: Session) -> None:
    """Items are the editors' wordings of the themes (not a citizen's « faudrait que… »), and each
    cites the corpus proposals it stands for."""
    items = demo_session.scalars(select(ManifestoItem)).all()
    editorial = {theme.item for theme in corpus.load_themes()}
    texts = {p.text for p in corpus.load_proposals()}
    assert items and {item.wording for item in items} <= editorial
    for item in items:
        cited = demo_session.scalars(select(Proposal.text).join(
            ManifestoItemSource, ManifestoItemSource.proposal_id == Proposal.id)
            .where(ManifestoItemSource.item_id == item.id)).all()
        # A corpus text, or a territory's version of it (with a local detail added).
        assert cited and all(any(text in quote for text in texts) for quote in cited), item.wording


def test_same_seed_same_campaign(session: Session) -> None:
    demo.generate(session, actor=ADMIN, scale=1, seed=11)
    first = session.scalars(select(Proposal.text).order_by(Proposal.id).limit(20)).all()
    total = key_figures(session, Filters())
    demo.generate(session, actor=ADMIN, scale=1, seed=11, reset=True)
    assert session.scalars(select(Proposal.text).order_by(Proposal.id).limit(20)).all() == first
    assert key_figures(session, Filters()) == total


def test_a_filled_store_is_not_overwritten_without_reset(demo_session: Session) -> None:
    with pytest.raises(ValidationError, match="--reset"):
        demo.generate(demo_session, actor=ADMIN, scale=1)


def test_only_administrators_generate_the_demo(session: Session) -> None:
    with pytest.raises(PermissionDenied):
        demo.generate(session, actor=EDITOR)
