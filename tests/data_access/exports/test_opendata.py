from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from data_access import personal_data
from data_access.errors import PermissionDenied
from data_access.exports import opendata
from tests.support.factories import ADMIN, EDITOR, READER
from tests.support.factories.exports import make_export_campaign


def test_only_administrators_export_open_data(session: Session) -> None:
    campaign, _ = make_export_campaign(session)
    for actor in (READER, EDITOR):
        with pytest.raises(PermissionDenied):
            opendata.build(session, actor=actor, campaign_id=campaign.id)


def test_tables_are_keyed_on_official_codes_without_personal_data(session: Session) -> None:
    campaign, _participations = make_export_campaign(session)
    data = opendata.build(session, actor=ADMIN, campaign_id=campaign.id)
    rows = data.tables["participations"].rows
    assert {(r["type_territoire"], r["code_territoire"]) for r in rows} == {
        ("commune", "35238"), ("commune", "29019"), ("region", "53"), ("commune", "97411")}
    rennes = next(r for r in rows if r["code_territoire"] == "35238")
    assert rennes["siren"] == "213502388" and rennes["nombre_sessions"] == 1 and rennes["nombre_participants"] == 40
    assert rennes["etape"] == "grille_deposee" and rennes["nombre_propositions"] == 1
    every_name = {c.name for t in data.tables.values() for c in t.columns}
    assert not {n for n in every_name if "contact" in n or "mail" in n or "phone" in n or "telephone" in n}
    text = repr([t.rows for t in data.tables.values()]) + repr(data.geojson)
    assert "Camille" not in text and "exemple.fr" not in text and "06 12 34 56 78" not in text
    finding = data.tables["enseignements"].rows[0]["texte"]
    assert "jean.dupont" not in finding and "01 23 45 67 89" not in finding
    assert finding.count(personal_data.MASK) == 2
    assert len(data.geojson["features"]) == 4
