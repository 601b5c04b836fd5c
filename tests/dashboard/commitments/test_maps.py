"""The map of the share done per territory: offline, escaped, a French legend and its table."""

from __future__ import annotations

from dashboard.commitments import maps
from dashboard.monitoring.maps import payload_html
from tests.dashboard.commitments.conftest import share


def test_the_map_is_offline_coloured_by_share_and_escapes_names() -> None:
    shares = [share("Rennes", 4, 3), share("<script>alert(1)</script>", 2, 0), share("Sans position", 1, 1, lat=None)]
    fmap = maps.share_map(shares)
    html = payload_html(fmap)
    assert "cdn." not in html.lower() and "/app/static/vendor/leaflet/leaflet.js" in html
    assert "<script>alert(1)</script>" not in html
    assert "Part des engagements r" in html
    rows = maps.marker_rows(shares)
    assert len(rows) == 2  # a territory without a position is in the table, not on the map
    colours = {entry.label: entry.colour for entry in maps.share_classes()}
    assert rows[0][2] == colours["75\u202f% à 100\u202f%"]  # 3 of 4 done
    assert rows[1][2] == colours["0\u202f% à moins de 25\u202f%"]
    assert "3 engagements réalisés sur 4 (75\u202f%)" in rows[0][4]


def test_table_and_summary_say_it_in_french() -> None:
    shares = [share("Rennes", 4, 3), share("Quimper", 1, 0, lat=None)]
    table = maps.share_table(shares)
    assert table.iloc[0].tolist() == ["Rennes", "Commune", "Bretagne", "4", "3", "75\u202f%"]
    assert maps.share_summary(shares) == ("2 territoires portent 5 engagements, dont 60\u202f% réalisés ; "
                                          "1 territoire sans position connue.")
    assert maps.share_summary([]).startswith("Aucun territoire ne porte")
