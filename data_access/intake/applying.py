"""Applying a plan in the caller's transaction (refused when the report has any error), and the one-call import."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from data_access import audit, maintenance
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.french import plural
from data_access.intake.changes import ProposalDiff, SessionDiff, first_session, stage_dates
from data_access.intake.fields import (
    ERROR,
    FILING_ACTION,
    FINDING_QUESTIONS,
    IMPORT_ACTION,
    IMPORT_SOURCE,
    ONLINE_SOURCE,
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
    warn_online_filings,
)
from data_access.intake.reading import RawFile, RawRow, RawTable, read_upload
from data_access.intake.report import (
    CONTACT_FIELDS,
    ImportReport,
    Issue,
    RowPlan,
    TerritoryEntry,
)
from data_access.intake.validation import validate
from data_access.manifesto import vectors
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


def apply(session: Session, *, actor: Actor, report: ImportReport, action: str = IMPORT_ACTION,
          confirm_removals: bool = False) -> ImportReport:
    """Write a planned, error-free report in the caller's transaction (all or nothing).

    Withdrawing proposals (absent from a new grid version) needs ``confirm_removals``: the
    manifesto may cite them, so the dry run names them and a person confirms.
    """
    require(actor, Role.EDITEUR, action="importer des grilles")
    if not report.ok:
        raise ValidationError(f"Le fichier « {report.filename} » contient {plural(len(report.errors), 'erreur')} : "
                              "rien n'a été importé. Corrigez-les puis recommencez.")
    campaign = ensure_target_campaign(session, actor=actor)
    assert campaign is not None
    _write(session, actor=actor, campaign=campaign, report=report, action=action, confirm_removals=confirm_removals)
    counts = report.counts()
    if action == IMPORT_ACTION:
        audit.record(
            session, actor=actor, action=action, entity_type="campaign", entity_id=campaign.id,
            summary=f"Import du fichier « {report.filename} » (sha256 {report.sha256}) : "
                    f"{plural(counts['création'], 'création')}, {plural(counts['mise à jour'], 'mise à jour', 'mises à jour')}, "
                    f"{plural(counts['inchangé'], 'inchangé')}"
                    + (f", {plural(report.withdrawals, 'proposition retirée', 'propositions retirées')}"
                       if report.withdrawals else ""),
            after={"fichier": report.filename, "sha256": report.sha256, **counts,
                   "propositions retirées": report.withdrawals, "avertissements": len(report.warnings)},
        )
    return report


def _write(session: Session, actor: Actor, campaign: Campaign, report: ImportReport, action: str,
           confirm_removals: bool) -> ImportReport:
    """``apply`` once the caller has checked who may write (an editor, or a territory filing its own grid)."""
    plan(session, report)  # against this transaction's view of the store
    if report.withdrawals and not confirm_removals:
        raise RemovalsNotConfirmed(report.withdrawals)
    report.campaign_name = campaign.name
    definition = load_definition(campaign.grid_version) if _known(campaign.grid_version) else load_definition()
    existing = _load_existing(session, campaign.id, {p.entry.key for p in report.plans if p.action == "mise à jour"})
    writer = _Writer(session, actor, campaign, definition, report, action)
    for row_plan in report.plans:
        if row_plan.action == "création":
            writer.create(row_plan.entry)
        elif row_plan.action == "mise à jour":
            writer.update(row_plan, existing[row_plan.entry.key])
    writer.flush()
    counts = report.counts()
    maintenance.analyze(session, "territories", "participations", "submissions", rows=counts["création"] + counts["mise à jour"])
    report.applied = True
    return report


class RemovalsNotConfirmed(ValidationError):
    """The import would withdraw proposals and nobody confirmed it."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"Cet import retirerait {plural(count, 'proposition')} du territoire ("
            + ("absente" if count == 1 else "absentes") + " de la nouvelle version de la grille) : rien n'a été importé. Vérifiez dans la simulation les éléments du "
            "manifeste concernés, puis confirmez les retraits.",
            hint="Les propositions retirées restent citées par le manifeste, marquées « retirée par le territoire ».")
        self.count = count


