"""The grid filed online: drafts, the import's checks, the commission's review, versions, and isolation.

The answers' shape, the versions and the reading of filed versions are tested beside their modules
(test_filing_answers, test_filing_versions, test_filing_review); these go through the writes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import campaigns, intake
from data_access.errors import ConflictError, PermissionDenied, ValidationError
from data_access.models import (
    AuditEvent,
    ConcertationSession,
    FilingStatus,
    Finding,
    GridFiling,
    GridResponse,
    Participation,
    Proposal,
    Stage,
    StageTransition,
)
from data_access.space import filing, participations
from tests.support.factories import ADMIN, EDITOR, READER, make_campaign, make_participation
from tests.support.factories.filing import complete_answers, territory_actor


@pytest.fixture
def two(session: Session) -> tuple[int, int]:
    campaign = make_campaign(session)
    rennes = make_participation(session, campaign, stage=Stage.CHARTE_SIGNEE)
    brest = make_participation(session, campaign, code="29019")
    return rennes.id, brest.id


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_draft_is_kept_incomplete_and_read_back(session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    actor = territory_actor(rennes)
    version = filing.save_draft(session, actor=actor, participation_id=rennes,
                                answers={"opportunites": "Un début de réponse", "inconnue": "ignorée"})
    session.commit()
    own = filing.own_filing(session, actor=actor, participation_id=rennes)
    assert version == 1 and own.status is FilingStatus.BROUILLON and own.editable
    assert own.answers["opportunites"] == "Un début de réponse" and "inconnue" not in own.answers
    assert _count(session, GridResponse) == 0  # a draft feeds nothing the commission reads
    assert "espace.grille.brouillon" in _actions(session)


def test_filing_fills_the_records_of_an_import_and_the_stage(session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    outcome = filing.file_grid(session, actor=territory_actor(rennes), participation_id=rennes,
                               answers=complete_answers())
    assert outcome.ok and outcome.version == 1, outcome.errors
    participation = session.get(Participation, rennes)
    assert participation is not None and participation.stage == Stage.GRILLE_DEPOSEE.value
    response = session.scalar(select(GridResponse).where(GridResponse.participation_id == rennes))
    assert response is not None and response.source == "en_ligne" and response.answers["themes"]
    assert session.scalars(select(Proposal.text)).all() == ["Ouvrir un atelier numérique dans chaque quartier."]
    assert _count(session, ConcertationSession) == 1
    assert {f.category for f in session.scalars(select(Finding))} == {"opportunite", "condition_deploiement", "risque"}
    stored = session.scalar(select(GridFiling))
    assert stored is not None and stored.status == FilingStatus.DEPOSEE.value and stored.response_id == response.id
    assert stored.submitted_by == "mairie@exemple.fr"
    assert "espace.grille.depot" in _actions(session)
    own = filing.own_filing(session, actor=territory_actor(rennes), participation_id=rennes)
    assert not own.editable and own.locked_reason and "examine" in own.locked_reason
    with pytest.raises(ValidationError, match="examine"):
        filing.save_draft(session, actor=territory_actor(rennes), participation_id=rennes, answers={})


def test_a_refused_filing_shows_the_import_messages_and_changes_nothing(session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    filing.save_draft(session, actor=territory_actor(rennes), participation_id=rennes, answers={"opportunites": "x"})
    session.commit()
    events = _count(session, AuditEvent)
    answers = complete_answers(conditions_deploiement=None, sessions=[
        {"date": "2024-11-20", "format": "atelier", "publics": ["citoyens"], "participants": -3, "lieu": None}])
    outcome = filing.file_grid(session, actor=territory_actor(rennes), participation_id=rennes, answers=answers)
    assert not outcome.ok and outcome.version is None
    text = " ".join(outcome.errors)
    # The import's own wording, placed in the form rather than in a spreadsheet.
    assert "Grille incomplète, réponses obligatoires manquantes : « À quelles conditions déployer l'IA ? »" in text
    assert "Session 1 — Nombre de participants : -3 est inférieur au minimum permis (0)." in outcome.errors
    session.commit()
    assert _count(session, GridResponse) == 0 and _count(session, AuditEvent) == events
    participation = session.get(Participation, rennes)
    assert participation is not None and participation.stage == Stage.CHARTE_SIGNEE.value
    draft = session.scalar(select(GridFiling))
    assert draft is not None and draft.status == FilingStatus.BROUILLON.value and draft.answers["opportunites"] == "x"


def test_a_territory_can_neither_read_nor_write_another_grid(session: Session, two: tuple[int, int]) -> None:
    rennes, brest = two
    intruder = territory_actor(brest, "mairie@brest.fr")
    filing.save_draft(session, actor=territory_actor(rennes), participation_id=rennes, answers={"opportunites": "x"})
    with pytest.raises(PermissionDenied, match="pas le vôtre"):
        filing.own_filing(session, actor=intruder, participation_id=rennes)
    with pytest.raises(PermissionDenied, match="pas le vôtre"):
        filing.save_draft(session, actor=intruder, participation_id=rennes, answers={"opportunites": "y"})
    with pytest.raises(PermissionDenied, match="pas le vôtre"):
        filing.file_grid(session, actor=intruder, participation_id=rennes, answers=complete_answers())
    with pytest.raises(PermissionDenied, match="pas le vôtre"):
        filing.restart_draft(session, actor=intruder, participation_id=rennes)
    for commission_only in (filing.filing_review, ):
        with pytest.raises(PermissionDenied):
            commission_only(session, actor=intruder, participation_id=rennes)
    with pytest.raises(PermissionDenied):
        filing.validate_filing(session, actor=intruder, participation_id=brest, version=1)
    with pytest.raises(PermissionDenied):
        filing.filings_overview(session, actor=intruder, campaign_id=1)
    assert session.scalars(select(GridFiling.participation_id)).all() == [rennes]
    assert session.scalar(select(GridFiling.answers)) == filing.own_filing(
        session, actor=territory_actor(rennes), participation_id=rennes).answers


def test_the_commission_validates_a_filed_grid(session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    filing.file_grid(session, actor=territory_actor(rennes), participation_id=rennes, answers=complete_answers())
    with pytest.raises(PermissionDenied):
        filing.validate_filing(session, actor=READER, participation_id=rennes, version=1)
    review = filing.filing_review(session, actor=READER, participation_id=rennes)
    assert review is not None and review.status is FilingStatus.DEPOSEE and not review.can_review
    contact = next(a for s in review.sections for a in s.answers if a.label == "Nom du ou de la référente")
    assert contact.text == "(donnée personnelle, visible des éditeurs)"
    review = filing.filing_review(session, actor=EDITOR, participation_id=rennes)
    assert review is not None and review.can_review and not review.replaced_by_import
    filing.validate_filing(session, actor=EDITOR, participation_id=rennes, version=1)
    participation = session.get(Participation, rennes)
    assert participation is not None and participation.stage == Stage.GRILLE_VALIDEE.value
    assert [r.status for r in filing.filings_overview(session, actor=READER, campaign_id=participation.campaign_id)] \
        == [FilingStatus.VALIDEE]
    with pytest.raises(ConflictError, match="plus à examiner"):
        filing.validate_filing(session, actor=EDITOR, participation_id=rennes, version=1)
    own = filing.own_filing(session, actor=territory_actor(rennes), participation_id=rennes)
    assert own.status is FilingStatus.VALIDEE and not own.editable
    assert {"espace.grille.validation", "participation.etape"} <= set(_actions(session))


def test_a_returned_grid_is_edited_and_filed_again_as_a_new_version(session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    actor = territory_actor(rennes)
    filing.file_grid(session, actor=actor, participation_id=rennes, answers=complete_answers())
    with pytest.raises(ValidationError, match="obligatoire"):
        filing.return_filing(session, actor=EDITOR, participation_id=rennes, version=1, comment="  ")
    filing.return_filing(session, actor=EDITOR, participation_id=rennes, version=1,
                         comment="Précisez les risques exprimés.")
    own = filing.own_filing(session, actor=actor, participation_id=rennes)
    assert own.status is FilingStatus.RENVOYEE and own.editable and own.returned_comment == "Précisez les risques exprimés."
    assert own.answers["risques"] == "Dépendance à un fournisseur unique."
    assert filing.save_draft(session, actor=actor, participation_id=rennes,
                             answers=complete_answers(risques="Dépendance ; coût énergétique.")) == 2
    assert filing.own_filing(session, actor=actor, participation_id=rennes).returned_comment  # still shown
    outcome = filing.file_grid(session, actor=actor, participation_id=rennes,
                               answers=complete_answers(risques="Dépendance ; coût énergétique."))
    assert outcome.ok and outcome.version == 2
    versions = session.execute(select(GridFiling.version, GridFiling.status).order_by(GridFiling.version)).all()
    assert versions == [(1, "renvoyee"), (2, "deposee")]
    responses = session.execute(select(GridResponse.version, GridResponse.is_current)
                                .order_by(GridResponse.version)).all()
    assert responses == [(1, False), (2, True)]  # the earlier grid stays as history
    assert [h.version for h in filing.own_filing(session, actor=actor, participation_id=rennes).history] == [2, 1]
    assert "espace.grille.renvoi" in _actions(session)


def test_an_import_made_meanwhile_is_never_overwritten_silently(session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    actor = territory_actor(rennes)
    filing.save_draft(session, actor=actor, participation_id=rennes, answers=complete_answers())
    csv = ("Nom de la collectivité;Code INSEE ou SIREN de la collectivité;"
           "Quelles opportunités l'IA offre-t-elle pour votre territoire ?\n"
           "Rennes;35238;Réponse importée par la commission.\n").encode()
    report = intake.run_import(session, actor=EDITOR, data=csv, filename="grilles.csv")
    assert report.ok and any("remplit sa grille en ligne" in w.message for w in report.warnings)
    assert filing.own_filing(session, actor=actor, participation_id=rennes).stale
    with pytest.raises(ConflictError, match="Repartir de la grille enregistrée"):
        filing.file_grid(session, actor=actor, participation_id=rennes, answers=complete_answers())
    filing.restart_draft(session, actor=actor, participation_id=rennes)
    own = filing.own_filing(session, actor=actor, participation_id=rennes)
    assert not own.stale and own.answers["opportunites"] == "Réponse importée par la commission."
    assert filing.file_grid(session, actor=actor, participation_id=rennes,
                            answers=complete_answers(opportunites=own.answers["opportunites"])).ok
    assert "espace.grille.reprise" in _actions(session)


def test_a_review_acts_only_on_the_version_shown(session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    actor = territory_actor(rennes)
    filing.file_grid(session, actor=actor, participation_id=rennes, answers=complete_answers())
    filing.return_filing(session, actor=EDITOR, participation_id=rennes, version=1, comment="À compléter.")
    filing.file_grid(session, actor=actor, participation_id=rennes, answers=complete_answers())
    with pytest.raises(ConflictError, match="rechargez"):
        filing.validate_filing(session, actor=EDITOR, participation_id=rennes, version=1)
    with pytest.raises(ConflictError, match="rechargez"):
        filing.return_filing(session, actor=EDITOR, participation_id=rennes, version=3, comment="x")
    filing.validate_filing(session, actor=EDITOR, participation_id=rennes, version=2)


def test_an_import_after_a_return_is_not_overwritten_by_the_next_filing(session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    actor = territory_actor(rennes)
    filing.file_grid(session, actor=actor, participation_id=rennes, answers=complete_answers())
    filing.return_filing(session, actor=EDITOR, participation_id=rennes, version=1, comment="À compléter.")
    csv = ("Nom de la collectivité;Code INSEE ou SIREN de la collectivité;"
           "Quelles opportunités l'IA offre-t-elle pour votre territoire ?\n"
           "Rennes;35238;Réponse importée après le renvoi.\n").encode()
    assert intake.run_import(session, actor=EDITOR, data=csv, filename="grilles.csv", confirm_removals=True).ok
    assert filing.own_filing(session, actor=actor, participation_id=rennes).stale
    # The territory's next draft still starts from what it saw: filing it would replace the import.
    filing.save_draft(session, actor=actor, participation_id=rennes, answers=complete_answers())
    with pytest.raises(ConflictError):
        filing.file_grid(session, actor=actor, participation_id=rennes, answers=complete_answers())
    review = filing.filing_review(session, actor=EDITOR, participation_id=rennes)
    assert review is not None and review.replaced_by_import


def test_stages_passed_by_an_online_filing_are_dated_by_their_facts_and_in_order(session: Session) -> None:
    """Issue 24 item 7: « Grille déposée » carried the engagement date, and a grid filed without any
    session added « Concertation tenue » on the day of engagement."""
    campaign = make_campaign(session)
    brignoles = make_participation(session, campaign, code="83023", engaged_on=dt.date(2024, 10, 14))
    session.commit()
    actor = territory_actor(brignoles.id)
    today = dt.date.today()
    outcome = filing.file_grid(session, actor=actor, participation_id=brignoles.id,
                               answers=complete_answers(sessions=[], charte_date="2024-11-05"))
    assert outcome.ok, outcome.errors
    session.commit()
    dates = {t.stage: t.occurred_on for t in session.scalars(
        select(StageTransition).where(StageTransition.participation_id == brignoles.id))}
    assert dates == {Stage.ENGAGE.value: dt.date(2024, 10, 14), Stage.CHARTE_SIGNEE.value: dt.date(2024, 11, 5),
                     Stage.CONCERTATION_TENUE.value: today, Stage.GRILLE_DEPOSEE.value: today}
    ordered = [dates[s.value] for s in Stage if s.value in dates]
    assert ordered == sorted(ordered)
    participation = session.get(Participation, brignoles.id)
    assert participation is not None and participation.stage_changed_on == today
    response = session.scalar(select(GridResponse).where(GridResponse.participation_id == brignoles.id))
    assert response is not None and response.submitted_on == today


def test_a_filing_with_sessions_dates_the_concertation_by_its_first_session(session: Session) -> None:
    campaign = make_campaign(session)
    brignoles = make_participation(session, campaign, code="83023", engaged_on=dt.date(2024, 10, 14))
    session.commit()
    outcome = filing.file_grid(session, actor=territory_actor(brignoles.id), participation_id=brignoles.id,
                               answers=complete_answers())
    assert outcome.ok, outcome.errors
    dates = {t.stage: t.occurred_on for t in session.scalars(
        select(StageTransition).where(StageTransition.participation_id == brignoles.id))}
    assert dates[Stage.CONCERTATION_TENUE.value] == dt.date(2024, 11, 20)
    assert dates[Stage.GRILLE_DEPOSEE.value] == dt.date.today()


def test_a_charter_signed_in_the_space_fills_the_grid_charter_answers(session: Session, two: tuple[int, int]) -> None:
    """Issue 24 item 10: a draft begun before the signature kept the charter answers blank, and
    filing was refused (« charte signée », then its date) although the charter was signed."""
    _, brest = two  # engaged, charter not signed
    participation = session.get(Participation, brest)
    assert participation is not None
    campaigns.publish_charter(session, actor=ADMIN, campaign_id=participation.campaign_id, text="La charte.")
    actor = territory_actor(brest)
    blank = complete_answers(charte_signee=None, charte_date=None, charte_signataire=None)
    filing.save_draft(session, actor=actor, participation_id=brest, answers=blank)
    session.commit()
    participations.sign_own_charter(session, actor=actor, participation_id=brest, signatory_name="Michel Gourtay",
                                    signatory_role="Maire", signed_on=dt.date.today(), accepted=True)
    session.commit()
    own = filing.own_filing(session, actor=actor, participation_id=brest)
    assert (own.answers["charte_signee"], own.answers["charte_date"], own.answers["charte_signataire"]) == (
        True, dt.date.today().isoformat(), "Maire")
    filing.save_draft(session, actor=actor, participation_id=brest, answers=blank)  # a form still showing blanks
    draft = session.scalar(select(GridFiling).where(GridFiling.participation_id == brest))
    assert draft is not None and draft.answers["charte_signee"] is True
    outcome = filing.file_grid(session, actor=actor, participation_id=brest, answers=blank)
    assert outcome.ok, outcome.errors


def test_erasing_a_contact_reaches_every_copy_of_the_grid(session: Session, two: tuple[int, int]) -> None:
    """RGPD: the contact typed into the grid is erased in drafts, filed versions and stored responses."""
    rennes, _ = two
    actor = territory_actor(rennes)
    filing.file_grid(session, actor=actor, participation_id=rennes,
                     answers=complete_answers(contact_telephone="06 12 34 56 78"))
    filing.return_filing(session, actor=EDITOR, participation_id=rennes, version=1, comment="Précisez.")
    filing.file_grid(session, actor=actor, participation_id=rennes, answers=complete_answers())
    filing.return_filing(session, actor=EDITOR, participation_id=rennes, version=2, comment="Encore.")
    filing.save_draft(session, actor=actor, participation_id=rennes, answers=complete_answers())
    session.flush()
    stored = [*session.scalars(select(GridFiling.answers)), *session.scalars(select(GridResponse.answers))]
    assert len(stored) >= 4 and all("camille" in str(answers).lower() for answers in stored)

    participations.erase_contact(session, actor=ADMIN, participation_id=rennes)
    session.flush()
    session.expire_all()
    stored = [*session.scalars(select(GridFiling.answers)), *session.scalars(select(GridResponse.answers))]
    text = " ".join(str(answers) for answers in stored).lower()
    assert "camille" not in text and "06 12 34 56 78" not in text
    assert all(answers["opportunites"] == "Simplifier les démarches des habitants." for answers in stored)
    summary = session.scalar(select(AuditEvent.summary).where(AuditEvent.action == "contact.effacement"))
    assert summary is not None and "Rennes" in summary


def test_an_invalid_email_is_one_error_at_its_field_not_also_missing(session: Session, two: tuple[int, int]) -> None:
    rennes, _ = two
    outcome = filing.file_grid(session, actor=territory_actor(rennes), participation_id=rennes,
                               answers=complete_answers(contact_email="camille.martin-at-exemple.fr"))
    assert not outcome.ok
    about_email = [e for e in outcome.errors if "Courriel" in e]
    assert len(about_email) == 1, outcome.errors
    assert about_email[0].startswith("Courriel du ou de la référente : ") and "n'est pas une adresse" in about_email[0]
    assert not any("manquantes" in e and "Courriel" in e for e in outcome.errors)


def test_callers_find_every_name_on_filing() -> None:
    """dashboard/ and pages/ call ``filing.<name>``: the names moved to the other modules are the same objects."""
    from data_access.space import filing_answers, filing_review, filing_versions

    homes = {name: module for module in (filing_answers, filing_versions, filing_review)
             for name in filing.__all__ if hasattr(module, name)}
    assert {name: getattr(filing, name) for name in homes} == {name: getattr(m, name) for name, m in homes.items()}
    assert set(filing.__all__) - set(homes) == {"COMMENT_MAX_CHARS", "FilingOutcome", "file_grid", "restart_draft",
                                                "return_filing", "save_draft", "validate_filing"}
