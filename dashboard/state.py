"""Every Streamlit session-state key lives here, behind typed accessors."""

from __future__ import annotations

from typing import Any

import streamlit as st

from data_access.filters import Filters

FILTERS = "filters"
SELECTED_TERRITORY = "selected_territory_id"
CAMPAIGN_ID = "campaign_id"


def _get(key: str, default: Any) -> Any:
    return st.session_state.get(key, default)


def filters() -> Filters:
    value = _get(FILTERS, None)
    return value if isinstance(value, Filters) else Filters(campaign_id=campaign_id())


def set_filters(value: Filters) -> None:
    st.session_state[FILTERS] = value


def campaign_id() -> int | None:
    value = _get(CAMPAIGN_ID, None)
    return int(value) if value is not None else None


def set_campaign_id(value: int | None) -> None:
    st.session_state[CAMPAIGN_ID] = value


def selected_territory() -> int | None:
    value = _get(SELECTED_TERRITORY, None)
    return int(value) if value is not None else None


def set_selected_territory(participation_id: int | None) -> None:
    st.session_state[SELECTED_TERRITORY] = participation_id
