"""Every page in French, legible and accessible, in a real browser at 1440 px and on a 390 px phone.

For each page: open the filters' lists (and type a search that finds nothing), focus a text field,
open a date picker, hover the charts' and tables' toolbars and each of their buttons, open the main
menu if there is one; then read everything a person can see or hear (text, aria-label, title,
placeholder) and fail on any English word of the list below or any « None ». axe-core (npm, from
tests/browser/node_modules, installed by ``make test``; never a CDN) runs on the page and fails
on a serious or critical violation. Screenshots and the axe report go to test-artifacts/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from dashboard import navigation
from dashboard.space.links import invitation_url
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.models import Participation, Stage, Territory
from data_access.space import personal_links
from tests.browser.conftest import (
    ARTIFACTS,
    OfflinePage,
    ServedApp,
    open_offline_page,
    painted,
    settle,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.browser.forbidden_words import forbidden_words
from tests.support.stores import copy_sqlite, in_ci

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# The default page lives at « / » (its own path answers « Page introuvable »); public pages have their
# own address (« territoires-engages »). The territories' own pages open through a personal link.
PAGES = tuple("" if spec.default else spec.url_path for spec in navigation.PAGES
              if spec.path.is_file() and not (spec.for_territories and not spec.for_commission))
TERRITORY_PAGES = tuple(spec.url_path for spec in navigation.PAGES if spec.for_territories)
# A file chosen in the uploader shows its name and size (« 13.0KB » in English).
UPLOAD = ("grilles.csv", "text/csv", b"Territoire;Courriel de contact\nRennes;mairie@exemple.fr\n")
WIDTHS = (1440, 390)
PHONE_WIDTH = 800  # below it Streamlit folds the sidebar and a phone has no hover (no chart toolbar)
# What Streamlit (and careless code) writes in English; « None » is Python leaking through.
ENGLISH = re.compile(
    r"\b(Upload|per file|Press Enter|Press Ctrl|Enter to apply|No results|No options|Print|Record screen|"
    r"Record a screencast|Made with|Show data|Show chart|Fullscreen|Download as|Search|Clear all|Clear value|"
    r"Select all|Select\.\.\.|Choose date|Choose an option|Date range|Deploy|Running\.\.\.|Please wait|"
    r"Sidebar|Collapse|Expand sidebar|Main menu|Loading\.\.\.|Sort ascending|Sort descending|Pin column|"
    r"Hide column|Show/hide|Drag and drop|Add files|View more|View less|Skip to main content|"
    r"Copy to clipboard|Increment|Decrement|Use arrow keys|Escape to close|None|null|NaN|NaT|dd / mm|dd/mm|yyyy|"
    r"YYYY|KB|MB|start date|end date|Empty)\b"
    # What a screen reader hears on a date segment (« day, Situation au ») and an empty date (« dd »).
    r"|\b(day|month|year), |\bdd\b"
)
SEEN_JS = """() => {
  const seen = [];
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],[aria-description]')) {
    if (el.closest('script,style')) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'aria-description']) {
      const value = el.getAttribute(name);
      if (value && (visible(el) || name === 'aria-label')) seen.push(name + ': ' + value);
    }
  }
  return seen;
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core absent ({AXE}) : lancez « make test » (npm install --no-save axe-core@4)."
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe_report() -> Iterator[dict[str, Any]]:
    report: dict[str, Any] = {}
    yield report
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "axe-report.json"
    # Each pass may run on another worker (--dist load): merge, do not overwrite.
    previous = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    path.write_text(json.dumps({**previous, **report}, ensure_ascii=False, indent=2), "utf-8")


def _try(action: Any) -> bool:
    try:
        action()
        return True
    except Exception:  # an element a page does not have: nothing to open there
        return False


SIDEBAR_OPEN_JS = """() => new Promise(done => {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (!sidebar) return done(false);
  const left = sidebar.getBoundingClientRect().left;
  requestAnimationFrame(() => done(left >= 0 && sidebar.getBoundingClientRect().left === left));
})"""


