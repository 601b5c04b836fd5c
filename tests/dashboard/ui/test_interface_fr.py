"""The French override of Streamlit's own English (dashboard/static/interface-fr.js) stays alive.

Each English text the script translates must still exist in the installed Streamlit frontend:
when an upgrade renames one, this test names it (the browser test then finds the new English).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import streamlit

from dashboard.ui import widgets

STATIC_JS = Path(streamlit.__file__).resolve().parent / "static" / "static" / "js"
# Texts Streamlit composes from pieces (`Press Enter to ${action}`): the piece to look for.
COMPOSED = {
    "Press Enter to apply": "Press Enter to ",
    "Press Enter to submit form": "Press Enter to ",
    "Press Ctrl+Enter to apply": "+Enter to ",
    "Press Ctrl+Enter to submit form": "+Enter to ",
    "Press ⌘+Enter to apply": "+Enter to ",
    "Press ⌘+Enter to submit form": "+Enter to ",
    "The page that you have requested does not seem to exist. Running the app's main page.":
        "Running the app's main page.",
}


def _translations() -> dict[str, str]:
    source = widgets.INTERFACE_FR_SCRIPT.read_text(encoding="utf-8")
    block = source.split("var TEXTES = {", 1)[1].split("};", 1)[0]
    return dict(re.findall(r'^\s*"([^"]+)":\s*"([^"]*)"', block, re.MULTILINE))


@cache
def _frontend() -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in STATIC_JS.glob("*.js"))


def test_script_has_translations() -> None:
    translations = _translations()
    assert translations["No results"] == "Aucun résultat"
    assert translations["Show data"] == "Afficher les données"
    # What a screen reader hears in an open calendar.
    assert translations["Use arrow keys to navigate dates. Enter to select. Escape to close."].startswith("Flèches")
    assert len(translations) > 50


def test_every_english_text_still_exists_in_streamlit() -> None:
    frontend = _frontend()
    dead = [english for english in _translations() if COMPOSED.get(english, english) not in frontend]
    assert not dead, f"Textes que Streamlit n'écrit plus (à retirer ou renommer) : {dead}"


def test_no_translation_is_left_in_english() -> None:
    for english, french in _translations().items():
        assert (french and french != english) or english in {"Notifications"}, english


def test_entrypoint_injects_the_script_once() -> None:
    app = (Path(widgets.__file__).resolve().parent.parent / "app.py").read_text(encoding="utf-8")
    assert app.count("widgets.french_interface()") == 1


def test_script_survives_the_html_sanitiser() -> None:
    # st.html passes through DOMPurify, which drops a script whose text holds « < » followed by a
    # letter or « / » (even in a comment): the whole override would silently vanish.
    for path in (widgets.INTERFACE_FR_SCRIPT, widgets.INTERFACE_FR_STYLE):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<[A-Za-z/!]", text), path.name
