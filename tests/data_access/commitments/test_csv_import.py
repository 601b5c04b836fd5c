"""The commitments' CSV read back: export → edit → re-import updates without duplicating; errors
name their row and column and nothing is written; dry runs write nothing; stale rows are refused."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.commitments import csv_format as f
from data_access.commitments import csv_import, readers, statuses
from data_access.commitments.models import Commitment, CommitmentRevision
from data_access.errors import PermissionDenied
from data_access.models import AuditEvent
from tests.support.factories import ADMIN, EDITOR, READER, make_campaign
from tests.support.factories.commitments import (
    CommitmentScenario,
    commitment_scenario,
    make_commitment,
)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _export(session: Session, data: CommitmentScenario) -> list[dict[str, str]]:
    return _rows(f.export_csv(session, actor=READER, campaign_id=data.campaign.id))


def _import(session: Session, data: CommitmentScenario, rows: list[dict[str, str]], *, dry_run: bool = False,
            ) -> csv_import.CommitmentImportReport:
    return csv_import.import_csv(session, actor=EDITOR, campaign_id=data.campaign.id, data=f.to_csv(rows),
                                 filename="engagements.csv", dry_run=dry_run)


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count(Commitment.id))) or 0)


def _scenario(session: Session) -> CommitmentScenario:
    data = commitment_scenario(session)
    guide = make_commitment(session, data, title="Publier un guide", status="en cours",
                            proposals=data.proposals[:1])
    make_commitment(session, data, title="Chapitre achats", parent=guide, progress=20)
    make_commitment(session, data, actor=data.rennes_actor, kind="territoire", participation=data.rennes,
                    title="=Charte d'usage", item=data.items[1])
    return data


def test_export_edit_reimport_updates_without_duplicates(session: Session) -> None:
    data = _scenario(session)
    rows = _export(session, data)
    rows[0][f.TITLE] = "Publier un guide national"
    rows[1][f.PROGRESS] = "60"
    rows[2][f.STATUS] = "réalisé"
    rows[2][f.VALIDATED] = "oui"
    rows.append({f.ID: "ENG-NOUVEAU", f.ITEM: "1.2", f.KIND: "réseau partenaire", f.NAME: "France urbaine",
                 f.TITLE: "Former 500 élus", f.STATUS: "prévu", f.START: "01/09/2025", f.END: "2026-12-31",
                 f.TERRITORIES: "commune:31555 ; 29232"})
    rows.append({f.ID: "", f.PARENT: "ENG-NOUVEAU", f.KIND: "territoire", f.TERRITORY: "commune:31555",
                 f.TITLE: "Former 80 élus toulousains", f.STATUS: "en cours", f.PROGRESS: "25 %"})
    before = _count(session)
    report = _import(session, data, rows)
    assert report.ok and report.applied, report.issues
    assert report.counts() == {"création": 2, "mise à jour": 3, "inchangé": 0}
    assert _count(session) == before + 2
    assert report.outcomes[1].changed == (f.PROGRESS,)
    listed = {r.title: r for r in readers.commitment_rows(session, actor=EDITOR, campaign_id=data.campaign.id)}
    guide = listed["Publier un guide national"]
    assert (guide.version, guide.progress) == (2, 60)  # the mean of its one child, typed 60
    assert listed["=Charte d'usage"].validated and listed["=Charte d'usage"].status_label == "réalisé"
    network = listed["Former 500 élus"]
    assert (network.public_id, network.committer_label, network.item_number) == ("ENG-NOUVEAU", "France urbaine", "1.2")
    child = listed["Former 80 élus toulousains"]
    assert (child.parent_public_id, child.item_id, child.committer_label, child.progress) == (
        "ENG-NOUVEAU", data.items[1].id, "Toulouse", 25)
    assert network.progress == 25  # automatic: its child's progress
    detail = readers.commitment_detail(session, actor=EDITOR, commitment_id=network.id)
    assert set(detail.territory_names) == {"Toulouse", "Quimper"}
    assert session.scalar(select(func.count(CommitmentRevision.id))) == before + 5
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "engagement.import")).one()
    assert event.after == {"fichier": "engagements.csv", "source_hash": report.sha256, "created": 2, "updated": 3}
    again = _import(session, data, _export(session, data))
    assert again.ok and again.counts() == {"création": 0, "mise à jour": 0, "inchangé": 5}
    assert _count(session) == before + 2


def test_errors_name_the_row_and_column_and_nothing_is_written(session: Session) -> None:
    data = _scenario(session)
    rows = _export(session, data)
    rows[0][f.STATUS] = "terminé"
    rows[1][f.END] = "31/02/2026"
    rows[2][f.PARENT] = "ENG-INCONNU"
    rows.append({f.ID: "", f.ITEM: "", f.KIND: "territoire", f.TERRITORY: "commune:99999", f.TITLE: "",
                 f.STATUS: "prévu", f.PROGRESS: "150", f.PROPOSALS: "999999"})
    before = _count(session)
    versions = session.execute(select(Commitment.id, Commitment.version)).all()
    report = _import(session, data, rows)
    assert not report.ok and not report.applied
    assert {(i.row, i.column) for i in report.errors} == {
        (2, f.STATUS), (3, f.END), (4, f.PARENT), (5, f.TERRITORY), (5, f.TITLE), (5, f.PROGRESS), (5, f.PROPOSALS),
        (5, f.ITEM)}
    status_error = next(i for i in report.errors if i.column == f.STATUS)
    assert "« terminé » n'est pas un statut de la campagne" in status_error.message
    assert report.summary().startswith("Import refusé : 8 erreurs") and "Aucun engagement n'a été modifié" in report.summary()
    assert _count(session) == before
    assert session.execute(select(Commitment.id, Commitment.version)).all() == versions
    lines = report.report_csv().decode("utf-8-sig").splitlines()
    assert lines[0] == "Niveau;Feuille;Ligne;Colonne;Territoire;Message"
    assert lines[1].startswith("Erreur;;2;statut;;« terminé »")


def test_a_missing_required_column_refuses_the_file(session: Session) -> None:
    data = _scenario(session)
    rows = [{k: v for k, v in row.items() if k != f.STATUS} for row in _export(session, data)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[c for c in f.COLUMNS if c != f.STATUS] + ["remarque"], delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    report = csv_import.import_csv(session, actor=EDITOR, campaign_id=data.campaign.id,
                                   data=buffer.getvalue().encode("utf-8"), filename="x.csv")
    assert [(i.row, i.column) for i in report.errors] == [(1, f.STATUS)]
    assert [(i.row, i.column) for i in report.warnings] == [(1, "remarque")]


def test_a_dry_run_plans_and_writes_nothing(session: Session) -> None:
    data = _scenario(session)
    rows = _export(session, data)
    rows[0][f.TITLE] = "Autre titre"
    report = _import(session, data, rows, dry_run=True)
    assert report.ok and not report.applied and report.summary().startswith("Simulation")
    assert report.counts()["mise à jour"] == 1
    assert session.scalar(select(Commitment.title).where(Commitment.public_id == rows[0][f.ID])) == "Publier un guide"


def test_a_row_changed_since_the_export_is_refused(session: Session) -> None:
    data = _scenario(session)
    rows = _export(session, data)
    guide = session.scalars(select(Commitment).where(Commitment.public_id == rows[0][f.ID])).one()
    guide.title, guide.version = "Changé entre-temps", 2
    session.flush()
    rows[0][f.STATUS] = "réalisé"
    report = _import(session, data, rows)
    assert [(i.row, i.column) for i in report.errors] == [(2, f.VERSION)]
    assert "modifié depuis l'export" in report.errors[0].message


def test_only_the_commission_imports(session: Session) -> None:
    data = _scenario(session)
    for actor in (READER, data.rennes_actor):
        with pytest.raises(PermissionDenied):
            csv_import.import_csv(session, actor=actor, campaign_id=data.campaign.id, data=b"identifiant\n",
                                  filename="x.csv")


def test_a_campaigns_first_import_brings_the_default_statuses(session: Session) -> None:
    data = commitment_scenario(session)
    campaign = make_campaign(session, slug="vide")
    rows = [{f.ID: "", f.ITEM: str(data.items[0].id), f.KIND: "commission", f.TITLE: "x", f.STATUS: "prévu"}]
    dry = csv_import.import_csv(session, actor=ADMIN, campaign_id=campaign.id, data=f.to_csv(rows), filename="x.csv",
                                dry_run=True)
    assert [i.column for i in dry.errors] == [f.ITEM]  # the item is another campaign's; the status is known
    assert statuses.list_statuses(session, campaign.id) == []


def test_unreadable_file(session: Session) -> None:
    data = commitment_scenario(session)
    report = csv_import.import_csv(session, actor=EDITOR, campaign_id=data.campaign.id, data=b"%PDF-1.4",
                                   filename="engagements.pdf")
    assert not report.ok and "PDF" in report.errors[0].message