def _shown(page: Any, selector: str, *, timeout_ms: int = 5000) -> bool:
    """Wait for what an action opens (a list, a calendar, a tooltip) instead of a fixed pause, which
    was too short on a busy machine (the text read while the list was still opening) and wasted on a
    quiet one."""
    # The first *visible* match: Streamlit keeps every element's toolbar (and some lists) in the page,
    # hidden, so `.last` was a hidden one and each wait ran its whole timeout (5 s a page, 13 s on
    # Enseignements) although what it waited for was open.
    shown = _try(lambda: page.locator(selector).locator("visible=true").first.wait_for(
        state="visible", timeout=timeout_ms))
    painted(page)
    return shown


def _open_sidebar(page: Any) -> bool:
    expand = page.locator("[data-testid='stExpandSidebarButton'], [data-testid='stSidebarCollapsedControl'] button")
    if expand.count() and expand.first.is_visible():
        expand.first.click()
        # Open once it has slid fully into view (it moves in from the left).
        return _try(lambda: page.wait_for_function(SIDEBAR_OPEN_JS, timeout=5000))
    return False


def _exercise(page: Any, width: int) -> tuple[list[str], list[str]]:
    """Open what a curious person opens; returns (texts seen in passing, interactions done).

    On a phone only what differs at that width is exercised (the folded sidebar, the layout, read and
    audited by axe): lists, calendars, tabs, toolbars and menus say the same words at every width and
    are opened once, at 1440 px."""
    seen: list[str] = []
    done: list[str] = []

    def grab() -> None:
        seen.append(page.inner_text("body"))
        seen.extend(page.evaluate(SEEN_JS))

    if _open_sidebar(page):
        done.append("volet latéral")
    if width < PHONE_WIDTH:
        grab()
        page.keyboard.press("Escape")
        return seen, done
    filters = page.locator("[data-testid='stSidebar'] [data-testid='stExpander'] summary")
    if filters.count() and _try(lambda: filters.first.click(timeout=3000)):
        painted(page)
    multiselect = page.locator("[data-testid='stMultiSelect'] input")
    if multiselect.count() and _try(lambda: multiselect.first.click(timeout=3000)):
        _shown(page, "[data-testid='stMultiSelectDropdown'], [role='listbox']")
        grab()
        multiselect.first.type("zzzz")  # « No results »
        painted(page)
        grab()
        page.keyboard.press("Escape")
        multiselect.first.fill("")
        done.append("liste")
    selectbox = page.locator("[data-testid='stMain'] [data-testid='stSelectbox'] input")
    if selectbox.count() and _try(lambda: selectbox.first.click(timeout=3000)):
        _shown(page, "[data-testid='stSelectboxVirtualDropdown'], [role='listbox']")
        grab()
        page.keyboard.press("Escape")
        done.append("liste déroulante")
    text_input = page.locator("[data-testid='stMain'] [data-testid='stTextInput'] input")
    if text_input.count() and _try(lambda: text_input.first.click(timeout=3000)):
        text_input.first.type("a")  # « Press Enter to apply » shows while the value is not applied
        _shown(page, "[data-testid='stMain'] [data-testid='InputInstructions']")
        grab()
        text_input.first.fill("")
        page.keyboard.press("Escape")
        done.append("saisie")
    # The date field is a row of segments, no <input>: its button opens the calendar.
    calendar = page.locator("[data-testid='stMain'] [data-testid='stDateInputCalendarButton']")
    if calendar.count() and _try(lambda: calendar.first.click(timeout=3000)):
        _shown(page, "[data-testid='stDateInputCalendar']")
        grab()
        page.keyboard.press("Escape")
        done.append("date")
    uploader = page.locator("[data-testid='stMain'] [data-testid='stFileUploader'] input[type='file']")
    if uploader.count():
        name, mime, content = UPLOAD
        uploader.first.set_input_files(files=[{"name": name, "mimeType": mime, "buffer": content}])
        wait_for_app(page, timeout_ms=90_000)
        page.get_by_text(name).first.wait_for(timeout=30_000)
        painted(page)
        grab()
        done.append("fichier")
    for kind in ("[data-testid='stVegaLiteChart']", "[data-testid='stArrowVegaLiteChart']",
                 "[data-testid='stDataFrame']"):
        element = page.locator(f"[data-testid='stMain'] {kind}")
        if element.count() and element.first.is_visible() and _try(lambda e=element: e.first.hover(timeout=3000)):
            _shown(page, "[data-testid='stElementToolbar'] button")
            buttons = page.locator("[data-testid='stElementToolbar'] button").locator("visible=true")  # the hovered one's
            for index in range(min(buttons.count(), 4)):
                if _try(lambda i=index, b=buttons: b.nth(i).hover(timeout=2000)):
                    _shown(page, "[data-testid='stTooltipContent']", timeout_ms=2000)
                    grab()
            done.append("barre d'outils")
    # A hidden tab's text is not in innerText: each tab is opened and read (Administration, Suivi).
    tabs = page.locator("[data-testid='stMain'] [role='tab']")
    for index in range(min(tabs.count(), 6)):
        if _try(lambda i=index: tabs.nth(i).click(timeout=3000)):
            _try(lambda i=index: tabs.nth(i).and_(page.locator("[aria-selected='true']")).wait_for(timeout=3000))
            painted(page)
            grab()
            if "onglets" not in done:
                done.append("onglets")
    menu = page.locator("[data-testid='stMainMenu'] button, [data-testid='stMainMenu']")
    if menu.count() and menu.first.is_visible() and _try(lambda: menu.first.click(timeout=3000)):
        _shown(page, "[data-testid='stMainMenuPopover'], [data-testid='stMainMenuList']")
        grab()
        page.keyboard.press("Escape")
        done.append("menu principal")
    return seen, done


