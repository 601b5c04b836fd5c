"""Roles of signed-in users, stored in the database; administrators bootstrap from secrets."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.config import bootstrap_admins
from data_access.errors import ValidationError
from data_access.models import COMMISSION_ROLES, ROLE_LABELS, AppUser, Role


def normalise_email(email: str) -> str:
    return email.strip().lower()


def role_of(session: Session, email: str | None) -> Role | None:
    """The stored role, or administrator for a bootstrap e-mail from secrets; None means no access."""
    if not email:
        return None
    email = normalise_email(email)
    stored = session.scalar(select(AppUser.role).where(AppUser.email == email))
    if stored is not None:
        return Role(stored)
    if email in bootstrap_admins():
        return Role.ADMINISTRATEUR
    return None


def list_users(session: Session, *, actor: Actor) -> Sequence[AppUser]:
    require(actor, Role.ADMINISTRATEUR, action="consulter les rôles")
    return session.scalars(select(AppUser).order_by(AppUser.email)).all()


def set_role(session: Session, *, actor: Actor, email: str, role: Role) -> AppUser:
    require(actor, Role.ADMINISTRATEUR, action="attribuer un rôle")
    email = normalise_email(email)
    if "@" not in email or len(email) > 200 or any(ch.isspace() for ch in email):
        raise ValidationError(f"« {email} » n'est pas une adresse électronique valide.")
    if role not in COMMISSION_ROLES:
        raise ValidationError("Un territoire accède à son espace par un lien personnel, pas par un rôle.")
    user = session.scalar(select(AppUser).where(AppUser.email == email))
    before = None
    if user is None:
        user = AppUser(email=email, role=role.value, created_by=actor.email)
        session.add(user)
    else:
        before = {"role": user.role}
        if user.email == normalise_email(actor.email) and role is not Role.ADMINISTRATEUR:
            raise ValidationError("Vous ne pouvez pas retirer votre propre rôle d'administrateur.")
        user.role = role.value
    session.flush()
    audit.record(
        session, actor=actor, action="role.attribution", entity_type="app_user", entity_id=user.id,
        summary=f"{email} : {ROLE_LABELS[role]}", before=before, after={"role": role.value},
    )
    return user


def remove_user(session: Session, *, actor: Actor, email: str) -> None:
    require(actor, Role.ADMINISTRATEUR, action="retirer un accès")
    email = normalise_email(email)
    if email == normalise_email(actor.email):
        raise ValidationError("Vous ne pouvez pas retirer votre propre accès.")
    user = session.scalar(select(AppUser).where(AppUser.email == email))
    if user is None:
        raise ValidationError(f"Aucun accès enregistré pour {email}.")
    audit.record(
        session, actor=actor, action="role.retrait", entity_type="app_user", entity_id=user.id,
        summary=f"Accès retiré à {email}", before={"role": user.role},
    )
    session.delete(user)
