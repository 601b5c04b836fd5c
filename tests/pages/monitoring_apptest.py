"""AppTest helpers shared by the monitoring page tests."""

from __future__ import annotations

import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

# Not ``from tests.conftest import …``: pytest imported that file as ``conftest``; importing it
# again as ``tests.conftest`` re-runs it and points CONCERTATIONS_DATABASE_URL at a new, empty store.
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
ENTRYPOINT = str(PROJECT_ROOT / "dashboard" / "app.py")


def use_store(url: str) -> None:
    """Point the in-process app at ``url`` (collecting tests/browser re-imports tests.conftest,
    which repoints the environment at a fresh empty store), with a fresh engine and caches."""
    import streamlit as st

    from data_access.db import get_engine

    if os.environ.get("CONCERTATIONS_DATABASE_URL") != url:
        os.environ["CONCERTATIONS_DATABASE_URL"] = url
        get_engine.cache_clear()
        st.cache_data.clear()


def open_page(name: str, store_url: str | None = None) -> AppTest:
    if store_url is not None:
        use_store(store_url)
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.run()
    at.switch_page(str(PROJECT_ROOT / "pages" / f"{name}.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def set_filter(at: AppTest, label: str, values: list[str]) -> AppTest:
    next(w for w in at.sidebar.multiselect if w.label == label).set_value(values).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


def map_args(at: AppTest) -> str:
    components = at.get("component_instance")
    assert components, "la carte (streamlit-folium) est absente"
    return str(components[0].proto.json_args)