def _run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations'], iframes: false});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary.split('\\n')[1])}));
    }""")
    return list(result)


def _english(texts: list[str]) -> list[str]:
    found = set()
    for text in texts:
        for match in ENGLISH.finditer(text):
            start = max(0, match.start() - 30)
            found.add(f"{match.group(0)} ← …{text[start:match.end() + 30]}…".replace("\n", " "))
    return sorted(found)


def _visit(page: Any, url: str, name: str, width: int, axe_source: str,
           axe_report: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Open one page, exercise it, read it and run axe: (problems, interactions done)."""
    page.goto(url)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=90_000)
    wait_for_app(page, timeout_ms=90_000)
    # The override is installed, and lazily loaded widgets have replaced their skeletons.
    # 90 s like the title: the Atelier builds its French search index before its skeletons go (30 s
    # timed out there on the shared machine).
    page.wait_for_function("() => !!window.__interfaceFr", timeout=90_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=90_000)
    settle(page)
    # No page may fall back to the home page (a wrong address answers « Page introuvable »).
    assert "Page introuvable" not in page.inner_text("body"), url
    _screenshots(page, name, width)
    seen, done = _exercise(page, width)
    settle(page)  # what the interactions reran is drawn before the page is read
    seen.append(page.inner_text("body"))
    seen.extend(page.evaluate(SEEN_JS))
    english = _english(seen) + forbidden_words(seen) + _repeated_messages(page)
    violations = _run_axe(page, axe_source)
    axe_report[f"{name} @ {width}px"] = violations
    blocking = [f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in violations
                if v["impact"] in {"serious", "critical"}]
    return english + blocking, done


ALERTS_JS = """() => [...document.querySelectorAll('[data-testid=stAlert], [data-testid=stToast]')]
  .filter(e => e.offsetHeight).map(e => e.innerText.trim())"""


def _repeated_messages(page: Any) -> list[str]:
    """Issue 24, item 20: one message in one box (a message shown in two or three boxes at once)."""
    shown = page.evaluate(ALERTS_JS)
    return sorted({f"message affiché {shown.count(text)} fois : « {text[:80]} »" for text in shown
                   if text and shown.count(text) > 1})


