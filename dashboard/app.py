"""Streamlit entrypoint: decides access, then builds the navigation. No page content here.

Run with ``streamlit run dashboard/app.py`` (``make run`` does it).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import streamlit as st

from dashboard import cache, navigation
from dashboard.ui import auth, widgets
from data_access import migrate
from data_access.db import check_connection, get_engine
from data_access.errors import UserFacingError
from data_access.models import ROLE_LABELS

FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"
LOGGER = logging.getLogger("concertations")
APP_TITLE = "Observatoire des concertations territoriales de l'IA"


def _store_problem() -> str | None:
    try:
        engine = get_engine()
        check_connection(engine)
        migrate.ensure_current(engine)
    except UserFacingError as exc:
        return str(exc)
    return None


def _show_refusal(title: str, message: str) -> None:
    st.title(title)
    st.error(message, icon=":material/block:")


def run() -> None:
    st.set_page_config(page_title=APP_TITLE, page_icon=str(FAVICON), layout="wide")
    widgets.french_interface()  # Streamlit's own English (uploader, menus, toolbars) in French
    cache.begin_run()  # readers re-read the store's data versions once in this run
    problem = _store_problem()
    if problem:
        _show_refusal("Base de données indisponible", problem)
        return
    decision = auth.decide()
    if decision.needs_login:
        st.title(APP_TITLE)
        st.write("Connectez-vous avec votre compte professionnel pour accéder au tableau de bord.")
        st.button("Se connecter", on_click=st.login, type="primary", icon=":material/login:")
        return
    if decision.actor is None:
        _show_refusal("Accès non autorisé", decision.refusal or "Accès non autorisé.")
        if decision.email:
            st.caption(f"Connecté en tant que {widgets.markdown_text(decision.email)}.")
            st.button("Se déconnecter", on_click=st.logout)
        return
    actor = decision.actor
    groups: dict[str, list[st.Page]] = {}
    for spec in navigation.visible_pages(actor.role):
        groups.setdefault(spec.group, []).append(
            st.Page(spec.path, title=spec.title, icon=spec.icon, default=spec.default,
                    url_path=spec.path.stem)
        )
    page = st.navigation(groups)
    with st.sidebar:
        if decision.local_mode:
            st.caption("Mode local — administrateur")
        else:
            # The name and e-mail come from the identity provider: shown as text, not Markdown.
            st.caption(f"{widgets.markdown_text(auth.display_name(actor))} — {ROLE_LABELS[actor.role]}")
            st.button("Se déconnecter", on_click=st.logout, icon=":material/logout:")
    if decision.local_mode:
        widgets.local_mode_banner()
    widgets.demo_banner()
    try:
        page.run()
    except UserFacingError as exc:
        st.error(str(exc), icon=":material/error:")
    except Exception:
        # A user never sees a traceback; tests set CONCERTATIONS_RAISE_ERRORS to see it.
        if os.environ.get("CONCERTATIONS_RAISE_ERRORS"):
            raise
        LOGGER.exception("Erreur inattendue sur la page « %s »", page.title)
        st.error(
            "Une erreur inattendue est survenue sur cette page. Elle a été consignée dans le "
            "journal du serveur ; réessayez, ou signalez-la à l'administrateur.",
            icon=":material/error:",
        )


run()
