"""Which territory a row is (issue 12, issue 24): a code settles homonyms, an ambiguous name waits
for the user's choice, a spelling corrected is said, a name unknown is not called ambiguous, a row
abroad is a territory of its own; every refusal in French, at its cell."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import intake
from data_access.intake.territory_identity import candidate_names
from data_access.models import Territory
from data_access.territories import reference, resolver
from tests.data_access.intake.test_intake import _refused_report, errors_of, run
from tests.support.factories import make_campaign
from tests.support.factories.intake import (
    csv_bytes,
    session_row,
    territory_row,
    workbook,
)


def _validated(*rows: dict[str, Any]) -> intake.ImportReport:
    return intake.validate(intake.read_upload(workbook(list(rows)), "grilles.xlsx"))


def test_code_column_settles_a_homonym(session: Session) -> None:
    make_campaign(session)
    ambiguous = intake.validate(intake.read_upload(csv_bytes([["Nom"], ["Sainte-Colombe"]]), "a.csv"))
    candidate = ambiguous.ambiguous()[0][2][0]
    data = csv_bytes([["Nom", "Code INSEE"], ["Sainte-Colombe", candidate.code]])
    report = run(session, data, "b.csv")
    assert report.ok, errors_of(report)
    assert session.scalars(select(Territory.code)).one() == candidate.code


def test_ambiguous_territory_settled_by_the_users_choice(session: Session) -> None:
    make_campaign(session)
    data = csv_bytes([["Nom"], ["Sainte-Colombe"]])
    first = run(session, data, "a.csv", dry_run=True)
    row, _query, candidates = first.ambiguous()[0]
    report = run(session, data, "a.csv", choices={row: (candidates[1].kind, candidates[1].code)})
    assert report.ok and session.scalars(select(Territory.code)).one() == candidates[1].code


def test_unknown_territory(session: Session) -> None:
    assert "Territoire inconnu" in _refused_report(session, csv_bytes([["Nom"], ["Xqzwvbnk"]]), "a.csv")


def test_ambiguous_territory_on_the_command_line(session: Session) -> None:
    errors = _refused_report(session, csv_bytes([["Nom"], ["Sainte-Colombe"], ["Brest"]]), "a.csv")
    assert "Territoire ambigu" in errors and "Sainte-Colombe" in errors


def test_region_and_departement_with_the_same_code_are_told_apart() -> None:
    region = {"type_collectivite": "Région", "territoire": "Bretagne", "territoire_code": "53"}
    departement = {"type_collectivite": "Département", "territoire": "Mayenne", "territoire_code": "53"}
    raw = intake.read_upload(workbook([territory_row(region), territory_row(departement)],
                                      [session_row(region), session_row(departement)]), "a.xlsx")
    report = intake.validate(raw)
    assert report.ok, errors_of(report)
    assert {e.kind: len(e.sessions or []) for e in report.entries} == {"region": 1, "departement": 1}


def test_a_corrected_spelling_is_shown_and_an_unknown_name_is_not_called_ambiguous(session: Session) -> None:
    """Issue 24 item 8: « Rennnes » became Rennes 35238 with no warning; « Villefranche-sur-Truc »
    was said to be a name « plusieurs collectivités » bear."""
    make_campaign(session)
    dry = run(session, csv_bytes([["Nom"], ["Rennnes"]]), "a.csv", dry_run=True)
    assert dry.ok
    [warning] = [w.message for w in dry.warnings if "Nom corrigé" in w.message]
    assert warning.startswith("Nom corrigé : « Rennnes » a été lu comme « Rennes » (Rennes (35), code 35238).")
    done = run(session, csv_bytes([["Nom"], ["Rennnes"]]), "a.csv")
    assert done.ok and any("Nom corrigé" in w.message for w in done.warnings)
    unknown = run(session, csv_bytes([["Nom"], ["Villefranche-sur-Truc"]]), "b.csv", dry_run=True)
    [error] = [e.message for e in unknown.errors]
    assert error.startswith("Territoire inconnu : « Villefranche-sur-Truc » ne figure pas dans le référentiel. "
                            "Noms proches : Villefranche-sur-Mer (06)")
    assert "plusieurs collectivités" not in error
    assert unknown.ambiguous()  # the import page still offers the close names as a choice


MONTREAL = {"territoire": "Montréal", "pays": "Canada", "latitude": "45,5017", "longitude": "-73,5673"}


def test_a_row_with_a_foreign_country_is_international_and_later_found_by_name(session: Session) -> None:
    make_campaign(session)
    report = run(session, workbook([territory_row(MONTREAL)]))
    assert report.ok, errors_of(report)
    territory = session.scalars(select(Territory).where(Territory.kind == reference.INTERNATIONAL)).one()
    assert (territory.name, territory.country, territory.lat) == ("Montréal", "Canada", 45.5017)
    report = run(session, workbook([territory_row({"territoire": "Montréal"}, opportunites="Plus tard.")]), "b.xlsx")
    assert report.ok, errors_of(report)
    assert report.counts()["mise à jour"] == 1
    assert session.scalar(select(func.count()).select_from(Territory)) == 1


def test_the_resolver_offers_the_stores_partners_abroad(session: Session) -> None:
    make_campaign(session)
    run(session, workbook([territory_row(MONTREAL), territory_row({"territoire": "Abidjan", "pays": "Côte d'Ivoire"})]))
    abroad = reference.stored_international(session)
    montreal = resolver.resolve("Montréal", international=abroad)
    assert montreal.status == "ambiguous"  # French communes of that name compete
    assert montreal.candidates[0].kind == reference.INTERNATIONAL
    abidjan = resolver.resolve("Abidjan", international=abroad)
    assert abidjan.status == "resolved" and abidjan.territory is not None
    assert abidjan.territory.country == "Côte d'Ivoire"
    assert reference.city_long_name("Abidjan") == "Ville d'Abidjan"
    assert reference.city_long_name("Rennes") == "Ville de Rennes"


def test_a_name_that_differs_from_the_official_name_of_its_code_is_said() -> None:
    report = _validated(territory_row({"type_collectivite": "Commune", "territoire": "Renne",
                                       "territoire_code": "35238"}))
    assert report.ok, errors_of(report)
    assert [e.code for e in report.entries] == ["35238"]
    assert "Le nom « Renne » diffère du nom officiel « Rennes » du code 35238." in [w.message for w in report.warnings]


def test_a_row_abroad_needs_a_name_a_country_and_coordinates_on_the_globe() -> None:
    no_name = _validated(territory_row({"territoire_code": "CA-1", "pays": "Canada"}))
    assert errors_of(no_name) == "Une collectivité hors de France demande son nom et son pays."
    north = _validated(territory_row({**MONTREAL, "latitude": "95"}))
    assert errors_of(north) == "« 95 » n'est pas une latitude valide."
    assert north.errors[0].column == "Latitude"
    long_code = _validated(territory_row({**MONTREAL, "territoire_code": "CA-" + "x" * 30}))
    assert errors_of(long_code) == f"Le code « CA-{'x' * 30} » dépasse 20 caractères."
    made = _validated(territory_row({"territoire": "Abidjan", "pays": "Côte d'Ivoire"}))
    assert made.ok, errors_of(made)
    # Without a code, one is made from the country and the name, cut to the column's 20 characters.
    assert made.entries[0].international == {"code": "cote-d-ivoire-abidja", "name": "Abidjan",
                                             "country": "Côte d'Ivoire", "lat": None, "lon": None}


def test_candidates_are_named_with_their_departement_five_at_most() -> None:
    many = resolver.resolve("Sainte-Colombe").candidates
    assert len(many) > 5
    names = candidate_names(many)
    assert names.count("Sainte-Colombe (") == 5 and names.endswith(")…")
    assert names.startswith(f"Sainte-Colombe ({many[0].dep_code}), ")
    abroad = resolver.Candidate(kind=reference.INTERNATIONAL, code="CA-montreal", name="Montréal", dep_code=None,
                                score=100.0, population=None)
    assert candidate_names([abroad]) == "Montréal (International)"
