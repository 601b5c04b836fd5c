"""The import report: issues, one entry per territory, the plan per row."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from data_access.intake.fields import ERROR, WARNING, Level
from data_access.models import (
    Stage,
)
from data_access.territories import resolver
from data_access.territories.reference import ReferenceTerritory


@dataclass(frozen=True)
class Issue:
    level: Level
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    territory: str = ""

    def as_row(self) -> dict[str, Any]:
        return {"Niveau": "Erreur" if self.level == ERROR else "Avertissement", "Feuille": self.sheet,
                "Ligne": self.row, "Colonne": self.column, "Territoire": self.territory,
                "Message": self.message}


REPORT_COLUMNS = ("Niveau", "Feuille", "Ligne", "Colonne", "Territoire", "Message")


@dataclass
class TerritoryEntry:
    """What one territory's rows say, parsed and checked."""

    row: int
    sheet: str
    label: str
    kind: str
    code: str
    reference: ReferenceTerritory | None
    international: dict[str, Any] | None
    networks: list[str]
    contact: dict[str, str | None]
    stage: Stage
    explicit_stage: bool
    engaged_on: dt.date | None
    stage_on: dt.date | None
    charter: dict[str, Any] | None  # signed_on, signatory_role
    sessions: list[dict[str, Any]] | None  # None: the file says nothing about sessions
    proposals: list[dict[str, Any]]
    answers: dict[str, Any]
    has_grid: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.code)

    def answers_hash(self) -> str:
        payload = json.dumps(self.answers, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class RowPlan:
    entry: TerritoryEntry
    action: Literal["création", "mise à jour", "inchangé"]
    changes: list[str]

    def as_row(self) -> dict[str, Any]:
        return {"Ligne": self.entry.row, "Territoire": self.entry.label, "Code": self.entry.code,
                "Action": self.action, "Détail": " ; ".join(self.changes)}


@dataclass
class ImportReport:
    filename: str
    sha256: str
    issues: list[Issue] = field(default_factory=list)
    entries: list[TerritoryEntry] = field(default_factory=list)
    plans: list[RowPlan] = field(default_factory=list)
    already_imported: bool = False
    applied: bool = False
    campaign_name: str | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        counts = {"création": 0, "mise à jour": 0, "inchangé": 0}
        for plan in self.plans:
            counts[plan.action] += 1
        return counts

    def ambiguous(self) -> list[tuple[int, str, tuple[resolver.Candidate, ...]]]:
        """Territory rows the user must settle: (row, query, candidates)."""
        return list(self._ambiguous)

    _ambiguous: list[tuple[int, str, tuple[resolver.Candidate, ...]]] = field(default_factory=list)

    def summary(self) -> str:
        if not self.ok:
            return (f"Import refusé : {len(self.errors)} erreur(s), {len(self.warnings)} avertissement(s). "
                    "Aucune donnée n'a été modifiée.")
        counts = self.counts()
        if self.already_imported:
            prefix = "Ce fichier a déjà été importé : rien n'a changé."
        elif self.applied:
            prefix = "Import effectué."
        else:
            prefix = "Simulation (rien n'est encore enregistré)."
        if self.applied:
            return (f"{prefix} {counts['création']} territoire(s) créé(s), {counts['mise à jour']} mis à jour, "
                    f"{counts['inchangé']} inchangé(s) ; {len(self.warnings)} avertissement(s).")
        return (f"{prefix} {counts['création']} territoire(s) à créer, {counts['mise à jour']} à mettre à jour, "
                f"{counts['inchangé']} inchangé(s) ; {len(self.warnings)} avertissement(s).")
