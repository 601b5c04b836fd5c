"""Applying a plan in the caller's transaction (refused when the report has any error), and the one-call import."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from data_access import audit, maintenance
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.intake.fields import (
    ERROR,
    FINDING_QUESTIONS,
    IMPORT_ACTION,
    IMPORT_SOURCE,
    PROPOSALS_SHEET,
    SESSIONS_SHEET,
    TERRITORY_SHEET,
    clean_filename,
    sha256,
    sheet_fields,
)
from data_access.intake.grid import (
    GridDefinition,
    completion,
    load_definition,
)
from data_access.intake.planning import (
    _Existing,
    _load_existing,
    ensure_target_campaign,
    plan,
    target_campaign,
)
from data_access.intake.reading import RawFile, RawRow, RawTable, read_upload
from data_access.intake.report import ImportReport, Issue, TerritoryEntry
from data_access.intake.validation import validate
from data_access.models import (
    AuditEvent,
    Campaign,
    CharterSignature,
    ConcertationSession,
    Finding,
    GridResponse,
    Participation,
    Proposal,
    Role,
    Stage,
    StageTransition,
    Territory,
)
from data_access.territories import reference
from data_access.territories.reference import INTERNATIONAL


def apply(session: Session, *, actor: Actor, report: ImportReport, action: str = IMPORT_ACTION) -> ImportReport:
    """Write a planned, error-free report in the caller's transaction (all or nothing)."""
    require(actor, Role.EDITEUR, action="importer des grilles")
    if not report.ok:
        raise ValidationError(f"Le fichier « {report.filename} » contient {len(report.errors)} erreur(s) : "
                              "rien n'a été importé. Corrigez-les puis recommencez.")
    campaign = ensure_target_campaign(session, actor=actor)
    assert campaign is not None
    plan(session, report)  # against this transaction's view of the store
    report.campaign_name = campaign.name
    definition = load_definition(campaign.grid_version) if _known(campaign.grid_version) else load_definition()
    existing = _load_existing(session, campaign.id)
    writer = _Writer(session, actor, campaign, definition, report)
    for row_plan in report.plans:
        if row_plan.action == "création":
            writer.create(row_plan.entry)
        elif row_plan.action == "mise à jour":
            writer.update(row_plan.entry, existing[row_plan.entry.key], row_plan.changes)
    writer.flush()
    counts = report.counts()
    maintenance.analyze(session, "territories", "participations", "submissions", rows=counts["création"] + counts["mise à jour"])
    audit.record(
        session, actor=actor, action=action, entity_type="campaign", entity_id=campaign.id,
        summary=f"Import du fichier « {report.filename} » (sha256 {report.sha256}) : "
                f"{counts['création']} création(s), {counts['mise à jour']} mise(s) à jour, "
                f"{counts['inchangé']} inchangé(s)",
        after={"fichier": report.filename, "sha256": report.sha256, **counts,
               "avertissements": len(report.warnings)},
    )
    report.applied = True
    return report


def _known(version: str) -> bool:
    try:
        load_definition(version)
    except KeyError:
        return False
    return True


