"""The dry run: entries compared with the store (what would be created or changed)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import campaigns
from data_access.access import Actor, require
from data_access.intake.fields import IMPORT_ACTION, STAGE_KEPT, WARNING
from data_access.intake.grid import (
    load_definition,
)
from data_access.intake.report import ImportReport, Issue, RowPlan, TerritoryEntry
from data_access.models import (
    STAGE_LABELS,
    AuditEvent,
    Campaign,
    CharterSignature,
    ConcertationSession,
    GridResponse,
    Participation,
    Role,
    Stage,
    Territory,
)


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
    sessions: list[tuple[Any, ...]]
    response: GridResponse | None


def _session_key(s: Mapping[str, Any]) -> tuple[Any, ...]:
    return (s["held_on"], s["format"], tuple(sorted(s["publics"])), s["participants"], s.get("place") or None)


def _load_existing(session: Session, campaign_id: int | None) -> dict[tuple[str, str], _Existing]:
    if campaign_id is None:
        return {}
    rows = session.execute(
        select(Participation, Territory.kind, Territory.code)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id)
    ).all()
    if not rows:
        return {}
    ids = [p.id for p, _, _ in rows]
    charters = {c.participation_id: c for c in session.scalars(
        select(CharterSignature).join(Participation).where(Participation.campaign_id == campaign_id))}
    sessions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for s in session.scalars(select(ConcertationSession).join(Participation)
                             .where(Participation.campaign_id == campaign_id)):
        sessions[s.participation_id].append(_session_key(
            {"held_on": s.held_on, "format": s.format, "publics": s.publics, "participants": s.participants,
             "place": s.place}))
    responses = {r.participation_id: r for r in session.scalars(
        select(GridResponse).join(Participation)
        .where(Participation.campaign_id == campaign_id, GridResponse.is_current.is_(True)))}
    del ids
    return {(kind, code): _Existing(p, charters.get(p.id), sorted(sessions.get(p.id, []), key=repr),
                                    responses.get(p.id)) for p, kind, code in rows}


def participation_labels(session: Session, campaign_id: int) -> list[tuple[int, str, str, str]]:
    """(participation id, territory name, kind, code) of a campaign, by name: the entry form's list."""
    rows = session.execute(
        select(Participation.id, Territory.name, Territory.kind, Territory.code)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id).order_by(Territory.name, Participation.id)
    ).tuples().all()
    return [(int(pid), str(name), str(kind), str(code)) for pid, name, kind, code in rows]


def already_imported(session: Session, digest: str) -> bool:
    return session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == IMPORT_ACTION, AuditEvent.summary.contains(digest)).limit(1)) is not None


def plan(session: Session, report: ImportReport) -> ImportReport:
    """What applying would create or change, compared with the store (the dry run)."""
    campaign = target_campaign(session)
    report.campaign_name = campaign.name if campaign else None
    report.already_imported = already_imported(session, report.sha256)
    existing = _load_existing(session, campaign.id if campaign else None)
    report.plans = [_plan_entry(entry, existing.get(entry.key)) for entry in report.entries]
    report.issues[:] = [i for i in report.issues if not i.message.startswith(STAGE_KEPT)]
    for entry in report.entries:
        current = existing.get(entry.key)
        if current is not None and entry.explicit_stage and Stage(current.participation.stage).rank > entry.stage.rank:
            kept = STAGE_LABELS[Stage(current.participation.stage)]
            report.issues.append(Issue(WARNING, f"{STAGE_KEPT} « {kept} » est conservée (une étape ne recule pas).",
                                       entry.sheet, entry.row, "Étape de la participation", entry.label))
    return report


def _plan_entry(entry: TerritoryEntry, current: _Existing | None) -> RowPlan:
    if current is None:
        changes = ["engagement", f"étape « {STAGE_LABELS[entry.stage]} »"]
        if entry.charter:
            changes.append("charte")
        if entry.sessions:
            changes.append(f"{len(entry.sessions)} session(s)")
        if entry.has_grid:
            changes.append(f"grille (version 1, {len(entry.proposals)} proposition(s))")
        return RowPlan(entry, "création", changes)
    changes = []
    participation = current.participation
    if Stage(participation.stage).rank < entry.stage.rank:
        changes.append(f"étape « {STAGE_LABELS[Stage(participation.stage)]} » → « {STAGE_LABELS[entry.stage]} »")
    if entry.networks and sorted(entry.networks) != sorted(participation.networks or []):
        changes.append("réseaux")
    if any(v and v != getattr(participation, k) for k, v in entry.contact.items()):
        changes.append("contact")
    if entry.charter and (current.charter is None or current.charter.signed_on != entry.charter["signed_on"]
                          or (current.charter.signatory_role or None) != (entry.charter["signatory_role"] or None)):
        changes.append("charte")
    if entry.sessions is not None and sorted((_session_key(s) for s in entry.sessions), key=repr) != current.sessions:
        changes.append(f"sessions remplacées ({len(current.sessions)} → {len(entry.sessions)})")
    if entry.has_grid:
        if current.response is None:
            changes.append(f"grille (version 1, {len(entry.proposals)} proposition(s))")
        elif current.response.source_hash != entry.answers_hash() and _answers_hash(
                current.response.answers) != entry.answers_hash():
            changes.append(f"nouvelle version de la grille (version {current.response.version + 1} ; "
                           f"la version {current.response.version} reste dans l'historique)")
    return RowPlan(entry, "mise à jour" if changes else "inchangé", changes)


def _answers_hash(answers: dict[str, Any]) -> str:
    payload = json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
