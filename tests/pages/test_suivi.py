"""Suivi page (AppTest): funnel, per-territory table with contacts by role, exports, relances."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from tests.support.apptest import open_page, set_filter, texts
from tests.support.factories import READER
from tests.support.factories.monitoring import monitoring_store
from tests.support.stores import app_on_store


def _table_columns(at: object) -> list[str]:
    frames = [d.value for d in at.dataframe]  # type: ignore[attr-defined]
    table = next(f for f in frames if "Territoire" in f.columns and "Grille remplie (%)" in f.columns)
    return list(table.columns)


def _table_rows(at: object) -> int:
    frames = [d.value for d in at.dataframe]  # type: ignore[attr-defined]
    return len(next(f for f in frames if "Grille remplie (%)" in f.columns))


def test_funnel_and_table_follow_the_filters(demo_store: str) -> None:
    at = open_page("suivi", demo_store)
    assert "Entonnoir des étapes" in texts(at) and "ont signé la charte" in texts(at)
    everything = _table_rows(at)
    set_filter(at, "Type de collectivité", ["region"])
    regions = _table_rows(at)
    assert 0 < regions < everything
    assert f"Sur {regions} territoires engagés" in texts(at)


def test_contacts_only_for_editors_and_administrators(demo_store: str) -> None:
    at = open_page("suivi", demo_store)  # mode local: administrator
    assert {"Contact", "Courriel", "Téléphone"} <= set(_table_columns(at))
    with mock.patch("dashboard.access.auth.current_actor", return_value=READER):
        reader = open_page("suivi", demo_store)
    assert not {"Contact", "Courriel", "Téléphone"} & set(_table_columns(reader))
    assert "Les contacts ne sont visibles que des éditeurs et administrateurs." in texts(reader)


def test_search_exports_and_relances(tmp_path: Path) -> None:
    url, _data = monitoring_store(tmp_path)
    with app_on_store(url):
        at = open_page("suivi")
        at.date_input[0].set_value(__import__("datetime").date(2024, 12, 1)).run()
        table_exports = [b for b in at.get("download_button") if not (b.key or "").startswith(("png_", "svg_"))]
        # CSV and XLSX of the table, CSV of the relances; charts add their own PNG/SVG.
        assert [b.label for b in table_exports] == ["Exporter en CSV", "Exporter en XLSX",
                                                    "Exporter les relances en CSV"]
        texts_before = texts(at)
        assert "3 territoires à relancer au 1er décembre 2024" in texts_before
        at.number_input[0].set_value(60).run()
        assert "Aucun territoire n'est bloqué depuis 60 jours ou plus au 1er décembre 2024." in texts(at)
        at.text_input[0].set_value("renn").run()
        assert _table_rows(at) == 1


def test_the_table_is_paged_and_sorted_on_the_server(demo_store: str) -> None:
    at = open_page("suivi", demo_store)
    assert _table_rows(at) == 50
    assert "Lignes 1 à 50 sur" in texts(at)
    page = next(box for box in at.selectbox if box.label == "Page")
    page.set_value(2).run()
    assert "Lignes 51 à 100 sur" in texts(at)
    next(box for box in at.selectbox if box.label == "Trier par").set_value("Grille remplie (%)").run()
    next(toggle for toggle in at.toggle if toggle.label == "Ordre décroissant").set_value(True).run()
    frames = [d.value for d in at.dataframe]
    table = next(f for f in frames if "Grille remplie (%)" in f.columns)
    values = list(table["Grille remplie (%)"])
    assert values == sorted(values, reverse=True)
    # A search keeps the sorted order (the order is cached per sort, the search applied after it).
    at.text_input[0].set_value("sur").run()
    table = next(f for f in (d.value for d in at.dataframe) if "Grille remplie (%)" in f.columns)
    assert len(table) and all("sur" in name.casefold() for name in table["Territoire"])
    values = list(table["Grille remplie (%)"])
    assert values == sorted(values, reverse=True)


def test_the_situation_date_is_the_campaigns_whatever_the_filters(demo_store: str) -> None:
    """Issue 24 item 2: « Situation au » followed the filtered rows (07/03 without filter, 14/02 with
    Région = Bretagne), so a territory's « jours écoulés » differed between the two tables."""
    at = open_page("suivi", demo_store)
    everywhere = at.date_input[0].value
    region = next(w for w in at.sidebar.multiselect if w.label == "Région")
    for code in region.options[:4]:
        set_filter(at, "Région", [code])
        assert at.date_input[0].value == everywhere, code
