"""Personal links of territories, without Streamlit: the CLI and the pages build the same addresses.

Nothing here is cached: links and a territory's own space are personal and must be fresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import pandas as pd

from dashboard.monitoring import progress_table
from dashboard.space import mail
from dashboard.text import formatting
from dashboard.ui import state
from data_access import campaigns, config
from data_access.access import Actor
from data_access.config import public_base_url
from data_access.db import session_scope
from data_access.errors import UserFacingError
from data_access.space import outreach, participations, personal_links
from data_access.space.personal_links import IssuedLink, LinkView, OwnSpace

SPACE_PATH = "espace"
INVITATION_PARAM = "jeton"
ACCESS_PARAM = "acces"


def public_address_warning() -> str | None:
    """What an administrator must know before sending links, when the public address is not set."""
    if config.public_base_url_configured():
        return None
    return (f"L'adresse publique n'est pas réglée : les liens créés ici commencent par {public_base_url()}, "
            "que seule cette machine peut ouvrir. Réglez public_base_url (ou CONCERTATIONS_PUBLIC_URL) sur "
            "l'adresse que les territoires utilisent ; « concertations doctor » la vérifie.")


def invitation_url(token: str, base_url: str | None = None) -> str:
    return f"{base_url or public_base_url()}/{SPACE_PATH}?{urlencode({INVITATION_PARAM: token})}"


def invite(actor: Actor, participation_id: int, email: str, expires_days: int) -> tuple[IssuedLink, str]:
    with session_scope() as session:
        issued = personal_links.create_invitation(session, actor=actor, participation_id=participation_id, email=email,
                                         expires_days=expires_days)
    return issued, invitation_url(issued.token)


def revoke(actor: Actor, link_id: int) -> None:
    with session_scope() as session:
        personal_links.revoke_link(session, actor=actor, link_id=link_id)


def links(actor: Actor, participation_id: int | None = None) -> list[LinkView]:
    with session_scope() as session:
        return personal_links.list_links(session, actor=actor, participation_id=participation_id)


def redeem(token: str) -> tuple[str, Actor]:
    """Open an invitation: the access token to keep in the address, and the territory's actor."""
    with session_scope() as session:
        access, actor = personal_links.redeem_invitation(session, token)
    return access.token, actor


def actor_for(access_token: str) -> Actor:
    with session_scope() as session:
        return personal_links.actor_for_access(session, access_token)


def actor_for_account(email: str) -> Actor | None:
    with session_scope() as session:
        return personal_links.actor_for_account(session, email)


def own_space(actor: Actor, participation_id: int) -> OwnSpace:
    with session_scope() as session:
        return personal_links.own_space(session, actor=actor, participation_id=participation_id)


def sign_charter(actor: Actor, participation_id: int, *, name: str, role: str, signed_on: dt.date,
                 accepted: bool) -> None:
    with session_scope() as session:
        participations.sign_own_charter(session, actor=actor, participation_id=participation_id,
                                        signatory_name=name, signatory_role=role, signed_on=signed_on,
                                        accepted=accepted)


# The signature form's widget keys, read in its button's callback.
CHARTER_KEYS = {"name": "charte_nom", "role": "charte_qualite", "signed_on": "charte_date",
                "accepted": "charte_acceptee"}
CHARTER_SIGNED = "Merci : la charte est signée. La commission la voit dès maintenant."


def sign_charter_on_click(actor: Actor, participation_id: int) -> None:
    """« Signer la charte », in the form's callback (one script run per click, issue 26): the run that
    follows already shows the signature, and the grid below it the charter's answers."""
    typed = {name: state.widget_value(key) for name, key in CHARTER_KEYS.items()}
    signed_on = typed["signed_on"] if isinstance(typed["signed_on"], dt.date) else dt.date.today()
    try:
        sign_charter(actor, participation_id, name=str(typed["name"] or ""), role=str(typed["role"] or ""),
                     signed_on=signed_on, accepted=bool(typed["accepted"]))
    except UserFacingError as exc:
        state.set_notice("charte", "error", str(exc))
    else:
        state.set_notice("charte", "success", CHARTER_SIGNED)


