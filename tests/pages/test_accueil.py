"""Vue d'ensemble (AppTest): key figures plus stage counts, région bars and latest activity."""

from __future__ import annotations

import re

from tests.pages.monitoring_apptest import open_page, texts


def test_home_small_multiples_agree_with_the_suivi_funnel(demo_store: str) -> None:
    at = open_page("accueil", demo_store)
    assert len(at.get("vega_lite_chart")) == 2
    assert "Dernières étapes franchies" in texts(at)
    engaged = next(m.value for m in at.metric if m.label == "Territoires engagés")
    funnel = open_page("suivi", demo_store)
    match = re.search(r"Sur ([\d\u202f ]+) territoires engagés", texts(funnel))
    assert match and match.group(1) == engaged
