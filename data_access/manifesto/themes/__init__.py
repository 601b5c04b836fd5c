"""Themes for editors: what the campaign's proposals are about, before any section exists.

Modules: ``finding`` (pure computation: joint meaning and word vectors, Ward's clustering, the
themes' members, counts and quotes), ``labels`` (French label and key words from the theme's own
texts), ``store`` (the campaign's documents, editors' decisions applied, coverage by sections),
``decisions`` (the writes: rename, merge, split, reject, turn into a section).
"""

from data_access.manifesto.themes.decisions import merge, reject, rename, split, to_section
from data_access.manifesto.themes.finding import Document, FoundTheme, Quote, ThemeSet, find_themes
from data_access.manifesto.themes.store import (
    Analysis,
    Themes,
    ThemeView,
    campaign_documents,
    compute,
    uncovered,
    view,
)

__all__ = [
    "Analysis", "Document", "FoundTheme", "Quote", "ThemeSet", "ThemeView", "Themes", "campaign_documents",
    "compute", "find_themes", "merge", "reject", "rename", "split", "to_section", "uncovered", "view",
]
