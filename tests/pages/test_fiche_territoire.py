"""Fiche territoire (AppTest): identity, stages, grid, findings, proposals, manifesto uses."""

from __future__ import annotations

from unittest import mock

from tests.support.apptest import open_page, texts
from tests.support.factories import READER
from tests.support.factories.monitoring import MonitoringData
from tests.support.stores import app_on_store


def test_sheet_of_a_hostile_territory_shows_text_and_its_manifesto_items(
        monitoring_url: tuple[str, MonitoringData]) -> None:
    url, data = monitoring_url
    with app_on_store(url):
        at = open_page("fiche_territoire")
        at.selectbox[0].set_value(data.hostile.id).run()
        assert not at.exception
        body = texts(at)
        assert "&lt;script&gt;" in body and "<script>" not in body
        assert data.item_wording.replace(".", "\\.") in body and "IA sociale" in body
        assert next(m.value for m in at.metric if m.label == "Étape actuelle") == "Grille validée"
        assert "Contact" in body  # mode local: administrator sees the contact
        at.selectbox[0].set_value(data.rennes.id).run()
        assert "Aucune proposition de ce territoire n'est encore reprise dans le manifeste." in texts(at)


def test_readers_do_not_see_personal_answers(monitoring_url: tuple[str, MonitoringData]) -> None:
    url, data = monitoring_url
    with app_on_store(url), mock.patch("dashboard.ui.auth.current_actor", return_value=READER):
        at = open_page("fiche_territoire")
        at.selectbox[0].set_value(data.hostile.id).run()
        body = texts(at)
    assert "x@exemple.fr" not in body and "**Contact**" not in body
