"""Tables of the « Suivi des engagements »: French dates and values, never « None »."""

from __future__ import annotations

import datetime as dt

from dashboard.commitments import tables
from data_access.commitments.csv_report import CommitmentImportReport
from data_access.commitments.views import EntryView, RevisionView
from tests.dashboard.commitments.conftest import row, stale


def test_the_list_marks_sub_commitments_and_hides_authors_from_readers() -> None:
    rows = [row(1, updated_by="editrice@exemple.fr"), row(2, parent_id=1, validated=False, progress=25)]
    table = tables.rows_table(rows, with_authors=False)
    assert "Modifié par" not in table.columns
    assert table["Engagement"].tolist() == ["Former 200 agents", "↳ Former 200 agents"]
    assert table.iloc[1][["Avancement", "Validé", "Dernières nouvelles"]].tolist() == ["25\u202f%", "Non", "7 déc. 2026"]
    assert "editrice@exemple.fr" in tables.rows_table(rows, with_authors=True)["Modifié par"].tolist()


def test_stale_entries_and_history_in_french() -> None:
    assert tables.stale_table([stale(1)]).iloc[0]["Sans nouvelles depuis"] == "11 mois"
    entries = tables.entries_table([EntryView(id=1, occurred_on=dt.date(2026, 3, 10), text="Marché attribué",
                                              created_by="Rennes", created_at=dt.datetime(2026, 3, 10))])
    assert entries.iloc[0].tolist() == ["10 mars 2026", "Marché attribué", "Rennes"]
    first = {"title": "Former", "status": "prévu", "progress": 0, "validated": False, "end_date": None}
    second = {**first, "status": "en cours", "progress": 50, "end_date": "2027-03-31"}
    history = tables.history_table([
        RevisionView(version=2, created_at=dt.datetime(2026, 12, 7, 9), created_by="Rennes", snapshot=second),
        RevisionView(version=1, created_at=dt.datetime(2026, 12, 1, 9), created_by="Rennes", snapshot=first)])
    assert history["Changements"].tolist() == ["Statut : en cours ; Avancement : 50\u202f% ; Fin : 31 mars 2027",
                                               "Création"]
    assert "None" not in history.to_string()


def test_import_tables_name_row_and_column() -> None:
    report = CommitmentImportReport(filename="engagements.csv")
    report.error("« terminé » n'est pas un statut de la campagne.", row=2, column="statut")
    issues, plan = tables.import_tables(report)
    assert issues.iloc[0][["Niveau", "Ligne", "Colonne"]].tolist() == ["Erreur", "2", "statut"]
    assert "Feuille" not in issues.columns and plan.empty