def _known(version: str) -> bool:
    try:
        load_definition(version)
    except KeyError:
        return False
    return True


class _Writer:
    """Bulk writes for new territories (a whole campaign at once), ORM for updates."""

    def __init__(self, session: Session, actor: Actor, campaign: Campaign, definition: GridDefinition,
                 report: ImportReport, action: str) -> None:
        self.session = session
        self.action = action
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
        dates: dict[tuple[str, str], dict[Stage, dt.date]] = {}
        for entry in self.pending:
            dates[entry.key] = _entry_stage_dates(entry)
            engaged_on = dates[entry.key][Stage.ENGAGE]
            participation = Participation(
                campaign_id=self.campaign.id, territory_id=territories[entry.key].id, networks=entry.networks,
                stage=entry.stage.value, engaged_on=engaged_on, stage_changed_on=dates[entry.key][entry.stage],
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
                transitions.append({"participation_id": participation.id, "stage": passed.value,
                                    "occurred_on": dates[entry.key][passed], "recorded_by": self.actor.email})
            if entry.charter:
                charters.append({"participation_id": participation.id, **entry.charter})
            for s in entry.sessions or []:
                sessions.append({"participation_id": participation.id, **s})
            if entry.has_grid:
                responses.append(self._response_row(entry, participation.id, 1, today))
                participation.grid_completion = responses[-1]["completion"]
            events.append({"actor": self.actor.email, "action": self._participation_action,
                           "entity_type": "participation", "entity_id": str(participation.id),
                           "summary": self._summary(entry.label, "engagement enregistré"),
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
                        GridResponse.is_current.is_(True))).all())
            proposals: list[dict[str, Any]] = []
            findings: list[dict[str, Any]] = []
            for entry, participation in self.created:
                if entry.has_grid:
                    response_id = response_ids[participation.id]
                    proposals.extend(self._proposal_rows(entry, participation.id, response_id))
                    findings.extend(self._finding_rows(entry, participation.id, response_id))
            for start in range(0, len(proposals), 5000):
                self.session.execute(insert(Proposal), proposals[start: start + 5000])
            vectors.store_for_texts(self.session, (p["text"] for p in proposals))  # new wordings only
            for start in range(0, len(findings), 5000):
                self.session.execute(insert(Finding), findings[start: start + 5000])

    def _response_row(self, entry: TerritoryEntry, participation_id: int, version: int,
                      today: dt.date) -> dict[str, Any]:
        return {"participation_id": participation_id, "version": version, "grid_version": self.definition.version,
                "answers": entry.answers, "completion": completion(entry.answers, self.definition),
                "is_current": True, "submitted_on": entry.stage_on or today,
                "source": ONLINE_SOURCE if self.action == FILING_ACTION else IMPORT_SOURCE,
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

    @property
    def _participation_action(self) -> str:
        return "participation.import" if self.action == IMPORT_ACTION else self.action

    def _summary(self, label: str, what: str) -> str:
        """The journal's sentence: which action, on which territory, with the fields changed."""
        if self.action == IMPORT_ACTION:
            return f"{label} : {what} (import du fichier « {self.report.filename} »)"
        if self.action == FILING_ACTION:
            return f"Grille déposée en ligne — {label} : {what}"
        return f"Saisie et correction — {label} : {what}"

    def update(self, row_plan: RowPlan, current: _Existing) -> None:
        session, actor, entry = self.session, self.actor, row_plan.entry
        participation = current.participation
        before: dict[str, Any] = {
            "stage": participation.stage, "networks": list(participation.networks or []),
            "charter": current.charter.signed_on.isoformat() if current.charter else None,
            "sessions": [f"{k[0].isoformat()} {k[1]} ({k[3]})" for k, _ in current.sessions],
            "grid_version": current.response.version if current.response else None,
            "contact": {a: getattr(participation, a) for a in row_plan.contact_fields} or None,
        }
        if entry.networks:
            participation.networks = list(entry.networks)
        for attribute in row_plan.contact_fields:
            setattr(participation, attribute, entry.contact[attribute])
        if Stage(participation.stage).rank < entry.stage.rank:
            dates = _entry_stage_dates(entry, engaged_on=participation.engaged_on)
            for passed in list(Stage)[Stage(participation.stage).rank + 1: entry.stage.rank + 1]:
                participation.transitions.append(StageTransition(stage=passed.value, occurred_on=dates[passed],
                                                                 recorded_by=actor.email))
            participation.stage = entry.stage.value
            participation.stage_changed_on = max(dates[entry.stage], participation.stage_changed_on)
        if entry.charter:
            charter = current.charter or CharterSignature(participation_id=participation.id,
                                                          signed_on=entry.charter["signed_on"])
            charter.signed_on = entry.charter["signed_on"]
            charter.signatory_role = entry.charter["signatory_role"]
            session.add(charter)
        sessions: SessionDiff | None = row_plan.session_diff
        if sessions is not None:
            # Only the sessions that differ: unchanged ones keep their rows.
            if sessions.removed:
                session.execute(delete(ConcertationSession).where(ConcertationSession.id.in_(sessions.removed)))
            if sessions.added:
                session.execute(insert(ConcertationSession),
                                [{"participation_id": participation.id, **s} for s in sessions.added])
        new_version = None
        if row_plan.new_grid_version:
            new_version = self._new_response(row_plan, participation, current.response)
        elif row_plan.contact_fields and current.response is not None:
            # A contact correction is not a new grid version: the current one is corrected in place.
            answers = dict(current.response.answers)
            for key, (attribute, _) in CONTACT_FIELDS.items():
                if attribute in row_plan.contact_fields:
                    answers[key] = entry.contact[attribute]
            current.response.answers = answers
        participation.version += 1
        session.flush()
        audit.record(
            session, actor=actor, action=self._participation_action, entity_type="participation",
            entity_id=participation.id, summary=self._summary(entry.label, " ; ".join(row_plan.changes)),
            before=before,
            after={"stage": participation.stage, "networks": list(participation.networks or []),
                   "charter": entry.charter["signed_on"].isoformat() if entry.charter else before["charter"],
                   "sessions": before["sessions"] if entry.sessions is None else [
                       f"{s['held_on'].isoformat()} {s['format']} ({s['participants']})" for s in entry.sessions],
                   "grid_version": new_version or before["grid_version"],
                   "contact": {a: getattr(participation, a) for a in row_plan.contact_fields} or None,
                   "propositions retirées": row_plan.withdrawals},
        )

    def _new_response(self, row_plan: RowPlan, participation: Participation, previous: GridResponse | None) -> int:
        """A new current version; the previous one is kept. Proposals keep their identity: the ones
        absent from the new version are withdrawn, never deleted (manifesto items may cite them)."""
        session, entry = self.session, row_plan.entry
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
        diff: ProposalDiff = row_plan.diff if row_plan.diff is not None else ProposalDiff(added=list(entry.proposals))
        kept = [pid for pid, _ in diff.kept]
        for start in range(0, len(kept), 500):
            session.execute(update(Proposal).where(Proposal.id.in_(kept[start: start + 500]))
                            .values(response_id=response.id))
        for old, new in (*diff.changed, *diff.restored):
            session.execute(update(Proposal).where(Proposal.id == old.id).values(
                response_id=response.id, text=new["text"], chapter=new["chapter"], themes=list(new["themes"]),
                withdrawn_on=None, withdrawn_by_response_id=None))
        withdrawn = [p.id for p in diff.withdrawn]
        if withdrawn:
            session.execute(update(Proposal).where(Proposal.id.in_(withdrawn)).values(
                withdrawn_on=dt.date.today(), withdrawn_by_response_id=response.id))
        if diff.added:
            session.execute(insert(Proposal), [
                {"participation_id": participation.id, "response_id": response.id, "text": p["text"],
                 "chapter": p["chapter"], "themes": p["themes"], "criteria": []} for p in diff.added])
        new_texts = [p["text"] for p in diff.added] + [new["text"] for _, new in (*diff.changed, *diff.restored)]
        vectors.store_for_texts(session, new_texts)  # wordings already encoded are skipped
        self._renew_findings(entry, participation.id, response.id)
        return version

    def _renew_findings(self, entry: TerritoryEntry, participation_id: int, response_id: int) -> None:
        """Unchanged findings keep their rows (moved to the new version); the others are replaced."""
        session = self.session
        wanted = self._finding_rows(entry, participation_id, response_id)
        stored = session.execute(select(Finding.id, Finding.category, Finding.theme, Finding.text)
                                 .where(Finding.participation_id == participation_id)).all()
        by_key: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for fid, category, theme, text in stored:
            by_key[(category, theme, text)].append(fid)
        kept: list[int] = []
        new_rows = []
        for row in wanted:
            bucket = by_key.get((row["category"], row["theme"], row["text"]))
            if bucket:
                kept.append(bucket.pop())
            else:
                new_rows.append(row)
        stale = [fid for bucket in by_key.values() for fid in bucket]
        if kept:
            session.execute(update(Finding).where(Finding.id.in_(kept)).values(response_id=response_id))
        if stale:
            session.execute(delete(Finding).where(Finding.id.in_(stale)))
        if new_rows:
            session.execute(insert(Finding), new_rows)


def _entry_stage_dates(entry: TerritoryEntry, engaged_on: dt.date | None = None) -> dict[Stage, dt.date]:
    """Each stage's date from its own fact: charter date, first session, filing date."""
    charter_on = entry.charter["signed_on"] if entry.charter else None
    first = first_session(entry.sessions)
    facts = [d for d in (charter_on, first, entry.stage_on) if d is not None]
    engaged = engaged_on or entry.engaged_on or (min(facts) if facts else dt.date.today())
    filed_on = entry.stage_on if entry.stage is Stage.GRILLE_DEPOSEE else None
    return stage_dates(engaged_on=engaged, stage_on=entry.stage_on, charter_on=charter_on, first_session=first,
                       filed_on=filed_on)


def run_import(
    session: Session, *, actor: Actor, data: bytes, filename: str, dry_run: bool = False,
    mapping: Mapping[str, str] | None = None, choices: Mapping[int, tuple[str, str]] | None = None,
    confirm_removals: bool = False,
) -> ImportReport:
    """Read, validate, plan and (unless dry run or refused) apply, in the caller's transaction.

    Raises ``RemovalsNotConfirmed`` (nothing written) when the import would withdraw proposals
    without ``confirm_removals``.
    """
    require(actor, Role.EDITEUR, action="importer des grilles")
    raw = read_upload(data, filename)
    campaign = target_campaign(session)
    report = validate(raw, chapters=list(campaign.default_chapters) if campaign else None, mapping=mapping,
                      choices=choices, international=reference.stored_international(session))
    plan(session, report)
    warn_online_filings(session, report)
    if report.ok and not dry_run and not report.already_imported:
        apply(session, actor=actor, report=report, confirm_removals=confirm_removals)
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
    report = check_entry(session, territory=territory, sessions=sessions, proposals=proposals, choice=choice)
    if report.ok and not dry_run:
        # Deleting a proposal's row in the form is the explicit confirmation of its withdrawal.
        apply(session, actor=actor, report=report, action="saisie.participation", confirm_removals=True)
    return report


def check_entry(
    session: Session, *, territory: Mapping[str, Any], sessions: Sequence[Mapping[str, Any]],
    proposals: Sequence[Mapping[str, Any]], choice: tuple[str, str] | None = None, complete: bool = False,
) -> ImportReport:
    """One territory's values validated and planned like a file (writes nothing): the entry form's and
    the online grid's checks. ``complete``: a missing required answer is an error, not a warning."""
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
                      choices={2: choice} if choice else None, international=reference.stored_international(session),
                      complete=complete)
    for entry in report.entries:
        entry.sessions = entry.sessions or []
    plan(session, report)
    report.already_imported = False  # a correction may restore an earlier state
    return report


def refused_report(filename: str, data: bytes, error: ValidationError) -> ImportReport:
    """A file refused before any row was read, as a report with one error."""
    report = ImportReport(filename=clean_filename(filename), sha256=sha256(data))
    report.issues.append(Issue(ERROR, str(error)))
    return report
