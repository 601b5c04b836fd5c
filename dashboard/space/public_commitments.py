"""« Ce que deviennent les engagements du manifeste », on the public page and in its static export.

Everything comes from ``data_access.commitments.public``: commitments the commission validated, by
manifesto item, with status, progress and last news, and the share done per territory. No person:
the views have no author nor e-mail, and free texts are masked there.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium
import pandas as pd

from dashboard.cache import reader
from dashboard.commitments import maps as commitment_maps
from dashboard.text import formatting
from dashboard.ui import palette
from data_access.commitments import public
from data_access.commitments.views import (
    PublicCommitment,
    PublicCommitments,
    PublicItem,
    TerritoryShare,
)
from data_access.db import session_scope
from data_access.space import public as territories_public

TITLE = "Ce que deviennent les engagements du manifeste"
SHARE_MAP_FILE = "engagements-carte.html"  # beside index.html in the static export
SHARE_MAP_TITLE = "Carte des territoires, colorés selon la part de leurs engagements validés qui sont réalisés"
INTRO = ("Pour chaque élément du manifeste, les engagements de la commission, des réseaux partenaires et des "
         "territoires, une fois validés par la commission : où ils en sont et leur dernière actualité.")
STYLE = f"""
.element {{ border: 1px solid {palette.FRAME}; border-radius: .5rem; padding: .75rem 1rem; margin: 1rem 0;
            background: {palette.CARD_BACKGROUND}; }}
.element h3 {{ margin: 0 0 .25rem; font-size: 1.05rem; }}
.element .section {{ color: {palette.MUTED_INK}; font-size: .9rem; margin: 0 0 .5rem; }}
.engagement {{ border-top: 1px solid {palette.LAND_OUTLINE}; padding: .5rem 0; }}
.engagement .porteur {{ color: {palette.MUTED_INK}; font-size: .9rem; }}
.engagement progress {{ width: 12rem; max-width: 100%; vertical-align: middle; accent-color: {palette.PRIMARY}; }}
.actualite {{ font-size: .95rem; }}
"""


@reader("campaigns", "commitments", "manifesto", "participations", "territories")
def public_data() -> PublicCommitments | None:
    """The public commitments of the latest campaign (the page's campaign)."""
    with session_scope() as session:
        campaign_id = territories_public.latest_campaign_id(session)
        return None if campaign_id is None else public.public_commitments(session, campaign_id)


def progress_text(commitment: PublicCommitment) -> str:
    return f"{commitment.status_label.capitalize()} · {formatting.number(commitment.progress)}\u202f%"


def news_text(commitment: PublicCommitment) -> str:
    if commitment.last_news is None:
        return ""
    return f"Dernière actualité ({formatting.date(commitment.last_news.occurred_on)}) : {commitment.last_news.text}"


def committer_text(commitment: PublicCommitment) -> str:
    """« Territoire : Rennes », « Réseau partenaire : France urbaine »; the commission by its name alone."""
    if commitment.committer_label.startswith(commitment.committer_kind_label):
        return commitment.committer_label
    return f"{commitment.committer_kind_label} : {commitment.committer_label}"


def _done_text(done: int) -> str:
    return "aucun réalisé" if done == 0 else formatting.plural(done, "réalisé", "réalisés")


def item_label(item: PublicItem) -> str:
    """« 1.2 Former les agents — 3 engagements, dont 1 réalisé »."""
    done = sum(1 for c in item.commitments if c.done)
    return (f"{item.number} {item.wording} — {formatting.plural(len(item.commitments), 'engagement')}, "
            f"dont {_done_text(done)}")


def count_text(data: PublicCommitments) -> str:
    done = sum(1 for item in data.items for c in item.commitments if c.done)
    return (f"{formatting.plural(data.total, 'engagement validé', 'engagements validés')} sous "
            f"{formatting.plural(len(data.items), 'élément du manifeste', 'éléments du manifeste')}, "
            f"dont {_done_text(done)}.")


def shares_frame(territories: Sequence[TerritoryShare]) -> pd.DataFrame:
    """Per territory carrying public commitments: how many, how many done, the share done."""
    return pd.DataFrame({
        "Territoire": [t.name for t in territories],
        "Engagements validés": [t.total for t in territories],
        "Réalisés": [t.done for t in territories],
        "Part réalisée": [formatting.percent(t.done_share) for t in territories],
    })


def has_share_map(data: PublicCommitments | None) -> bool:
    """A map only when a territory carrying public commitments has a position."""
    return data is not None and any(t.lat is not None and t.lon is not None for t in data.territories)


def share_map(data: PublicCommitments) -> folium.Map:
    """Territories coloured by the share of their validated commitments done (Suivi's map, public data only)."""
    return commitment_maps.share_map(data.territories)


def share_summary(data: PublicCommitments) -> str:
    return commitment_maps.share_summary(data.territories)


def _commitment_html(commitment: PublicCommitment) -> str:
    e = html.escape
    news = news_text(commitment)
    return (f'<div class="engagement"><strong>{e(commitment.title)}</strong><br>'
            f'<span class="porteur">{e(committer_text(commitment))}</span><br>'
            f'<progress max="100" value="{commitment.progress}" aria-hidden="true"></progress> '
            f"{e(progress_text(commitment))}"
            + (f'<br><span class="actualite">{e(news)}</span>' if news else "") + "</div>")


def section_html(data: PublicCommitments | None) -> str:
    """The static export's section (empty text: no public commitment yet)."""
    if data is None or not data.items:
        return ""
    e = html.escape
    items = "".join(
        f'<article class="element"><h3>{e(item.number)} {e(item.wording)}</h3>'
        f'<p class="section">{e(item.section_title)}</p>'
        + "".join(_commitment_html(c) for c in item.commitments) + "</article>"
        for item in data.items)
    shares = ""
    if data.territories:
        frame = shares_frame(data.territories)
        head = "".join(f'<th scope="col">{e(str(column))}</th>' for column in frame.columns)
        body = "".join("<tr>" + "".join(f"<td>{e(str(value))}</td>" for value in row) + "</tr>"
                       for row in frame.itertuples(index=False))
        shares = ("<h3>Avancement par territoire</h3>"
                  + (f'<iframe class="carte" src="{SHARE_MAP_FILE}" title="{e(SHARE_MAP_TITLE)}"></iframe>'
                     f"<p>{e(share_summary(data))}</p>" if has_share_map(data) else "")
                  + f"<table><caption>Part des engagements validés de chaque territoire qui sont réalisés.</caption>"
                  f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return (f'<section id="engagements"><h2>{e(TITLE)}</h2><p>{e(INTRO)} {e(count_text(data))}</p>'
            f"{items}{shares}</section>")
