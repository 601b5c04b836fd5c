"""Monitoring queries on a small hand-made campaign (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from data_access import monitoring
from data_access.filters import Filters
from data_access.intake.grid import load_definition
from data_access.models import Stage
from data_access.monitoring import figures
from tests.support.factories.monitoring import HOSTILE_NAME, make_monitoring_data


def test_map_points_carry_stage_charter_and_completion(session: Session) -> None:
    data = make_monitoring_data(session)
    points = {p.participation_id: p for p in monitoring.map_points(session, Filters(campaign_id=data.campaign.id))}
    assert set(points) == {data.rennes.id, data.nantes.id, data.region.id, data.hostile.id}
    assert points[data.nantes.id].charter_on == dt.date(2024, 10, 15)
    assert points[data.rennes.id].charter_on is None  # advanced without a charter record
    assert points[data.hostile.id].name == HOSTILE_NAME
    # Rennes answered territoire, opportunités and réseaux; the hostile city four questions.
    units = len(load_definition().completion_units())
    assert points[data.rennes.id].grid_completion == 3 / units
    assert points[data.hostile.id].grid_completion == 4 / units
    assert points[data.nantes.id].grid_completion == points[data.region.id].grid_completion == 0.0


def test_filters_restrict_every_query(session: Session) -> None:
    data = make_monitoring_data(session)
    only_communes = Filters(campaign_id=data.campaign.id, kinds=("commune",))
    assert {p.name for p in monitoring.map_points(session, only_communes)} == {"Rennes", "Nantes"}
    assert monitoring.funnel(session, only_communes)[Stage.ENGAGE] == 2
    bretagne = Filters(campaign_id=data.campaign.id, reg_codes=("53",))
    assert {a.code for a in monitoring.area_counts(session, bretagne, "departements")} == {"35"}
    assert [r.reg_code for r in monitoring.region_summaries(session, bretagne)] == ["53"]
    urbaine = Filters(campaign_id=data.campaign.id, networks=("France urbaine",))
    assert [row.name for row in monitoring.progress_rows(session, urbaine)] == ["Nantes"]


def test_funnel_is_the_cumulative_of_the_home_page_stage_counts(session: Session) -> None:
    data = make_monitoring_data(session)
    filters = Filters(campaign_id=data.campaign.id)
    reached = monitoring.funnel(session, filters)
    assert reached[Stage.ENGAGE] == figures.engaged_territories(session, filters) == 4
    assert reached[Stage.CHARTE_SIGNEE] == figures.charters_signed(session, filters) == 3
    assert reached[Stage.GRILLE_DEPOSEE] == figures.grids_submitted(session, filters) == 2
    assert reached[Stage.GRILLE_VALIDEE] == 1
    by_kind = monitoring.funnel_by(session, filters, "kind")
    assert sum(groups[Stage.ENGAGE] for groups in by_kind.values()) == reached[Stage.ENGAGE]
    assert by_kind["commune"][Stage.CHARTE_SIGNEE] == 2


def test_area_counts_and_charter_rate(session: Session) -> None:
    data = make_monitoring_data(session)
    areas = {a.code: a for a in monitoring.area_counts(session, Filters(campaign_id=data.campaign.id), "regions")}
    assert areas["53"].engaged == 2 and areas["53"].charters == 1
    assert areas["53"].charter_rate == 0.5
    assert areas["52"].engaged == 1 and areas["52"].charter_rate == 1.0


def test_progress_rows_pivot_step_dates_and_carry_no_contacts(session: Session) -> None:
    data = make_monitoring_data(session)
    filters = Filters(campaign_id=data.campaign.id)
    rows = {r.participation_id: r for r in monitoring.progress_rows(session, filters)}
    rennes = rows[data.rennes.id]
    assert rennes.step_dates[Stage.ENGAGE.value] == dt.date(2024, 10, 1)
    assert rennes.step_dates[Stage.GRILLE_DEPOSEE.value] == dt.date(2024, 10, 11)
    assert rennes.step_dates[Stage.GRILLE_VALIDEE.value] is None
    # Contacts are personal data: only participations.contacts_of_campaign (role-checked) reads them.
    assert not any(field.startswith("contact") for field in vars(rennes))
    assert rennes.days_since_last_step(dt.date(2024, 11, 10)) == 30


def test_stuck_lists_territories_waiting_at_least_the_given_days(session: Session) -> None:
    data = make_monitoring_data(session)
    rows = monitoring.progress_rows(session, Filters(campaign_id=data.campaign.id))
    as_of = dt.date(2024, 12, 1)
    stuck = monitoring.stuck(rows, min_days=30, as_of=as_of)
    # Région engaged 1 Nov (30 days), Rennes 11 Oct (51), Nantes 15 Oct (47); the validated grid never.
    assert [r.participation_id for r in stuck] == [data.rennes.id, data.nantes.id, data.region.id]
    assert data.hostile.id not in {r.participation_id for r in stuck}
    assert monitoring.stuck(rows, min_days=60, as_of=as_of) == []


def test_question_completion_counts_non_empty_answers(session: Session) -> None:
    data = make_monitoring_data(session)
    questions = {q.question_id: q for q in monitoring.question_completion(session, Filters(campaign_id=data.campaign.id))}
    assert questions["territoire"].answered == 2 and questions["territoire"].responses == 2
    assert questions["opportunites"].answered == 2
    assert questions["risques"].answered == 1  # "" is not an answer
    assert questions["themes"].answered == 1  # [] is not an answer
    assert questions["controle"].answered == 0
    assert questions["propositions"].share == 0.0


def test_findings_and_sessions_aggregates(session: Session) -> None:
    data = make_monitoring_data(session)
    filters = Filters(campaign_id=data.campaign.id)
    themes = monitoring.finding_themes_by_kind(session, filters)
    assert themes == [("Emploi et formation", "international", 1), ("Mobilités", "commune", 1),
                      ("Mobilités", "international", 1)]
    balance = monitoring.finding_categories_by_theme(session, filters, ("opportunite", "risque"))
    assert balance == [("Emploi et formation", "opportunite", 1), ("Mobilités", "opportunite", 1),
                       ("Mobilités", "risque", 1)]
    assert dict((p, (s, n)) for p, s, n in monitoring.sessions_by_publics(session, filters)) == {
        "citoyens": (2, 65), "élus": (1, 25)}
    assert monitoring.sessions_by_format(session, filters) == [("atelier", 1, 25), ("réunion publique", 1, 40)]
    assert monitoring.sessions_by_day(session, filters)[0] == (dt.date(2024, 11, 10), 1, 25)
    latest = monitoring.latest_activity(session, filters, limit=1)
    assert latest[0].participation_id == data.hostile.id and latest[0].stage == Stage.GRILLE_VALIDEE.value


def test_territory_sheet_gathers_everything_and_manifesto_uses(session: Session) -> None:
    data = make_monitoring_data(session)
    sheet = monitoring.territory_sheet(session, data.hostile.id)
    assert sheet is not None
    assert sheet.name == HOSTILE_NAME and sheet.kind == "international"
    assert [stage for stage, _ in sheet.transitions][-1] == Stage.GRILLE_VALIDEE.value
    assert len(sheet.sessions) == 1 and sheet.sessions[0].participants == 40
    assert [s.section_id for s in sheet.sections] == [s.id for s in load_definition().sections]
    assert not any(field.startswith("contact") for field in vars(sheet))
    identity = next(s for s in sheet.sections if s.section_id == "identite")
    assert all(a.value is None for a in identity.answers if a.personal)
    assert [(u.section_title, u.wording) for u in sheet.manifesto_uses] == [(data.section_title, data.item_wording)]
    other = monitoring.territory_sheet(session, data.rennes.id, with_contacts=True)
    assert other is not None and other.manifesto_uses == ()
    assert monitoring.territory_sheet(session, 999_999) is None


def test_an_engaged_region_is_placed_at_its_chef_lieu_not_its_centroid(session: Session) -> None:
    from data_access.territories import reference
    from data_access.territories.reference import REGION_SEAT_OFFSET
    from tests.support.factories import make_campaign, make_participation

    campaign = make_campaign(session, slug="regions")
    make_participation(session, campaign, kind="region", code="53")
    make_participation(session, campaign, kind="commune", code="35238")
    points = {p.kind: p for p in monitoring.map_points(session, Filters(campaign_id=campaign.id))}
    rennes = reference.get("commune", "35238")
    assert rennes is not None and rennes.lat is not None
    assert (points["region"].lat, points["region"].lon) == (rennes.lat + REGION_SEAT_OFFSET, rennes.lon)
    # Rennes and the Bretagne ring around it stay two distinct click targets.
    assert round(points["region"].lat, 4) != round(points["commune"].lat, 4)


def test_territory_options_show_official_codes_and_a_partner_abroad_by_its_country(session: Session) -> None:
    data = make_monitoring_data(session)
    labels = dict(monitoring.territory_options(session, Filters(campaign_id=data.campaign.id)))
    assert labels[data.rennes.id] == "Rennes (commune, 35238)"
    assert labels[data.hostile.id] == f"{HOSTILE_NAME} (international, Canada)"  # not « ville-hostile »
