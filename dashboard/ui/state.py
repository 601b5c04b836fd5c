"""Every Streamlit session-state key lives here, behind typed accessors."""

from __future__ import annotations

from typing import Any

import streamlit as st

from data_access.filters import Filters

FILTERS = "filters"
STORE_VERSIONS = "store_versions"
REDEEMED_ACCESS = "redeemed_access"
SELECTED_TERRITORY = "selected_territory_id"
CAMPAIGN_ID = "campaign_id"
TERRITORY_ACCESS = "territory_access"


def _get(key: str, default: Any) -> Any:
    return st.session_state.get(key, default)


def filters() -> Filters:
    value = _get(FILTERS, None)
    return value if isinstance(value, Filters) else Filters(campaign_id=campaign_id())


def set_filters(value: Filters) -> None:
    st.session_state[FILTERS] = value


def campaign_id() -> int | None:
    value = _get(CAMPAIGN_ID, None)
    return int(value) if value is not None else None


def set_campaign_id(value: int | None) -> None:
    st.session_state[CAMPAIGN_ID] = value


def selected_territory() -> int | None:
    value = _get(SELECTED_TERRITORY, None)
    return int(value) if value is not None else None


def set_selected_territory(participation_id: int | None) -> None:
    st.session_state[SELECTED_TERRITORY] = participation_id


# The Fiche's « Territoire » list has a key of its own, given its value before it is drawn. Without a
# key, its identity included ``index`` (the previous choice): each new choice changed the index, so
# the next run drew a new widget back on the previous territory and every second choice was lost.
# Its key is dropped when another page runs: the selected territory (set by the map, the Atelier…)
# is the lasting state, copied into the list by ``prepare_territory_choice``.
TERRITORY_CHOICE = "fiche_territoire_choix"


def prepare_territory_choice(participation_id: int) -> None:
    st.session_state[TERRITORY_CHOICE] = participation_id


def keep_territory_choice() -> None:
    """``on_change`` of the list: the user's choice becomes the selected territory before the rerun."""
    set_selected_territory(st.session_state.get(TERRITORY_CHOICE))


def store_versions() -> tuple[int, dict[str, int]] | None:
    """(this process's write count when read, the store's data versions), or None at a run's start."""
    value = _get(STORE_VERSIONS, None)
    return value if isinstance(value, tuple) else None


def set_store_versions(value: tuple[int, dict[str, int]] | None) -> None:
    st.session_state[STORE_VERSIONS] = value


def redeemed_access(invitation: str) -> str | None:
    """The access token an invitation opened in this browser session (an invitation opens once)."""
    redeemed: dict[str, str] = _get(REDEEMED_ACCESS, {})
    return redeemed.get(invitation)


def set_redeemed_access(invitation: str, access: str) -> None:
    st.session_state[REDEEMED_ACCESS] = {**_get(REDEEMED_ACCESS, {}), invitation: access}



def territory_access() -> str | None:
    """The access token a territory opened in this browser session: the menu's links drop the
    address's ``?acces=``, and a second territory page must not lose the territory."""
    value = _get(TERRITORY_ACCESS, None)
    return str(value) if value else None


def set_territory_access(access: str | None) -> None:
    st.session_state[TERRITORY_ACCESS] = access


# --- Manifesto workshop (pages/atelier.py) -------------------------------------------------------
WORKSHOP_FLASH = "atelier_flash"
WORKSHOP_EDIT_BASES = "atelier_edit_bases"
WORKSHOP_NONCES = "atelier_nonces"


def workshop_flash() -> str | None:
    """A confirmation to show once, after the rerun that follows a write."""
    value = _get(WORKSHOP_FLASH, None)
    st.session_state[WORKSHOP_FLASH] = None
    return str(value) if value else None


def set_workshop_flash(message: str) -> None:
    st.session_state[WORKSHOP_FLASH] = message


def widget_value(key: str, default: Any = None) -> Any:
    """A widget's value by its key, read in a button's callback: what the person typed or ticked
    at click time, which the run that drew the button may not have seen."""
    return st.session_state.get(key, default)


