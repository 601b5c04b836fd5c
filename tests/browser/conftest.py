"""Real-browser tests: the app served on a free loopback port, driven by Playwright in Debian Chromium.

No network leaves the machine: every request to a host other than the app's is aborted and
recorded, so a test can assert that nothing tried to reach a CDN.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support import stores
from tests.support.env import PROJECT_ROOT, TEST_ROOT
from tests.support.stores import in_ci

CHROMIUM = os.environ.get("CONCERTATIONS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServedApp:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def start_app(
    database_url: str, *, secrets_path: Path | None = None, extra_env: dict[str, str] | None = None,
    port: int | None = None, extra_args: tuple[str, ...] = (),
) -> ServedApp:
    port = port or _free_port()
    log = TEST_ROOT / f"streamlit-{port}.log"
    env = {**os.environ, "CONCERTATIONS_DATABASE_URL": database_url,
           "CONCERTATIONS_SECRETS_PATH": str(secrets_path or TEST_ROOT / "secrets.toml"), **(extra_env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "app.py"),
         "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
         "--browser.gatherUsageStats=false", *extra_args],
        cwd=PROJECT_ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return ServedApp(url=url, process=process, log=log)
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            break
    process.kill()
    raise RuntimeError(f"L'application n'a pas démarré : {log.read_text(errors='replace')[-2000:]}")


def stop_app(app: ServedApp) -> None:
    app.process.terminate()
    try:
        app.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.process.kill()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if in_ci():
            pytest.fail(f"Chromium introuvable ({CHROMIUM}) : obligatoire en CI.")
        pytest.skip(f"Chromium introuvable ({CHROMIUM}).")
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium_browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def served_demo(demo_store: str, chromium_browser: Any) -> Iterator[ServedApp]:
    app = start_app(demo_store)
    warm_up(app, chromium_browser)  # like the PostgreSQL one: a cold first run can outlast a test's waits
    yield app
    stop_app(app)


@pytest.fixture(scope="session")
def served_demo_postgres(postgres_demo_store: str, chromium_browser: Any) -> Iterator[ServedApp]:
    app = start_app(postgres_demo_store)
    warm_up(app, chromium_browser)
    yield app
    stop_app(app)


def warm_up(app: ServedApp, browser: Any, *, timeout_ms: int = 240_000) -> None:
    """Open the home page once and wait for it: a new server's first run (imports, empty caches)
    took up to a minute on the shared CI machine, past the journeys' own 30 s waits."""
    offline = open_offline_page(browser)
    try:
        offline.page.goto(app.url)
        wait_for_app(offline.page, timeout_ms=timeout_ms)
        offline.page.get_by_text("Vue d'ensemble").first.wait_for(timeout=timeout_ms)
        wait_for_app(offline.page, timeout_ms=timeout_ms)
    finally:
        offline.page.context.close()


# Journeys run on SQLite; each journey file runs at least one of its tests on PostgreSQL too, with
# ``@pytest.mark.parametrize("backend", BACKENDS)`` (a browser test costs seconds: not all twice).
BACKENDS = stores.BACKEND_PARAMS


@pytest.fixture
def backend() -> str:
    """The store backend of a journey: SQLite unless the test parametrizes it."""
    return "sqlite"


@pytest.fixture
def served_any(backend: str, request: pytest.FixtureRequest) -> ServedApp:
    """The served demo of ``backend``."""
    return request.getfixturevalue("served_demo" if backend == "sqlite" else "served_demo_postgres")  # type: ignore[no-any-return]


_private = itertools.count()


@pytest.fixture
def private_store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated store of ``backend`` for one test that writes (a file or a schema)."""
    label = f"browser_{next(_private)}"
    url = stores.migrated_store(label, tmp_path, backend)
    yield url
    if backend == "postgres":
        stores.drop_schema(label)


@pytest.fixture
def demo_copy_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A private copy of the demo store of ``backend`` for a journey that writes."""
    label = f"journey_{next(_private)}"
    source = request.getfixturevalue("demo_store" if backend == "sqlite" else "postgres_demo_store")
    url = stores.private_copy(source, label, tmp_path)
    yield url
    if backend == "postgres":
        stores.drop_schema(label)


@dataclass
class OfflinePage:
    page: Any
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def open_offline_page(browser: Any, *, width: int = 1400, height: int = 1000) -> OfflinePage:
    """A page where any request off 127.0.0.1/localhost is aborted and recorded; dialogs are recorded."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    # Every wait ends on its condition; 60 s only bounds it: a new server's first run took more than
    # Playwright's 30 s on the shared machine (grid and freshness journeys timed out there).
    context.set_default_timeout(60_000)
    page = context.new_page()
    offline = OfflinePage(page=page)

    def route(route_: Any) -> None:
        url = route_.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:", "about:")):
            route_.continue_()
        else:
            offline.blocked.append(url)
            route_.abort()

    context.route("**/*", route)
    page.on("dialog", lambda dialog: (offline.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: offline.console_errors.append(msg.text) if msg.type == "error" else None)
    return offline


@pytest.fixture
def offline_page(chromium_browser: Any) -> Iterator[OfflinePage]:
    offline = open_offline_page(chromium_browser)
    yield offline
    offline.page.context.close()


def painted(page: Any) -> None:
    """Two animation frames have passed: the last change (a scroll, a resize, a popup) is laid out and
    painted. The condition to wait for before a screenshot or a layout reading, instead of a pause."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# Busy while the script runs: Streamlit's own script state on stApp (the status widget alone is not
# enough: a query that draws nothing for seconds left the home page at its title, read as settled).
SETTLED_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const state = document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state');
  const running = ['initial', 'running', 'rerunRequested'].includes(state);
  const busy = running || document.querySelector('[data-testid="stStatusWidget"],[data-testid="stSkeleton"]');
  return busy ? null : main.innerText.length + ':' + main.querySelectorAll('*').length;
}"""


def settle(page: Any, *, timeout_ms: int = 90_000) -> None:
    """Wait until the page stops changing: on a busy machine the title shows seconds before the rest,
    and a check run then reads an empty page (it passed that way once). Settled: no script running,
    no skeleton, and the same text and element count over 1.2 s (five readings 300 ms apart; the
    French test's former 700 ms step cost at least 2.8 s per call, and it calls it twice a page)."""
    page.wait_for_function(SETTLED_JS, timeout=timeout_ms)
    previous, stable, waited = None, 0, 0
    while stable < 4 and waited < timeout_ms:
        current = page.evaluate(SETTLED_JS)
        stable = stable + 1 if current is not None and current == previous else 0
        previous = current
        if stable < 4:
            page.wait_for_timeout(300)
            waited += 300
    assert stable >= 4, f"la page change encore après {timeout_ms // 1000} s : {page.url}"


def wait_for_app(page: Any, *, timeout_ms: int = 30_000) -> None:
    """Streamlit renders in several passes: wait until the script has finished running."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )
    page.wait_for_timeout(300)
