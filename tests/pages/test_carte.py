"""Carte page (AppTest): filters change the markers, stored strings are escaped, a click selects."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from unittest import mock

from dashboard.ui import state
from tests.support.apptest import map_args, open_page, set_filter, texts
from tests.support.factories.monitoring import monitoring_store
from tests.support.stores import app_on_store


def _placed(at: Any) -> int:
    match = re.search(r"([\d\u202f\u00a0 ]+) territoires? placés?", texts(at))
    assert match, texts(at)
    return int(re.sub(r"\D", "", match.group(1)))


def test_map_is_drawn_offline_and_filters_change_it(demo_store: str) -> None:
    at = open_page("carte", demo_store)
    args = map_args(at)
    assert "/app/static/vendor/leaflet/leaflet.js" in args and "cdn" not in args.lower()
    assert "L.markerClusterGroup" in args and "L.geoJson" in args
    everything = _placed(at)
    assert everything > 100
    set_filter(at, "Type de collectivité", ["region"])
    regions = _placed(at)
    assert 0 < regions < everything
    assert map_args(at) != args


def test_level_and_measure_choices_change_the_area_layer(demo_store: str) -> None:
    at = open_page("carte", demo_store)
    at.radio[0].set_value("regions").run()
    at.radio[1].set_value("charter_rate").run()
    args = map_args(at)
    assert "Taux de charte sign" in args and "Bretagne" in args
    at.selectbox[0].set_value("La Réunion").run()
    assert "-21.13" in map_args(at)


def test_hostile_names_are_escaped_in_the_map_html(tmp_path: Path) -> None:
    url, _data = monitoring_store(tmp_path)
    with app_on_store(url):
        args = map_args(open_page("carte"))
    assert "<script>alert" not in args and "<img src=x" not in args
    assert "lt;script" in args and "{{ 7*7 }}" in args


def test_clicking_a_territory_selects_it_and_offers_its_sheet(tmp_path: Path) -> None:
    url, data = monitoring_store(tmp_path)
    clicked = {"last_object_clicked": {"lat": 45.5017, "lng": -73.5673}}
    with app_on_store(url), mock.patch("streamlit_folium.st_folium", return_value=clicked) as fake:
        at = open_page("carte")
        assert fake.call_args.kwargs["returned_objects"] == ["last_object_clicked"]
        links = at.get("page_link")
        assert links and "Ouvrir la fiche du territoire" in str(links[0].proto)
        assert "\\<script\\>" in texts(at) or "&lt;script&gt;" in texts(at)
        assert "International" in texts(at)
        assert at.session_state[state.SELECTED_TERRITORY] == data.hostile.id


def test_filtering_by_region_zooms_on_it_and_there_is_no_world_view(demo_store: str) -> None:
    at = open_page("carte", demo_store)
    # The first view fits mainland France and Corsica whole, whatever the screen's width.
    assert "fitBounds([[41.25, -5.3], [51.2, 9.7]]" in map_args(at)
    vue = next(s for s in at.selectbox if s.label == "Vue")
    assert not [o for o in vue.options if "Monde" in o]
    assert {"France métropolitaine", "Corse", "Île-de-France", "International"} <= set(vue.options)
    set_filter(at, "Région", ["53"])
    # « Vue » says what the map shows: the filtered territories, not « France métropolitaine ».
    vue = next(s for s in at.selectbox if s.label == "Vue")
    assert vue.value == "Territoires filtrés"
    assert "fitBounds" in map_args(at) and "fitBounds([[41.25, -5.3], [51.2, 9.7]]" not in map_args(at)
