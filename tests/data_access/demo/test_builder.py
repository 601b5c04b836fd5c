from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import demo, store_meta
from data_access.demo import corpus
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
    assert demo_session.scalar(select(func.count()).select_from(ManifestoItemSource)) > 16


def test_proposals_and_findings_come_from_the_corpus(demo_session: Session) -> None:
    rows = demo_session.execute(select(Proposal.text, Proposal.chapter, Proposal.themes)).all()
    themes = corpus.themes_by_id()
    for text, chapter, labels in rows:
        source = corpus.source_of(text)
        assert source is not None, text
        assert chapter == themes[source.theme].chapter
        assert labels in ([], [themes[t].label for t in source.themes])
    blank = sum(not labels for _, _, labels in rows) / len(rows)
    assert 0.4 <= blank <= 0.6, blank  # real grids often leave the theme blank
    assert not any(text.startswith(("Nous demandons de", "Nous proposons de", "Priorité locale : ")) for text, _, _ in rows)
    # Most corpus texts appear once at scale 1; repeats keep the corpus text whole.
    assert len({corpus.source_of(text) for text, _, _ in rows}) >= 0.6 * len(corpus.load_proposals())
    finding_texts = {f.text for f in corpus.load_findings()}
    assert set(demo_session.scalars(select(Finding.text)).all()) <= finding_texts


def test_the_manifesto_quotes_corpus_texts(demo_session: Session) -> None:
    wordings = demo_session.scalars(select(ManifestoItem.wording)).all()
    texts = {p.text for p in corpus.load_proposals()}
    assert wordings and set(wordings) <= texts


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
