"""The dry run: entries compared with the store (what would be created or changed)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import campaigns
from data_access.access import Actor, require
from data_access.french import plural
from data_access.intake.changes import (
    ProposalDiff,
    SessionKey,
    diff_proposals,
    diff_sessions,
    manifesto_items,
    session_key,
    stored_proposals,
)
from data_access.intake.fields import IMPORT_ACTION, STAGE_KEPT, WARNING
from data_access.intake.grid import (
    load_definition,
)
from data_access.intake.report import (
    CONTACT_FIELDS,
    ImportReport,
    Issue,
    RowPlan,
    TerritoryEntry,
    answered,
    answers_hash,
    exported_answers,
    session_answer,
)
from data_access.models import (
    STAGE_LABELS,
    AuditEvent,
    Campaign,
    CharterSignature,
    ConcertationSession,
    GridFiling,
    GridResponse,
    Participation,
    Role,
    Stage,
    Territory,
)
from data_access.territories.reference import territory_label


def target_campaign(session: Session) -> Campaign | None:
    """Imports go to the current campaign."""
    return campaigns.current_campaign(session)


def ensure_target_campaign(session: Session, *, actor: Actor) -> Campaign:
    """The current campaign; an empty store gets one from the defaults (administrators only)."""
    require(actor, Role.EDITEUR, action="importer des grilles")
    campaign = campaigns.current_campaign(session)
    if campaign is not None:
        return campaign
    today = dt.date.today()
    start_year = today.year if today.month >= 9 else today.year - 1
    # create_campaign checks the administrator role and records the audit event itself.
    return campaigns.create_campaign(
        session, actor=actor, slug=f"campagne-{start_year}-{start_year + 1}",
        name=f"Concertations territoriales de l'IA {start_year}-{start_year + 1}",
        start_date=dt.date(start_year, 9, 1), grid_version=load_definition().version,
    )


@dataclass
class _Existing:
    participation: Participation
    charter: CharterSignature | None
    sessions: list[tuple[SessionKey, int]]  # (key, stored id)
    response: GridResponse | None
    name: str = ""
    code: str = ""
    session_answers: list[dict[str, Any]] = field(default_factory=list)  # by id, as the pre-filled grid lists them

    def exported_answers(self) -> dict[str, Any]:
        """The current answers as the territory's pre-filled grid writes them."""
        assert self.response is not None
        charter = (self.charter.signed_on, self.charter.signatory_role) if self.charter else None
        return exported_answers(self.response.answers, name=self.name, code=self.code,
                                networks=self.participation.networks or [], charter=charter,
                                sessions=self.session_answers)


def _load_existing(session: Session, campaign_id: int | None,
                   keys: set[tuple[str, str]] | None = None) -> dict[tuple[str, str], _Existing]:
    """The stored state of the campaign's participations (only those of ``keys`` when given)."""
    if campaign_id is None:
        return {}
    query = (select(Participation, Territory.kind, Territory.code, Territory.name)
             .join(Territory, Participation.territory_id == Territory.id)
             .where(Participation.campaign_id == campaign_id))
    if keys is not None and len(keys) <= 200:
        if not keys:
            return {}
        query = query.where(Territory.code.in_(sorted({code for _, code in keys})))
    rows = [(p, kind, code, name) for p, kind, code, name in session.execute(query).all()
            if keys is None or (kind, code) in keys]
    if not rows:
        return {}
    ids = sorted(p.id for p, _, _, _ in rows)
    whole = keys is None or len(keys) > 200
    charters: dict[int, CharterSignature] = {}
    sessions: dict[int, list[tuple[SessionKey, int]]] = defaultdict(list)
    session_answers: dict[int, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    responses: dict[int, GridResponse] = {}
    # One territory (the entry form) reads its own rows only; a campaign file reads the campaign's.
    chunks = [None] if whole else [ids[start: start + 500] for start in range(0, len(ids), 500)]
    for chunk in chunks:
        def scope(query: Any, column: Any, chunk: list[int] | None = chunk) -> Any:
            if chunk is None:
                return query.join(Participation, column == Participation.id).where(
                    Participation.campaign_id == campaign_id)
            return query.where(column.in_(chunk))
        charters.update({c.participation_id: c for c in session.scalars(
            scope(select(CharterSignature), CharterSignature.participation_id))})
        for sid, pid, held_on, fmt, publics, participants, place in session.execute(scope(
                select(ConcertationSession.id, ConcertationSession.participation_id, ConcertationSession.held_on,
                       ConcertationSession.format, ConcertationSession.publics, ConcertationSession.participants,
                       ConcertationSession.place), ConcertationSession.participation_id)):
            values = {"held_on": held_on, "format": fmt, "publics": publics, "participants": participants,
                      "place": place}
            sessions[pid].append((session_key(values), sid))
            session_answers[pid].append((sid, session_answer(values)))
        responses.update({r.participation_id: r for r in session.scalars(
            scope(select(GridResponse), GridResponse.participation_id).where(GridResponse.is_current.is_(True)))})
    return {(kind, code): _Existing(p, charters.get(p.id), sorted(sessions.get(p.id, []), key=repr),
                                    responses.get(p.id), name=name, code=code,
                                    session_answers=[a for _, a in sorted(session_answers.get(p.id, []),
                                                                          key=lambda pair: pair[0])])
            for p, kind, code, name in rows}


def participation_labels(session: Session, campaign_id: int) -> list[tuple[int, str]]:
    """(participation id, « Rennes (commune, 35238) ») of a campaign, by name: the entry form's list."""
    rows = session.execute(
        select(Participation.id, Territory.name, Territory.kind, Territory.code, Territory.country)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id).order_by(Territory.name, Participation.id)
    ).all()
    return [(int(pid), territory_label(name=name, kind=kind, code=code, country=country))
            for pid, name, kind, code, country in rows]