class _Writer:
    """Bulk writes for new territories (a whole campaign at once), ORM for updates."""

    def __init__(self, session: Session, actor: Actor, campaign: Campaign, definition: GridDefinition,
                 report: ImportReport) -> None:
        self.session = session
        self.actor = actor
        self.campaign = campaign
        self.definition = definition
        self.report = report
        self.created: list[tuple[TerritoryEntry, Participation]] = []
        self.pending: list[TerritoryEntry] = []

    def create(self, entry: TerritoryEntry) -> None:
        self.pending.append(entry)

    def _territories(self, entries: list[TerritoryEntry]) -> dict[tuple[str, str], Territory]:
        """Stored territories for these entries, copying the missing ones from the reference at once."""
        found: dict[tuple[str, str], Territory] = {}
        keys = sorted({entry.key for entry in entries})
        for start in range(0, len(keys), 400):
            chunk = keys[start: start + 400]
            codes = {code for _, code in chunk}
            for territory in self.session.scalars(select(Territory).where(Territory.code.in_(codes))):
                if (territory.kind, territory.code) in set(chunk):
                    found[(territory.kind, territory.code)] = territory
        new: list[Territory] = []
        for entry in entries:
            if entry.key in found:
                continue
            if entry.reference is not None:
                territory = reference.territory_from_reference(entry.reference)
            else:
                info = entry.international
                assert info is not None
                territory = Territory(kind=INTERNATIONAL, code=info["code"], name=info["name"],
                                      long_name=info["name"], country=info["country"], zone="international",
                                      lat=info["lat"], lon=info["lon"])
            found[entry.key] = territory
            new.append(territory)
        self.session.add_all(new)
        self.session.flush()
        return found

    def flush(self) -> None:
        if not self.pending:
            return
        territories = self._territories(self.pending)
        for entry in self.pending:
            engaged_on = entry.engaged_on or entry.stage_on or dt.date.today()
            participation = Participation(
                campaign_id=self.campaign.id, territory_id=territories[entry.key].id, networks=entry.networks,
                stage=entry.stage.value, engaged_on=engaged_on, stage_changed_on=entry.stage_on or engaged_on,
                contact_name=entry.contact["contact_name"], contact_email=entry.contact["contact_email"],
                contact_phone=entry.contact["contact_phone"],
            )
            self.session.add(participation)
            self.created.append((entry, participation))
        self.session.flush()
        transitions: list[dict[str, Any]] = []
        charters: list[dict[str, Any]] = []
        sessions: list[dict[str, Any]] = []
        responses: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        today = dt.date.today()
        for entry, participation in self.created:
            for passed in list(Stage)[: entry.stage.rank + 1]:
                occurred = participation.engaged_on if passed is Stage.ENGAGE else participation.stage_changed_on
                transitions.append({"participation_id": participation.id, "stage": passed.value,
                                    "occurred_on": occurred, "recorded_by": self.actor.email})
            if entry.charter:
                charters.append({"participation_id": participation.id, **entry.charter})
            for s in entry.sessions or []:
                sessions.append({"participation_id": participation.id, **s})
            if entry.has_grid:
                responses.append(self._response_row(entry, participation.id, 1, today))
                participation.grid_completion = responses[-1]["completion"]
            events.append({"actor": self.actor.email, "action": "participation.import",
                           "entity_type": "participation", "entity_id": str(participation.id),
                           "summary": f"{entry.label} créé par l'import de « {self.report.filename} »",
                           "before": None, "after": {"territory": f"{entry.kind}:{entry.code}",
                                                     "stage": entry.stage.value,
                                                     "sessions": len(entry.sessions or []),
                                                     "proposals": len(entry.proposals)}})
        self.session.flush()
        for rows, model in ((transitions, StageTransition), (charters, CharterSignature),
                            (sessions, ConcertationSession), (events, AuditEvent)):
            for start in range(0, len(rows), 5000):
                self.session.execute(insert(model), rows[start: start + 5000])
        if responses:
            for start in range(0, len(responses), 2000):
                self.session.execute(insert(GridResponse), responses[start: start + 2000])
            ids = [p.id for e, p in self.created if e.has_grid]
            response_ids: dict[int, int] = {}
            for start in range(0, len(ids), 500):
                response_ids.update(self.session.execute(
                    select(GridResponse.participation_id, GridResponse.id).where(
                        GridResponse.participation_id.in_(ids[start: start + 500]),
                        GridResponse.is_current.is_(True))).tuples().all())
            proposals: list[dict[str, Any]] = []
            findings: list[dict[str, Any]] = []
            for entry, participation in self.created:
                if entry.has_grid:
                    response_id = response_ids[participation.id]
                    proposals.extend(self._proposal_rows(entry, participation.id, response_id))
                    findings.extend(self._finding_rows(entry, participation.id, response_id))
            for start in range(0, len(proposals), 5000):
                self.session.execute(insert(Proposal), proposals[start: start + 5000])
            for start in range(0, len(findings), 5000):
                self.session.execute(insert(Finding), findings[start: start + 5000])

    def _response_row(self, entry: TerritoryEntry, participation_id: int, version: int,
                      today: dt.date) -> dict[str, Any]:
        return {"participation_id": participation_id, "version": version, "grid_version": self.definition.version,
                "answers": entry.answers, "completion": completion(entry.answers, self.definition),
                "is_current": True, "submitted_on": entry.stage_on or today, "source": IMPORT_SOURCE,
                "source_hash": entry.answers_hash(), "created_by": self.actor.email}

    @staticmethod
    def _proposal_rows(entry: TerritoryEntry, participation_id: int, response_id: int) -> list[dict[str, Any]]:
        return [{"participation_id": participation_id, "response_id": response_id, "text": p["text"],
                 "chapter": p["chapter"], "themes": p["themes"], "criteria": []} for p in entry.proposals]

    @staticmethod
    def _finding_rows(entry: TerritoryEntry, participation_id: int, response_id: int) -> list[dict[str, Any]]:
        theme = (entry.answers.get("themes") or [""])[0]
        return [{"participation_id": participation_id, "response_id": response_id, "category": category,
                 "theme": theme, "text": entry.answers[question_id]}
                for question_id, category in FINDING_QUESTIONS.items() if entry.answers.get(question_id)]

    def update(self, entry: TerritoryEntry, current: _Existing, changes: list[str]) -> None:
        session, actor = self.session, self.actor
        participation = current.participation
        before: dict[str, Any] = {
            "stage": participation.stage, "networks": list(participation.networks or []),
            "charter": current.charter.signed_on.isoformat() if current.charter else None,
            "sessions": [f"{s[0].isoformat()} {s[1]} ({s[3]})" for s in current.sessions],
            "grid_version": current.response.version if current.response else None,
        }
        if entry.networks:
            participation.networks = list(entry.networks)
        for key, value in entry.contact.items():
            if value:
                setattr(participation, key, value)
        if Stage(participation.stage).rank < entry.stage.rank:
            occurred = max(entry.stage_on or dt.date.today(), participation.stage_changed_on)
            for passed in list(Stage)[Stage(participation.stage).rank + 1: entry.stage.rank + 1]:
                participation.transitions.append(StageTransition(stage=passed.value, occurred_on=occurred,
                                                                 recorded_by=actor.email))
            participation.stage = entry.stage.value
            participation.stage_changed_on = occurred
        if entry.charter:
            charter = current.charter or CharterSignature(participation_id=participation.id,
                                                          signed_on=entry.charter["signed_on"])
            charter.signed_on = entry.charter["signed_on"]
            charter.signatory_role = entry.charter["signatory_role"]
            session.add(charter)
        if entry.sessions is not None and any(c.startswith("sessions") for c in changes):
            session.execute(delete(ConcertationSession).where(ConcertationSession.participation_id == participation.id))
            session.execute(insert(ConcertationSession),
                            [{"participation_id": participation.id, **s} for s in entry.sessions]) \
                if entry.sessions else None
        new_version = None
        if any(c.startswith(("grille", "nouvelle version")) for c in changes):
            new_version = self._new_response(entry, participation, current.response)
        participation.version += 1
        session.flush()
        audit.record(
            session, actor=actor, action="participation.import", entity_type="participation",
            entity_id=participation.id,
            summary=f"{entry.label} mis à jour par l'import de « {self.report.filename} » : " + " ; ".join(changes),
            before=before,
            after={"stage": participation.stage, "networks": list(participation.networks or []),
                   "charter": entry.charter["signed_on"].isoformat() if entry.charter else before["charter"],
                   "sessions": before["sessions"] if entry.sessions is None else [
                       f"{s['held_on'].isoformat()} {s['format']} ({s['participants']})" for s in entry.sessions],
                   "grid_version": new_version or before["grid_version"]},
        )

    def _new_response(self, entry: TerritoryEntry, participation: Participation,
                      previous: GridResponse | None) -> int:
        """A new current version; the previous one is kept, its unchanged proposals carried over."""
        session = self.session
        version = 1
        if previous is not None:
            previous.is_current = False
            version = previous.version + 1
            session.flush()
        row = self._response_row(entry, participation.id, version, dt.date.today())
        response = GridResponse(**row)
        session.add(response)
        session.flush()
        participation.grid_completion = response.completion
        # Proposals the new version still contains keep their id (manifesto links survive).
        kept: dict[tuple[str, str], list[Proposal]] = defaultdict(list)
        for proposal in session.scalars(select(Proposal).where(Proposal.participation_id == participation.id)):
            kept[(proposal.text, proposal.chapter)].append(proposal)
        new_rows = []
        for p in entry.proposals:
            bucket = kept.get((p["text"], p["chapter"]))
            if bucket:
                proposal = bucket.pop()
                proposal.response_id = response.id
                proposal.themes = p["themes"]
            else:
                new_rows.append({"participation_id": participation.id, "response_id": response.id,
                                 "text": p["text"], "chapter": p["chapter"], "themes": p["themes"], "criteria": []})
        stale = [proposal.id for bucket in kept.values() for proposal in bucket]
        if stale:
            session.execute(delete(Proposal).where(Proposal.id.in_(stale)))
        if new_rows:
            session.execute(insert(Proposal), new_rows)
        session.execute(delete(Finding).where(Finding.participation_id == participation.id))
        findings = self._finding_rows(entry, participation.id, response.id)
        if findings:
            session.execute(insert(Finding), findings)
        return version