def charter_notice() -> tuple[str, str] | None:
    return state.notice("charte")


def charter(campaign_id: int) -> tuple[str, int]:
    with session_scope() as session:
        return campaigns.charter(session, campaign_id)


def publish_charter(actor: Actor, campaign_id: int, text: str) -> int:
    with session_scope() as session:
        return campaigns.publish_charter(session, actor=actor, campaign_id=campaign_id, text=text)


# --- Reminders (Suivi « Liens de relance ») ---------------------------------------------------------
REMINDER_COLUMNS = ("Territoire", "Type", "Adresse e-mail", "Étape", "Ce qui manque", "Lien personnel", "Expire le")


@dataclass(frozen=True)
class ReminderBatch:
    """Reminder links just created, with their addresses: the CSV and the e-mails are built from it."""

    reminders: outreach.Reminders
    urls: tuple[str, ...]
    sent: int = 0
    send_refused: str = ""  # why the e-mails were not sent (French), shown under the button


def create_reminders(actor: Actor, participation_ids: Iterable[int],
                     expires_days: int = personal_links.DEFAULT_EXPIRY_DAYS) -> ReminderBatch:
    with session_scope() as session:
        reminders = outreach.create_reminder_links(session, actor=actor, participation_ids=participation_ids,
                                                   expires_days=expires_days)
    return ReminderBatch(reminders=reminders,
                         urls=tuple(invitation_url(link.issued.token) for link in reminders.links))


def reminder_frame(batch: ReminderBatch) -> pd.DataFrame:
    rows = zip(batch.reminders.links, batch.urls, strict=True)
    return pd.DataFrame(
        [(link.territory_name, link.kind_label, link.email, link.stage_label, link.missing_text, url,
          formatting.short_date(link.issued.expires_at.date())) for link, url in rows],
        columns=list(REMINDER_COLUMNS),
    )


def reminders_csv(batch: ReminderBatch) -> bytes:
    """For a mail merge: the Suivi exports' CSV (« ; », UTF-8 with BOM, formulas neutralised)."""
    return progress_table.to_csv(reminder_frame(batch))


# --- Invitation by e-mail (Administration form, ``concertations invite --send``) --------------------
@dataclass(frozen=True)
class InviteOutcome:
    issued: IssuedLink
    url: str
    sent_to: str | None = None
    # A French message when the server refused: the link was created and stays valid, to copy.
    mail_error: str | None = None


def invite_by_mail(actor: Actor, participation_id: int, email: str, expires_days: int) -> InviteOutcome:
    """Create the invitation, then e-mail it to its address (SMTP settings)."""
    issued, url = invite(actor, participation_id, email, expires_days)
    name = next(view.territory_name for view in links(actor, participation_id) if view.id == issued.link_id)
    address = email.strip().lower()
    try:
        mail.send_invitation(actor, participation_id=participation_id, to=address, territory_name=name, url=url,
                             expires_at=issued.expires_at)
    except mail.MailError as exc:
        return InviteOutcome(issued=issued, url=url, mail_error=str(exc))
    return InviteOutcome(issued=issued, url=url, sent_to=address)


def send_reminder_batch(actor: Actor, batch: ReminderBatch) -> ReminderBatch:
    """E-mail each reminder of the batch to its territory (one connection); the batch remembers it."""
    sent = mail.send_reminders(actor, batch.reminders.links, batch.urls)
    return replace(batch, sent=sent, send_refused="")


def send_reminder_batch_on_click(actor: Actor, batch: ReminderBatch) -> None:
    """« Envoyer les relances par e-mail », in the button's callback: the run that follows shows
    what was sent (or why not), one script run per click (issue 26)."""
    try:
        state.set_reminder_batch(send_reminder_batch(actor, batch))
    except UserFacingError as exc:
        state.set_reminder_batch(replace(batch, send_refused=str(exc)))
