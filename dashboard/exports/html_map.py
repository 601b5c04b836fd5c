"""The offline HTML map: the Carte page's own map (``dashboard.monitoring.maps``) with a title,
a legend naming the partners abroad and a source line, made self-contained by ``offline_html``.

One builder for the page and the file: same colours, same classes, same markers and popups.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

import folium

from dashboard.monitoring import maps
from dashboard.text import formatting
from data_access.monitoring import AreaCount, Level, MapPoint
from data_access.territories import reference

TITLE = "Territoires engagés dans les concertations sur l'IA"


def _abroad(points: Sequence[MapPoint]) -> list[str]:
    return sorted({point.name for point in points if point.kind == reference.INTERNATIONAL})


def title_html(points: Sequence[MapPoint], *, title: str = TITLE) -> str:
    abroad = _abroad(points)
    line = formatting.plural(len(points), "territoire engagé placé", "territoires engagés placés") + " sur la carte"
    if abroad:
        line += f", dont {formatting.number(len(abroad))} à l'international"
    return f"<strong style='font-size:15px'>{html.escape(title)}</strong><br>{html.escape(line)}."


def partners_html(points: Sequence[MapPoint]) -> str:
    """An « International » box in the legend: the partners abroad, by name."""
    abroad = _abroad(points)
    if not abroad:
        return ""
    return ("<hr style='margin:4px 0'><strong>International</strong><div>"
            + html.escape(", ".join(abroad)) + "</div>")


def build_offline_map(points: Sequence[MapPoint], areas: Sequence[AreaCount], *, data_date: dt.date,
                      level: Level = "departements", measure: maps.Measure = "engaged",
                      tiles: bool = False) -> folium.Map:
    """The Carte page's map (choropleth and points) with its title, legend and source."""
    return maps.build_engagement_map(
        points, areas, level=level, measure=measure, tiles="openstreetmap" if tiles else "aucun",
        title=title_html(points), data_date=data_date, extra_legend=partners_html(points),
    )
