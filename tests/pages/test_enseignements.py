"""Enseignements page (AppTest): every chart with its sentence and data; filters change them."""

from __future__ import annotations

from tests.support.apptest import open_page, set_filter, texts

CHARTS = 6


def test_every_chart_has_a_summary_and_its_data(demo_store: str) -> None:
    at = open_page("enseignements", demo_store)
    charts = at.get("vega_lite_chart")
    assert len(charts) == CHARTS
    assert len([e for e in at.expander if e.label == "Afficher les données"]) == CHARTS
    body = texts(at)
    for sentence in ("le public le plus souvent associé est", "Le format le plus utilisé est",
                     "Les sessions se sont tenues de", "Les territoires engagés sont répartis sur"):
        assert sentence in body
    assert "Le thème le plus fréquent est" in body or "thèmes arrivent en tête à égalité" in body
    assert not at.error


def test_filters_change_the_findings(demo_store: str) -> None:
    at = open_page("enseignements", demo_store)
    before = texts(at)
    set_filter(at, "Région", ["53"])
    after = texts(at)
    assert before != after and "Bretagne en compte le plus" in after


def test_what_territories_say_by_theme_and_region(demo_store: str) -> None:
    at = open_page("enseignements", demo_store)
    assert at.header[0].value == "Ce que disent les territoires"
    region = next(s for s in at.selectbox if s.key == "voices-region")
    region.set_value("53").run()
    theme = next(s for s in at.selectbox if s.key == "voices-theme")
    assert len(theme.options) > 2
    theme.select_index(1).run()
    assert not at.exception, at.exception
    body = texts(at)
    assert "Bretagne" in body and "territoire" in body
    quotes = [m.value for m in at.markdown if str(m.value).startswith("> ")]
    assert 1 <= len(quotes) <= 3
    assert "Exporter en CSV" in [b.proto.label for b in at.get("download_button")]
