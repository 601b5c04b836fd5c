"""Every page's AppTest runs on each backend: ``demo_store`` (and the private copies and signed-in
stores built from it) is the SQLite demo, then the PostgreSQL one when configured."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import stores
from tests.support.env import APP_DB_URL
from tests.support.factories.monitoring import MonitoringData, monitoring_store


@pytest.fixture
def demo_store(any_demo_store: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The demo store of the backend under test, and the in-process app pointed at it."""
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", any_demo_store)
    stores.use_store(any_demo_store)
    yield any_demo_store
    stores.use_store(APP_DB_URL)


_fresh = itertools.count()


@pytest.fixture(params=stores.BACKEND_PARAMS)
def fresh_store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated, empty store of each backend (a file or a schema), the app pointed at it."""
    label = f"fresh_{next(_fresh)}"
    url = stores.migrated_store(label, tmp_path, request.param)
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    stores.use_store(url)
    yield url
    stores.use_store(APP_DB_URL)
    if request.param == "postgres":
        stores.drop_schema(label)


@pytest.fixture(params=stores.BACKEND_PARAMS)
def monitoring_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, MonitoringData]]:
    """The small monitoring store (hostile names, a manifesto item) on each backend in turn."""
    label = f"monitoring_{next(_fresh)}"
    yield monitoring_store(tmp_path, postgres_schema=label if request.param == "postgres" else None)
    if request.param == "postgres":
        stores.drop_schema(label)