WORKSHOP_REFUSAL = "atelier_refus"


def workshop_refusal() -> Any:
    """Why the last write was refused (a French message or a conflict), to show once."""
    value = _get(WORKSHOP_REFUSAL, None)
    st.session_state[WORKSHOP_REFUSAL] = None
    return value


def set_workshop_refusal(refusal: Any) -> None:
    st.session_state[WORKSHOP_REFUSAL] = refusal


def edit_base(key: str) -> int | None:
    """The version an editor started from (kept until they save or reload): optimistic concurrency."""
    bases: dict[str, int] = _get(WORKSHOP_EDIT_BASES, {})
    return bases.get(key)


def set_edit_base(key: str, version: int | None) -> None:
    bases: dict[str, int] = dict(_get(WORKSHOP_EDIT_BASES, {}))
    if version is None:
        bases.pop(key, None)
    else:
        bases[key] = version
    st.session_state[WORKSHOP_EDIT_BASES] = bases


def widget_nonce(key: str) -> int:
    """Part of a widget key: bumping it recreates the widget with fresh content."""
    nonces: dict[str, int] = _get(WORKSHOP_NONCES, {})
    return nonces.get(key, 0)


def bump_widget_nonce(key: str) -> None:
    nonces: dict[str, int] = dict(_get(WORKSHOP_NONCES, {}))
    nonces[key] = nonces.get(key, 0) + 1
    st.session_state[WORKSHOP_NONCES] = nonces


WORKSHOP_STEP = "atelier_etape"  # the key of the step control: the step survives every rerun
WORKSHOP_PENDING_ADD = "atelier_ajout_en_attente"


def workshop_step(default: str) -> str:
    value = _get(WORKSHOP_STEP, None)
    return str(value) if value else default


def set_workshop_step(step: str) -> None:
    st.session_state[WORKSHOP_STEP] = step


def pending_add() -> tuple[int, tuple[int, ...]] | None:
    """(section id, proposal ids) that an editor is adding although some are already in the manifesto."""
    value = _get(WORKSHOP_PENDING_ADD, None)
    return value if isinstance(value, tuple) else None


def set_pending_add(value: tuple[int, tuple[int, ...]] | None) -> None:
    st.session_state[WORKSHOP_PENDING_ADD] = value


# --- Reminder links of the Suivi page (shown until the next batch; they are not in the store) ----
REMINDER_BATCH = "suivi_liens_relance"


def reminder_batch() -> Any:
    """The last reminder links created in this session (``dashboard.space.links.ReminderBatch``), or None."""
    return _get(REMINDER_BATCH, None)


def set_reminder_batch(value: Any) -> None:
    st.session_state[REMINDER_BATCH] = value
# --- Registration queue (pages/administration.py) ------------------------------------------------
VALIDATED_REGISTRATION = "inscription_validee"


def validated_registration() -> tuple[int, str, str] | None:
    """(participation id, territory name, contact e-mail) just validated: its link is offered next."""
    value = _get(VALIDATED_REGISTRATION, None)
    return value if isinstance(value, tuple) else None


def set_validated_registration(value: tuple[int, str, str] | None) -> None:
    st.session_state[VALIDATED_REGISTRATION] = value


REGISTRATION_REFUSAL = "inscription_refus_validation"


def registration_refusal() -> str | None:
    """Why the validation clicked in the last run was refused (French), shown once."""
    value = st.session_state.pop(REGISTRATION_REFUSAL, None)
    return str(value) if value else None


def set_registration_refusal(message: str | None) -> None:
    st.session_state[REGISTRATION_REFUSAL] = message


REGISTRATION_THANKS = "inscription_merci"


def registration_thanks() -> str | None:
    """The territory whose request was just received (or silently dropped): the page thanks once."""
    value = _get(REGISTRATION_THANKS, None)
    return str(value) if value else None


def set_registration_thanks(value: str | None) -> None:
    st.session_state[REGISTRATION_THANKS] = value


# --- Online grid of a territory (pages/espace.py, pages/fiche_territoire.py) --------------------
GRID_FLASH = "grille_flash"


