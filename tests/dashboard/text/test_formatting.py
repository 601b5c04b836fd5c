from __future__ import annotations

import datetime as dt

from dashboard.text import formatting, summaries

NNBSP = "\u202f"


def test_french_numbers_and_dates() -> None:
    assert formatting.number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert formatting.number(1234.5, decimals=1) == f"1{NNBSP}234,5"
    assert formatting.percent(0.425) == f"42{NNBSP}%"
    assert formatting.percent(0.4251, decimals=1) == f"42,5{NNBSP}%"
    assert formatting.date(dt.date(2025, 3, 11)) == "11 mars 2025"
    assert formatting.short_date(dt.date(2025, 3, 1)) == "01/03/2025"
    assert formatting.days(1) == "1 jour" and formatting.days(3) == "3 jours"


def test_french_plurals_keep_zero_and_one_singular() -> None:
    assert [formatting.plural(n, "territoire") for n in (0, 1, 2)] == ["0 territoire", "1 territoire", "2 territoires"]
    assert formatting.plural(1234, "élément") == f"1{NNBSP}234 éléments"
    assert formatting.plural(3, "proposition ajoutée", "propositions ajoutées") == "3 propositions ajoutées"


def test_forum_status_before_on_and_after() -> None:
    forum = dt.date(2025, 3, 10)
    assert summaries.forum_status(forum, "Rennes", dt.date(2025, 3, 1)) == (
        "Forum dans 9 jours, le 10 mars 2025 à Rennes.")
    assert summaries.forum_status(forum, None, dt.date(2025, 3, 9)) == "Forum demain, le 10 mars 2025."
    assert summaries.forum_status(forum, None, forum) == "Le forum a lieu aujourd'hui."
    assert summaries.forum_status(forum, "Rennes", dt.date(2026, 1, 1)) == (
        "Le forum s'est tenu le 10 mars 2025 à Rennes.")
    assert "pas encore fixée" in summaries.forum_status(None, None, forum)


def test_whole_percent_fast_path_matches_babel() -> None:
    """Same rounding as Babel (decimal of the float's repr, half-even): 0,285 → 28 %, 0,135 → 14 %."""
    from babel.numbers import format_percent

    shares = [0.0, 0.005, 0.125, 0.135, 0.285, 0.5, 1.0, 1.5, -0.25, *(a / b for a in range(60) for b in range(1, 60))]
    for share in shares:
        assert formatting.percent(share) == format_percent(share, format="#,##0\u202f%", locale="fr_FR")
