from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import frictionless
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from dashboard.exports import opendata_bundle
from data_access.exports import opendata
from data_access.spreadsheet import FORMULA_PREFIXES
from tests.support.factories import ADMIN
from tests.support.factories.exports import make_export_campaign

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(rb"(?:\+33|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")


def _bundle(session: Session) -> zipfile.ZipFile:
    campaign, _ = make_export_campaign(session)
    data = opendata.build(session, actor=ADMIN, campaign_id=campaign.id)
    return zipfile.ZipFile(io.BytesIO(opendata_bundle.bundle_zip(data)))


def test_zip_holds_every_file_and_no_email_or_phone(session: Session) -> None:
    archive = _bundle(session)
    assert set(archive.namelist()) == {
        "participations.csv", "sessions.csv", "enseignements.csv", "propositions.csv", "engagements.csv", "donnees.xlsx",
        "territoires_engages.geojson", "datapackage.json", "README.md", "LICENCE.md"}
    for name in archive.namelist():
        payload = archive.read(name)
        if name.endswith(".xlsx"):
            inner = zipfile.ZipFile(io.BytesIO(payload))
            payload = b"".join(inner.read(n) for n in inner.namelist() if n.endswith(".xml"))
        assert not EMAIL.search(payload), (name, EMAIL.search(payload))
        assert not PHONE.search(payload), name
    licence = archive.read("LICENCE.md").decode("utf-8")
    assert licence.startswith("# LICENCE OUVERTE / OPEN LICENCE — Version 2.0")
    assert "Données personnelles" in archive.read("README.md").decode("utf-8")


def test_formula_cells_are_neutralised_in_csv_and_xlsx(session: Session) -> None:
    archive = _bundle(session)
    rows = list(csv.DictReader(io.StringIO(archive.read("propositions.csv").decode("utf-8"))))
    texts = {r["texte"] for r in rows}
    assert "'-2+3 agents formés chaque année" in texts
    assert any(t.startswith("'@SUM(A1)") for t in texts) and any(t.startswith("'\t") for t in texts)
    sessions = list(csv.DictReader(io.StringIO(archive.read("sessions.csv").decode("utf-8"))))
    assert sessions[0]["intitule"].startswith("'=HYPERLINK")
    workbook = load_workbook(io.BytesIO(archive.read("donnees.xlsx")))
    values = [cell.value for row in workbook["propositions"].iter_rows(min_row=2) for cell in row]
    assert "'-2+3 agents formés chaque année" in values
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_PREFIXES)
    xml = zipfile.ZipFile(io.BytesIO(archive.read("donnees.xlsx"))).read("xl/worksheets/sheet2.xml")
    assert b"<f>" not in xml


def test_datapackage_describes_each_csv_with_a_table_schema(session: Session) -> None:
    archive = _bundle(session)
    package = json.loads(archive.read("datapackage.json"))
    assert package["licenses"][0]["name"] == "etalab-2.0"
    tabular = [r for r in package["resources"] if r["path"].endswith(".csv")]
    assert {r["path"] for r in tabular} == {"participations.csv", "sessions.csv", "enseignements.csv",
                                            "propositions.csv", "engagements.csv"}
    for resource in tabular:
        header = archive.read(resource["path"]).decode("utf-8").splitlines()[0].split(",")
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        assert all(f["type"] in {"string", "integer", "number", "date"} and f["description"] for f in fields)
        assert set(resource["schema"]["primaryKey"]) <= set(header)
    geo = json.loads(archive.read("territoires_engages.geojson"))
    assert geo["type"] == "FeatureCollection" and geo["features"][0]["geometry"]["type"] == "Point"


def test_the_bundle_validates_with_the_frictionless_framework(session: Session, tmp_path: Path) -> None:
    """What a data portal runs (`frictionless validate datapackage.json`): the package and every resource."""
    archive = _bundle(session)
    archive.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    errors = [f"{task.name}: {error.type} — {error.note}" for task in report.tasks for error in task.errors]
    errors += [f"paquet: {error.type} — {error.note}" for error in report.errors]
    assert report.valid, errors
    assert {task.name for task in report.tasks} >= {"participations", "sessions", "enseignements", "propositions"}
