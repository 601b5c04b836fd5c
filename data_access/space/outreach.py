"""Reaching territories: reminder links for the territories to remind, and the audit of e-mails sent.

The messages themselves are built and sent by ``dashboard.space.mail`` (no SMTP here); the log
records that a message went to an address, never its body nor the link it carried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit, french
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.models import STAGE_LABELS, Participation, Role, Stage
from data_access.space import personal_links
from data_access.space.personal_links import IssuedLink
from data_access.territories import reference


class Missing(StrEnum):
    """What a territory still has to do in its space."""

    CHARTE = "charte"
    GRILLE = "grille"


MISSING_LABELS: dict[Missing, str] = {
    Missing.CHARTE: "Charte non signée",
    Missing.GRILLE: "Grille non déposée",
}


class MailKind(StrEnum):
    INVITATION = "invitation"
    RELANCE = "relance"
    GRILLE_RENVOYEE = "grille_renvoyee"


MAIL_KIND_LABELS: dict[MailKind, str] = {
    MailKind.INVITATION: "Invitation",
    MailKind.RELANCE: "Relance",
    MailKind.GRILLE_RENVOYEE: "Grille renvoyée",
}


@dataclass(frozen=True)
class ReminderLink:
    """A fresh personal link for a territory to remind: what the mail merge and the e-mail need."""

    participation_id: int
    territory_name: str
    kind_label: str
    email: str
    stage_label: str
    missing: tuple[Missing, ...]
    issued: IssuedLink

    @property
    def missing_text(self) -> str:
        return ", ".join(MISSING_LABELS[item] for item in self.missing)


@dataclass(frozen=True)
class Reminders:
    links: tuple[ReminderLink, ...]
    # Territories to remind that have no contact address: named on the page, no link created.
    without_email: tuple[str, ...]
    expires_at: dt.datetime | None


def missing_for(stage: Stage) -> tuple[Missing, ...]:
    """The stage is the commission's record: a charter counts from « charte signée », a grid from « grille déposée »."""
    missing = []
    if stage.rank < Stage.CHARTE_SIGNEE.rank:
        missing.append(Missing.CHARTE)
    if stage.rank < Stage.GRILLE_DEPOSEE.rank:
        missing.append(Missing.GRILLE)
    return tuple(missing)


def create_reminder_links(session: Session, *, actor: Actor, participation_ids: Iterable[int],
                          expires_days: int = personal_links.DEFAULT_EXPIRY_DAYS) -> Reminders:
    """A new single-use invitation for each territory among ``participation_ids`` whose charter is
    not signed or whose grid is not filed, sent to its contact address (éditeurs and administrateurs).

    Each link is an ordinary invitation (listed, revocable, audited one by one); territories
    without a contact address are returned by name and get no link.
    """
    require(actor, Role.EDITEUR, action="créer les liens de relance")
    wanted = sorted(set(participation_ids))
    if not wanted:
        return Reminders(links=(), without_email=(), expires_at=None)
    rows = session.scalars(select(Participation).where(Participation.id.in_(wanted))).all()
    rows = sorted(rows, key=lambda p: (p.territory.name.casefold(), p.id))
    created: list[ReminderLink] = []
    without_email: list[str] = []
    for participation in rows:
        stage = Stage(participation.stage)
        missing = missing_for(stage)
        if not missing:
            continue
        address = (participation.contact_email or "").strip().lower()
        if not personal_links.is_email(address):
            without_email.append(participation.territory.name)
            continue
        issued = personal_links.create_invitation(session, actor=actor, participation_id=participation.id, email=address,
                                         expires_days=expires_days)
        created.append(ReminderLink(
            participation_id=participation.id, territory_name=participation.territory.name,
            kind_label=reference.KIND_LABELS.get(participation.territory.kind, participation.territory.kind),
            email=address, stage_label=STAGE_LABELS[stage], missing=missing, issued=issued,
        ))
    if created or without_email:
        audit.record(session, actor=actor, action="espace.relances", entity_type="campaign",
                     entity_id=rows[0].campaign_id if rows else None,
                     summary=f"{french.plural(len(created), 'lien de relance créé', 'liens de relance créés')} ; "
                             f"{french.plural(len(without_email), 'territoire')} sans adresse de contact",
                     after={"link_ids": [link.issued.link_id for link in created]})
    return Reminders(links=tuple(created), without_email=tuple(without_email),
                     expires_at=created[0].issued.expires_at if created else None)


def record_mail_sent(session: Session, *, actor: Actor, participation_id: int, kind: MailKind | str,
                     recipient: str) -> None:
    """Log that an e-mail went to a territory (who, to whom, which message): never its body nor its link."""
    require(actor, Role.EDITEUR, action="envoyer un courriel à un territoire")
    try:
        mail_kind = MailKind(kind)
    except ValueError as exc:
        raise ValidationError("Ce type de courriel n'existe pas.") from exc
    participation = session.get(Participation, participation_id)
    if participation is None:
        raise ValidationError("Ce territoire n'est pas engagé dans la campagne.")
    address = recipient.strip().lower()
    audit.record(session, actor=actor, action="espace.courriel", entity_type="participation",
                 entity_id=participation.id,
                 summary=f"Courriel « {MAIL_KIND_LABELS[mail_kind]} » envoyé à {address} pour "
                         f"{participation.territory.name}",
                 after={"kind": mail_kind.value, "email": address})
