"""French prepositions and empty values through data_access.french."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access import french


@pytest.mark.parametrize(("place", "expected"), [
    ("Rennes", "à Rennes"),
    ("Abidjan", "à Abidjan"),
    ("Le Havre", "au Havre"),
    ("Les Sables-d'Olonne", "aux Sables-d'Olonne"),
    ("La Rochelle", "à La Rochelle"),
    ("Couvent des Jacobins, Rennes", "au Couvent des Jacobins, Rennes"),
    ("Hôtel de Rennes Métropole", "à l'Hôtel de Rennes Métropole"),
    ("Maison de la métropole", "à la Maison de la métropole"),
    ("Rennes, Couvent des Jacobins", "à Rennes, Couvent des Jacobins"),
    ("", ""),
    (None, ""),
])
def test_a(place: str | None, expected: str) -> None:
    assert french.a(place) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Rennes", "de Rennes"),
    ("Abidjan", "d'Abidjan"),
    ("Évry", "d'Évry"),
    ("Hérouville-Saint-Clair", "d'Hérouville-Saint-Clair"),
    ("Hautefort", "de Hautefort"),
    ("Le Havre", "du Havre"),
    ("Les Sables-d'Olonne", "des Sables-d'Olonne"),
    ("La Rochelle", "de La Rochelle"),
    ("Montréal", "de Montréal"),
])
def test_de(name: str, expected: str) -> None:
    assert french.de(name) == expected


@pytest.mark.parametrize("value", [None, float("nan"), "", "  ", "None"])
def test_or_empty(value: object) -> None:
    assert french.or_empty(value) == "non renseigné"
    assert french.or_empty(value, empty="—") == "—"


def test_or_empty_keeps_values() -> None:
    assert french.or_empty("Rennes") == "Rennes"
    assert french.or_empty(0) == "0"


def test_whole_numbers_fast_path_matches_babel() -> None:
    """The fast path for whole numbers writes exactly what Babel writes, numpy integers included."""
    import random

    import numpy as np
    from babel.numbers import format_decimal

    rng = random.Random(7)
    values = [0, 1, -1, 999, 1000, -1000, 10**12, *(rng.randint(-10**9, 10**9) for _ in range(2000))]
    for value in values:
        assert french.number(value) == format_decimal(value, format="#,##0", locale="fr_FR")
    assert french.number(np.int64(1234567)) == "1\u202f234\u202f567"


def test_collation_key_sorts_in_french_order_without_the_locale() -> None:
    names = ["Occitanie", "Île-de-France", "Bretagne", "Zanzibar", "Évreux", "Centre-Val de Loire", "Hauts-de-France",
             "centre", "Grand Est"]
    assert sorted(names, key=french.collation_key) == [
        "Bretagne", "centre", "Centre-Val de Loire", "Évreux", "Grand Est", "Hauts-de-France", "Île-de-France",
        "Occitanie", "Zanzibar"]


def test_the_first_of_a_month_is_written_as_french_does() -> None:
    assert french.long_date(dt.date(2026, 8, 1)) == "1er août 2026"
    assert french.long_date(dt.date(2025, 3, 11)) == "11 mars 2025"
    assert french.long_date(dt.date(2026, 12, 1), abbreviated=True) == "1er déc. 2026"
    assert french.long_date(dt.date(2026, 12, 21), abbreviated=True) == "21 déc. 2026"
