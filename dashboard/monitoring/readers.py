"""Cached readers of the monitoring pages (carte, suivi, enseignements, fiche territoire).

Each opens one session, calls ``data_access.monitoring`` and returns plain picklable values,
cached per process and keyed by the filters and the data versions of what it reads.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.cache import reader, resource
from dashboard.monitoring import maps, progress_table
from data_access import monitoring
from data_access.access import Actor
from data_access.db import session_scope
from data_access.filters import Filters
from data_access.models import Role, Stage
from data_access.monitoring import figures, voices
from data_access.space import participations
from data_access.space.participations import Contact
from data_access.versions import Aggregate

# A campaign's monitoring figures read its settings, territories, participations and submissions.
CAMPAIGN_DATA: tuple[Aggregate, ...] = ("campaigns", "territories", "participations", "submissions")


@reader(*CAMPAIGN_DATA)
def key_figures(filters: Filters) -> figures.KeyFigures:
    with session_scope() as session:
        return figures.key_figures(session, filters)


@reader(*CAMPAIGN_DATA)
def stage_counts(filters: Filters) -> dict[Stage, int]:
    with session_scope() as session:
        return figures.stage_counts(session, filters)


@reader(*CAMPAIGN_DATA)
def map_points(filters: Filters) -> list[monitoring.MapPoint]:
    with session_scope() as session:
        return monitoring.map_points(session, filters)


@reader(*CAMPAIGN_DATA)
def area_counts(filters: Filters, level: monitoring.Level) -> list[monitoring.AreaCount]:
    with session_scope() as session:
        return monitoring.area_counts(session, filters, level)


@reader(*CAMPAIGN_DATA)
def funnel(filters: Filters) -> dict[Stage, int]:
    with session_scope() as session:
        return monitoring.funnel(session, filters)


@reader(*CAMPAIGN_DATA)
def funnel_by(filters: Filters, by: monitoring.GroupBy) -> dict[str, dict[Stage, int]]:
    with session_scope() as session:
        return monitoring.funnel_by(session, filters, by)


@resource(*CAMPAIGN_DATA, max_entries=32)
def progress_rows(filters: Filters) -> tuple[monitoring.ProgressRow, ...]:
    """Shared, not copied: the Suivi's cold run unpickled these 3,000 frozen rows four times (0.25 s)."""
    with session_scope() as session:
        return tuple(monitoring.progress_rows(session, filters))


def contacts_role(actor: Actor) -> Role | None:
    """What the suivi tables are cached for: the role when it sees the contact columns, else None.

    Keyed on the person, each editor kept their own copy of the 3,000-row tables (and of their
    pages and sort orders); every editor sees the same table, so one copy per role is shared.
    """
    return actor.role if actor.sees_personal_data else None


@reader("participations")
def campaign_contacts(role: Role, campaign_id: int) -> dict[int, Contact]:
    """Coordinators' contacts by participation, for a role that sees them; the data layer refuses lecteurs."""
    reading_as = Actor(email=f"role-{role.value}@concertations", role=role)  # the role is what the check reads
    with session_scope() as session:
        return {c.participation_id: c
                for c in participations.contacts_of_campaign(session, actor=reading_as, campaign_id=campaign_id)}


def _contacts_for(role: Role | None, filters: Filters) -> dict[int, Contact] | None:
    if role is None or filters.campaign_id is None:
        return None
    return campaign_contacts(role, filters.campaign_id)


@reader(*CAMPAIGN_DATA)
def question_completion(filters: Filters) -> list[monitoring.QuestionCompletion]:
    with session_scope() as session:
        return monitoring.question_completion(session, filters)


@reader(*CAMPAIGN_DATA)
def finding_themes_by_kind(filters: Filters) -> list[tuple[str, str, int]]:
    with session_scope() as session:
        return monitoring.finding_themes_by_kind(session, filters)


