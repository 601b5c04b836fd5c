"""Shared widgets: banners, the filter bar, key-figure tiles, safe error display."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.text import formatting
from dashboard.ui import campaign_readers, state
from data_access.campaigns import NETWORKS
from data_access.filters import Filters
from data_access.models import STAGE_LABELS, Stage
from data_access.monitoring.figures import FIGURE_LABELS, KeyFigures
from data_access.territories import reference

FILTER_KINDS = (
    "commune", "epci", "ept", "departement", "region", "collectivite_statut_particulier",
    "collectivite_outre_mer", reference.INTERNATIONAL,
)


INTERFACE_FR_SCRIPT = Path(__file__).resolve().parent.parent / "static" / "interface-fr.js"
INTERFACE_FR_STYLE = INTERFACE_FR_SCRIPT.with_suffix(".css")
INTERFACE_FR_KEY = "interface-fr"  # the CSS hides the container with this key


@functools.cache
def _interface_fr_html() -> str:
    style = INTERFACE_FR_STYLE.read_text(encoding="utf-8")
    script = INTERFACE_FR_SCRIPT.read_text(encoding="utf-8")
    return f"<style>{style}</style><script>{script}</script>"


def french_interface() -> None:
    """Translate the English Streamlit writes and offers no option for (docs/interface-francaise.md).

    The script runs in the page (not an iframe) and installs one MutationObserver per tab; the keyed
    container is hidden so the element takes no room.
    """
    with st.container(key=INTERFACE_FR_KEY):
        st.html(_interface_fr_html(), unsafe_allow_javascript=True)


def demo_banner() -> None:
    if campaign_readers.store_is_demo():
        st.info(
            "**Données de démonstration** : les territoires sont réels, mais les engagements, "
            "concertations et propositions affichés sont fictifs.",
            icon=":material/science:",
        )


def local_mode_banner() -> None:
    st.warning(
        "**Mode local** : aucune connexion n'est configurée, la personne devant cette machine "
        "a tous les droits (administrateur). L'application n'écoute que sur cet ordinateur.",
        icon=":material/lock_open:",
    )


def campaign_selector() -> campaign_readers.CampaignInfo | None:
    """The campaign every page shows; the most recent one by default."""
    campaigns = campaign_readers.campaign_list()
    if not campaigns:
        return None
    by_id = {c.id: c for c in campaigns}
    current = state.campaign_id()
    if current not in by_id:
        current = campaigns[0].id
    if len(campaigns) > 1:
        current = st.sidebar.selectbox(
            "Campagne", options=list(by_id), index=list(by_id).index(current),
            format_func=lambda cid: by_id[cid].name,
        )
    state.set_campaign_id(current)
    return by_id[current]


def filter_bar(campaign_id: int) -> Filters:
    """The shared filters (région, département, type, étape, réseau) in the sidebar."""
    regions = reference.region_names()
    departements = reference.departement_names()
    saved = state.filters()
    with st.sidebar.expander("Filtres", expanded=not saved.is_empty, icon=":material/filter_alt:"):
        reg_codes = st.multiselect(
            "Région", options=sorted(regions, key=lambda c: regions[c]),
            default=[c for c in saved.reg_codes if c in regions], format_func=regions.__getitem__,
            placeholder="Toutes les régions",
        )
        dep_options = sorted(
            (code for code in departements
             if not reg_codes or _region_of_departement(code) in reg_codes),
            key=lambda c: (len(c) > 2, c),
        )
        dep_codes = st.multiselect(
            "Département", options=dep_options,
            default=[c for c in saved.dep_codes if c in dep_options],
            format_func=lambda c: f"{departements[c]} ({c})", placeholder="Tous les départements",
        )
        kinds = st.multiselect(
            "Type de collectivité", options=list(FILTER_KINDS),
            default=[k for k in saved.kinds if k in FILTER_KINDS],
            format_func=reference.KIND_LABELS.__getitem__, placeholder="Tous les types",
        )
        stages = st.multiselect(
            "Étape", options=[s.value for s in Stage], default=list(saved.stages),
            format_func=lambda s: STAGE_LABELS[Stage(s)], placeholder="Toutes les étapes",
        )
        networks = st.multiselect(
            "Réseau", options=list(NETWORKS), default=[n for n in saved.networks if n in NETWORKS],
            placeholder="Tous les réseaux",
        )
    filters = Filters(
        campaign_id=campaign_id, reg_codes=tuple(reg_codes), dep_codes=tuple(dep_codes),
        kinds=tuple(kinds), stages=tuple(stages), networks=tuple(networks),
    )
    state.set_filters(filters)
    return filters


def _region_of_departement(code: str) -> str | None:
    territory = reference.get("departement", code)
    return territory.reg_code if territory else None


KEY_FIGURE_LABELS: tuple[tuple[str, str, str], ...] = tuple(
    (key, label.title, label.help) for key, label in FIGURE_LABELS.items())


def figure_title(key: str) -> str:
    """« Chartes signées »: a key figure's one name, for a page that shows it alone (the public page)."""
    return FIGURE_LABELS[key].title


def key_figure_tiles(values: KeyFigures, *, per_row: int = 3) -> None:
    # One st.columns per row: on a phone columns stack, and filling them column by column
    # (index % 3) would read 1, 4, 2, 5, 3, 6 there.
    for start in range(0, len(KEY_FIGURE_LABELS), per_row):
        row = KEY_FIGURE_LABELS[start:start + per_row]
        for column, (attribute, label, help_text) in zip(st.columns(per_row), row, strict=False):
            with column:
                st.metric(label, formatting.number(getattr(values, attribute)), help=help_text, border=True)


