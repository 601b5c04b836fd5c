"""The public list of engaged territories (no sign-in): cached reader and its table."""

from __future__ import annotations

import pandas as pd

from dashboard.cache import reader
from dashboard.text import formatting
from data_access.db import session_scope
from data_access.territories import public
from data_access.territories.public import PublicSummary


@reader("campaigns", "territories", "participations")
def summary() -> PublicSummary | None:
    with session_scope() as session:
        campaign_id = public.latest_campaign_id(session)
        return None if campaign_id is None else public.summary(session, campaign_id)


def table(data: PublicSummary) -> pd.DataFrame:
    return pd.DataFrame({
        "Territoire": [t.name for t in data.territories],
        "Type": [t.kind_label for t in data.territories],
        "Région ou pays": [t.region for t in data.territories],
        "Étape": [t.stage_label for t in data.territories],
        "Engagé le": [formatting.date(t.engaged_on) for t in data.territories],
    })