@reader(*CAMPAIGN_DATA)
def finding_categories_by_theme(filters: Filters, categories: tuple[str, ...]) -> list[tuple[str, str, int]]:
    with session_scope() as session:
        return monitoring.finding_categories_by_theme(session, filters, categories)


@reader(*CAMPAIGN_DATA)
def sessions_by_publics(filters: Filters) -> list[tuple[str, int, int]]:
    with session_scope() as session:
        return monitoring.sessions_by_publics(session, filters)


@reader(*CAMPAIGN_DATA)
def sessions_by_format(filters: Filters) -> list[tuple[str, int, int]]:
    with session_scope() as session:
        return monitoring.sessions_by_format(session, filters)


@reader(*CAMPAIGN_DATA)
def sessions_by_day(filters: Filters) -> list[tuple[dt.date, int, int]]:
    with session_scope() as session:
        return list(monitoring.sessions_by_day(session, filters))


@reader(*CAMPAIGN_DATA)
def region_summaries(filters: Filters) -> list[monitoring.RegionSummary]:
    with session_scope() as session:
        return monitoring.region_summaries(session, filters)


@reader(*CAMPAIGN_DATA)
def latest_activity(filters: Filters, limit: int = 8) -> list[monitoring.Activity]:
    with session_scope() as session:
        return monitoring.latest_activity(session, filters, limit=limit)


@reader(*CAMPAIGN_DATA)
def territory_options(filters: Filters) -> list[tuple[int, str]]:
    with session_scope() as session:
        return monitoring.territory_options(session, filters)


@reader(*CAMPAIGN_DATA, "manifesto")
def territory_sheet(participation_id: int, with_contacts: bool) -> monitoring.TerritorySheet | None:
    with session_scope() as session:
        return monitoring.territory_sheet(session, participation_id, with_contacts=with_contacts)



@reader(*CAMPAIGN_DATA, max_entries=32)
def _progress_frame(filters: Filters, as_of: dt.date, role: Role | None) -> pd.DataFrame:
    return progress_table.progress_frame(progress_rows(filters), as_of=as_of, contacts=_contacts_for(role, filters))


def progress_frame(filters: Filters, as_of: dt.date, actor: Actor) -> pd.DataFrame:
    """The suivi table, built once per filters, date and role (3,000 rows at scale 20 cost ~0,1 s to build)."""
    return _progress_frame(filters, as_of, contacts_role(actor))


@reader(*CAMPAIGN_DATA, max_entries=32)
def _progress_order(filters: Filters, as_of: dt.date, role: Role | None, column: str, descending: bool) -> list[int]:
    return progress_table.sort_order(_progress_frame(filters, as_of, role), column, descending=descending)


def progress_order(filters: Filters, as_of: dt.date, actor: Actor, column: str, descending: bool) -> list[int]:
    """The suivi table's row order for a sort: sorting 3,000 rows with French collation is ~20 ms a rerun."""
    return _progress_order(filters, as_of, contacts_role(actor), column, descending)


def progress_matches(filters: Filters, as_of: dt.date, actor: Actor, search: str) -> pd.DataFrame:
    """The suivi table's rows matching the search, in the table's order (what the exports hold)."""
    return progress_table.matching(progress_frame(filters, as_of, actor), search)


@reader(*CAMPAIGN_DATA, max_entries=64)
def _progress_shape(filters: Filters, as_of: dt.date, role: Role | None, search: str) -> tuple[list[str], int]:
    frame = progress_table.matching(_progress_frame(filters, as_of, role), search)
    return list(frame.columns), len(frame)


def progress_shape(filters: Filters, as_of: dt.date, actor: Actor, search: str) -> tuple[list[str], int]:
    """The suivi table's columns and its number of rows for a search: what its widgets need."""
    return _progress_shape(filters, as_of, contacts_role(actor), search)


