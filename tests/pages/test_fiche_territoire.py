"""Fiche territoire (AppTest): identity, stages, grid, findings, proposals, manifesto uses."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from dashboard.text import formatting
from data_access import intake
from data_access.db import make_engine, session_scope
from tests.support.apptest import open_page, texts
from tests.support.factories import EDITOR, READER, make_campaign
from tests.support.factories.intake import proposal_row, territory_row, workbook
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
        # A partner abroad: its country, not its internal code « ville-hostile ».
        assert "**Pays** : Canada" in body and "ville-hostile" not in body and "Identifiant" not in body
        at.selectbox[0].set_value(data.rennes.id).run()
        assert "Aucune proposition de ce territoire n'est encore reprise dans le manifeste." in texts(at)


def test_readers_do_not_see_personal_answers(monitoring_url: tuple[str, MonitoringData]) -> None:
    url, data = monitoring_url
    with app_on_store(url), mock.patch("dashboard.access.auth.current_actor", return_value=READER):
        at = open_page("fiche_territoire")
        at.selectbox[0].set_value(data.hostile.id).run()
        body = texts(at)
    assert "x@exemple.fr" not in body and "**Contact**" not in body


def test_a_withdrawn_proposal_is_listed_with_its_status_first(fresh_store: str) -> None:
    """Issue 12: the status sits in the first column (the last one of a wide table is off screen)."""
    url = fresh_store
    engine = make_engine(url)
    with session_scope(engine) as session:
        make_campaign(session)
        for name, proposals in (("v1.xlsx", [proposal_row(), proposal_row(**{"propositions.texte": "Retirée."})]),
                                ("v2.xlsx", [proposal_row()])):
            report = intake.run_import(session, actor=EDITOR, data=workbook([territory_row()], [], proposals),
                                       filename=name, confirm_removals=True)
            assert report.ok
    engine.dispose()
    with app_on_store(url):
        at = open_page("fiche_territoire")
        assert not at.exception
        body = texts(at)
        table = next(frame.value for frame in at.dataframe if "Proposition" in frame.value.columns)
    assert "1 proposition retirée par le territoire" in body
    assert list(table.columns) == ["Statut", "Chapitre", "Proposition", "Thèmes"]
    today = formatting.date(dt.date.today())
    assert dict(zip(table["Proposition"], table["Statut"], strict=True)) == {
        "Former tous les agents à l'IA.": "maintenue par le territoire", "Retirée.": f"retirée par le territoire le {today}"}
