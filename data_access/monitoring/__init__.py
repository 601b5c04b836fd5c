"""Monitoring queries: map points, areas, funnel, progress table, findings, territory sheet.

Everything is aggregated in SQL and returned as small frozen dataclasses or plain rows, so the
cached readers can pickle them. Figures also shown by the home page (engaged territories,
stage counts) come from ``data_access.monitoring.figures``; the funnel is derived from them.

This module is the package's public surface; the queries live in ``scope``, ``map_data``,
``progress``, ``findings`` and ``territory_sheet``."""

from data_access.monitoring.findings import (
    Activity,
    RegionSummary,
    finding_categories_by_theme,
    finding_themes_by_kind,
    latest_activity,
    region_summaries,
    sessions_by_day,
    sessions_by_format,
    sessions_by_publics,
)
from data_access.monitoring.map_data import AreaCount, MapPoint, area_counts, map_points
from data_access.monitoring.progress import (
    FUNNEL_STAGES,
    ProgressRow,
    QuestionCompletion,
    funnel,
    funnel_by,
    progress_rows,
    question_completion,
    stuck,
)
from data_access.monitoring.scope import GroupBy, Level
from data_access.monitoring.territory_sheet import (
    AnswerRow,
    ManifestoUse,
    SectionAnswers,
    SessionRow,
    TerritorySheet,
    manifesto_uses,
    territory_options,
    territory_sheet,
)

__all__ = [
    "FUNNEL_STAGES",
    "Activity",
    "AnswerRow",
    "AreaCount",
    "GroupBy",
    "Level",
    "ManifestoUse",
    "MapPoint",
    "ProgressRow",
    "QuestionCompletion",
    "RegionSummary",
    "SectionAnswers",
    "SessionRow",
    "TerritorySheet",
    "area_counts",
    "finding_categories_by_theme",
    "finding_themes_by_kind",
    "funnel",
    "funnel_by",
    "latest_activity",
    "manifesto_uses",
    "map_points",
    "progress_rows",
    "question_completion",
    "region_summaries",
    "sessions_by_day",
    "sessions_by_format",
    "sessions_by_publics",
    "stuck",
    "territory_options",
    "territory_sheet",
]