def run_import(
    session: Session, *, actor: Actor, data: bytes, filename: str, dry_run: bool = False,
    mapping: Mapping[str, str] | None = None, choices: Mapping[int, tuple[str, str]] | None = None,
) -> ImportReport:
    """Read, validate, plan and (unless dry run or refused) apply, in the caller's transaction."""
    require(actor, Role.EDITEUR, action="importer des grilles")
    raw = read_upload(data, filename)
    campaign = target_campaign(session)
    report = validate(raw, chapters=list(campaign.default_chapters) if campaign else None, mapping=mapping,
                      choices=choices)
    plan(session, report)
    if report.ok and not dry_run and not report.already_imported:
        apply(session, actor=actor, report=report)
    return report


def submit_entry(
    session: Session, *, actor: Actor, territory: Mapping[str, Any], sessions: Sequence[Mapping[str, Any]],
    proposals: Sequence[Mapping[str, Any]], choice: tuple[str, str] | None = None, dry_run: bool = False,
) -> ImportReport:
    """The entry form: one territory's values (template field ids → values), same checks as a file.

    The form shows every session, so an empty list removes them; a correction saved twice
    changes nothing the second time (the answers' hash), and a changed grid becomes a new version.
    """
    require(actor, Role.EDITEUR, action="saisir une participation")
    definition = load_definition()
    fields = sheet_fields(definition)
    tables = []
    for sheet, rows in ((TERRITORY_SHEET, [territory]), (SESSIONS_SHEET, sessions), (PROPOSALS_SHEET, proposals)):
        columns = fields[sheet]
        tables.append(RawTable(name=sheet, headers=[c.label for c in columns], rows=[
            RawRow(number=index, cells={c.label: row.get(c.id) for c in columns})
            for index, row in enumerate(rows, start=2)]))
    content = json.dumps([territory, list(sessions), list(proposals)], sort_keys=True, default=str)
    raw = RawFile(filename="saisie", sha256=sha256(content.encode("utf-8")), size=len(content), format="xlsx",
                  tables=tables)
    campaign = target_campaign(session)
    report = validate(raw, chapters=list(campaign.default_chapters) if campaign else None,
                      choices={2: choice} if choice else None)
    for entry in report.entries:
        entry.sessions = entry.sessions or []
    plan(session, report)
    report.already_imported = False  # a correction may restore an earlier state
    if report.ok and not dry_run:
        apply(session, actor=actor, report=report, action="saisie.participation")
    return report


def refused_report(filename: str, data: bytes, error: ValidationError) -> ImportReport:
    """A file refused before any row was read, as a report with one error."""
    report = ImportReport(filename=clean_filename(filename), sha256=sha256(data))
    report.issues.append(Issue(ERROR, str(error)))
    return report