def _screenshots(page: Any, name: str, width: int) -> None:
    """The whole page: Streamlit scrolls inside its own container, so the viewport grows to its height."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = page.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                           " return m ? m.scrollHeight : document.body.scrollHeight; }")
    page.set_viewport_size({"width": width, "height": max(900, min(int(height) + 100, 12_000))})
    painted(page)
    page.screenshot(path=str(ARTIFACTS / f"francais-{name}-{width}.png"))
    page.set_viewport_size({"width": width, "height": 900})
    painted(page)


def _write_outcome(label: str, problems: dict[str, list[str]], interactions: dict[str, list[str]]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"francais-{label}.json").write_text(
        json.dumps({"problèmes": problems, "interactions": interactions}, ensure_ascii=False, indent=2), "utf-8")


# What each page must have exercised at 1,440 px (so a selector Streamlit renames cannot turn the test
# into one that opens nothing); on a phone, every page with a sidebar opens it.
EXERCISED_AT_1440: dict[str, set[str]] = {
    "": {"liste", "barre d'outils"},
    "suivi": {"liste", "liste déroulante", "saisie", "date", "barre d'outils", "onglets"},
    "enseignements": {"liste", "liste déroulante", "barre d'outils"},
    "import": {"fichier"},
    "saisie": {"liste", "date", "barre d'outils"},
    "administration": {"onglets"},
    "journal": {"date"},
}


def test_the_pages_read_include_the_public_ones() -> None:
    assert {"", "territoires-engages", "inscription", "bibliotheque", "import"} <= set(PAGES), PAGES


# One test per page and width (was: one test per width, 170 s and 240 s in CI, which bounded one of
# the two workers): the workers share the pages.
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("stem", PAGES, ids=lambda stem: stem or "accueil")
def test_page_is_french_and_accessible(
    served_demo: ServedApp, chromium_browser: Any, axe_source: str, axe_report: dict[str, Any], width: int,
    stem: str,
) -> None:
    name = stem or "accueil"
    offline: OfflinePage = open_offline_page(chromium_browser, width=width, height=900)
    try:
        found, done = _visit(offline.page, f"{served_demo.url}/{stem}", name, width, axe_source, axe_report)
    finally:
        offline.page.context.close()
    _write_outcome(f"{width}-{name}", {stem: found} if found else {}, {stem: done})
    if width < PHONE_WIDTH:
        assert stem in {"territoires-engages", "inscription"} or "volet latéral" in done, done
    else:
        assert EXERCISED_AT_1440.get(stem, set()) <= set(done), done
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    assert not offline.blocked, offline.blocked


@pytest.fixture(scope="module")
def territory_app(demo_store: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServedApp, str]]:
    """A copy of the demo (invitations are written), served: the territories' pages as a territory sees them."""
    url = copy_sqlite(demo_store, tmp_path_factory.mktemp("francais") / "territoire.sqlite3")
    app = start_app(url)
    yield app, url
    stop_app(app)


