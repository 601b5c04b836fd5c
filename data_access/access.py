"""Who is acting, and what their role allows. Every write function calls ``require``."""

from __future__ import annotations

from dataclasses import dataclass

from data_access.errors import PermissionDenied
from data_access.models import ROLE_LABELS, Role

LOCAL_ACTOR_EMAIL = "mode-local@localhost"


@dataclass(frozen=True)
class Actor:
    """The person behind an action; ``email`` is what the audit log records."""

    email: str
    role: Role

    @property
    def can_edit(self) -> bool:
        return self.role.rank >= Role.EDITEUR.rank

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMINISTRATEUR

    @property
    def sees_personal_data(self) -> bool:
        return self.can_edit


SYSTEM_ACTOR = Actor(email="systeme@concertations", role=Role.ADMINISTRATEUR)
LOCAL_ACTOR = Actor(email=LOCAL_ACTOR_EMAIL, role=Role.ADMINISTRATEUR)


def require(actor: Actor | None, minimum: Role, *, action: str) -> Actor:
    """Refuse in the data layer, whatever the page showed."""
    if actor is None:
        raise PermissionDenied(f"Action refusée ({action}) : aucun utilisateur identifié.")
    if actor.role.rank < minimum.rank:
        raise PermissionDenied(
            f"Action refusée ({action}) : le rôle « {ROLE_LABELS[actor.role]} » ne le permet pas ; "
            f"il faut être au moins « {ROLE_LABELS[minimum]} »."
        )
    return actor
