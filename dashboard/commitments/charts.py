"""Figures of the « Suivi des engagements »: key figures, one chart per grouping with its French
summary and data table (RGAA). Builders return ``alt.Chart`` / ``pd.DataFrame`` and render nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboard.monitoring.chart_base import WIDTH, Chart, _count_axis, legend
from dashboard.text import formatting
from dashboard.ui import palette
from data_access.commitments.views import CommitmentRow, GroupBy, GroupCount, StaleCommitment

GROUPINGS: dict[str, GroupBy] = {
    "Par élément": "item",
    "Par statut": "status",
    "Par territoire": "territory",
    "Par région": "region",
}
GROUP_TITLES: dict[str, str] = {
    "item": "Élément du manifeste",
    "status": "Statut",
    "territory": "Territoire",
    "region": "Région",
    "committer": "Porteur",
}
CHART_TITLES: dict[str, str] = {
    "item": "Engagements par élément du manifeste",
    "status": "Engagements par statut",
    "territory": "Engagements par territoire",
    "region": "Engagements par région",
    "committer": "Engagements par porteur",
}
DONE, ONGOING = "Réalisés", "Non réalisés"
CHART_LIMIT = 25  # groups drawn; the data table holds them all
LABEL_LIMIT = 40
LABEL_PIXELS = 170  # a 390 px phone keeps half its width for the bars


@dataclass(frozen=True)
class KeyFigures:
    total: int
    validated: int
    done: int
    without_news: int

    @property
    def done_share(self) -> float:
        return self.done / self.total if self.total else 0.0


def key_figures(rows: Sequence[CommitmentRow], stale: Sequence[StaleCommitment]) -> KeyFigures:
    """Commitments shown, validated, done, and those among them without news for the campaign's delay."""
    shown = {row.id for row in rows}
    return KeyFigures(total=len(rows), validated=sum(row.validated for row in rows),
                      done=sum(row.done for row in rows), without_news=sum(s.id in shown for s in stale))


def _short(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


def axis_label(group: GroupCount, by: GroupBy) -> str:
    """An item by its number (« 1.2 »: its wording is in the tooltip and the table, and a phone keeps
    room for the bars); other groups by their name, cut past ``LABEL_LIMIT`` characters."""
    if by == "item" and group.label[:1].isdigit():
        return group.label.split(" ", 1)[0]
    return _short(group.label)


def group_frame(groups: Sequence[GroupCount], by: GroupBy = "status") -> pd.DataFrame:
    """Long format for the stacked bars: one row per group and « réalisés / non réalisés »."""
    records = []
    for rank, group in enumerate(groups[:CHART_LIMIT]):
        for part, count in ((DONE, group.done), (ONGOING, group.total - group.done)):
            records.append({"groupe": axis_label(group, by), "rang": rank, "part": part, "nombre": count,
                            "libelle": group.label, "total_texte": formatting.number(group.total),
                            "realises_texte": formatting.number(group.done),
                            "part_texte": formatting.percent(group.done_share),
                            "avancement_texte": formatting.percent(group.mean_progress / 100)})
    return pd.DataFrame(records, columns=["groupe", "rang", "part", "nombre", "libelle", "total_texte",
                                          "realises_texte", "part_texte", "avancement_texte"])


def group_chart(groups: Sequence[GroupCount], by: GroupBy) -> alt.Chart:
    """Commitments per group, done ones first: in the order the reader gives (manifesto, statuses…)."""
    frame = group_frame(groups, by)
    order = list(dict.fromkeys(frame["groupe"]))
    chart: alt.Chart = Chart(frame, title=CHART_TITLES[by]).mark_bar().encode(
        y=alt.Y("groupe:N", title=GROUP_TITLES[by] if by == "item" else None, sort=order,
                axis=alt.Axis(labelLimit=LABEL_PIXELS)),
        x=alt.X("sum(nombre):Q", axis=_count_axis("Engagements")),
        color=alt.Color("part:N", scale=alt.Scale(domain=[DONE, ONGOING], range=[palette.RATES[3], palette.FRAME]),
                        legend=legend(None)),
        order=alt.Order("part:N", sort="descending"),
        tooltip=[alt.Tooltip("libelle:N", title=GROUP_TITLES[by]), alt.Tooltip("total_texte:N", title="Engagements"),
                 alt.Tooltip("realises_texte:N", title="Réalisés"), alt.Tooltip("part_texte:N", title="Part réalisée"),
                 alt.Tooltip("avancement_texte:N", title="Avancement moyen")],
    ).properties(width=WIDTH, height=alt.Step(22))
    return chart


def group_summary(groups: Sequence[GroupCount], by: GroupBy) -> str:
    """One French sentence: how many groups, which has the most commitments, the best share done."""
    total = sum(group.total for group in groups)
    if not total:
        return "Aucun engagement avec les filtres choisis."
    done = sum(group.done for group in groups)
    what = {"item": ("élément", "éléments"), "status": ("statut", "statuts"),
            "territory": ("territoire", "territoires"), "region": ("région", "régions"),
            "committer": ("porteur", "porteurs")}[by]
    text = (f"{formatting.plural(total, 'engagement')} sur {formatting.plural(len(groups), *what)}, dont "
            f"{formatting.plural(done, 'réalisé', 'réalisés')} ({formatting.percent(done / total)})")
    largest = max(groups, key=lambda g: g.total)
    if by != "status" and len(groups) > 1:
        text += f" ; le plus d'engagements : {largest.label} ({formatting.number(largest.total)})"
    if len(groups) > CHART_LIMIT:
        text += f". Le graphique montre les {CHART_LIMIT} premiers, le tableau les montre tous"
    return text + "."


def group_table(groups: Sequence[GroupCount], by: GroupBy) -> pd.DataFrame:
    return pd.DataFrame({
        GROUP_TITLES[by]: [group.label for group in groups],
        "Engagements": [formatting.number(group.total) for group in groups],
        "Réalisés": [formatting.number(group.done) for group in groups],
        "Part réalisée": [formatting.percent(group.done_share) for group in groups],
        "Avancement moyen": [formatting.percent(group.mean_progress / 100) for group in groups],
    })

