"""Issue 24 items 1 and 3: every place a key figure appears says what one function computes, under
one name. Vue d'ensemble, the public page, ``concertations figures``, the key-figures card and the
export maps' subtitles are compared with ``data_access.monitoring.figures``."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any
from unittest import mock

import pytest

from dashboard.cli.main import main
from dashboard.exports import readers as export_readers
from dashboard.exports import static_layers, static_maps
from dashboard.text import formatting
from data_access.campaigns import current_campaign
from data_access.db import get_engine, make_engine, session_scope
from data_access.filters import Filters
from data_access.monitoring import figures
from data_access.monitoring.figures import FIGURE_LABELS
from tests.support.apptest import open_page

DATE = dt.date(2025, 3, 10)


def _expected(url: str) -> tuple[int, figures.KeyFigures]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        campaign = current_campaign(session)
        assert campaign is not None
        values = figures.key_figures(session, Filters(campaign_id=campaign.id))
        campaign_id = campaign.id
    engine.dispose()
    return campaign_id, values


def test_every_place_shows_the_figures_of_the_one_function(demo_store: str, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    campaign_id, expected = _expected(demo_store)
    wanted = {FIGURE_LABELS[key].title: formatting.number(value) for key, value in asdict(expected).items()}
    # Vue d'ensemble.
    home = open_page("accueil", demo_store)
    assert {m.label: m.value for m in home.metric if m.label in wanted} == wanted
    # The public page.
    public = open_page("territoires_engages", demo_store)
    shown = {m.label: m.value for m in public.metric}
    assert shown == {key: wanted[key] for key in ("Territoires engagés", "Chartes signées", "Grilles déposées")}
    # concertations figures.
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", demo_store)
    get_engine.cache_clear()
    try:
        assert main(["figures"]) == 0
    finally:
        get_engine.cache_clear()
    lines = dict(line.split(" : ", 1) for line in capsys.readouterr().out.strip().splitlines())
    assert lines == wanted
    # The key-figures card: the values it draws.
    filters = Filters(campaign_id=campaign_id)
    drawn: dict[str, Any] = {}
    with mock.patch("dashboard.exports.images.key_figures_png",
                    side_effect=lambda values, **_: drawn.setdefault("card", values) and b""):
        export_readers.key_figures_card(filters, "Campagne", DATE)
    assert drawn["card"] == expected
    # The export maps' subtitles (the sentence printed under a press map's title).
    for layer in ("regions", "departements"):
        with mock.patch.object(static_maps, "render_map", side_effect=lambda content, **_: drawn.update(map=content)
                               or b""):
            export_readers.map_image(filters, layer, "charter_rate", "print", "pdf", DATE)
        content = drawn["map"]
        subtitle = static_layers.area_subtitle(content.areas, content.points, content.layer, content.measure,
                                               content.charters_total)
        assert formatting.plural(expected.charters, "charte signée", "chartes signées") in subtitle, subtitle
        assert subtitle.startswith(formatting.plural(expected.engaged, "territoire engagé", "territoires engagés"))


def test_the_concertation_figure_never_bears_the_stage_name() -> None:
    """Item 3: « Concertations tenues » counted sessions while the stage « Concertation tenue » counts
    territories; the figure is « Séances de concertation » wherever it is named."""
    assert FIGURE_LABELS["concertations"].title == "Séances de concertation"
    assert FIGURE_LABELS["concertations"].counted == "séances de concertation"
    assert all("oncertation tenue" not in label.title for label in FIGURE_LABELS.values())