def grid_flash() -> str | None:
    """A confirmation to show once, after the rerun that follows a filing or a review."""
    value = _get(GRID_FLASH, None)
    st.session_state[GRID_FLASH] = None
    return str(value) if value else None


def set_grid_flash(message: str) -> None:
    st.session_state[GRID_FLASH] = message


# A message for the run after a click, written by the button's callback, shown once by the page:
# (« success », « warning » or « error », French text), one per place.
NOTICES = {"inscription": "inscription_avis", "charte": "charte_avis", "grille": "grille_avis"}


def notice(place: str) -> tuple[str, str] | None:
    value = st.session_state.pop(NOTICES[place], None)
    return value if isinstance(value, tuple) else None


def set_notice(place: str, level: str, message: str) -> None:
    st.session_state[NOTICES[place]] = (level, message)


GRID_WARNINGS = "grille_avertissements"


def grid_warnings() -> tuple[str, ...]:
    """Rows a saved draft holds half-filled (shown once, after the rerun that follows the save)."""
    value = _get(GRID_WARNINGS, ())
    st.session_state[GRID_WARNINGS] = ()
    return tuple(str(v) for v in value or ())


def set_grid_warnings(messages: tuple[str, ...]) -> None:
    st.session_state[GRID_WARNINGS] = tuple(messages)


# --- Suivi des engagements (pages/engagements.py) ------------------------------------------------
COMMITMENTS_VIEW = "engagements_vue"  # the key of the view control: the view survives every rerun
COMMITMENTS_GROUPING = "engagements_regroupement"
COMMITMENTS_SELECTED = "engagements_choisi"
COMMITMENTS_FLASH = "engagements_flash"
COMMITMENTS_REFUSAL = "engagements_refus"
COMMITMENTS_IMPORT = "engagements_import"


def commitments_flash() -> str | None:
    """The confirmation of the write the last click ran, shown once."""
    value = _get(COMMITMENTS_FLASH, None)
    st.session_state[COMMITMENTS_FLASH] = None
    return str(value) if value else None


def set_commitments_flash(message: str | None) -> None:
    st.session_state[COMMITMENTS_FLASH] = message


def commitments_refusal() -> Any:
    """Why the last click's write was refused (a conflict keeps its other editor), shown once."""
    value = _get(COMMITMENTS_REFUSAL, None)
    st.session_state[COMMITMENTS_REFUSAL] = None
    return value


def set_commitments_refusal(refusal: Any) -> None:
    st.session_state[COMMITMENTS_REFUSAL] = refusal


def commitments_view() -> str | None:
    value = _get(COMMITMENTS_VIEW, None)
    return str(value) if value else None


def forget_widgets(keys: list[str]) -> None:
    """Empty a form after its write: its widgets start again from their defaults."""
    for key in keys:
        st.session_state.pop(key, None)


def set_commitments_view(view: str) -> None:
    st.session_state[COMMITMENTS_VIEW] = view


def selected_commitment() -> int | None:
    value = _get(COMMITMENTS_SELECTED, None)
    return int(value) if isinstance(value, int) else None


def set_selected_commitment(commitment_id: int | None) -> None:
    st.session_state[COMMITMENTS_SELECTED] = commitment_id


def commitments_import() -> Any:
    """The last import's report (a dry run or the import itself), kept until another file comes."""
    return _get(COMMITMENTS_IMPORT, None)


def set_commitments_import(report: Any) -> None:
    st.session_state[COMMITMENTS_IMPORT] = report


# --- A territory's commitments in its space (pages/espace.py, dashboard/space/commitments.py) ----
SPACE_COMMITMENT_NOTICE = "espace_engagements_retour"


def space_commitment_notice() -> Any:
    """The outcome of the last commitment write of this session (a confirmation or a refusal, and
    where to show it), to show once: ``dashboard.space.commitments.Notice`` or None."""
    value = _get(SPACE_COMMITMENT_NOTICE, None)
    st.session_state[SPACE_COMMITMENT_NOTICE] = None
    return value


def set_space_commitment_notice(value: Any) -> None:
    st.session_state[SPACE_COMMITMENT_NOTICE] = value
