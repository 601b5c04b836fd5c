"""Import integrity (issue 12): provenance kept across grid versions, true stage dates, pre-filled
grids, empty files refused, contact corrections, validation messages (territories abroad:
test_territory_identity.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import demo, intake, manifesto
from data_access.intake import template
from data_access.intake.changes import withdrawn_marks
from data_access.models import (
    AuditEvent,
    Campaign,
    ConcertationSession,
    Finding,
    GridResponse,
    ManifestoItemSource,
    Participation,
    Proposal,
    Stage,
    StageTransition,
    Territory,
)
from data_access.territories import reference
from tests.data_access.intake.test_intake import errors_of, run, snapshot
from tests.support.factories import ADMIN, EDITOR, make_campaign
from tests.support.factories.intake import (
    BREST,
    csv_bytes,
    proposal_row,
    session_row,
    territory_row,
    workbook,
)

FIRST = "Former tous les agents à l'IA."
SECOND = "Ouvrir les données publiques des algorithmes."


def _two_proposals_in_the_manifesto(session: Session) -> tuple[int, int, int]:
    """Rennes with two proposals, both cited by item 1.1 and 1.2 of the manifesto."""
    campaign = make_campaign(session)
    report = run(session, workbook([territory_row()], [session_row()],
                                   [proposal_row(), proposal_row(**{"propositions.texte": SECOND})]))
    assert report.ok, errors_of(report)
    ids = dict(session.execute(select(Proposal.text, Proposal.id)).all())
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=campaign.id, title="IA sociale")
    manifesto.add_proposals(session, actor=EDITOR, section_id=section.id, proposal_ids=[ids[FIRST], ids[SECOND]])
    return campaign.id, ids[FIRST], ids[SECOND]


# --------------------------------------------------------------------------- 1. provenance


def test_a_proposal_absent_from_the_new_version_is_withdrawn_not_deleted(session: Session) -> None:
    campaign_id, first, second = _two_proposals_in_the_manifesto(session)
    newer = workbook([territory_row(opportunites="Autre réponse.")], [session_row()], [proposal_row()])

    simulated = run(session, newer, "v2.xlsx", dry_run=True)
    plan = simulated.plans[0]
    assert simulated.withdrawals == 1 and plan.withdrawn == [f"proposition « {SECOND[:59]}… »"
                                                              if len(SECOND) > 60 else f"proposition « {SECOND} »"]
    assert plan.manifesto_items == ["1.2 " + SECOND]
    assert any("version 1 → 2" in r for r in plan.replaced)
    assert "1 proposition à retirer" in simulated.summary()

    before = snapshot(session)
    with pytest.raises(intake.RemovalsNotConfirmed, match="confirmez les retraits"):
        run(session, newer, "v2.xlsx")
    assert snapshot(session) == before

    report = run(session, newer, "v2.xlsx", confirm_removals=True)
    assert report.ok and report.applied
    kept = session.get(Proposal, first)
    withdrawn = session.get(Proposal, second)
    current = session.scalars(select(GridResponse).where(GridResponse.is_current.is_(True))).one()
    assert kept is not None and kept.withdrawn_on is None and kept.response_id == current.id
    assert withdrawn is not None and withdrawn.withdrawn_on == dt.date.today()
    assert withdrawn.withdrawn_by_response_id == current.id
    assert withdrawn_marks(session, [first, second]) == {second: dt.date.today()}
    coverage = manifesto.coverage(session, campaign_id)
    assert coverage.represented == 1  # the territory still counts
    items = manifesto.list_sections(session, campaign_id)[0].items
    assert [i.territories for i in items] == [1, 1]


def test_identity_follows_the_normalised_text_and_a_withdrawn_proposal_can_come_back(session: Session) -> None:
    _, first, second = _two_proposals_in_the_manifesto(session)
    recased = workbook([territory_row()], [session_row()], [
        proposal_row(**{"propositions.texte": "former tous les agents a l'IA", "propositions.chapitre":
                        "IA utile et proportionnée"}),
        proposal_row(**{"propositions.texte": SECOND})])
    report = run(session, recased, "v2.xlsx", dry_run=True)
    assert report.withdrawals == 0
    assert report.plans[0].changed and "chapitre" in report.plans[0].changed[0]
    assert report.plans[0].manifesto_items == ["1.1 " + FIRST]
    run(session, recased, "v2.xlsx")
    assert session.get(Proposal, first).chapter == "IA utile et proportionnée"  # type: ignore[union-attr]
    run(session, workbook([territory_row()], [session_row()], [proposal_row()]), "v3.xlsx", confirm_removals=True)
    assert session.get(Proposal, second).withdrawn_on is not None  # type: ignore[union-attr]
    run(session, workbook([territory_row()], [session_row()], [
        proposal_row(), proposal_row(**{"propositions.texte": SECOND})]), "v4.xlsx")
    assert session.get(Proposal, second).withdrawn_on is None  # type: ignore[union-attr]
    assert session.scalar(select(func.count()).select_from(Proposal)) == 2


def test_unchanged_sessions_and_findings_keep_their_rows(session: Session) -> None:
    make_campaign(session)
    run(session, workbook([territory_row()], [session_row(), session_row(**{"sessions.date": "2024-12-01"})],
                          [proposal_row()]))
    kept_id = session.scalars(select(ConcertationSession.id)
                              .where(ConcertationSession.held_on == dt.date(2024, 11, 20))).one()
    finding_ids = dict(session.execute(select(Finding.category, Finding.id)).all())
    report = run(session, workbook([territory_row(opportunites="Nouvelle réponse.")],
                                   [session_row(), session_row(**{"sessions.date": "2024-12-02"})],
                                   [proposal_row()]), "v2.xlsx")
    assert any(r.startswith("sessions (2 → 2 : 1 retirée, 1 ajoutée)") for r in report.plans[0].replaced)
    assert session.scalars(select(ConcertationSession.id)
                           .where(ConcertationSession.held_on == dt.date(2024, 11, 20))).one() == kept_id
    assert sorted(session.scalars(select(ConcertationSession.held_on))) == [dt.date(2024, 11, 20),
                                                                           dt.date(2024, 12, 2)]
    after = dict(session.execute(select(Finding.category, Finding.id)).all())
    assert after["condition_deploiement"] == finding_ids["condition_deploiement"]
    assert after["opportunite"] != finding_ids["opportunite"]


# --------------------------------------------------------------------------- 2. stage dates


def test_each_stage_takes_the_date_of_its_own_fact(session: Session) -> None:
    make_campaign(session)
    row = territory_row(charte_date="2025-03-15", etape="Grille déposée", date_engagement="2025-02-01",
                        date_etape="2025-04-02")
    report = run(session, workbook([row], [session_row(**{"sessions.date": "2025-03-19"}),
                                           session_row(**{"sessions.date": "2025-03-12"})], [proposal_row()]))
    assert report.ok, errors_of(report)
    dates = dict(session.execute(select(StageTransition.stage, StageTransition.occurred_on)).all())
    assert dates == {Stage.ENGAGE.value: dt.date(2025, 2, 1), Stage.CHARTE_SIGNEE.value: dt.date(2025, 3, 15),
                     Stage.CONCERTATION_TENUE.value: dt.date(2025, 3, 12),
                     Stage.GRILLE_DEPOSEE.value: dt.date(2025, 4, 2)}
    participation = session.scalars(select(Participation)).one()
    assert participation.stage_changed_on == dt.date(2025, 4, 2)


def test_a_stage_advanced_by_a_later_import_is_dated_by_its_fact(session: Session) -> None:
    make_campaign(session)
    run(session, workbook([territory_row(charte_signee=False, charte_date=None, opportunites=None,
                                         conditions_deploiement=None, themes=None, date_engagement="2025-01-10")]))
    run(session, workbook([territory_row(charte_date="2025-02-20", opportunites=None, conditions_deploiement=None,
                                         themes=None, date_engagement="2025-01-10", date_etape="2025-03-30")],
                          [session_row(**{"sessions.date": "2025-03-05"})]), "v2.xlsx")
    dates = dict(session.execute(select(StageTransition.stage, StageTransition.occurred_on)).all())
    assert dates[Stage.CHARTE_SIGNEE.value] == dt.date(2025, 2, 20)
    assert dates[Stage.CONCERTATION_TENUE.value] == dt.date(2025, 3, 5)


# --------------------------------------------------------------------------- 3. pre-filled grid


def test_a_territory_template_round_trips_and_one_cell_changes_one_answer(session: Session) -> None:
    make_campaign(session)
    run(session, workbook([territory_row(), territory_row(BREST)], [session_row()],
                          [proposal_row(), proposal_row(BREST)]))
    campaign_id = session.scalars(select(Campaign.id)).one()
    rennes = session.scalars(select(Participation.id).join(Territory).where(Territory.code == "35238")).one()
    assert template.find_participation(session, campaign_id, "35238") == rennes
    rows = template.campaign_rows(session, campaign_id, participation_id=rennes)
    assert [r["territoire"] for r in rows[intake.TERRITORY_SHEET]] == ["Rennes"]
    assert len(rows[intake.PROPOSALS_SHEET]) == 1 and len(rows[intake.SESSIONS_SHEET]) == 1

    data = template.export_campaign(session, campaign_id, rennes)
    before = snapshot(session)
    report = run(session, data, "rennes.xlsx")
    assert report.ok and report.counts() == {"création": 0, "mise à jour": 0, "inchangé": 1}
    assert {k: v for k, v in snapshot(session).items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"}

    proposal_ids = set(session.scalars(select(Proposal.id)))
    rows[intake.TERRITORY_SHEET][0]["opportunites"] = "Une seule cellule changée."
    changed = template.build_template(rows=rows)
    report = run(session, changed, "rennes-corrigé.xlsx")
    assert report.counts()["mise à jour"] == 1
    old, new = session.execute(select(GridResponse.answers).join(Participation)
                               .where(Participation.id == rennes).order_by(GridResponse.version)).scalars().all()
    assert {k for k in set(old) | set(new) if old.get(k) != new.get(k)} == {"opportunites"}
    assert set(session.scalars(select(Proposal.id))) == proposal_ids


def test_a_grid_imported_by_name_only_round_trips_through_its_pre_filled_template(session: Session) -> None:
    """The pre-filled grid writes the territory's code and its facts (networks, charter, sessions): a
    grid first imported with a name only must not become a new version when that file comes back."""
    make_campaign(session)
    by_name = {"territoire": "Rennes"}
    run(session, workbook([territory_row(by_name, reseaux=[])], [session_row(by_name)], [proposal_row(by_name)]))
    campaign_id = session.scalars(select(Campaign.id)).one()
    data = template.export_campaign(session, campaign_id)
    before = snapshot(session)
    report = run(session, data, "rennes-pre-rempli.xlsx")
    assert report.ok and report.counts() == {"création": 0, "mise à jour": 0, "inchangé": 1}, report.plans[0].changes
    assert {k: v for k, v in snapshot(session).items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"}


def test_the_whole_demo_campaign_re_imported_unchanged_is_a_no_op(session: Session) -> None:
    """Issue 12: `template --all` then import is a no-op; without one territory's proposal rows, the
    dry run names the manifesto items that cite them."""
    demo.generate(session, actor=ADMIN, scale=1)
    campaign_id = session.scalars(select(Campaign.id)).one()
    data = template.export_campaign(session, campaign_id)
    before = snapshot(session)
    report = run(session, data, "campagne.xlsx", dry_run=True)
    assert report.ok, errors_of(report)
    assert [(p.entry.label, p.changes) for p in report.plans if p.action != "inchangé"] == []
    report = run(session, data, "campagne.xlsx")
    assert report.ok and report.counts()["mise à jour"] == 0
    assert {k: v for k, v in snapshot(session).items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"}

    cited = session.execute(
        select(Territory.kind, Territory.code, func.count(func.distinct(ManifestoItemSource.item_id)))
        .join(Participation, Participation.territory_id == Territory.id)
        .join(Proposal, Proposal.participation_id == Participation.id)
        .join(ManifestoItemSource, ManifestoItemSource.proposal_id == Proposal.id)
        .group_by(Territory.kind, Territory.code)
        .order_by(func.count(func.distinct(ManifestoItemSource.item_id)).desc(), Territory.code)).first()
    assert cited is not None
    kind, code, items = cited
    link = (reference.KIND_LABELS.get(kind, kind), code)
    rows = template.campaign_rows(session, campaign_id)
    rows[intake.PROPOSALS_SHEET] = [r for r in rows[intake.PROPOSALS_SHEET]
                                    if (r["type_collectivite"], r["territoire_code"]) != link]
    report = run(session, template.build_template(rows=rows), "sans-propositions.xlsx", dry_run=True)
    changed = [p for p in report.plans if p.action != "inchangé"]
    assert [p.entry.code for p in changed] == [code]
    assert len(changed[0].manifesto_items) == items and changed[0].withdrawn
    with pytest.raises(intake.RemovalsNotConfirmed):
        run(session, template.build_template(rows=rows), "sans-propositions.xlsx")


def test_withdrawn_proposals_are_left_out_of_the_pre_filled_grid(session: Session) -> None:
    campaign_id, _, _ = _two_proposals_in_the_manifesto(session)
    run(session, workbook([territory_row()], [session_row()], [proposal_row()]), "v2.xlsx", confirm_removals=True)
    rows = template.campaign_rows(session, campaign_id)
    assert [r["propositions.texte"] for r in rows[intake.PROPOSALS_SHEET]] == [FIRST]


# --------------------------------------------------------------------------- 4. nothing to import


def test_a_file_with_only_a_header_is_refused_and_leaves_no_trace(session: Session) -> None:
    before = snapshot(session)
    report = intake.run_import(session, actor=ADMIN, data=workbook([]), filename="vide.xlsx")
    assert not report.ok and "Rien à importer" in errors_of(report)
    assert snapshot(session) == before and before["Campaign"] == 0


def test_a_csv_with_only_a_header_is_refused_in_words_that_fit_a_csv(session: Session) -> None:
    before = snapshot(session)
    report = intake.run_import(session, actor=ADMIN, filename="vide.csv", data=csv_bytes(
        [["Nom de la collectivité", "Code INSEE ou SIREN de la collectivité"], ["", ""]]))
    assert errors_of(report) == ("Rien à importer : le fichier ne contient aucune ligne de territoire sous son "
                                 "en-tête.")
    assert snapshot(session) == before


def test_notes_under_the_table_and_blank_rows_are_skipped_with_a_warning(session: Session) -> None:
    make_campaign(session)
    data = workbook([territory_row(), {}, territory_row(BREST), {},
                     {"territoire": "Remarque : fichier rempli par le service communication."}])
    report = run(session, data)
    assert report.ok, errors_of(report)
    warnings = [(w.row, w.message) for w in report.warnings]
    assert (3, "Ligne 3 vide : ignorée.") in warnings
    assert any(row == 6 and "Remarque : fichier rempli" in message for row, message in warnings)
    assert session.scalar(select(func.count()).select_from(Participation)) == 2


def test_a_lone_name_under_the_table_is_still_a_territory(session: Session) -> None:
    make_campaign(session)
    report = run(session, workbook([territory_row(), {"territoire": "Brest"}]))
    assert report.ok and report.counts()["création"] == 2


# --------------------------------------------------------------------------- 6. contact corrections


def test_a_contact_correction_is_not_a_grid_version_and_the_journal_names_it(session: Session) -> None:
    make_campaign(session)
    run(session, workbook([territory_row()], [], [proposal_row()]))
    report = run(session, workbook([territory_row(contact_telephone="02 99 00 00 00")], [], [proposal_row()]),
                 "v2.xlsx")
    assert report.plans[0].changes == ["contact (téléphone)"]
    assert session.scalar(select(func.count()).select_from(GridResponse)) == 1
    assert session.scalars(select(Participation.contact_phone)).one() == "02 99 00 00 00"
    assert session.scalars(select(GridResponse.answers)).one()["contact_telephone"] == "02 99 00 00 00"

    rows = template.campaign_rows(session, session.scalars(select(Campaign.id)).one())
    territory = {**rows[intake.TERRITORY_SHEET][0], "contact_telephone": "06 00 00 00 00"}
    intake.submit_entry(session, actor=EDITOR, territory=territory, sessions=rows[intake.SESSIONS_SHEET],
                        proposals=rows[intake.PROPOSALS_SHEET])
    assert session.scalar(select(func.count()).select_from(GridResponse)) == 1
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.action == "saisie.participation"
    assert event.summary == "Saisie et correction — Rennes : contact (téléphone)"
    assert not session.scalars(select(AuditEvent).where(AuditEvent.summary.contains("« saisie »"))).all()


# --------------------------------------------------------------------------- 7. validation


def test_an_email_is_checked_by_its_syntax(session: Session) -> None:
    make_campaign(session)
    report = run(session, workbook([territory_row(contact_email="alex.roy(at)mairie.fr")]))
    assert "« alex.roy(at)mairie.fr » n'est pas une adresse électronique valide" in errors_of(report)


def test_a_proposal_without_chapter_is_an_error(session: Session) -> None:
    make_campaign(session)
    report = run(session, workbook([territory_row()], [], [proposal_row(**{"propositions.chapitre": None})]))
    assert "« Chapitre du manifeste »" in errors_of(report)


def test_rows_tied_to_an_ambiguous_name_say_which_names_compete(session: Session) -> None:
    make_campaign(session)
    link = {"territoire": "Sainte-Colombe"}
    report = run(session, workbook([territory_row(link)], [], [proposal_row(link)]))
    proposal_errors = [e.message for e in report.errors if e.sheet == intake.PROPOSALS_SHEET]
    assert proposal_errors and "nom ambigu" in proposal_errors[0] and "Sainte-Colombe (" in proposal_errors[0]
    assert "ne figure pas" not in proposal_errors[0]
    assert "…." not in proposal_errors[0]  # more than five names end with « … », not « …. »


def test_plurals_are_written_in_french(session: Session) -> None:
    make_campaign(session)
    report = run(session, workbook([territory_row(), territory_row(BREST)]), dry_run=True)
    assert "2 territoires à créer, 0 territoire à mettre à jour, 0 inchangé ; 0 avertissement." in report.summary()
    assert "(s)" not in report.summary()


def test_the_manifesto_annex_marks_a_withdrawn_proposal(session: Session) -> None:
    from dashboard.manifesto import rendering

    campaign_id, _, _ = _two_proposals_in_the_manifesto(session)
    run(session, workbook([territory_row()], [session_row()], [proposal_row()]), "v2.xlsx", confirm_removals=True)
    document = manifesto.export_document(session, campaign_id)
    assert [(t.name, t.withdrawn_on) for t in document.territories] == [("Rennes", dt.date.today())]
    assert "Rennes (proposition retirée par le territoire le " in rendering.to_markdown(document)
