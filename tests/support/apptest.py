"""AppTest helpers: open the app or a page, set a sidebar filter, read what the page shows."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support.env import ENTRYPOINT, PROJECT_ROOT
from tests.support.stores import use_store


def page_path(name: str) -> str:
    return str(PROJECT_ROOT / "pages" / f"{name}.py")


def open_app(*, timeout: float = 120) -> AppTest:
    """The entrypoint's first run (the home page), checked for exceptions."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=timeout)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(name: str, store_url: str | None = None) -> AppTest:
    """The app's first run, then the page ``pages/<name>.py``, on ``store_url`` when given."""
    if store_url is not None:
        use_store(store_url)
    at = open_app()
    at.switch_page(page_path(name)).run()
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
