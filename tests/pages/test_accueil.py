"""AppTest of the entrypoint and the home page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.text import formatting
from data_access.campaigns import current_campaign
from data_access.db import get_engine, make_engine, session_scope
from data_access.filters import Filters
from data_access.migrate import upgrade
from data_access.monitoring import figures
from tests.support.apptest import open_page, texts
from tests.support.env import ENTRYPOINT


def _run_app() -> AppTest:
    return AppTest.from_file(ENTRYPOINT, default_timeout=60).run()


def test_home_shows_the_same_key_figures_as_the_data_layer(demo_store: str) -> None:
    at = _run_app()
    assert not at.exception
    assert at.title[0].value == "Vue d'ensemble"
    with session_scope(make_engine(demo_store)) as session:
        campaign = current_campaign(session)
        assert campaign is not None
        expected = figures.key_figures(session, Filters(campaign_id=campaign.id))
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown["Territoires engagés"] == formatting.number(expected.engaged)
    assert shown["Chartes signées"] == formatting.number(expected.charters)
    assert shown["Grilles déposées"] == formatting.number(expected.grids)
    assert shown["Séances de concertation"] == formatting.number(expected.concertations)
    assert shown["Participants"] == formatting.number(expected.participants)
    assert shown["Propositions"] == formatting.number(expected.proposals)
    # Document order is reading order, also when a phone stacks the columns.
    from dashboard.ui.widgets import KEY_FIGURE_LABELS

    assert [metric.label for metric in at.metric][:6] == [label for _, label, _ in KEY_FIGURE_LABELS]
    banners = " ".join(element.value for element in [*at.info, *at.warning])
    assert "Données de démonstration" in banners and "Mode local" in banners
    assert "s'est tenu le 10 mars 2025" in " ".join(md.value for md in at.markdown)


def test_filters_change_the_home_figures(demo_store: str) -> None:
    at = _run_app()
    total = next(m.value for m in at.metric if m.label == "Territoires engagés")
    region = next(ms for ms in at.multiselect if ms.label == "Région")
    region.select("53").run()
    filtered = next(m.value for m in at.metric if m.label == "Territoires engagés")
    assert int(filtered.replace("\u202f", "")) < int(total.replace("\u202f", ""))


@pytest.fixture
def other_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'autre.sqlite3'}"
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    yield url
    get_engine.cache_clear()


def test_unmigrated_store_shows_a_french_error_page(other_store: str) -> None:
    at = _run_app()
    assert not at.exception
    assert at.title[0].value == "Base de données indisponible"
    assert "concertations db upgrade" in at.error[0].value


def test_empty_store_says_how_to_start(other_store: str) -> None:
    upgrade(make_engine(other_store))
    at = _run_app()
    assert not at.exception
    assert "Aucune campagne" in at.info[-1].value


def test_an_unexpected_page_error_shows_a_french_message_not_a_traceback(
    demo_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONCERTATIONS_RAISE_ERRORS")

    def broken(_filters: object) -> None:
        raise RuntimeError("détail interne")

    monkeypatch.setattr("dashboard.monitoring.readers.key_figures", broken)
    at = _run_app()
    assert not at.exception
    assert "erreur inattendue" in at.error[0].value
    assert "détail interne" not in at.error[0].value


def test_home_small_multiples_agree_with_the_suivi_funnel(demo_store: str) -> None:
    at = open_page("accueil", demo_store)
    assert len(at.get("vega_lite_chart")) == 2
    assert "Dernières étapes franchies" in texts(at)
    engaged = next(m.value for m in at.metric if m.label == "Territoires engagés")
    funnel = open_page("suivi", demo_store)
    match = re.search(r"Sur ([\d\u202f ]+) territoires engagés", texts(funnel))
    assert match and match.group(1) == engaged
