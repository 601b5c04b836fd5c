from __future__ import annotations

import datetime as dt
import json
import struct

from dashboard.exports import images
from data_access.monitoring.figures import KeyFigures


def test_key_figures_card_is_a_square_french_png() -> None:
    values = KeyFigures(engaged=3012, charters=1500, grids=800, concertations=2400, participants=123456, proposals=9000)
    chart = images.key_figures_chart(values, campaign_name="Campagne 2025", data_date=dt.date(2025, 3, 5))
    spec = json.dumps(chart.to_dict(), ensure_ascii=False)
    assert "territoires engagés" in spec and "123\u202f456" in spec and "5 mars 2025" in spec
    png = images.key_figures_png(values, campaign_name="Campagne 2025", data_date=dt.date(2025, 3, 5))
    assert struct.unpack(">II", png[16:24]) == (1080, 1080)
