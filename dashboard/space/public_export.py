"""``concertations export public``: the public page « Territoires engagés » as static files.

``index.html`` (key figures, map, list), ``carte.html`` (the map, self-contained: Leaflet and
the contours inlined by ``dashboard.exports.offline_html``) and ``style.css``: a folder that
opens from ``file://`` with no network and that an association can put on its website.
Everything comes from ``data_access.space.public``, which reads no contact field; the
map's popups say name, type and stage only.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import folium

from dashboard.cache import reader
from dashboard.exports import html_map, offline_html
from dashboard.monitoring import maps
from dashboard.space import public, public_commitments
from dashboard.text import formatting
from dashboard.ui import palette
from data_access.commitments.views import PublicCommitments
from data_access.db import session_scope
from data_access.models import Stage
from data_access.monitoring import AreaCount, MapPoint
from data_access.space import public as territories_public
from data_access.space.public import PublicSummary
from data_access.territories import reference

TITLE = "Les territoires engagés"
MAP_FILE = "carte.html"
STYLE_FILE = "style.css"
INDEX_FILE = "index.html"

STYLE = f"""
body {{ font-family: "Marianne", "Liberation Sans", Arial, sans-serif; color: {palette.INK};
       background: {palette.BACKGROUND}; margin: 0; line-height: 1.5; }}
main {{ max-width: 1100px; margin: 0 auto; padding: 1.5rem 1rem 3rem; }}
h1 {{ color: {palette.PRIMARY}; margin-bottom: .25rem; }}
.campagne {{ color: {palette.MUTED_INK}; margin-top: 0; }}
.chiffres {{ display: flex; flex-wrap: wrap; gap: 1rem; margin: 1.5rem 0; padding: 0; list-style: none; }}
.chiffres li {{ flex: 1 1 12rem; border: 1px solid {palette.FRAME}; border-radius: .5rem; padding: .75rem 1rem;
               background: {palette.CARD_BACKGROUND}; }}
.chiffres .valeur {{ display: block; font-size: 2rem; font-weight: 700; }}
iframe.carte {{ width: 100%; height: 560px; border: 1px solid {palette.FRAME}; border-radius: .5rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: .95rem; }}
caption {{ text-align: left; color: {palette.MUTED_INK}; padding-bottom: .5rem; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid {palette.LAND_OUTLINE}; }}
th {{ background: {palette.CARD_BACKGROUND}; }}
footer {{ margin-top: 2rem; color: {palette.MUTED_INK}; font-size: .85rem; }}
""" + public_commitments.STYLE


def map_points(data: PublicSummary) -> list[MapPoint]:
    """The public territories as map points (no charter date nor completion: the popups do not show them)."""
    return [
        MapPoint(participation_id=0, name=t.name, kind=t.kind, stage=t.stage or Stage.ENGAGE.value,
                 lat=position[0], lon=position[1], charter_on=None, grid_completion=0.0)
        for t in data.territories if t.lat is not None and t.lon is not None
        for position in [reference.map_position(t.kind, t.reg_code, t.lat, t.lon)]
    ]


def region_areas(data: PublicSummary) -> list[AreaCount]:
    engaged = Counter(t.reg_code for t in data.territories if reference.is_region(t.reg_code))
    charters = Counter(t.reg_code for t in data.territories if reference.is_region(t.reg_code)
                       and t.stage and Stage(t.stage).rank >= Stage.CHARTE_SIGNEE.rank)
    return [AreaCount(code=code, engaged=count, charters=charters[code]) for code, count in sorted(engaged.items())]


@dataclass(frozen=True)
class PublicMap:
    """The public map's serialised layers and texts: what a rerun needs, without the 3,000 territories."""

    layers: maps.MapLayers
    title: str
    extra_legend: str


def map_parts(data: PublicSummary) -> PublicMap:
    points = map_points(data)
    return PublicMap(layers=maps.prepare_layers(points, region_areas(data), level="regions", measure="engaged"),
                     title=html_map.title_html(points), extra_legend=html_map.partners_html(points))


@reader("campaigns", "territories", "participations")
def cached_map() -> PublicMap | None:
    """The Streamlit page's map: built once per state of the store, not at each visit."""
    with session_scope() as session:
        campaign_id = territories_public.latest_campaign_id(session)
        return None if campaign_id is None else map_parts(territories_public.summary(session, campaign_id))


def map_from_parts(parts: PublicMap, *, data_date: dt.date) -> folium.Map:
    return maps.map_from_layers(parts.layers, tiles="aucun", title=parts.title, data_date=data_date,
                                extra_legend=parts.extra_legend, public=True)


def build_map(data: PublicSummary, *, data_date: dt.date) -> folium.Map:
    return map_from_parts(map_parts(data), data_date=data_date)


def _figures(data: PublicSummary) -> str:
    cards = (("Territoires engagés", data.engaged), ("Chartes signées", data.charters),
             ("Grilles déposées", data.grids))
    return "".join(f'<li><span class="valeur">{html.escape(formatting.number(value))}</span>'
                   f"{html.escape(label)}</li>" for label, value in cards)


def _table(data: PublicSummary) -> str:
    frame = public.table(data.territories)
    head = "".join(f'<th scope="col">{html.escape(str(column))}</th>' for column in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(value))}</td>" for value in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    caption = formatting.plural(data.engaged, "collectivité engagée", "collectivités engagées")
    return (f"<table><caption>{html.escape(caption)}, par ordre alphabétique.</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def index_html(data: PublicSummary, *, data_date: dt.date, commitments: PublicCommitments | None = None) -> str:
    campaign = html.escape(data.campaign_name)
    source = (f"Source : {html.escape(maps.SOURCE)}, données au {html.escape(formatting.date(data_date))}. "
              f"Contours : {html.escape(reference.ATTRIBUTION)}.")
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(TITLE)} — {campaign}</title>
<link rel="stylesheet" href="{STYLE_FILE}">
</head>
<body>
<main>
<h1>{html.escape(TITLE)}</h1>
<p class="campagne">{campaign}</p>
<ul class="chiffres" aria-label="Chiffres clés">{_figures(data)}</ul>
<h2>Carte</h2>
<iframe class="carte" src="{MAP_FILE}" title="Carte des territoires engagés, colorés selon leur étape"></iframe>
<h2>Liste des territoires engagés</h2>
{_table(data)}
{public_commitments.section_html(commitments)}
<footer>
<p>Liste publique des collectivités engagées dans la campagne : nom, type, région ou pays, étape et date
d'engagement ; engagements validés par la commission. Elle ne contient aucune donnée personnelle.</p>
<p>{source}</p>
</footer>
</main>
</body>
</html>
"""


def write_site(out_dir: Path, data: PublicSummary, *, data_date: dt.date,
               commitments: PublicCommitments | None = None) -> list[Path]:
    """Write the files into ``out_dir`` (created if needed): the page, its map, its style and, when
    validated commitments have territories on the map, their map too; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        INDEX_FILE: index_html(data, data_date=data_date, commitments=commitments),
        MAP_FILE: offline_html.offline_html(build_map(data, data_date=data_date)),
        STYLE_FILE: STYLE.lstrip(),
    }
    if commitments is not None and public_commitments.has_share_map(commitments):
        files[public_commitments.SHARE_MAP_FILE] = offline_html.offline_html(public_commitments.share_map(commitments))
    written = []
    for name, text in files.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
