"""``engagements.csv`` in the open-data bundle: validated commitments only, with their Table Schema,
no personal data, and a package Frictionless validates (commission commitments have no territory)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import frictionless
from sqlalchemy.orm import Session

from dashboard.exports import opendata_bundle
from data_access.commitments import writes
from data_access.exports import opendata
from tests.support.factories import ADMIN, EDITOR
from tests.support.factories.commitments import commitment_scenario, make_commitment


def _archive(session: Session) -> zipfile.ZipFile:
    data = commitment_scenario(session)
    rennes = make_commitment(session, data, actor=data.rennes_actor, kind="territoire", participation=data.rennes,
                             title="Former 200 agents de Rennes", status="en cours", progress=40,
                             start=dt.date(2025, 4, 1), description="Contact : 02 99 00 00 00")
    writes.add_entry(session, actor=data.rennes_actor, commitment_id=rennes.id, occurred_on=dt.date(2025, 5, 2),
                     text="Premier groupe formé (agent@rennes.fr)")
    writes.set_validated(session, actor=EDITOR, commitment_id=rennes.id, expected_version=rennes.version)
    national = make_commitment(session, data, title="Publier un guide national", status="réalisé")
    writes.set_validated(session, actor=EDITOR, commitment_id=national.id, expected_version=national.version)
    make_commitment(session, data, actor=data.toulouse_actor, kind="territoire", participation=data.toulouse,
                    title="Pas encore validé")
    built = opendata.build(session, actor=ADMIN, campaign_id=data.campaign.id)
    return zipfile.ZipFile(io.BytesIO(opendata_bundle.bundle_zip(built)))


def test_engagements_csv_holds_validated_commitments_without_personal_data(session: Session) -> None:
    archive = _archive(session)
    text = archive.read("engagements.csv").decode("utf-8")
    rows = {row["titre"]: row for row in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"Former 200 agents de Rennes", "Publier un guide national"}
    rennes = rows["Former 200 agents de Rennes"]
    assert (rennes["type_porteur"], rennes["porteur"], rennes["type_territoire"], rennes["code_territoire"]) == (
        "territoire", "Rennes", "commune", "35238")
    assert (rennes["statut"], rennes["avancement"], rennes["realise"], rennes["date_debut"]) == (
        "en cours", "40", "non", "2025-04-01")
    assert rennes["numero_element"] == "1.1" and rennes["id_engagement"].startswith("ENG-")
    assert rennes["date_derniere_actualite"] == "2025-05-02"
    national = rows["Publier un guide national"]
    assert (national["type_porteur"], national["type_territoire"], national["realise"]) == ("commission", "", "oui")
    assert "@" not in text and "02 99" not in text and "[donnée personnelle masquée]" in text
    package = json.loads(archive.read("datapackage.json"))
    [resource] = [r for r in package["resources"] if r["name"] == "engagements"]
    assert resource["schema"]["primaryKey"] == ["id_engagement"]
    assert [f["name"] for f in resource["schema"]["fields"]] == text.splitlines()[0].split(",")
    assert "engagements.csv" in archive.read("README.md").decode("utf-8")


def test_the_bundle_with_commitments_validates_with_frictionless(session: Session, tmp_path: Path) -> None:
    _archive(session).extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    errors = [f"{task.name}: {error.type} — {error.note}" for task in report.tasks for error in task.errors]
    assert report.valid, errors
    assert "engagements" in {task.name for task in report.tasks}
