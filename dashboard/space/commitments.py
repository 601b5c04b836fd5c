"""A territory's commitments in its space, without layout: the cached reader, the writes run in the
buttons' callbacks (one run per action), and their French outcome.

The territory writes only its own commitments: the data layer refuses anything else and its French
message is shown as it is. A report starts from the version the territory saw first (kept until it
saves or takes the current version back): if someone changed the status or the progress since, the
save is refused and the territory is told what changed; a change elsewhere (the commission's
validation, the title) does not block a report, which only writes status, progress and news.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from dashboard.cache import reader
from dashboard.text import formatting
from dashboard.ui import state
from data_access.access import Actor
from data_access.commitments import rules, space, statuses, writes
from data_access.commitments.models import CommitterKind
from data_access.commitments.space import OwnCommitments
from data_access.commitments.views import CommitmentConflict, CommitmentInput
from data_access.db import session_scope
from data_access.errors import UserFacingError, ValidationError

NEW = "nouveau"  # where the creation form's notice shows
# What a report writes: a change of these by someone else since the territory's version is a conflict.
REPORTED = ("Statut", "Avancement", "Retrait")


@dataclass(frozen=True)
class Notice:
    """The outcome of a click, shown once next to the form that made it (``where``: NEW or a commitment)."""

    where: str
    message: str
    refused: bool = False
    changes: tuple[str, ...] = field(default=())


@reader("commitments", "manifesto", "participations")
def own(actor: Actor, participation_id: int) -> OwnCommitments:
    with session_scope() as session:
        return space.own_commitments(session, actor=actor, participation_id=participation_id)


def base_key(commitment_id: int) -> str:
    return f"engagement-{commitment_id}"


def edit_base(commitment_id: int, version: int) -> int:
    """The version the territory started its report from (kept until it saves or reloads)."""
    key = base_key(commitment_id)
    if state.edit_base(key) is None:
        state.set_edit_base(key, version)
    return state.edit_base(key) or version


def reload(commitment_id: int) -> None:
    """« Reprendre sur la version actuelle »: forget the old version and redraw the form from the store."""
    state.set_edit_base(base_key(commitment_id), None)
    state.bump_widget_nonce(base_key(commitment_id))


def create(actor: Actor, *, participation_id: int, campaign_id: int, item_id: int | None, title: str,
           description: str, status_id: int | None, start_date: dt.date | None, end_date: dt.date | None) -> str:
    """A new commitment carried by the territory; returns its title."""
    if item_id is None:
        raise ValidationError("Choisissez l'élément du manifeste auquel répond cet engagement.")
    with session_scope() as session:
        if status_id is None:  # a campaign without statuses yet: its defaults, « prévu » first
            statuses.ensure_default_statuses(session, actor=actor, campaign_id=campaign_id)
            status_id = statuses.list_statuses(session, campaign_id)[0].id
        commitment = writes.create_commitment(session, actor=actor, campaign_id=campaign_id, data=CommitmentInput(
            title=title, committer_kind=CommitterKind.TERRITOIRE.value, status_id=status_id, item_id=item_id,
            participation_id=participation_id, description=description or "", start_date=start_date,
            end_date=end_date))
        return commitment.title


def report(actor: Actor, *, commitment_id: int, expected_version: int, status_id: int, progress: int | None,
           news: str, occurred_on: dt.date | None) -> None:
    with session_scope() as session:
        writes.report_progress(session, actor=actor, commitment_id=commitment_id, expected_version=expected_version,
                               status_id=status_id, progress=progress, news=news or "", occurred_on=occurred_on)


def changes_since(actor: Actor, commitment_id: int, version: int) -> list[str]:
    with session_scope() as session:
        return space.changes_since(session, actor=actor, commitment_id=commitment_id, version=version)


def on_create(*, actor: Actor, participation_id: int, campaign_id: int, keys: dict[str, str], nonce_key: str) -> None:
    """« Ajouter l'engagement », in the button's callback: the fields as typed at click time."""
    values = {name: state.widget_value(key) for name, key in keys.items()}
    try:
        title = create(actor, participation_id=participation_id, campaign_id=campaign_id, **values)
    except UserFacingError as exc:
        state.set_space_commitment_notice(Notice(where=NEW, message=str(exc), refused=True))
        return
    state.bump_widget_nonce(nonce_key)  # an empty form for the next one
    state.set_space_commitment_notice(Notice(
        where=NEW, message=f"Engagement « {title} » ajouté. Il sera public une fois validé par la commission."))


def on_report(*, actor: Actor, commitment_id: int, current_version: int, keys: dict[str, str]) -> None:
    """« Enregistrer l'avancement », in the button's callback."""
    where = str(commitment_id)
    base = state.edit_base(base_key(commitment_id)) or current_version
    automatic = bool(state.widget_value(keys["automatic"]))
    arguments: dict[str, Any] = {
        "status_id": state.widget_value(keys["status_id"]),
        "progress": None if automatic else int(state.widget_value(keys["progress"]) or 0),
        "news": state.widget_value(keys["news"]) or "", "occurred_on": state.widget_value(keys["occurred_on"])}
    try:
        try:
            report(actor, commitment_id=commitment_id, expected_version=base, **arguments)
        except CommitmentConflict as conflict:
            changes = changes_since(actor, commitment_id, base)
            if any(line.startswith(REPORTED) for line in changes) or not changes:
                state.set_space_commitment_notice(_conflict_notice(actor, commitment_id, base, conflict, changes))
                return
            # Only what a report does not write changed (a validation, the title): report on it.
            report(actor, commitment_id=commitment_id, expected_version=conflict.current_version, **arguments)
    except UserFacingError as exc:
        state.set_space_commitment_notice(Notice(where=where, message=str(exc), refused=True))
        return
    state.set_edit_base(base_key(commitment_id), None)
    state.bump_widget_nonce(base_key(commitment_id))  # the news field empties; the form shows the saved values
    news = " et l'actualité ajoutée" if str(arguments["news"]).strip() else ""
    state.set_space_commitment_notice(Notice(where=where, message=f"Avancement enregistré{news}."))


def progress_text(progress: int) -> str:
    return f"Avancement : {formatting.number(progress)}\u202f%"


UNVALIDATED = (" Il repasse en attente de validation par la commission : il quitte la page publique jusqu'à ce "
               "qu'elle le valide de nouveau.")


def edit(actor: Actor, *, commitment_id: int, expected_version: int, title: str, description: str,
         item_id: int | None, start_date: dt.date | None, end_date: dt.date | None) -> bool:
    """What the territory promises, corrected (status and progress are reported apart); True when the
    correction withdrew the commission's validation (the data layer decides, see update_commitment)."""
    if item_id is None:
        raise ValidationError("Choisissez l'élément du manifeste auquel répond cet engagement.")
    with session_scope() as session:
        current = writes.input_of(session, commitment_id)
        was_validated = rules.load(session, commitment_id).validated  # loaded by input_of: no query
        updated = writes.update_commitment(
            session, actor=actor, commitment_id=commitment_id, expected_version=expected_version,
            data=replace(current, title=title or "", description=description or "", item_id=item_id,
                         start_date=start_date, end_date=end_date))
        return was_validated and not updated.validated


