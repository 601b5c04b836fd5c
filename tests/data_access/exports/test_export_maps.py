from __future__ import annotations

from sqlalchemy.orm import Session

from data_access.exports import export_maps
from data_access.filters import Filters
from tests.support.factories.exports import make_export_campaign


def test_area_counts_by_departement_and_region(session: Session) -> None:
    campaign, _ = make_export_campaign(session)
    filters = Filters(campaign_id=campaign.id)
    by_dep = export_maps.area_counts(session, filters, "departements")
    assert by_dep["35"].engaged == 1 and by_dep["35"].charters == 1
    assert by_dep["974"].charter_rate == 1.0
    by_region = export_maps.area_counts(session, filters, "regions")
    # Rennes, Brest and the région Bretagne itself; Brest and Rennes have signed.
    assert by_region["53"].engaged == 3 and by_region["53"].charters == 2
    assert abs((by_region["53"].charter_rate or 0) - 2 / 3) < 1e-9


def test_filters_apply_to_map_data(session: Session) -> None:
    campaign, _ = make_export_campaign(session)
    points = export_maps.engaged_points(session, Filters(campaign_id=campaign.id, dep_codes=("29",)))
    assert [p.code for p in points] == ["29019"]
