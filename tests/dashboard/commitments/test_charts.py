"""Figures and charts of the « Suivi des engagements »: French numbers, one sentence per chart."""

from __future__ import annotations

from dashboard.commitments import charts
from tests.dashboard.commitments.conftest import group, row, stale


def test_key_figures_count_only_the_rows_shown() -> None:
    rows = [row(1, done=True), row(2, validated=False), row(3)]
    figures = charts.key_figures(rows, [stale(2), stale(99)])  # 99 is filtered out
    assert (figures.total, figures.validated, figures.done, figures.without_news) == (3, 2, 1, 1)
    assert round(figures.done_share, 3) == 0.333
    assert charts.key_figures([], []).done_share == 0.0


def test_group_chart_keeps_the_readers_order_and_french_tooltips() -> None:
    groups = [group("1.1 Former les agents", 4, 1, 62.5), group("1.2 Ouvrir les données", 2, 2, 100)]
    spec = charts.group_chart(groups, "item").to_dict()
    assert " ".join(spec["title"]["text"]) == "Engagements par élément du manifeste"  # wrapped for phones
    frame = charts.group_frame(groups, "item")
    assert list(dict.fromkeys(frame["groupe"])) == ["1.1", "1.2"]  # the wording is in the tooltip
    assert frame.iloc[0]["libelle"] == "1.1 Former les agents"
    first = frame.iloc[0]
    assert (first["part"], first["nombre"], first["part_texte"], first["avancement_texte"]) == (
        "Réalisés", 1, "25\u202f%", "62\u202f%")


def test_group_summary_and_table_in_french() -> None:
    groups = [group("Bretagne", 3, 1), group("Occitanie", 1, 0)]
    assert charts.group_summary(groups, "region") == (
        "4 engagements sur 2 régions, dont 1 réalisé (25\u202f%) ; le plus d'engagements : Bretagne (3).")
    assert charts.group_summary([], "status") == "Aucun engagement avec les filtres choisis."
    table = charts.group_table(groups, "region")
    assert list(table.columns) == ["Région", "Engagements", "Réalisés", "Part réalisée", "Avancement moyen"]
    assert table.iloc[0].tolist() == ["Bretagne", "3", "1", "33\u202f%", "40\u202f%"]


def test_a_long_label_is_cut_in_the_chart_not_in_the_tooltip() -> None:
    long = "1.1 " + "très long libellé " * 10
    frame = charts.group_frame([group(long, 1, 0)])
    assert frame.iloc[0]["groupe"].endswith("…") and len(frame.iloc[0]["groupe"]) <= charts.LABEL_LIMIT
    assert frame.iloc[0]["libelle"] == long
