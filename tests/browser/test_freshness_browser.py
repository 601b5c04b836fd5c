"""Fresh data across processes: a write made elsewhere is read by a served app at its next rerun.

The reader registry keys every cached reader on per-aggregate data versions that every write
bumps in its own transaction (dashboard/cache.py, data_access/versions.py): the command line and a
second app process count like a page of the same process. No TTL is waited for here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from data_access.db import make_engine, session_scope
from data_access.models import Territory
from data_access.territories import reference
from tests.browser.conftest import (
    OfflinePage,
    ServedApp,
    open_offline_page,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.support import stores
from tests.support.env import PROJECT_ROOT
from tests.support.factories.intake import territory_row, workbook

pytestmark = pytest.mark.browser
NEW_TERRITORIES = 6


def _engaged(page: Any) -> int:
    """The « Territoires engagés » figure of the home page, as shown (French digits)."""
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Territoires engagés").first
    metric.wait_for(timeout=180_000)
    value = metric.locator("[data-testid='stMetricValue']").inner_text()
    return int("".join(ch for ch in value if ch.isdigit()))


def _open_home(page: Any, app: ServedApp) -> None:
    page.goto(app.url)
    wait_for_app(page, timeout_ms=180_000)
    page.get_by_text("Propositions", exact=True).first.wait_for(timeout=180_000)
    wait_for_app(page)


def _grid_of_new_communes(url: str, folder: Path) -> Path:
    """A filled template naming communes of Ille-et-Vilaine that the store does not hold yet."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        known = set(session.scalars(select(Territory.code).where(Territory.kind == "commune")))
    engine.dispose()
    communes = [t for t in reference.of_kind("commune") if t.dep_code == "35" and t.code not in known]
    rows = [territory_row({"type_collectivite": "Commune", "territoire": t.name, "territoire_code": t.code})
            for t in communes[:NEW_TERRITORIES]]
    path = folder / "nouvelles-communes.xlsx"
    path.write_bytes(workbook(rows))
    return path


@pytest.fixture
def served_copy(sqlite_demo_store: str, tmp_path: Path) -> Iterator[tuple[ServedApp, str]]:
    url = stores.private_copy(sqlite_demo_store, "fraicheur", tmp_path)
    app = start_app(url)
    yield app, url
    stop_app(app)


def test_cli_import_is_shown_at_the_next_home_page_load(served_copy: tuple[ServedApp, str],
                                                        offline_page: OfflinePage, tmp_path: Path) -> None:
    app, url = served_copy
    page = offline_page.page
    _open_home(page, app)
    before = _engaged(page)  # the readers are now cached in the app process
    grid = _grid_of_new_communes(url, tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "dashboard.cli.main", "import", str(grid)], cwd=PROJECT_ROOT,
        env={**os.environ, "CONCERTATIONS_DATABASE_URL": url}, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    _open_home(page, app)
    offline_page.screenshot("fraicheur-import-cli")
    assert _engaged(page) == before + NEW_TERRITORIES


@pytest.fixture
def two_apps_on_postgres(postgres_demo_store: str, tmp_path: Path) -> Iterator[tuple[ServedApp, ServedApp]]:
    url = stores.private_copy(postgres_demo_store, "fraicheur_repliques", tmp_path)
    first, second = start_app(url), start_app(url)
    yield first, second
    stop_app(first)
    stop_app(second)
    stores.drop_schema("fraicheur_repliques")


@pytest.mark.postgres
def test_a_write_through_one_replica_is_read_by_the_other(two_apps_on_postgres: tuple[ServedApp, ServedApp],
                                                          chromium_browser: Any) -> None:
    first, second = two_apps_on_postgres
    reader, writer = open_offline_page(chromium_browser), open_offline_page(chromium_browser)
    try:
        _open_home(reader.page, second)
        old_name = reader.page.locator("[data-testid='stHeading']").all_inner_texts()
        assert not any("Campagne des répliques" in text for text in old_name)

        writer.page.goto(f"{first.url}/administration")
        wait_for_app(writer.page, timeout_ms=180_000)
        writer.page.get_by_role("tab", name="Paramètres de la campagne").click()
        writer.page.get_by_label("Nom de la campagne").fill("Campagne des répliques")
        writer.page.get_by_role("button", name="Enregistrer les paramètres").click()
        writer.page.get_by_text("Paramètres de la campagne enregistrés").wait_for(timeout=180_000)
        writer.screenshot("fraicheur-replique-a-ecriture")

        _open_home(reader.page, second)  # the next rerun of the other process
        reader.page.get_by_text("Campagne des répliques").first.wait_for(timeout=120_000)
        reader.screenshot("fraicheur-replique-b-lecture")
        assert not reader.blocked and not writer.blocked
    finally:
        reader.page.context.close()
        writer.page.context.close()
