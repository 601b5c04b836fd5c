"""Chart builders: valid Vega-Lite, French labels, one-sentence summaries, data tables."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd

from dashboard.monitoring import chart_base, charts
from dashboard.ui import chart_images
from data_access.models import Stage
from data_access.monitoring import QuestionCompletion, RegionSummary

COUNTS = {Stage.ENGAGE: 4, Stage.CHARTE_SIGNEE: 3, Stage.CONCERTATION_TENUE: 2, Stage.GRILLE_DEPOSEE: 1,
          Stage.GRILLE_VALIDEE: 1}
REACHED = {Stage.ENGAGE: 1200, Stage.CHARTE_SIGNEE: 900, Stage.CONCERTATION_TENUE: 600,
           Stage.GRILLE_DEPOSEE: 300, Stage.GRILLE_VALIDEE: 100}
THEMES = [("Mobilités", "commune", 1500), ("Mobilités", "epci", 20), ("Emploi et formation", "commune", 3)]
BALANCE = [("Mobilités", "opportunite", 5), ("Mobilités", "risque", 9), ("Emploi et formation", "opportunite", 4)]
PUBLICS = [("citoyens", 2, 65), ("élus", 1, 25)]
FORMATS = [("atelier", 3, 60), ("questionnaire en ligne", 1, 900)]
DAYS = [(dt.date(2024, 11, 10), 1, 25), (dt.date(2025, 1, 3), 2, 40)]
REGIONS = [RegionSummary("53", 10, 8, 4, 12, 300, 40), RegionSummary("—", 2, 1, 1, 1, 20, 3)]
QUESTIONS = [QuestionCompletion("Identité", "territoire", "Nom de la collectivité", 10, 10),
             QuestionCompletion("Enseignements", "controle", "Comment garder le contrôle ?", 2, 10)]
LABELS = {"opportunite": "Opportunités", "risque": "Risques et points de vigilance"}

CASES = [
    (charts.stage_counts_chart(COUNTS), charts.stage_counts_summary(COUNTS), charts.stage_counts_table(COUNTS)),
    (charts.funnel_chart(REACHED), charts.funnel_summary(REACHED), charts.funnel_table(REACHED)),
    (charts.funnel_by_chart({"commune": REACHED}, "kind"), charts.funnel_by_summary({"commune": REACHED}, "kind"),
     charts.funnel_by_table({"commune": REACHED}, "kind")),
    (charts.question_completion_chart(QUESTIONS), charts.question_completion_summary(QUESTIONS),
     charts.question_completion_table(QUESTIONS)),
    (charts.theme_frequency_chart(THEMES), charts.theme_frequency_summary(THEMES), charts.theme_frequency_table(THEMES)),
    (charts.opportunities_risks_chart(BALANCE, LABELS), charts.opportunities_risks_summary(BALANCE),
     charts.opportunities_risks_table(BALANCE, LABELS)),
    (charts.publics_chart(PUBLICS), charts.publics_summary(PUBLICS, 3, 90), charts.publics_table(PUBLICS)),
    (charts.formats_chart(FORMATS), charts.formats_summary(FORMATS), charts.formats_table(FORMATS)),
    (charts.sessions_over_time_chart(DAYS), charts.sessions_over_time_summary(DAYS),
     charts.sessions_over_time_table(DAYS)),
    (charts.region_chart(REGIONS), charts.region_summary(REGIONS), charts.region_table(REGIONS)),
]


def test_every_chart_is_valid_with_a_french_sentence_and_a_table() -> None:
    for chart, summary, table in CASES:
        spec = json.dumps(chart.to_dict(validate=True))  # the app skips validation: check it here
        assert isinstance(chart, (charts.Chart, charts.LayerChart))
        assert "labelExpr" in spec or "scheme" in spec
        assert summary.endswith(".") and not re.search(r"\.\s+[A-ZÉÀ]", summary), summary
        assert isinstance(table, pd.DataFrame) and not table.empty


def test_french_number_formats_in_summaries_and_tables() -> None:
    assert charts.funnel_summary(REACHED) == (
        "Sur 1\u202f200 territoires engagés, 75\u202f% ont signé la charte, 25\u202f% ont déposé leur grille "
        "et 8\u202f% l'ont vue validée.")
    assert charts.theme_frequency_table(THEMES)["Total"].iloc[0] == "1\u202f520"
    assert "« Mobilités »" in charts.theme_frequency_summary(THEMES)
    assert "« Comment garder le contrôle ? »" in charts.question_completion_summary(QUESTIONS)
    assert charts.sessions_over_time_table(DAYS)["Mois"].tolist() == ["nov. 2024", "déc. 2024", "janv. 2025"]
    assert "International" in charts.region_table(REGIONS)["Région"].tolist()


def test_empty_data_gives_an_empty_state_sentence() -> None:
    assert charts.theme_frequency_summary([]).startswith("Aucune donnée")
    assert charts.sessions_over_time_summary([]).startswith("Aucune donnée")
    assert charts.question_completion_summary([]).startswith("Aucune grille")
    charts.sessions_over_time_chart([]).to_dict(validate=True)
    charts.funnel_by_chart({}, "region").to_dict(validate=True)


def test_every_findings_chart_exports_to_png_and_svg() -> None:
    # The enseignements page offers these downloads under each chart (vl-convert, no browser).
    for chart, _summary, _table in CASES:
        png = chart_images.chart_png(chart, scale=1)
        assert png.startswith(b"\x89PNG") and len(png) > 2_000
        svg = chart_images.chart_svg(chart)
        assert svg.lstrip().startswith("<svg") and "<text" in svg


def test_region_summary_counts_only_regions() -> None:
    summaries = [RegionSummary("53", 10, 5, 2, 3, 40, 6), RegionSummary("11", 4, 2, 1, 1, 10, 2),
                 RegionSummary("987", 1, 0, 0, 0, 0, 0), RegionSummary("—", 3, 1, 0, 0, 0, 0)]
    sentence = charts.region_summary(summaries)
    assert "répartis sur 2 régions" in sentence
    assert "plus 4 territoires hors région (Polynésie française, International)" in sentence


def test_one_region_label_everywhere() -> None:
    from data_access import manifesto
    from data_access.territories import reference

    for code in ("53", "987", None, "—"):
        assert charts.region_label(code) == manifesto.region_label(code) == reference.region_label(code)
    assert reference.region_label("987") == "Polynésie française" and reference.region_label(None) == "International"


def test_no_category_label_is_cut() -> None:
    """Vega cuts an axis label past its labelLimit (« acteurs académi… » on Enseignements): every chart
    whose categories run down the y axis gives them room."""
    for chart, _summary, _table in CASES:
        spec = chart.to_dict(validate=False)
        for layer in [spec, *spec.get("layer", [])]:
            y = layer.get("encoding", {}).get("y", {})
            if y.get("type") == "nominal":
                assert y.get("axis", {}).get("labelLimit", 0) >= 260, (spec.get("title"), y)


def test_titles_and_legends_fit_a_phone() -> None:
    """On a 390 px phone Streamlit cut « Thèmes des enseignements, par type de coll… » and the legend
    « Établissement public terr… »: long titles go on several lines, long legend labels on two."""
    for chart, _summary, _table in CASES:
        spec = chart.to_dict(validate=True)
        title = spec.get("title")
        lines = title["text"] if isinstance(title, dict) else [title]
        assert all(line is None or len(line) <= chart_base.TITLE_LINE for line in lines), title
        for layer in [spec, *spec.get("layer", [])]:
            color = layer.get("encoding", {}).get("color", {})
            if color.get("legend") and color.get("type") == "nominal":  # categories, not a gradient
                assert color["legend"]["labelExpr"] == chart_base.LEGEND_LABEL
    assert chart_base.wrap("Établissement public territorial", 20) == ["Établissement public", "territorial"]


def test_tied_themes_are_all_named_in_the_order_of_the_chart() -> None:
    """Issue 24 item 4: with three themes tied at 7, the sentence named one of them, drawn third."""
    rows = [("Santé", "commune", 7), ("Mobilités", "commune", 7), ("Éducation", "commune", 7),
            ("Culture", "commune", 2)]
    order = charts.theme_order(rows)
    assert order[:3] == sorted(["Santé", "Mobilités", "Éducation"]) and order[3] == "Culture"
    assert charts.theme_frequency_chart(rows).to_dict()["encoding"]["y"]["sort"] == order
    assert list(charts.theme_frequency_table(rows)["Thème"]) == order
    sentence = charts.theme_frequency_summary(rows)
    assert sentence.startswith("3 thèmes arrivent en tête à égalité, avec 7 enseignements chacun")
    assert sentence.endswith(f"« {order[0]} », « {order[1]} » et « {order[2]} ».")


def test_the_region_sentence_gives_the_spread_before_the_leader() -> None:
    """Issue 24 item 6: « Île-de-France compte le plus…, répartis sur 17 régions » read as if
    Île-de-France spanned 17 régions."""
    summaries = [RegionSummary("11", 21, 5, 2, 3, 40, 6), RegionSummary("53", 4, 2, 1, 1, 10, 2)]
    assert charts.region_summary(summaries) == (
        "Les territoires engagés sont répartis sur 2 régions ; Île-de-France en compte le plus (21, soit "
        "84\u202f% du total).")
    tied = [RegionSummary("11", 4, 0, 0, 0, 0, 0), RegionSummary("53", 4, 0, 0, 0, 0, 0)]
    assert "Bretagne et Île-de-France en comptent le plus, à égalité (4 chacune" in charts.region_summary(tied)


def test_progress_heatmap_keeps_its_cells_on_a_phone() -> None:
    """390 px: slanted stage names and the legend underneath, so the cells keep the width the
    group names leave (they were squeezed to ~100 px with overprinted names)."""
    spec = charts.funnel_by_chart({"commune": REACHED, "epci": REACHED}, "kind").to_dict()
    encoding = spec["encoding"]
    assert encoding["x"]["axis"]["labelAngle"] == -35
    assert encoding["color"]["legend"]["orient"] == "bottom"