@reader(*CAMPAIGN_DATA, max_entries=256)
def _progress_page(filters: Filters, as_of: dt.date, role: Role | None, search: str, column: str, descending: bool,
                   page: int) -> pd.DataFrame:
    frame = _progress_frame(filters, as_of, role)
    ordered = frame.iloc[_progress_order(filters, as_of, role, column, descending)]
    return progress_table.page_of(progress_table.matching(ordered, search), page)


def progress_page(filters: Filters, as_of: dt.date, actor: Actor, search: str, column: str, descending: bool,
                  page: int) -> pd.DataFrame:
    """One page of the sorted suivi table (the search keeps the matching rows in the sort order)."""
    return _progress_page(filters, as_of, contacts_role(actor), search, column, descending, page)


@reader(*CAMPAIGN_DATA)
def default_situation_day(campaign_id: int, end_date: dt.date | None, today: dt.date) -> dt.date:
    """« Situation au » by default: a date, so a rerun does not unpickle 3,000 progress rows for it.

    The campaign's date, never the filtered set's: read from the filtered rows it moved with the
    filters (14/02 with Région = Bretagne, 07/03 without), and one territory had two « jours écoulés ».
    """
    return progress_table.default_as_of(progress_rows(Filters(campaign_id=campaign_id)), end_date=end_date,
                                        today=today)


@reader(*CAMPAIGN_DATA, max_entries=32)
def _stuck_frame(filters: Filters, min_days: int, as_of: dt.date, role: Role | None) -> pd.DataFrame:
    return progress_table.stuck_frame(progress_rows(filters), min_days=min_days, as_of=as_of,
                                      contacts=_contacts_for(role, filters))


def stuck_frame(filters: Filters, min_days: int, as_of: dt.date, actor: Actor) -> pd.DataFrame:
    return _stuck_frame(filters, min_days, as_of, contacts_role(actor))


@reader(*CAMPAIGN_DATA, max_entries=32)
def _stuck_head(filters: Filters, min_days: int, as_of: dt.date, role: Role | None,
                limit: int) -> tuple[int, pd.DataFrame]:
    stuck = _stuck_frame(filters, min_days, as_of, role)
    return len(stuck), stuck.head(limit)


def stuck_head(filters: Filters, min_days: int, as_of: dt.date, actor: Actor, limit: int) -> tuple[int, pd.DataFrame]:
    """How many territories to remind, and the ``limit`` oldest (the page shows those; the export all)."""
    return _stuck_head(filters, min_days, as_of, contacts_role(actor), limit)


@reader(*CAMPAIGN_DATA, max_entries=64)
def map_layers(filters: Filters, level: monitoring.Level, measure: maps.Measure) -> maps.MapLayers:
    """The map's serialised layers: a rerun unpickles three strings, not 3,000 points."""
    return maps.prepare_layers(map_points(filters), area_counts(filters, level), level=level, measure=measure)


@reader(*CAMPAIGN_DATA, max_entries=256)
def map_point(filters: Filters, participation_id: int | None = None,
              near: tuple[float, float] | None = None) -> monitoring.MapPoint | None:
    """One drawn territory, by id or nearest to a clicked position."""
    points = map_points(filters)
    if near is not None:
        return maps.nearest_point(points, near[0], near[1])
    return next((p for p in points if p.participation_id == participation_id), None)



@reader(*CAMPAIGN_DATA, "manifesto")
def territory_voices(filters: Filters) -> list[voices.Voice]:
    """What the filtered territories said (proposals and findings), each with its theme.

    No suggested sections here: they need the whole campaign's meaning pool (seconds to minutes
    at scale 20), and a commission page must answer at once; the Atelier's review queue has them."""
    with session_scope() as session:
        return voices.voices(session, filters, {})


@reader(*CAMPAIGN_DATA, "manifesto")
def voices_by_theme(filters: Filters) -> list[voices.ThemeVoices]:
    # Read directly, not through territory_voices: that cache holds every text of the filter (12.8 MB
    # pickled at scale 20), which the page needs only when the CSV is asked for.
    with session_scope() as session:
        return voices.by_theme(voices.voices(session, filters, {}))
