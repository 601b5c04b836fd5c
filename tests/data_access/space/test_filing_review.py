"""Filed versions of the online grid as they are read: the commission's review and list, the territory's own."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from data_access.errors import PermissionDenied
from data_access.models import FilingStatus, Participation, Stage
from data_access.space import filing, filing_review
from tests.support.factories import EDITOR, READER, make_campaign, make_participation
from tests.support.factories.filing import complete_answers, territory_actor


@pytest.fixture
def two(session: Session) -> tuple[int, int]:
    campaign = make_campaign(session)
    rennes = make_participation(session, campaign, stage=Stage.CHARTE_SIGNEE)
    brest = make_participation(session, campaign, code="29019")
    return rennes.id, brest.id


def _answer(sections: tuple[filing_review.ReviewSection, ...], label: str) -> str:
    return next(a.text for s in sections for a in s.answers if a.label == label)


def test_a_filed_grid_reads_in_french_and_hides_the_contact_from_readers(
        session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    filing.file_grid(session, actor=territory_actor(rennes), participation_id=rennes,
                     answers=complete_answers(controle=None))
    review = filing_review.filing_review(session, actor=EDITOR, participation_id=rennes)
    assert review is not None and review.territory_name == "Rennes" and review.version == 1
    assert _answer(review.sections, "Nom du ou de la référente") == "Camille Martin"
    assert _answer(review.sections, "Sessions de concertation — 1") \
        == "20/11/2024 · atelier · citoyens, agents · 42 · Hôtel de ville"
    assert "—" in {a.text for s in review.sections for a in s.answers}  # an answer left blank
    assert review.submitted_by == "mairie@exemple.fr"
    hidden = filing_review.filing_review(session, actor=READER, participation_id=rennes)
    assert hidden is not None and hidden.submitted_by is None
    assert _answer(hidden.sections, "Nom du ou de la référente") == "(donnée personnelle, visible des éditeurs)"


def test_a_draft_is_the_territory_own_until_filed(session: Session, two: tuple[int, int]) -> None:
    rennes, brest = two
    filing.file_grid(session, actor=territory_actor(rennes), participation_id=rennes, answers=complete_answers())
    filing.save_draft(session, actor=territory_actor(brest), participation_id=brest, answers={"opportunites": "x"})
    assert filing_review.filing_review(session, actor=EDITOR, participation_id=brest) is None
    participation = session.get(Participation, rennes)
    assert participation is not None
    rows = filing_review.filings_overview(session, actor=READER, campaign_id=participation.campaign_id)
    # Those awaiting the commission first, whatever their name; drafts show who has started.
    assert [(r.territory_name, r.status) for r in rows] == [("Rennes", FilingStatus.DEPOSEE),
                                                            ("Brest", FilingStatus.BROUILLON)]


def test_the_territory_rereads_each_version_it_filed_with_its_contact(session: Session, two: tuple[int, int]) -> None:
    rennes, brest = two
    actor = territory_actor(rennes)
    filing.file_grid(session, actor=actor, participation_id=rennes,
                     answers=complete_answers(contact_telephone="06 12 34 56 78"))
    filing.return_filing(session, actor=EDITOR, participation_id=rennes, version=1, comment="Précisez.")
    filing.save_draft(session, actor=actor, participation_id=rennes, answers=complete_answers())
    versions = filing_review.own_filed_versions(session, actor=actor, participation_id=rennes)
    assert list(versions) == [1]  # the draft (version 2) is not a filed version
    assert _answer(versions[1], "Téléphone du ou de la référente") == "06 12 34 56 78"
    with pytest.raises(PermissionDenied, match="pas le vôtre"):
        filing_review.own_filed_versions(session, actor=territory_actor(brest), participation_id=rennes)


def test_one_filing_has_one_completion_figure(session: Session, two: tuple[int, int]) -> None:
    """What the commission reads on the review equals what the Fiche, maps and tables read."""
    rennes, _ = two
    filing.file_grid(session, actor=territory_actor(rennes), participation_id=rennes,
                     answers=complete_answers(risques=None, controle=None))
    session.flush()
    review = filing_review.filing_review(session, actor=EDITOR, participation_id=rennes)
    stored = session.get(Participation, rennes)
    assert review is not None and stored is not None
    assert round(review.completion, 3) == round(stored.grid_completion, 3) > 0
