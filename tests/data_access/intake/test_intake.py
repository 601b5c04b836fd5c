"""Import of grid files: round trip, idempotence, versions, and every bad input of issue 6."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import config, demo, intake
from data_access.errors import PermissionDenied, ValidationError
from data_access.filters import Filters
from data_access.intake import template
from data_access.models import (
    AuditEvent,
    Campaign,
    CharterSignature,
    ConcertationSession,
    GridResponse,
    Participation,
    Proposal,
    Stage,
    Territory,
)
from data_access.monitoring import figures
from tests.support.factories import ADMIN, EDITOR, READER, make_campaign
from tests.support.factories.intake import (
    BREST,
    csv_bytes,
    proposal_row,
    session_row,
    territory_row,
    workbook,
)

FAVICON = Path(__file__).resolve().parents[3] / "dashboard" / "static" / "favicon.png"
COUNTED = (Campaign, Territory, Participation, CharterSignature, ConcertationSession, GridResponse, Proposal,
           AuditEvent)


def snapshot(session: Session) -> dict[str, int]:
    session.flush()
    return {model.__name__: int(session.scalar(select(func.count()).select_from(model)) or 0) for model in COUNTED}


def run(session: Session, data: bytes, filename: str = "grilles.xlsx", **kwargs: object) -> intake.ImportReport:
    return intake.run_import(session, actor=EDITOR, data=data, filename=filename, **kwargs)  # type: ignore[arg-type]


def refused(session: Session, data: bytes, filename: str) -> str:
    before = snapshot(session)
    with pytest.raises(ValidationError) as caught:
        run(session, data, filename)
    assert snapshot(session) == before
    return str(caught.value)


def errors_of(report: intake.ImportReport) -> str:
    return "\n".join(issue.message for issue in report.errors)


# --------------------------------------------------------------------------- happy paths


def test_round_trip_of_the_demo_campaign_gives_the_same_figures(session: Session) -> None:
    demo.generate(session, actor=ADMIN, scale=1, seed=7)
    campaign_id = session.scalars(select(Campaign.id)).one()
    expected = figures.key_figures(session, Filters(campaign_id=campaign_id))
    expected_stages = figures.stage_counts(session, Filters(campaign_id=campaign_id))
    data = template.export_campaign(session, campaign_id)
    demo.clear_store(session)
    session.flush()

    report = intake.run_import(session, actor=ADMIN, data=data, filename="demo.xlsx")

    assert report.ok, errors_of(report)
    new_campaign = session.scalars(select(Campaign.id)).one()
    assert figures.key_figures(session, Filters(campaign_id=new_campaign)) == expected
    assert figures.stage_counts(session, Filters(campaign_id=new_campaign)) == expected_stages
    assert session.scalar(select(func.count()).select_from(Territory).where(Territory.kind == "international")) == 3


def test_import_creates_participation_sessions_grid_and_proposals(session: Session) -> None:
    make_campaign(session)
    data = workbook([territory_row()], [session_row()], [proposal_row(), proposal_row(**{"propositions.texte": "B"})])
    report = run(session, data)
    assert report.ok, errors_of(report)
    participation = session.scalars(select(Participation)).one()
    assert participation.stage == Stage.GRILLE_DEPOSEE.value
    assert participation.contact_email == "camille.martin@exemple.fr"
    assert session.scalars(select(ConcertationSession.participants)).all() == [35]
    assert sorted(session.scalars(select(Proposal.text))) == ["B", "Former tous les agents à l'IA."]
    response = session.scalars(select(GridResponse)).one()
    assert response.version == 1 and response.is_current and response.source == "import"
    assert 0 < response.completion < 1


def test_dry_run_changes_nothing_and_says_what_would_happen(session: Session) -> None:
    make_campaign(session)
    before = snapshot(session)
    report = run(session, workbook([territory_row(), territory_row(BREST)]), dry_run=True)
    assert report.ok and not report.applied
    assert report.counts()["création"] == 2
    assert snapshot(session) == before


def test_same_file_twice_creates_nothing_the_second_time(session: Session) -> None:
    make_campaign(session)
    data = workbook([territory_row()], [session_row()], [proposal_row()])
    run(session, data)
    after_first = snapshot(session)
    second = run(session, data)
    assert second.already_imported and second.counts()["inchangé"] == 1
    assert snapshot(session) == after_first


def test_same_content_in_another_file_is_unchanged(session: Session) -> None:
    make_campaign(session)
    run(session, workbook([territory_row()], [session_row()], [proposal_row()]))
    exported = template.export_campaign(session, session.scalars(select(Campaign.id)).one())
    before = snapshot(session)
    report = run(session, exported, "export.xlsx")
    assert report.ok and report.counts() == {"création": 0, "mise à jour": 0, "inchangé": 1}
    assert {k: v for k, v in snapshot(session).items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"}


def test_changed_answers_become_a_new_version_and_the_old_one_stays(session: Session) -> None:
    make_campaign(session)
    run(session, workbook([territory_row()], [], [proposal_row()]))
    kept_id = session.scalars(select(Proposal.id)).one()
    report = run(session, workbook([territory_row(opportunites="Autre réponse.")], [],
                                   [proposal_row(), proposal_row(**{"propositions.texte": "Nouvelle"})]))
    assert report.ok and report.counts()["mise à jour"] == 1
    versions = session.execute(select(GridResponse.version, GridResponse.is_current, GridResponse.answers)
                               .order_by(GridResponse.version)).all()
    assert [(v, current) for v, current, _ in versions] == [(1, False), (2, True)]
    assert versions[0][2]["opportunites"] == "Mieux répondre aux usagers."
    assert versions[1][2]["opportunites"] == "Autre réponse."
    assert kept_id in session.scalars(select(Proposal.id)).all()  # unchanged proposal keeps its id
    assert session.scalar(select(func.count()).select_from(Proposal)) == 2


def test_every_import_is_audited_with_file_name_and_hash(session: Session) -> None:
    make_campaign(session)
    data = workbook([territory_row()])
    report = run(session, data, "../../etc/grilles mars.xlsx")
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == intake.IMPORT_ACTION)).one()
    assert event.actor == EDITOR.email
    assert event.after is not None and event.after["fichier"] == "grilles mars.xlsx"
    assert event.after["sha256"] == intake.sha256(data) == report.sha256


def test_import_into_an_empty_store_creates_a_campaign(session: Session) -> None:
    with pytest.raises(PermissionDenied, match="créer une campagne"):
        run(session, workbook([territory_row()]))  # an editor may not create the campaign
    report = intake.run_import(session, actor=ADMIN, data=workbook([territory_row()]), filename="a.xlsx")
    assert report.ok
    assert session.scalar(select(func.count()).select_from(Campaign)) == 1


def test_a_reader_may_not_import(session: Session) -> None:
    with pytest.raises(PermissionDenied):
        intake.run_import(session, actor=READER, data=workbook([territory_row()]), filename="a.xlsx")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_in_every_encoding_and_separator(session: Session, encoding: str, delimiter: str) -> None:
    make_campaign(session)
    data = csv_bytes([["Nom de la collectivité", "Code INSEE ou SIREN de la collectivité", "Thèmes abordés",
                       "Quelles opportunités l'IA offre-t-elle pour votre territoire ?"],
                      ["Brest", "29019", "éducation et jeunesse; MOBILITES", "Données ouvertes, énergie"]],
                     delimiter=delimiter, encoding=encoding)
    report = run(session, data, "export.csv")
    assert report.ok, errors_of(report)
    answers = session.scalars(select(GridResponse.answers)).one()
    assert answers["themes"] == ["Éducation et jeunesse", "Mobilités"]
    assert answers["opportunites"] == "Données ouvertes, énergie"


def test_flat_form_export_with_a_saved_mapping(session: Session) -> None:
    make_campaign(session)
    data = csv_bytes([["Horodateur", "Votre collectivité", "Code", "Idée n°1", "Chapitre idée 1", "Date atelier",
                       "Format atelier", "Publics atelier", "Participants atelier"],
                      ["2025-01-05", "Rennes", "35238", "Ouvrir les données", "ia ouverte et democratique",
                       "12/12/2024", "Atelier", "citoyens", "40"]])
    mapping = {"Votre collectivité": "territoire", "Code": "territoire_code", "Idée n°1": "propositions.1.texte",
               "Chapitre idée 1": "propositions.1.chapitre", "Date atelier": "sessions.1.date",
               "Format atelier": "sessions.1.format", "Publics atelier": "sessions.1.publics",
               "Participants atelier": "sessions.1.participants"}
    intake.save_preset(session, actor=EDITOR, name="Formulaire Rennes", mapping=mapping)
    saved = intake.list_presets(session)["Formulaire Rennes"]
    report = run(session, data, "formulaire.csv", mapping=saved)
    assert report.ok, errors_of(report)
    assert any("Horodateur" in w.message for w in report.warnings)
    assert session.scalars(select(Proposal.chapter)).all() == ["IA ouverte et démocratique"]
    assert session.scalars(select(ConcertationSession.held_on)).all() == [dt.date(2024, 12, 12)]


def test_dates_in_french_iso_and_excel_serial_forms() -> None:
    assert intake.parse_date("14/02/2025") == dt.date(2025, 2, 14)
    assert intake.parse_date("2025-02-14") == dt.date(2025, 2, 14)
    assert intake.parse_date(45702) == dt.date(2025, 2, 14)
    assert intake.parse_date("45702") == dt.date(2025, 2, 14)
    assert intake.parse_date(dt.datetime(2025, 2, 14, 0, 0)) == dt.date(2025, 2, 14)


def test_formula_is_stored_as_text_never_evaluated(session: Session) -> None:
    make_campaign(session)
    report = run(session, workbook([territory_row(opportunites="=1+1")]))
    assert report.ok
    assert any("Formule" in w.message for w in report.warnings)
    assert session.scalars(select(GridResponse.answers)).one()["opportunites"] == "=1+1"


def test_html_and_script_are_stored_as_text(session: Session) -> None:
    make_campaign(session)
    hostile = '<script>alert("x")</script><b>gras</b>'
    report = run(session, workbook([territory_row()], [], [proposal_row(**{"propositions.texte": hostile})]))
    assert report.ok
    assert session.scalars(select(Proposal.text)).one() == hostile


def test_report_files_neutralise_formulas(session: Session) -> None:
    report = intake.ImportReport(filename="a.csv", sha256="0")
    report.issues.append(intake.Issue("erreur", "=HYPERLINK(\"x\")", territory="=cmd"))
    assert b"'=cmd" in template.report_csv(report)
    book = load_workbook(io.BytesIO(template.report_xlsx(report)))
    assert book["Rapport"]["E2"].data_type == "s"


# --------------------------------------------------------------------------- bad input: refused, store unchanged


def test_empty_file(session: Session) -> None:
    assert "est vide" in refused(session, b"", "vide.csv")
    assert "est vide" in refused(session, b"  \n", "vide.xlsx")


def test_image_renamed_xlsx_or_csv(session: Session) -> None:
    png = FAVICON.read_bytes()
    assert "image PNG" in refused(session, png, "grille.xlsx")
    assert "image PNG" in refused(session, png, "grille.csv")
    assert "binaire" in refused(session, b"\x00\x01\x02abc" * 20, "grille.csv")


def test_password_protected_or_corrupt_xlsx(session: Session) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert "mot de passe" in refused(session, ole, "protege.xlsx")
    good = workbook([territory_row()])
    assert "endommagé" in refused(session, good[: len(good) // 2], "coupe.xlsx")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("photo.txt", "pas un classeur")
    assert "endommagé" in refused(session, other_zip.getvalue(), "archive.xlsx")


def test_file_over_the_size_limit(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("data_access.intake.reading.limits", lambda: config.Limits(upload_max_mb=1))
    message = refused(session, b"a;b\n" * 300_000, "gros.csv")
    assert "limite de 1 Mo" in message


def _refused_report(session: Session, data: bytes, filename: str = "grilles.xlsx") -> str:
    make_campaign(session)
    before = snapshot(session)
    report = run(session, data, filename)
    assert not report.ok and not report.applied
    assert snapshot(session) == before
    return errors_of(report)


def test_missing_required_columns(session: Session) -> None:
    assert "Colonnes obligatoires manquantes" in _refused_report(session, csv_bytes([["Thèmes"], ["Mobilités"]]), "a.csv")


def test_duplicate_rows(session: Session) -> None:
    assert "Ligne en double" in _refused_report(session, workbook([territory_row(), territory_row()]))


def test_impossible_date(session: Session) -> None:
    errors = _refused_report(session, workbook([territory_row(charte_date="31/02/2025")]))
    assert "la date « 31/02/2025 » n'existe pas" in errors.lower()


def test_negative_participants(session: Session) -> None:
    errors = _refused_report(session, workbook([territory_row()], [session_row(**{"sessions.participants": -4})]))
    assert "inférieur au minimum" in errors


def test_unknown_choice_is_refused_with_the_allowed_values(session: Session) -> None:
    errors = _refused_report(session, workbook([territory_row()], [session_row(**{"sessions.format": "barbecue"})]))
    assert "« barbecue » n'est pas une valeur permise" in errors and "atelier" in errors


def test_extremely_long_text_states_the_limit(session: Session) -> None:
    errors = _refused_report(session, workbook([territory_row(opportunites="x" * 10_001)]))
    assert "Texte trop long" in errors and "10\u202f000" in errors


def test_block_row_linked_to_no_territory(session: Session) -> None:
    errors = _refused_report(session, workbook([territory_row()], [session_row(BREST)]))
    assert "ne figure pas dans la feuille" in errors


def test_one_bad_row_among_good_ones_imports_nothing(session: Session) -> None:
    errors = _refused_report(session, workbook([territory_row(), territory_row(BREST, charte_date="2025-13-01")]))
    assert "n'existe pas" in errors


def test_not_a_workbook_of_the_template_but_a_plain_sheet(session: Session) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Collectivité", "Code INSEE"])
    sheet.append(["Brest", "29019"])
    buffer = io.BytesIO()
    book.save(buffer)
    make_campaign(session)
    report = run(session, buffer.getvalue(), "formulaire.xlsx")
    assert report.ok, errors_of(report)
    assert report.counts()["création"] == 1


def test_replaced_sessions_are_audited_before_and_after(session: Session) -> None:
    make_campaign(session)
    run(session, workbook([territory_row()], [session_row()]))
    run(session, workbook([territory_row()], [session_row(**{"sessions.participants": 50})]))
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "participation.import")
                            .order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.before is not None and event.after is not None
    assert event.before["sessions"] == ["2024-11-20 atelier (35)"]
    assert event.after["sessions"] == ["2024-11-20 atelier (50)"]
    assert session.scalars(select(ConcertationSession.participants)).all() == [50]


def test_a_stage_never_goes_back_and_the_report_says_so(session: Session) -> None:
    make_campaign(session)
    run(session, workbook([territory_row(etape="Grille validée")]))
    report = run(session, workbook([territory_row(etape="Grille déposée")]))
    assert report.ok and report.counts()["inchangé"] == 1
    assert any("ne recule pas" in w.message for w in report.warnings)
    assert session.scalars(select(Participation.stage)).one() == Stage.GRILLE_VALIDEE.value