def _invitation(url: str, base_url: str) -> str:
    """A personal link for a territory whose concertation is held: its space shows the grid to fill."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        pid = session.scalars(select(Participation.id).join(Territory)
                              .where(Participation.stage == Stage.CONCERTATION_TENUE.value)
                              .order_by(Territory.name)).first()
        assert pid is not None
        issued = personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=pid, email="mairie@exemple.fr")
    engine.dispose()
    return invitation_url(issued.token, base_url)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_territory_pages_are_french_and_accessible(
    territory_app: tuple[ServedApp, str], chromium_browser: Any, axe_source: str, axe_report: dict[str, Any],
    width: int,
) -> None:
    app, url = territory_app
    offline: OfflinePage = open_offline_page(chromium_browser, width=width, height=900)
    page = offline.page
    problems: dict[str, list[str]] = {}
    interactions: dict[str, list[str]] = {}
    try:
        page.goto(_invitation(url, app.url))
        page.get_by_role("heading", name=re.compile("^Espace territoire — ")).wait_for(timeout=90_000)
        access = urlsplit(page.url).query  # the personal link, now « acces=… »
        assert access.startswith("acces="), page.url
        for stem in TERRITORY_PAGES:
            name = f"territoire-{stem}"
            found, interactions[stem] = _visit(page, f"{app.url}/{stem}?{access}", name, width, axe_source,
                                               axe_report)
            # Still the territory (not the commission's mode local) on each of its pages.
            assert "Lien personnel de mairie@exemple.fr" in page.inner_text("[data-testid='stSidebar']"), stem
            if found:
                problems[stem] = found
    finally:
        page.context.close()
    _write_outcome(f"territoire-{width}", problems, interactions)
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
    assert not offline.blocked, offline.blocked


DATE_FIELDS_JS = """() => [...document.querySelectorAll('[data-testid="stDateInput"] [role="spinbutton"],'
    + '[data-testid="stDateInput"] [role="group"]')].map(e => (e.getAttribute('data-placeholder') ? 'vide ' : '')
    + e.getAttribute('aria-label') + ' | ' + (e.getAttribute('aria-valuetext') || '') + ' | ' + e.textContent)"""


def test_date_fields_speak_french_to_screen_readers(
    served_demo: ServedApp, territory_app: tuple[ServedApp, str], chromium_browser: Any,
) -> None:
    """What a person sees and a screen reader hears on a date field: one date (Suivi), a period (Journal),
    an unanswered grid question (the territory's online grid). Streamlit fixes react-aria's language to
    en-US (« dd / mm / yyyy », « day, Situation au », « 03 – March »); interface-fr.js rewrites it."""
    app, url = territory_app
    offline = open_offline_page(chromium_browser, width=1440, height=900)
    page = offline.page
    heard: list[str] = []
    try:
        for stem, address in (("suivi", f"{served_demo.url}/suivi"), ("journal", f"{served_demo.url}/journal"),
                              ("espace", _invitation(url, app.url))):
            page.goto(address)
            page.wait_for_selector("[data-testid='stMain'] [data-testid='stDateInput'] [role='spinbutton']",
                                   timeout=90_000)
            page.wait_for_function("() => !!window.__interfaceFr", timeout=30_000)
            settle(page)
            if stem == "espace":
                # The demo answers every date of the grid: erase the last one, as a person would.
                # The grid's own last date (the space also has the commitments' forms, below it).
                grid = page.locator("[data-testid='stForm']").filter(
                    has=page.get_by_role("button", name="Déposer la grille"))
                segments = grid.locator("[data-testid='stDateInput']").last.locator("[role='spinbutton']")
                for index in range(segments.count()):
                    segments.nth(index).click()
                    for _ in range(5):
                        page.keyboard.press("Backspace")
                settle(page)
            heard.extend(f"{stem}: {label}" for label in page.evaluate(DATE_FIELDS_JS))
            heard.append(f"{stem}: {page.inner_text('[data-testid=stMain]')}")  # what a person sees
    finally:
        page.context.close()
    english = re.compile(r"\b(day|month|year|start date|end date|January|February|March|April|May|June|July|"
                         r"August|September|October|November|December|Empty|dd|yyyy)\b")
    assert heard and not [label for label in heard if english.search(label)], heard
    assert any(label.startswith("journal: jour, Période, date de début") for label in heard), heard
    assert any(re.search(r"\| \d\d – [a-zéû]+ \|", label) for label in heard), heard  # « 03 – mars »
    # Empty: the grid's date just erased, and the optional dates of the space's commitment form.
    empty = [label for label in heard if ": vide " in label]
    assert len([label for label in empty if "Date de signature" in label]) == 3, "\n".join(heard)
    assert all(label.endswith(("| jj", "| mm", "| aaaa")) for label in empty), "\n".join(heard)