def withdraw(actor: Actor, *, commitment_id: int, expected_version: int, withdrawn: bool) -> None:
    with session_scope() as session:
        writes.set_withdrawn(session, actor=actor, commitment_id=commitment_id, expected_version=expected_version,
                             withdrawn=withdrawn)


def _conflict_notice(actor: Actor, commitment_id: int, base: int, conflict: CommitmentConflict,
                     changes: list[str] | None = None) -> Notice:
    changes = changes if changes is not None else changes_since(actor, commitment_id, base)
    return Notice(where=str(commitment_id), refused=True, changes=tuple(changes),
                  message=f"{conflict.message} Voici ce qui a changé depuis la version que vous aviez sous les "
                          "yeux ; reprenez votre saisie sur la version actuelle.")


def _card_write(actor: Actor, commitment_id: int, base: int, write: Callable[[], str]) -> None:
    """A write from a commitment's card, in its button's callback: ``write`` returns the confirmation;
    a conflict (what changed since ``base``) or a refusal becomes the card's notice instead."""
    try:
        message = write()
    except CommitmentConflict as conflict:
        state.set_space_commitment_notice(_conflict_notice(actor, commitment_id, base, conflict))
        return
    except UserFacingError as exc:
        state.set_space_commitment_notice(Notice(where=str(commitment_id), message=str(exc), refused=True))
        return
    reload(commitment_id)  # the forms are drawn again from what was saved
    state.set_space_commitment_notice(Notice(where=str(commitment_id), message=message))


def on_edit(*, actor: Actor, commitment_id: int, current_version: int, keys: dict[str, str]) -> None:
    """« Enregistrer les modifications »: the fields as typed at click time."""
    base = state.edit_base(base_key(commitment_id)) or current_version
    values = {name: state.widget_value(key) for name, key in keys.items()}

    def write() -> str:
        unvalidated = edit(actor, commitment_id=commitment_id, expected_version=base, **values)
        return "Engagement modifié." + (UNVALIDATED if unvalidated else "")

    _card_write(actor, commitment_id, base, write)


def on_withdraw(*, actor: Actor, commitment_id: int, current_version: int, withdrawn: bool) -> None:
    """« Retirer l'engagement » / « Rétablir l'engagement »: never deleted, its history stays."""
    base = state.edit_base(base_key(commitment_id)) or current_version

    def write() -> str:
        withdraw(actor, commitment_id=commitment_id, expected_version=base, withdrawn=withdrawn)
        return ("Engagement retiré : il quitte la page publique et garde son historique ; vous pouvez le rétablir."
                if withdrawn else "Engagement rétabli.")

    _card_write(actor, commitment_id, base, write)
