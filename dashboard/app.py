"""Streamlit entrypoint: decides access, then builds the navigation. No page content here.

Run with ``streamlit run dashboard/app.py`` (``make run`` does it).
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard import cache, collector, navigation
from dashboard.access import auth
from dashboard.ui import widgets
from data_access import migrate
from data_access.db import check_connection, get_engine
from data_access.errors import UserFacingError
from data_access.models import ROLE_LABELS

FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"
LOGGER = logging.getLogger("concertations")
APP_TITLE = "Observatoire des concertations territoriales de l'IA"
# Unambiguous letters and digits: a reference read aloud over the phone is typed back right.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _configure_logging() -> None:
    """One stderr handler on the app's logger (Streamlit configures only its own loggers).

    The level comes from CONCERTATIONS_LOG_LEVEL (INFO by default: one line per page run).
    """
    if LOGGER.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(os.environ.get("CONCERTATIONS_LOG_LEVEL", "INFO").upper())


def error_reference() -> str:
    """A short random id shown to the user and written in the log line, to find one from the other."""
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


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


def _territory_landing(groups: dict[str, list[st.Page]]) -> st.Page:
    """Streamlit serves its default page at « / » only: the personal links' « /espace » needs the
    space to be a page of its own, so the (hidden) default page just opens it, keeping the link."""
    space = next(iter(groups.values()))[0]

    def open_space() -> None:
        st.switch_page(space, query_params=st.query_params.to_dict())

    return st.Page(open_space, title=space.title, icon=space.icon, default=True, visibility="hidden",
                   url_path="accueil-territoire")


def run() -> None:
    st.set_page_config(page_title=APP_TITLE, page_icon=str(FAVICON), layout="wide")
    widgets.french_interface()  # Streamlit's own English (uploader, menus, toolbars) in French
    cache.begin_run()  # readers re-read the store's data versions once in this run
    problem = _store_problem()
    if problem:
        _show_refusal("Base de données indisponible", problem)
        return
    decision = auth.decide()
    if decision.network_blocked:
        _show_refusal("Accès non autorisé", decision.refusal or "Accès non autorisé.")
        return
    if decision.actor is None:
        # Signing in, or refused: the public pages still open at their own address.
        _run_page(st.navigation([st.Page(lambda: _show_entrance(decision), title=APP_TITLE, default=True),
                                 *(_page(spec) for spec in navigation.public_pages()),
                                 *(_closed(spec, lambda: _show_entrance(decision))
                                   for spec in navigation.closed_pages(None))], position="hidden"),
                  "anonyme")
        return
    actor = decision.actor
    groups: dict[str, list[st.Page]] = {}
    for spec in navigation.visible_pages(actor.role):
        groups.setdefault(spec.group, []).append(_page(spec))
    if actor.is_territory:
        groups = {"": [_territory_landing(groups)], **groups}
    closed = [_closed(spec, lambda: _show_closed(actor.is_territory)) for spec in navigation.closed_pages(actor.role)]
    if closed:
        first = next(iter(groups))
        groups[first] = [*groups[first], *closed]
    page = st.navigation(groups, expanded=True)  # every page in the menu, no « voir plus »
    auth.keep_access_in_address(decision)
    with st.sidebar:
        if decision.local_mode:
            st.caption("Mode local — administrateur")
        elif actor.is_territory and decision.access_token:
            # A personal link, not a sign-in: nothing to sign out of; the link closes with the tab.
            st.caption(f"Lien personnel de {widgets.markdown_text(actor.email)}")
        else:
            # The name and e-mail come from the identity provider: shown as text, not Markdown.
            st.caption(f"{widgets.markdown_text(auth.display_name(actor))} — {ROLE_LABELS[actor.role]}")
            st.button("Se déconnecter", on_click=st.logout, icon=":material/logout:")
    if decision.local_mode:
        widgets.local_mode_banner()
    _run_page(page, actor.role.value)


def _page(spec: navigation.PageSpec) -> st.Page:
    return st.Page(spec.path, title=spec.title, icon=spec.icon, default=spec.default, url_path=spec.url_path)


def _closed(spec: navigation.PageSpec, show: Callable[[], None]) -> st.Page:
    """A page this visitor may not open, kept at its address (hidden) to say why in French."""
    return st.Page(show, title=spec.title, icon=spec.icon, url_path=spec.url_path, visibility="hidden")


def _show_closed(territory: bool) -> None:
    if territory:
        _show_refusal("Page réservée à la commission",
                      "Cette adresse est celle d'une page de la commission. Votre lien personnel ouvre l'espace "
                      "de votre territoire.")
        st.page_link(str(navigation.PAGES_DIR / "espace.py"), label="Ouvrir l'espace de mon territoire",
                     icon=":material/home_work:")
        return
    _show_refusal("Page non accessible", "Votre rôle ne permet pas d'ouvrir cette page. Demandez à un "
                                         "administrateur si vous en avez besoin.")


def _show_entrance(decision: auth.AccessDecision) -> None:
    if decision.needs_login:
        st.title(APP_TITLE)
        st.write("Connectez-vous avec votre compte professionnel pour accéder au tableau de bord.")
        st.button("Se connecter", on_click=st.login, type="primary", icon=":material/login:")
        return
    _show_refusal("Accès non autorisé", decision.refusal or "Accès non autorisé.")
    if decision.email:
        st.caption(f"Connecté en tant que {widgets.markdown_text(decision.email)}.")
        st.button("Se déconnecter", on_click=st.logout)


def _run_page(page: StreamlitPage, role: str) -> None:
    """Run the page; one log line per run (page, role, duration, outcome), a reference on errors."""
    widgets.demo_banner()
    _configure_logging()
    start = time.perf_counter()
    outcome = "interrompu"  # st.rerun / st.stop leave through BaseException: neither ok nor an error
    try:
        page.run()
        outcome = "ok"
    except UserFacingError as exc:
        outcome = "refus"
        st.error(str(exc), icon=":material/error:")
    except Exception:
        # A user never sees a traceback; tests set CONCERTATIONS_RAISE_ERRORS to see it.
        if os.environ.get("CONCERTATIONS_RAISE_ERRORS"):
            outcome = "exception"
            raise
        reference = error_reference()
        outcome = f"erreur ref={reference}"
        LOGGER.exception("Erreur inattendue sur la page « %s » (référence %s)", page.title, reference)
        st.error(
            "Une erreur inattendue est survenue sur cette page. Elle a été consignée dans le "
            f"journal du serveur sous la référence **{reference}** ; réessayez, ou signalez-la à "
            "l'administrateur en donnant cette référence.",
            icon=":material/error:",
        )
    finally:
        LOGGER.info("page=%s role=%s duree_ms=%d issue=%s", page.url_path or "accueil", role,
                    round((time.perf_counter() - start) * 1000), outcome)
        # After the page's first run its caches are warm: freeze them out of full collections.
        collector.after_run(page.url_path or "accueil")


run()