def already_imported(session: Session, digest: str) -> bool:
    return session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == IMPORT_ACTION, AuditEvent.summary.contains(digest)).limit(1)) is not None


def plan(session: Session, report: ImportReport) -> ImportReport:
    """What applying would create or change, compared with the store (the dry run)."""
    campaign = target_campaign(session)
    report.campaign_name = campaign.name if campaign else None
    existing = _load_existing(session, campaign.id if campaign else None, {e.key for e in report.entries})
    report.plans = [_plan_entry(entry, existing.get(entry.key)) for entry in report.entries]
    # The same file again is a no-op only while the store still holds what it says: a file imported
    # before a later version (v1, v2, then v1 again) must bring its answers back.
    report.already_imported = (already_imported(session, report.sha256)
                               and all(p.action == "inchangé" for p in report.plans))
    # Proposals of a new grid version: kept, changed, added, withdrawn; and the manifesto items they feed.
    renewed = [p for p in report.plans if p.new_grid_version]
    stored = stored_proposals(session, [existing[p.entry.key].participation.id for p in renewed])
    for row_plan in renewed:
        row_plan.diff = diff_proposals(stored.get(existing[row_plan.entry.key].participation.id, []),
                                       row_plan.entry.proposals)
    touched = [sp.id for p in renewed for sp in (
        *p.diff.withdrawn, *(old for old, _ in p.diff.changed))]
    items = manifesto_items(session, touched)
    for row_plan in renewed:
        _describe_proposals(row_plan, items)
    report.issues[:] = [i for i in report.issues if not i.message.startswith(STAGE_KEPT)]
    for entry in report.entries:
        current = existing.get(entry.key)
        if current is not None and entry.explicit_stage and Stage(current.participation.stage).rank > entry.stage.rank:
            kept = STAGE_LABELS[Stage(current.participation.stage)]
            report.issues.append(Issue(WARNING, f"{STAGE_KEPT} « {kept} » est conservée (une étape ne recule pas).",
                                       entry.sheet, entry.row, "Étape de la participation", entry.label))
    return report


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _describe_proposals(row_plan: RowPlan, items: dict[int, list[str]]) -> None:
    diff: ProposalDiff = row_plan.diff
    if diff.added:
        row_plan.added.append(plural(len(diff.added), "proposition"))
    for old, new in diff.changed:
        what = [label for label, a, b in (("texte", old.text, new["text"]), ("chapitre", old.chapter, new["chapter"]),
                                          ("thèmes", list(old.themes), list(new.get("themes") or [])))
                if a != b]
        row_plan.changed.append(f"proposition « {_short(old.text)} » ({', '.join(what)})")
    for old, _ in diff.restored:
        row_plan.added.append(f"proposition rétablie « {_short(old.text)} »")
    for old in diff.withdrawn:
        row_plan.withdrawn.append(f"proposition « {_short(old.text)} »")
    cited = sorted({label for old in (*diff.withdrawn, *(o for o, _ in diff.changed)) for label in items.get(old.id, [])},
                   key=lambda label: tuple(int(x) for x in label.split(" ", 1)[0].split(".") if x.isdigit()))
    row_plan.manifesto_items.extend(cited)
    if diff.withdrawn:
        row_plan.changes.append(plural(len(diff.withdrawn), "proposition retirée", "propositions retirées")
                                + (f" ({'citée' if len(diff.withdrawn) == 1 else 'citées'} par le manifeste : {', '.join(cited)})" if cited else ""))


