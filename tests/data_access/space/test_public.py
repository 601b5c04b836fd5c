"""The public list's data: figures counted by the store, the list read one page at a time."""

from __future__ import annotations

from sqlalchemy.orm import Session

from data_access.models import Stage
from data_access.space import public
from tests.support.factories import make_campaign, make_participation


def test_figures_are_counted_and_pages_cover_the_list_once(session: Session) -> None:
    campaign = make_campaign(session)
    make_participation(session, campaign, code="35238", stage=Stage.GRILLE_DEPOSEE)
    make_participation(session, campaign, code="29019", stage=Stage.CHARTE_SIGNEE)
    make_participation(session, campaign, code="69123")
    whole = public.summary(session, campaign.id)
    figures = public.figures(session, campaign.id)
    assert (figures.engaged, figures.charters, figures.grids) == (whole.engaged, whole.charters, whole.grids)
    assert (figures.engaged, figures.charters, figures.grids) == (3, 2, 1)
    assert figures.campaign_name == whole.campaign_name
    pages = [public.page(session, campaign.id, offset=offset, limit=2) for offset in (0, 2, 4)]
    assert [len(p) for p in pages] == [2, 1, 0]
    assert pages[0] + pages[1] == whole.territories


def test_an_unknown_campaign_has_nothing_public(session: Session) -> None:
    assert public.figures(session, 999).engaged == 0
    assert public.page(session, 999, offset=0, limit=50) == ()
