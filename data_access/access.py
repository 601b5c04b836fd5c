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
    # For the « territoire » role: the participations this person acts for (nothing else).
    participation_ids: frozenset[int] = frozenset()

    @property
    def can_edit(self) -> bool:
        return self.role.rank >= Role.EDITEUR.rank

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMINISTRATEUR

    @property
    def sees_personal_data(self) -> bool:
        return self.can_edit

    @property
    def is_territory(self) -> bool:
        return self.role is Role.TERRITOIRE


SYSTEM_ACTOR = Actor(email="systeme@concertations", role=Role.ADMINISTRATEUR)
LOCAL_ACTOR = Actor(email=LOCAL_ACTOR_EMAIL, role=Role.ADMINISTRATEUR)
# The anonymous visitor of a public page (« S'inscrire »). Public writes still take an actor and
# check it: they demand ``require(actor, Role.VISITEUR, …)``, which only refuses *no* actor; and
# since VISITEUR ranks below every role, this actor is refused by every other write and reader.
VISITOR_ACTOR = Actor(email="visiteur@page-publique", role=Role.VISITEUR)


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


def require_participation(actor: Actor, participation_id: int, *, action: str) -> Actor:
    """A territory acts only for its own participations; editors and administrators for any."""
    if actor.is_territory:
        if participation_id not in actor.participation_ids:
            raise PermissionDenied(f"Action refusée ({action}) : ce territoire n'est pas le vôtre.")
        return actor
    return require(actor, Role.EDITEUR, action=action)
