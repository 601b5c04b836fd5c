"""Sending the territories' e-mails through the SMTP server of the settings (stdlib ``smtplib``).

The wording is in ``dashboard.space.messages``. Each send is logged by
``data_access.space.outreach.record_mail_sent`` once the server has accepted it: the log
names the message and the address, never the body nor the link. Nothing here reads the store.
Without ``[smtp]`` settings nothing is sent: the pages show the link to copy instead.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from dashboard.space import messages
from dashboard.space.messages import Message
from data_access import config
from data_access.access import Actor, require
from data_access.config import SmtpSettings
from data_access.db import session_scope
from data_access.errors import UserFacingError
from data_access.models import Role
from data_access.space import outreach
from data_access.space.outreach import MailKind, ReminderLink

NOT_CONFIGURED = ("L'envoi de courriels n'est pas configuré (section [smtp] des secrets) : copiez le lien "
                  "et transmettez-le vous-même.")


class MailError(UserFacingError):
    """The SMTP server could not be reached or refused the message."""


def settings() -> SmtpSettings | None:
    return config.smtp_settings()


def unavailable_reason() -> str | None:
    """None when e-mail can be sent; otherwise why not, in French (absent or invalid [smtp] settings).

    A wrong setting must not take the page down: the page says it and shows the link to copy.
    """
    try:
        return None if settings() is not None else NOT_CONFIGURED
    except UserFacingError as exc:
        return f"L'envoi de courriels est mal configuré : {exc} En attendant, copiez le lien et transmettez-le vous-même."


def is_configured() -> bool:
    return unavailable_reason() is None


def build(message: Message, *, sender: str, to: str) -> EmailMessage:
    """A plain-text UTF-8 message (accents travel as quoted-printable, readable by any client)."""
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = sender
    email["To"] = to
    email["Date"] = formatdate(localtime=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    email["Message-ID"] = make_msgid(domain=domain)
    email.set_content(message.body, charset="utf-8")
    return email


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    if smtp.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout,
                                                context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        if smtp.security == "starttls":
            client.starttls(context=ssl.create_default_context())
    if smtp.user and smtp.password:
        client.login(smtp.user, smtp.password)
    return client


def deliver(smtp: SmtpSettings, emails: Sequence[EmailMessage]) -> None:
    """Send over one connection; any failure becomes a French message (the links stay valid)."""
    if not emails:
        return
    try:
        client = _connect(smtp)
        try:
            for email in emails:
                client.send_message(email)
        finally:
            try:
                client.quit()
            except smtplib.SMTPException:
                client.close()
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError("Le serveur de courriel a refusé l'identifiant ou le mot de passe.",
                        hint="Vérifiez [smtp] user et password. Les liens restent valables : copiez-les.") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError("Le serveur de courriel a refusé l'adresse du destinataire.",
                        hint="Vérifiez l'adresse. Le lien reste valable : copiez-le.") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"L'envoi du courriel a échoué (serveur {smtp.host}, port {smtp.port}).",
                        hint="Vérifiez la section [smtp] des secrets. Les liens restent valables : "
                             "copiez-les et transmettez-les vous-même.") from exc


def _configured(smtp: SmtpSettings | None) -> SmtpSettings:
    smtp = smtp or settings()
    if smtp is None:
        raise MailError(NOT_CONFIGURED)
    return smtp


def _send(actor: Actor, smtp: SmtpSettings | None, items: Sequence[tuple[int, str, MailKind, Message]]) -> int:
    # The role is checked before anything leaves the machine, and logged only once the server accepted it.
    require(actor, Role.EDITEUR, action="envoyer un courriel à un territoire")
    server = _configured(smtp)
    deliver(server, [build(message, sender=server.sender, to=to) for _pid, to, _kind, message in items])
    with session_scope() as session:
        for participation_id, to, kind, _message in items:
            outreach.record_mail_sent(session, actor=actor, participation_id=participation_id, kind=kind,
                                      recipient=to)
    return len(items)


def send_invitation(actor: Actor, *, participation_id: int, to: str, territory_name: str, url: str,
                    expires_at: dt.datetime, smtp: SmtpSettings | None = None) -> None:
    message = messages.invitation(territory_name=territory_name, url=url, expires_at=expires_at)
    _send(actor, smtp, [(participation_id, to, MailKind.INVITATION, message)])


def send_reminders(actor: Actor, reminders: Sequence[ReminderLink], urls: Sequence[str], *,
                   smtp: SmtpSettings | None = None) -> int:
    """One reminder per link (``urls`` in the same order), over one connection; returns the count sent."""
    items = [
        (link.participation_id, link.email, MailKind.RELANCE,
         messages.reminder(territory_name=link.territory_name, url=url, expires_at=link.issued.expires_at,
                           missing=link.missing))
        for link, url in zip(reminders, urls, strict=True)
    ]
    return _send(actor, smtp, items)


def send_grid_returned(actor: Actor, *, participation_id: int, to: str, territory_name: str, comment: str,
                       url: str | None = None, smtp: SmtpSettings | None = None) -> None:
    """For the commission's « renvoyer la grille » action: the comment, and where to correct it."""
    message = messages.grid_returned(territory_name=territory_name, comment=comment, url=url)
    _send(actor, smtp, [(participation_id, to, MailKind.GRILLE_RENVOYEE, message)])