EMPTY_CELL = "—"
ROW_HEIGHT_PX = 35  # st.dataframe's default row height; the header is one row too
TABLE_MAX_ROWS = 11


def table_height(rows: int, *, max_rows: int = TABLE_MAX_ROWS) -> int:
    """Sized to the rows shown (a one-row table is one row high), scrolling past ``max_rows``."""
    return ROW_HEIGHT_PX * (min(max(rows, 1), max_rows) + 1) + 3


# Text columns get the width of their longest value (« Bourgogne-Franche-Comté », « Pyrénées-Atlantiques »):
# Streamlit sizes a column from its first rows and cuts the rest. Long free text keeps Streamlit's width.
CHAR_WIDTH_PX = 7  # measured: « Bourgogne-Franche-Comté » (23 characters) is 158 px in the grid
CELL_PADDING_PX = 24
FITTED_MAX_CHARS = 40


def fitted_widths(data: Any) -> dict[str, int]:
    """Pixel width for each short text column of a DataFrame, enough for its header and longest value."""
    if not isinstance(data, pd.DataFrame) or data.empty:
        return {}
    widths: dict[str, int] = {}
    for column in data.columns:
        if not (data[column].dtype == object or pd.api.types.is_string_dtype(data[column])):
            continue
        values = data[column].dropna()
        strings = values[values.map(lambda v: isinstance(v, str))]
        if strings.empty:
            continue
        longest = max(int(strings.str.len().max()), len(str(column)))
        if longest <= FITTED_MAX_CHARS:
            widths[str(column)] = longest * CHAR_WIDTH_PX + CELL_PADDING_PX
    return widths


def table(data: Any, *, max_rows: int = TABLE_MAX_ROWS, **options: Any) -> None:
    """st.dataframe as every page should show it: no index, full width, « — » for missing values
    (Streamlit writes « None » otherwise), height fitted to its rows, short text never cut."""
    config = dict(options.pop("column_config", None) or {})
    for column, width in fitted_widths(data).items():
        given = config.get(column)
        if given is None and column not in config:
            config[column] = {"width": width}
        elif isinstance(given, dict) and given.get("width") is None:
            config[column] = {**given, "width": width}
    st.dataframe(data, hide_index=True, width="stretch", placeholder=EMPTY_CELL,
                 height=table_height(len(data), max_rows=max_rows), column_config=config or None, **options)


def editable_table(data: Any, **options: Any) -> Any:
    """st.data_editor as every page should show it: an empty cell stays empty (Streamlit writes
    « None » in it otherwise, which a person then takes for a value), no index, full width."""
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    return st.data_editor(data, placeholder="", **options)


def edited_records(records: Sequence[Mapping[Any, Any]], changes: Any, columns: Sequence[str]) -> list[dict[Any, Any]]:
    """The rows an editable_table was drawn from, with the changes its key holds in session state
    (Streamlit's « edited_rows », « deleted_rows », « added_rows »): the table as the person left
    it, readable in a button's callback before the page runs again."""
    delta = changes if isinstance(changes, dict) else {}
    rows = [dict(record) for record in records]
    for index, edits in (delta.get("edited_rows") or {}).items():
        if 0 <= int(index) < len(rows):
            rows[int(index)].update(edits)
    deleted = {int(index) for index in delta.get("deleted_rows") or ()}
    kept = [row for index, row in enumerate(rows) if index not in deleted]
    kept.extend({column: added.get(column) for column in columns} for added in delta.get("added_rows") or ())
    return kept


def escape(text: str | None) -> str:
    """For the rare places that build HTML: every stored string goes through here."""
    return html.escape(text or "", quote=True)


WORD_JOINER = "\u2060"
AUTOLINK = re.compile(r"\\:/(?=/)|(?<![\w])www(?=\\\.)", re.IGNORECASE)
MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|~$:=")


def markdown_text(text: str | None) -> str:
    """Show stored text as plain text in st.markdown: neutralise Markdown and HTML syntax."""
    if not text:
        return ""
    escaped = html.escape(text, quote=False)
    # Every Markdown marker (and Streamlit's ":color[…]" / ":material/…:" directives, "$" for LaTeX,
    # "=" for setext headings) is backslash-escaped; html.escape already turned "<" and "&" into entities.
    escaped = "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in escaped)
    # Streamlit's GFM turns bare URLs into links after escapes are resolved: an invisible word
    # joiner inside "://" and "www." keeps them as text.
    return AUTOLINK.sub(lambda m: m.group(0)[:-1] + WORD_JOINER + m.group(0)[-1], escaped)


NOTICE_BOXES = {"success": (st.success, ":material/check_circle:"), "warning": (st.warning, ":material/warning:"),
                "error": (st.error, ":material/error:")}


def show_notice(notice: tuple[str, str] | None) -> None:
    """A (level, French message) left by a button's callback for this run (state.notice), in its box."""
    if notice is not None:
        box, icon = NOTICE_BOXES.get(notice[0], NOTICE_BOXES["error"])
        box(notice[1], icon=icon)


def empty_state(message: str, *, icon: str = ":material/info:") -> None:
    st.info(message, icon=icon)
