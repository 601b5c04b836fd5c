"""Words a person should never read on a page (issue 24, items 18–20): technical identities, objects
named by their number, Python's « None », Streamlit's English that the French override must catch,
raw codes and unmarked UTC times. Texts include tooltips and aria-labels (``SEEN_JS``).

Kept apart from test_french_browser.py so that the page walk and this list evolve separately:
the walk calls ``forbidden_words(texts)`` once per page, at each width.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORBIDDEN = re.compile(
    # Technical identities instead of « Ligne de commande (root) », « Mode local », « Abidjan (international…) ».
    r"ligne-de-commande:|mode-local@|@localhost\b|\((?:[A-Z]{2})-[a-z][a-z-]*\)"
    # Journal objects by number instead of what they are.
    r"|Participation n°|Proposition du manifeste n°|Demande d'inscription n°|Grille déposée en ligne n°"
    # Python and JSON leaking through.
    r"|\bNone\b|\{\"|\"\}|\[\d+, \d+"
    # Streamlit's English in editable tables, chips and the uploader.
    r"|\bAdd row\b|\bDelete row|\bRemove \S|\bCancel upload\b|\b[a-z_]+ icon\b"
    # Raw values where a label is due.
    r"|Statut : actuelle|\bacces\b|\(UTC\)|heures UTC|Date \(UTC\)"
)


def forbidden_words(texts: Iterable[str]) -> list[str]:
    """Each forbidden word found, with 30 characters around it to find it on the page."""
    found = set()
    for text in texts:
        for match in FORBIDDEN.finditer(text):
            start = max(0, match.start() - 30)
            found.add(f"{match.group(0)} ← …{text[start:match.end() + 30]}…".replace("\n", " "))
    return sorted(found)
