"""The import report: issues, one entry per territory, the plan per row."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from data_access.french import plural
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
        return answers_hash(self.answers)


def answered(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers actually given: a blank cell, an empty list and a missing key say the same thing."""
    return {k: v for k, v in answers.items() if v is not None and v != "" and v != []}


def answers_hash(answers: Mapping[str, Any]) -> str:
    """The grid's content, contact fields aside: correcting a phone number is not a new grid version."""
    content = {k: v for k, v in answered(answers).items() if k not in CONTACT_FIELDS}
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def session_answer(values: Mapping[str, Any]) -> dict[str, Any]:
    """A session (``held_on``, ``format``, ``publics``, ``participants``, ``place``) as the grid's answers hold it."""
    return {"date": values["held_on"].isoformat(), "format": values["format"], "publics": list(values["publics"]),
            "participants": values["participants"], "lieu": values.get("place")}


def exported_answers(
    answers: Mapping[str, Any], *, name: str, code: str, networks: Sequence[str],
    charter: tuple[dt.date, str | None] | None, sessions: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """A territory's current answers as its pre-filled grid writes them (``template.campaign_rows``).

    The store keeps some answers as facts of their own, which later writes may change: the
    territory's name and code, its networks, the charter (signed online, corrected), its sessions.
    The pre-filled grid writes those facts; the dry run compares a file with this view too, so that
    a pre-filled grid re-imported unchanged creates no grid version.
    """
    current = dict(answers)
    current.update({"territoire": name, "territoire_code": code, "reseaux": list(networks),
                    "sessions": [dict(s) for s in sessions]})
    if charter is not None:
        current.update({"charte_signee": True, "charte_date": charter[0].isoformat(),
                        "charte_signataire": charter[1]})
    elif current.get("charte_signee"):
        current["charte_signee"] = None  # the grid said « signed » but no charter is stored
    return current


# Grid question id → participation attribute and how the journal names it.
CONTACT_FIELDS: dict[str, tuple[str, str]] = {
    "contact_nom": ("contact_name", "nom du ou de la référente"),
    "contact_email": ("contact_email", "courriel"),
    "contact_telephone": ("contact_phone", "téléphone"),
}

PLAN_COLUMNS = ("Ligne", "Territoire", "Code", "Action", "Ajouté", "Modifié", "Remplacé", "Retiré",
                "Éléments du manifeste concernés")


@dataclass
class RowPlan:
    """One territory's part of the dry run: what is added, changed, replaced and withdrawn."""

    entry: TerritoryEntry
    action: Literal["création", "mise à jour", "inchangé"]
    changes: list[str]
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    manifesto_items: list[str] = field(default_factory=list)  # « 1.2 Wording… » citing a touched proposal
    contact_fields: list[str] = field(default_factory=list)  # attribute names of corrected contact fields
    new_grid_version: bool = False
    diff: Any = None  # changes.ProposalDiff of a new grid version, reused when applying
    session_diff: Any = None  # changes.SessionDiff

    @property
    def withdrawals(self) -> int:
        return len(self.diff.withdrawn) if self.diff is not None else 0

    def as_row(self) -> dict[str, Any]:
        return {"Ligne": self.entry.row, "Territoire": self.entry.label, "Code": self.entry.code,
                "Action": self.action, "Ajouté": " ; ".join(self.added), "Modifié": " ; ".join(self.changed),
                "Remplacé": " ; ".join(self.replaced), "Retiré": " ; ".join(self.withdrawn),
                "Éléments du manifeste concernés": " ; ".join(self.manifesto_items)}


class IssueList:
    """What every import report says of its issues (grids, commitments): errors, warnings, ok."""

    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport(IssueList):
    filename: str
    sha256: str
    issues: list[Issue] = field(default_factory=list)
    entries: list[TerritoryEntry] = field(default_factory=list)
    plans: list[RowPlan] = field(default_factory=list)
    already_imported: bool = False
    applied: bool = False
    campaign_name: str | None = None

    def counts(self) -> dict[str, int]:
        counts = {"création": 0, "mise à jour": 0, "inchangé": 0}
        for plan in self.plans:
            counts[plan.action] += 1
        return counts

    def ambiguous(self) -> list[tuple[int, str, tuple[resolver.Candidate, ...]]]:
        """Territory rows the user must settle: (row, query, candidates)."""
        return list(self._ambiguous)

    _ambiguous: list[tuple[int, str, tuple[resolver.Candidate, ...]]] = field(default_factory=list)

    @property
    def withdrawals(self) -> int:
        """Proposals the import would withdraw: they need an explicit confirmation."""
        return sum(plan.withdrawals for plan in self.plans)

    def summary(self) -> str:
        warnings = plural(len(self.warnings), "avertissement")
        if not self.ok:
            return (f"Import refusé : {plural(len(self.errors), 'erreur')}, {warnings}. "
                    "Aucune donnée n'a été modifiée.")
        counts = self.counts()
        if self.already_imported:
            prefix = "Ce fichier a déjà été importé : rien n'a changé."
        elif self.applied:
            prefix = "Import effectué."
        else:
            prefix = "Simulation (rien n'est encore enregistré)."
        created, updated, same = counts["création"], counts["mise à jour"], counts["inchangé"]
        withdrawn = ""
        if self.withdrawals:
            withdrawn = (f" ; {plural(self.withdrawals, 'proposition retirée', 'propositions retirées')}" if self.applied
                         else f" ; {plural(self.withdrawals, 'proposition')} à retirer")
        if self.applied:
            return (f"{prefix} {plural(created, 'territoire créé', 'territoires créés')}, "
                    f"{plural(updated, 'mis à jour', 'mis à jour')}, {plural(same, 'inchangé')}{withdrawn} ; "
                    f"{warnings}.")
        return (f"{prefix} {plural(created, 'territoire')} à créer, {plural(updated, 'territoire')} à mettre à jour, "
                f"{plural(same, 'inchangé')}{withdrawn} ; {warnings}.")