def _plan_entry(entry: TerritoryEntry, current: _Existing | None) -> RowPlan:
    if current is None:
        changes = ["engagement", f"étape « {STAGE_LABELS[entry.stage]} »"]
        if entry.charter:
            changes.append("charte")
        if entry.sessions:
            changes.append(plural(len(entry.sessions), "session"))
        if entry.has_grid:
            changes.append(f"grille (version 1, {plural(len(entry.proposals), 'proposition')})")
        return RowPlan(entry, "création", changes, added=list(changes))
    row_plan = RowPlan(entry, "inchangé", [])
    participation = current.participation
    if Stage(participation.stage).rank < entry.stage.rank:
        row_plan.changed.append(f"étape « {STAGE_LABELS[Stage(participation.stage)]} » → « {STAGE_LABELS[entry.stage]} »")
    if entry.networks and sorted(entry.networks) != sorted(participation.networks or []):
        row_plan.changed.append("réseaux")
    corrected = [(attribute, label) for key, (attribute, label) in CONTACT_FIELDS.items()
                 if (value := entry.contact.get(attribute)) and value != getattr(participation, attribute)]
    if corrected:
        row_plan.contact_fields = [attribute for attribute, _ in corrected]
        row_plan.changed.append("contact (" + ", ".join(label for _, label in corrected) + ")")
    if entry.charter and (current.charter is None or current.charter.signed_on != entry.charter["signed_on"]
                          or (current.charter.signatory_role or None) != (entry.charter["signatory_role"] or None)):
        (row_plan.changed if current.charter else row_plan.added).append("charte")
    if entry.sessions is not None:
        sessions = diff_sessions(current.sessions, entry.sessions)
        if not sessions.is_empty:
            row_plan.session_diff = sessions
            if not current.sessions:
                row_plan.added.append(plural(len(sessions.added), "session"))
            else:
                row_plan.replaced.append(f"sessions ({len(current.sessions)} → {len(entry.sessions)} : "
                                         f"{plural(len(sessions.removed), 'retirée')}, "
                                         f"{plural(len(sessions.added), 'ajoutée')})")
    if entry.has_grid:
        if current.response is None:
            row_plan.new_grid_version = True
            row_plan.added.append(f"grille (version 1, {plural(len(entry.proposals), 'proposition')})")
        elif entry.answers_hash() not in {current.response.source_hash, answers_hash(current.response.answers)} \
                and answers_hash(exported := current.exported_answers()) != entry.answers_hash():
            # Unchanged when the file holds the stored answers, or the pre-filled grid's view of them.
            row_plan.new_grid_version = True
            changed = _changed_answers(exported, entry.answers)
            row_plan.replaced.append(
                f"grille : version {current.response.version} → {current.response.version + 1} "
                f"(la version {current.response.version} reste dans l'historique)"
                + (f" ; réponses modifiées : {', '.join(changed)}" if changed else ""))
    row_plan.changes = [*row_plan.added, *row_plan.changed, *row_plan.replaced]
    if row_plan.changes or row_plan.new_grid_version:
        row_plan.action = "mise à jour"
    return row_plan


def _changed_answers(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Labels of the grid questions whose answer differs (proposals and sessions are described apart)."""
    labels = {q.id: q.label for s in load_definition().sections for q in s.questions}
    skipped = {"sessions", "propositions", *CONTACT_FIELDS}
    order = {key: position for position, key in enumerate(labels)}
    before, after = answered(before), answered(after)
    keys = sorted(set(before) | set(after), key=lambda key: (order.get(key, len(order)), key))
    return [f"« {_short(labels.get(key, key), 50)} »" for key in keys
            if key not in skipped and before.get(key) != after.get(key)]


def warn_online_filings(session: Session, report: ImportReport) -> None:
    """An import over a grid a territory is filling or has filed online says so (nothing is lost:
    the online versions stay, and the territory's next filing must start from the imported grid)."""
    campaign = target_campaign(session)
    renewed = {p.entry.key: p.entry for p in report.plans if p.new_grid_version}
    if campaign is None or not renewed:
        return
    existing = _load_existing(session, campaign.id, set(renewed))
    by_participation = {current.participation.id: key for key, current in existing.items()}
    rows = session.execute(select(GridFiling.participation_id, func.max(GridFiling.version))
                           .where(GridFiling.participation_id.in_(list(by_participation)))
                           .group_by(GridFiling.participation_id)).all()
    for participation_id, version in rows:
        entry = renewed[by_participation[participation_id]]
        report.issues.append(Issue(
            WARNING, f"Ce territoire remplit sa grille en ligne (version {version}) : l'import enregistre une "
                     "nouvelle version de la grille ; les versions en ligne restent dans l'historique et le "
                     "territoire devra repartir de la grille importée avant de déposer à nouveau.",
            entry.sheet, entry.row, "", entry.label))
