"""The e-mails sent to territories, in French, plain text: every wording lives here.

Three messages: the invitation (personal link, expiry, what the space is for), the reminder
(link and what is missing) and the grid returned by the commission (its comment). Each is a
subject and a body; ``dashboard.space.mail`` wraps them in a MIME message and sends them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.text import formatting
from data_access.space.outreach import Missing

SIGNATURE = ("La commission des Concertations territoriales de l'IA\n"
             "Observatoire des concertations territoriales de l'IA")
SPACE_PURPOSE = ("Cet espace, réservé à votre collectivité, vous permet de lire et de signer la charte "
                 "d'engagement de la campagne et de renseigner la grille d'information qui met en commun "
                 "les résultats des concertations.")
LINK_ADVICE = ("Ce lien est personnel et à usage unique : à la première ouverture, l'adresse affichée par "
               "votre navigateur devient celle de votre espace. Ajoutez-la à vos favoris et ne transférez "
               "ce message qu'aux personnes de votre collectivité qui en ont besoin.")
MISSING_ACTIONS: dict[Missing, str] = {
    Missing.CHARTE: "signer la charte d'engagement",
    Missing.GRILLE: "déposer la grille d'information (résultats de votre concertation)",
}


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def _expiry(expires_at: dt.datetime | dt.date) -> str:
    day = expires_at.date() if isinstance(expires_at, dt.datetime) else expires_at
    return formatting.date(day)


def invitation(*, territory_name: str, url: str, expires_at: dt.datetime | dt.date) -> Message:
    body = (
        "Bonjour,\n\n"
        f"La commission des Concertations territoriales de l'IA vous invite à ouvrir l'espace de "
        f"{territory_name} dans l'Observatoire des concertations territoriales de l'IA.\n\n"
        f"{SPACE_PURPOSE}\n\n"
        f"Votre lien personnel, valable jusqu'au {_expiry(expires_at)} :\n\n{url}\n\n"
        f"{LINK_ADVICE}\n\n"
        "Si ce message ne vous est pas destiné, ignorez-le ou répondez-nous : le lien expirera de lui-même.\n\n"
        f"Bien cordialement,\n{SIGNATURE}\n"
    )
    return Message(subject=f"Votre espace dans l'Observatoire des concertations — {territory_name}", body=body)


def reminder(*, territory_name: str, url: str, expires_at: dt.datetime | dt.date,
             missing: Sequence[Missing]) -> Message:
    todo = "\n".join(f"- {MISSING_ACTIONS[item]} ;" for item in missing).rstrip(" ;") + "." if missing else ""
    body = (
        "Bonjour,\n\n"
        f"Merci pour l'engagement de {territory_name} dans les Concertations territoriales de l'IA. "
        "Pour que vos résultats figurent dans la synthèse de la campagne, il vous reste à :\n\n"
        f"{todo}\n\n"
        f"Vous pouvez le faire en ligne dans l'espace de votre collectivité, avec ce nouveau lien personnel, "
        f"valable jusqu'au {_expiry(expires_at)} :\n\n{url}\n\n"
        f"{LINK_ADVICE}\n\n"
        "Une question, une difficulté ? Répondez simplement à ce message.\n\n"
        f"Bien cordialement,\n{SIGNATURE}\n"
    )
    return Message(subject=f"Relance : l'espace de {territory_name} vous attend", body=body)


def grid_returned(*, territory_name: str, comment: str, url: str | None = None) -> Message:
    """``url``: a fresh personal link if the commission issued one; otherwise the territory uses its bookmark."""
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in comment.strip().splitlines())
    where = (f"Ouvrez votre espace avec ce lien personnel :\n\n{url}\n\n{LINK_ADVICE}" if url else
             "Ouvrez votre espace avec l'adresse enregistrée dans vos favoris. Si vous ne l'avez plus, "
             "répondez à ce message : la commission vous enverra un nouveau lien.")
    body = (
        "Bonjour,\n\n"
        f"La commission a relu la grille d'information de {territory_name} et vous la renvoie pour "
        "compléments, avec ce commentaire :\n\n"
        f"{quoted}\n\n"
        "Vos réponses sont conservées : corrigez ou complétez la grille dans votre espace, puis "
        "déposez-la à nouveau.\n\n"
        f"{where}\n\n"
        f"Bien cordialement,\n{SIGNATURE}\n"
    )
    return Message(subject=f"Votre grille est renvoyée par la commission — {territory_name}", body=body)
