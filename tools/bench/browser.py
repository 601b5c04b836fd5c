"""What a person waits for in Chromium (issue 26): full page loads against a minimal Streamlit app
served in the same run, and the Atelier's editor actions, click to settled page.

At the largest scale of the run, one app server (as deployed: no file watcher) and one minimal app
(a title and a sentence) are started. Each page is loaded once to warm the server, then three
times in a fresh browser context (a new session each time, as a new visitor); the median is
compared with the minimal app's. Editor actions are timed from the click to the moment the
confirmation is shown and the script has stopped (median of three, each on other proposals).
Needs Chromium (/usr/bin/chromium or CONCERTATIONS_CHROMIUM) and Playwright (the test extra).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tools.bench import BenchContext, Measure, _environ
from tools.bench.load import _wait_healthy, free_port, serve

GROUP = "navigateur"
RATIO_TARGET = 1.3
ACTION_TARGET_S = 0.6
LOADS = 3
PAGES = ("", "carte", "suivi", "enseignements", "fiche_territoire", "manifeste", "atelier", "bibliotheque",
         "territoires-engages", "engagements")
MINIMAL_APP = 'import streamlit as st\nst.title("Page minimale")\nst.write("Une phrase.")\n'
# Busy while the script runs (Streamlit's script state on stApp), a skeleton or the status widget shows.
SETTLED_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const state = document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state');
  if (!main || ['initial', 'running', 'rerunRequested'].includes(state)) return false;
  return !document.querySelector('[data-testid="stStatusWidget"],[data-testid="stSkeleton"]')
    && !!main.querySelector('h1');
}"""


def chromium_path() -> str | None:
    path = os.environ.get("CONCERTATIONS_CHROMIUM", "/usr/bin/chromium")
    return path if Path(path).is_file() else None


@contextmanager
def minimal_app() -> Iterator[str]:
    """The framework's floor: a Streamlit app that reads nothing, served like ours."""
    folder = Path(tempfile.mkdtemp(prefix="concertations-minimal-"))
    (folder / "minimal.py").write_text(MINIMAL_APP, encoding="utf-8")
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(folder / "minimal.py"), "--server.headless=true",
             "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
             "--server.fileWatcherType=none"],
            cwd=folder, env=_environ(), stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def load_seconds(browser: Any, url: str) -> float:
    """A new visitor: fresh context, address typed, page settled (title drawn, script stopped)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(SETTLED_JS, timeout=180_000, polling=50)
        return time.perf_counter() - start
    finally:
        context.close()


def median_load(browser: Any, url: str) -> float:
    load_seconds(browser, url)  # the server's first run of this page (its caches) is not a visitor's wait
    return statistics.median(load_seconds(browser, url) for _ in range(LOADS))


def _timed_click(page: Any, button: Any, confirmation: str) -> float:
    start = time.perf_counter()
    button.click()
    page.get_by_text(confirmation).first.wait_for(timeout=60_000)
    page.wait_for_function(SETTLED_JS, timeout=60_000, polling=50)
    return time.perf_counter() - start


def _step(page: Any, name: str) -> None:
    page.locator("[data-testid='stButtonGroup'] button").filter(has_text=name).first.click()
    page.wait_for_function(SETTLED_JS, timeout=180_000, polling=100)


def add_three(page: Any, round_: int) -> float:
    """Explorer: search, tick three proposals not yet placed, « Ajouter à la section »."""
    search = page.get_by_role("textbox", name="Rechercher dans les propositions")
    search.fill(("formation des agents", "données personnelles", "transparence des algorithmes")[round_ % 3])
    search.press("Enter")
    page.wait_for_function(SETTLED_JS, timeout=60_000, polling=50)
    boxes = page.get_by_test_id("stCheckbox").filter(has_not_text="dans ").filter(has_not_text="même texte")
    for index in range(3):
        boxes.nth(index).click()
        page.wait_for_function(SETTLED_JS, timeout=60_000, polling=50)
    button = page.get_by_role("button", name="Ajouter à la section").first
    return _timed_click(page, button, "propositions ajoutées")


def save_section(page: Any, round_: int) -> float:
    """Sections: change the introduction of the section shown, « Enregistrer la section »."""
    intro = page.get_by_label("Introduction (Markdown", exact=False).first
    intro.fill(f"Introduction revue pour la mesure, passage {round_ + 1}.")
    intro.press("Tab")
    page.wait_for_function(SETTLED_JS, timeout=60_000, polling=50)
    return _timed_click(page, page.get_by_role("button", name="Enregistrer la section"), "Section enregistrée.")


ACTIONS: tuple[tuple[str, str, Callable[[Any, int], float]], ...] = (
    ("ajouter 3 propositions à une section", "Explorer", add_three),
    ("enregistrer une section", "Sections", save_section),
)


def run(context: BenchContext) -> list[Measure]:
    executable = chromium_path()
    if executable is None:
        wanted = os.environ.get("CONCERTATIONS_CHROMIUM", "/usr/bin/chromium")
        print(f"[bench] navigateur : Chromium absent ({wanted}), groupe sauté.", file=sys.stderr)
        return []
    from playwright.sync_api import sync_playwright

    scale = max(context.scales)
    url = context.store_url(scale)
    measures: list[Measure] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        try:
            with minimal_app() as floor_url:
                floor = median_load(browser, floor_url)
            measures.append(Measure(GROUP, "chargement complet : application Streamlit minimale", floor, "s", scale))
            with serve(url, options=("runner.postScriptGC=false",)) as servers:
                base = f"http://127.0.0.1:{servers[0].port}"
                for stem in PAGES:
                    seconds = median_load(browser, f"{base}/{stem}")
                    name = stem or "accueil"
                    measures.append(Measure(GROUP, f"chargement complet : {name}", seconds, "s", scale))
                    measures.append(Measure(GROUP, f"chargement complet : {name}, rapport à l'application minimale",
                                            seconds / floor, "×", scale, RATIO_TARGET))
                measures.extend(_actions(browser, base, scale))
        finally:
            browser.close()
    return measures


def _actions(browser: Any, base: str, scale: int) -> list[Measure]:
    measures = []
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{base}/atelier")
        page.wait_for_function(SETTLED_JS, timeout=300_000, polling=100)
        for label, step, action in ACTIONS:
            _step(page, step)
            seconds = []
            for round_ in range(3):
                try:
                    seconds.append(action(page, round_))
                except Exception as exc:  # a selector the page renamed: reported, not a crash of the bench
                    print(f"[bench] navigateur : « {label} » n'a pas abouti ({type(exc).__name__}).", file=sys.stderr)
                    break
            if seconds:
                measures.append(Measure(GROUP, f"action de l'éditeur : {label} (clic → page stable)",
                                        statistics.median(seconds), "s", scale, ACTION_TARGET_S))
    finally:
        context.close()
    return measures


if __name__ == "__main__":  # quick look: python -m tools.bench.browser
    for measure in run(BenchContext(scales=(1,))):
        print(measure.as_dict())

