"""Commitment writes: the commission under an item, a territory for itself only, validation,
withdrawal, timeline entries, optimistic concurrency, audit and data versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data_access import manifesto, versions
from data_access.commitments import readers, writes
from data_access.commitments.models import Commitment, CommitmentEntry, CommitmentRevision
from data_access.commitments.views import CommitmentConflict, CommitmentInput
from data_access.db import session_scope
from data_access.errors import PermissionDenied, ValidationError
from data_access.models import AuditEvent
from tests.support.factories import ADMIN, EDITOR, READER
from tests.support.factories.commitments import commitment_scenario, make_commitment


def _audit(session: Session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_the_commission_creates_commitments_under_an_item(session: Session) -> None:
    data = commitment_scenario(session)
    commission = make_commitment(session, data, title="  Publier un guide   des usages ", proposals=data.proposals[:2],
                                 territories=data.participations[:2], start=dt.date(2025, 4, 1),
                                 end=dt.date(2026, 6, 30))
    network = make_commitment(session, data, kind="reseau", name="France urbaine", item=data.items[1],
                              title="Former 500 élus")
    assert commission.public_id.startswith("ENG-") and commission.public_id != network.public_id
    assert (commission.title, commission.committer_name, commission.version) == (
        "Publier un guide des usages", "Commission de l'Observatoire", 1)
    assert commission.item_id == data.items[0].id and network.item_id == data.items[1].id
    assert not commission.validated and commission.progress == 0 and not commission.progress_set_by_hand
    detail = readers.commitment_detail(session, actor=EDITOR, commitment_id=commission.id)
    assert detail.proposal_ids == tuple(p.id for p in data.proposals[:2])
    assert detail.territory_names == ("Rennes", "Toulouse")
    revisions = session.scalars(select(CommitmentRevision).where(CommitmentRevision.commitment_id == commission.id)).all()
    assert [r.version for r in revisions] == [1]
    assert revisions[0].snapshot["status"] == "prévu"
    events = _audit(session, "engagement.creation")
    assert len(events) == 2 and events[0].actor == EDITOR.email and events[0].entity_type == "commitment"


def test_an_item_is_required_and_checked(session: Session) -> None:
    data = commitment_scenario(session)
    base = CommitmentInput(title="Sans élément", committer_kind="commission", status_id=data.status_ids["prévu"])
    with pytest.raises(ValidationError, match="élément du manifeste"):
        writes.create_commitment(session, actor=EDITOR, campaign_id=data.campaign.id, data=base)
    with pytest.raises(ValidationError, match="Porteur inconnu"):
        writes.create_commitment(session, actor=EDITOR, campaign_id=data.campaign.id, data=CommitmentInput(
            title="x", committer_kind="association", status_id=data.status_ids["prévu"], item_id=data.items[0].id))
    with pytest.raises(ValidationError, match="réseau"):
        writes.create_commitment(session, actor=EDITOR, campaign_id=data.campaign.id, data=CommitmentInput(
            title="x", committer_kind="reseau", status_id=data.status_ids["prévu"], item_id=data.items[0].id))
    with pytest.raises(ValidationError, match="date de fin"):
        make_commitment(session, data, start=dt.date(2026, 1, 1), end=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="entre 0 et 100"):
        make_commitment(session, data, progress=120)


def test_a_territory_adds_its_own_commitment_and_reports_progress(session: Session) -> None:
    data = commitment_scenario(session)
    actor = data.rennes_actor
    mine = make_commitment(session, data, actor=actor, kind="territoire", participation=data.rennes,
                           title="Adopter une charte d'usage de l'IA générative pour les agents")
    assert mine.created_by == "agent@rennes.fr" and not mine.validated
    updated = writes.report_progress(session, actor=actor, commitment_id=mine.id, expected_version=1,
                                     status_id=data.status_ids["en cours"], progress=40,
                                     news="Délibération votée en conseil municipal.", occurred_on=dt.date(2025, 6, 2))
    assert (updated.version, updated.progress, updated.progress_set_by_hand) == (2, 40, True)
    entries = session.scalars(select(CommitmentEntry).where(CommitmentEntry.commitment_id == mine.id)).all()
    assert [(e.occurred_on, e.text, e.created_by) for e in entries] == [
        (dt.date(2025, 6, 2), "Délibération votée en conseil municipal.", "agent@rennes.fr")]
    assert [r.title for r in readers.territory_commitments(session, actor=actor, participation_id=data.rennes.id)] == [
        "Adopter une charte d'usage de l'IA générative pour les agents"]
    modification = _audit(session, "engagement.modification")[0]
    assert modification.before == {"status_id": data.status_ids["prévu"], "progress": 0,
                                   "progress_set_by_hand": False, "status": "prévu"}
    assert modification.after["progress"] == 40 and modification.after["status"] == "en cours"
    assert _audit(session, "engagement.actualite")[0].actor == "agent@rennes.fr"


def test_a_territory_never_touches_another_territorys_commitment(session: Session) -> None:
    data = commitment_scenario(session)
    theirs = make_commitment(session, data, actor=data.toulouse_actor, kind="territoire", participation=data.toulouse)
    commission = make_commitment(session, data)
    rennes = data.rennes_actor
    with pytest.raises(PermissionDenied, match="pas le vôtre"):
        make_commitment(session, data, actor=rennes, kind="territoire", participation=data.toulouse)
    with pytest.raises(PermissionDenied, match="propres engagements"):
        make_commitment(session, data, actor=rennes, kind="commission")
    same = writes.input_of(session, theirs.id)
    for target in (theirs, commission):
        with pytest.raises(PermissionDenied):
            writes.update_commitment(session, actor=rennes, commitment_id=target.id, expected_version=1, data=same)
        with pytest.raises(PermissionDenied):
            writes.add_entry(session, actor=rennes, commitment_id=target.id, occurred_on=dt.date(2025, 5, 1), text="x")
        with pytest.raises(PermissionDenied):
            writes.set_withdrawn(session, actor=rennes, commitment_id=target.id, expected_version=1)
    with pytest.raises(PermissionDenied):  # nor hand its own to another territory
        mine = make_commitment(session, data, actor=rennes, kind="territoire", participation=data.rennes)
        writes.update_commitment(session, actor=rennes, commitment_id=mine.id, expected_version=1, data=CommitmentInput(
            title="x", committer_kind="territoire", participation_id=data.toulouse.id,
            status_id=data.status_ids["prévu"], item_id=data.items[0].id))
    with pytest.raises(PermissionDenied):
        readers.territory_commitments(session, actor=rennes, participation_id=data.toulouse.id)
    with pytest.raises(PermissionDenied):
        readers.commitment_detail(session, actor=rennes, commitment_id=theirs.id)
    with pytest.raises(PermissionDenied):
        readers.commitment_rows(session, actor=rennes, campaign_id=data.campaign.id)
    assert session.get(Commitment, theirs.id).version == 1  # type: ignore[union-attr]


def test_only_the_commission_validates(session: Session) -> None:
    data = commitment_scenario(session)
    mine = make_commitment(session, data, actor=data.rennes_actor, kind="territoire", participation=data.rennes)
    for actor in (data.rennes_actor, READER):
        with pytest.raises(PermissionDenied):
            writes.set_validated(session, actor=actor, commitment_id=mine.id, expected_version=1)
    with pytest.raises(PermissionDenied):
        make_commitment(session, data, actor=READER)
    validated = writes.set_validated(session, actor=EDITOR, commitment_id=mine.id, expected_version=1)
    assert validated.validated and validated.validated_by == EDITOR.email and validated.version == 2
    assert _audit(session, "engagement.validation")[0].after == {"validated": True}


def test_a_territorys_new_promise_needs_a_new_validation_its_progress_does_not(session: Session) -> None:
    data = commitment_scenario(session)
    actor = data.rennes_actor
    mine = make_commitment(session, data, actor=actor, kind="territoire", participation=data.rennes)
    writes.set_validated(session, actor=EDITOR, commitment_id=mine.id, expected_version=1)
    writes.report_progress(session, actor=actor, commitment_id=mine.id, expected_version=2,
                           status_id=data.status_ids["en cours"], progress=30)
    assert session.get(Commitment, mine.id).validated  # type: ignore[union-attr]
    reworded = writes.update_commitment(session, actor=actor, commitment_id=mine.id, expected_version=3,
                                        data=replace(writes.input_of(session, mine.id), title="Former 400 agents"))
    assert not reworded.validated and reworded.validated_by is None


def test_a_stale_version_is_a_conflict_and_writes_nothing(session: Session) -> None:
    data = commitment_scenario(session)
    commitment = make_commitment(session, data)
    form = writes.input_of(session, commitment.id)
    writes.update_commitment(session, actor=EDITOR, commitment_id=commitment.id, expected_version=1,
                             data=replace(form, title="Version de l'une"))
    with pytest.raises(CommitmentConflict) as caught:
        writes.update_commitment(session, actor=ADMIN, commitment_id=commitment.id, expected_version=1,
                                 data=replace(form, title="Version de l'autre"))
    message = str(caught.value)
    assert "a été modifié par editrice@exemple.fr" in message and "version 1" in message and "version 2" in message
    assert "n'a pas été enregistrée" in message and caught.value.current_version == 2
    assert session.get(Commitment, commitment.id).title == "Version de l'une"  # type: ignore[union-attr]
    with pytest.raises(CommitmentConflict):
        writes.set_validated(session, actor=EDITOR, commitment_id=commitment.id, expected_version=1)


def test_saving_an_unchanged_form_writes_no_version(session: Session) -> None:
    data = commitment_scenario(session)
    commitment = make_commitment(session, data)
    writes.update_commitment(session, actor=EDITOR, commitment_id=commitment.id, expected_version=1,
                             data=writes.input_of(session, commitment.id))
    assert commitment.version == 1 and not _audit(session, "engagement.modification")


def test_withdrawn_not_deleted(session: Session) -> None:
    data = commitment_scenario(session)
    commitment = make_commitment(session, data)
    writes.set_withdrawn(session, actor=EDITOR, commitment_id=commitment.id, expected_version=1)
    assert session.get(Commitment, commitment.id) is not None
    assert readers.commitment_rows(session, actor=READER, campaign_id=data.campaign.id) == []
    with pytest.raises(ValidationError, match="retiré"):
        writes.add_entry(session, actor=EDITOR, commitment_id=commitment.id, occurred_on=dt.date(2025, 5, 1), text="x")
    writes.set_withdrawn(session, actor=EDITOR, commitment_id=commitment.id, expected_version=2, withdrawn=False)
    assert len(readers.commitment_rows(session, actor=READER, campaign_id=data.campaign.id)) == 1
    assert [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "commitment")
                                              .order_by(AuditEvent.id))] == [
        "engagement.creation", "engagement.retrait", "engagement.retablissement"]


def test_timeline_entries_are_checked(session: Session) -> None:
    data = commitment_scenario(session)
    commitment = make_commitment(session, data)
    with pytest.raises(ValidationError, match="obligatoire"):
        writes.add_entry(session, actor=EDITOR, commitment_id=commitment.id, occurred_on=dt.date(2025, 5, 1), text="  ")
    with pytest.raises(ValidationError, match="futur"):
        writes.add_entry(session, actor=EDITOR, commitment_id=commitment.id,
                         occurred_on=dt.date.today() + dt.timedelta(days=2), text="Demain")


def test_the_reminder_delay_is_a_campaign_setting(session: Session) -> None:
    data = commitment_scenario(session)
    assert readers.news_months(session, data.campaign.id) == 6
    with pytest.raises(PermissionDenied):
        writes.set_news_months(session, actor=EDITOR, campaign_id=data.campaign.id, months=3)
    with pytest.raises(ValidationError, match="entre 1 et 36"):
        writes.set_news_months(session, actor=ADMIN, campaign_id=data.campaign.id, months=0)
    writes.set_news_months(session, actor=ADMIN, campaign_id=data.campaign.id, months=3)
    assert readers.news_months(session, data.campaign.id) == 3
    assert _audit(session, "campagne.relance_engagements")[0].after == {"commitment_news_months": 3}


def test_a_write_bumps_the_commitments_data_version(engine: Engine) -> None:
    with session_scope(engine) as session:
        data = commitment_scenario(session)
    with session_scope(engine) as session:
        before = versions.current(session)
    with session_scope(engine) as session:
        commitment = make_commitment(session, data)
        writes.add_entry(session, actor=EDITOR, commitment_id=commitment.id, occurred_on=dt.date(2025, 5, 1),
                         text="Comité de pilotage réuni.")
    with session_scope(engine) as session:
        after = versions.current(session)
    assert after["commitments"] == before["commitments"] + 1
    assert after["manifesto"] == before["manifesto"]


def test_an_item_removed_from_the_manifesto_leaves_its_commitments_detached(session: Session) -> None:
    data = commitment_scenario(session)
    commitment = make_commitment(session, data, item=data.items[1])
    manifesto.delete_item(session, actor=EDITOR, item_id=data.items[1].id, expected_version=data.items[1].version)
    session.expire(commitment)
    assert commitment.item_id is None and not commitment.withdrawn
    [row] = readers.commitment_rows(session, actor=READER, campaign_id=data.campaign.id)
    assert (row.item_number, row.item_wording) == ("", "Élément retiré du manifeste")
    reported = writes.report_progress(session, actor=EDITOR, commitment_id=commitment.id, expected_version=1,
                                      status_id=data.status_ids["en cours"], progress=10)
    assert (reported.version, reported.progress, reported.item_id) == (2, 10, None)
    with pytest.raises(ValidationError, match="élément du manifeste"):  # a new one still needs an item
        writes.create_commitment(session, actor=EDITOR, campaign_id=data.campaign.id,
                                 data=writes.input_of(session, commitment.id))
