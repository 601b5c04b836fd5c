"""The commitments import's report: errors and warnings naming the row and the column (as grid
imports do, ``intake.Issue``), and what each row would do or did."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Literal

from data_access.french import plural
from data_access.intake.fields import ERROR, WARNING
from data_access.intake.report import REPORT_COLUMNS, Issue, IssueList
from data_access.spreadsheet import neutralise

Action = Literal["création", "mise à jour", "inchangé"]
PLAN_COLUMNS = ("Ligne", "Identifiant", "Titre", "Action", "Colonnes modifiées")


@dataclass(frozen=True)
class RowOutcome:
    row: int
    public_id: str
    title: str
    action: Action
    changed: tuple[str, ...] = ()  # the columns whose value changes

    def as_row(self) -> dict[str, Any]:
        return {"Ligne": self.row, "Identifiant": self.public_id, "Titre": self.title, "Action": self.action,
                "Colonnes modifiées": " ; ".join(self.changed)}


@dataclass
class CommitmentImportReport(IssueList):
    filename: str
    sha256: str = ""
    issues: list[Issue] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    applied: bool = False

    def error(self, message: str, *, row: int | None = None, column: str = "", about: str = "") -> None:
        """One error per cell: a cell refused as read is not refused again as missing."""
        if column and row is not None and any(i.row == row and i.column == column for i in self.errors):
            return
        self.issues.append(Issue(level=ERROR, message=message, row=row, column=column, territory=about))

    def warning(self, message: str, *, row: int | None = None, column: str = "", about: str = "") -> None:
        self.issues.append(Issue(level=WARNING, message=message, row=row, column=column, territory=about))

    def counts(self) -> dict[Action, int]:
        counts: dict[Action, int] = {"création": 0, "mise à jour": 0, "inchangé": 0}
        for outcome in self.outcomes:
            counts[outcome.action] += 1
        return counts

    def summary(self) -> str:
        warnings = plural(len(self.warnings), "avertissement")
        if not self.ok:
            return (f"Import refusé : {plural(len(self.errors), 'erreur')}, {warnings}. "
                    "Aucun engagement n'a été modifié.")
        counts = self.counts()
        created, updated, same = counts["création"], counts["mise à jour"], counts["inchangé"]
        if self.applied:
            return (f"Import effectué : {plural(created, 'engagement créé', 'engagements créés')}, "
                    f"{plural(updated, 'mis à jour', 'mis à jour')}, {plural(same, 'inchangé')} ; {warnings}.")
        return (f"Simulation (rien n'est encore enregistré) : {plural(created, 'engagement')} à créer, "
                f"{plural(updated, 'engagement')} à mettre à jour, {plural(same, 'inchangé')} ; {warnings}.")

    def issue_rows(self) -> list[dict[str, Any]]:
        rows = [issue.as_row() for issue in self.issues]
        return rows or [{"Niveau": "Information", "Feuille": "", "Ligne": None, "Colonne": "", "Territoire": "",
                         "Message": self.summary()}]

    def report_csv(self) -> bytes:
        """The errors and warnings, one per line (« ; », UTF-8 with a BOM), as the grid imports write them."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(REPORT_COLUMNS), delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        for row in self.issue_rows():
            writer.writerow({key: neutralise(value) for key, value in row.items()})
        return buffer.getvalue().encode("utf-8-sig")
