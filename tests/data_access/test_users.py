from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import users
from data_access.access import Actor
from data_access.errors import PermissionDenied, ValidationError
from data_access.models import AuditEvent, Role
from tests.support.factories import ADMIN, EDITOR


def test_bootstrap_admin_from_secrets(session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('admins = ["chef@exemple.fr"]\n', encoding="utf-8")
    monkeypatch.setenv("CONCERTATIONS_SECRETS_PATH", str(secrets))
    assert users.role_of(session, "Chef@Exemple.fr") is Role.ADMINISTRATEUR
    assert users.role_of(session, "inconnu@exemple.fr") is None


def test_stored_roles_are_audited(session: Session) -> None:
    users.set_role(session, actor=ADMIN, email="Ed@Exemple.fr", role=Role.EDITEUR)
    assert users.role_of(session, "ed@exemple.fr") is Role.EDITEUR
    users.set_role(session, actor=ADMIN, email="ed@exemple.fr", role=Role.LECTEUR)
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.before == {"role": "editeur"} and event.after == {"role": "lecteur"}


def test_role_changes_are_guarded(session: Session) -> None:
    with pytest.raises(PermissionDenied):
        users.set_role(session, actor=EDITOR, email="x@exemple.fr", role=Role.ADMINISTRATEUR)
    with pytest.raises(ValidationError, match="adresse"):
        users.set_role(session, actor=ADMIN, email="pas un courriel", role=Role.LECTEUR)
    me = Actor(email="moi@exemple.fr", role=Role.ADMINISTRATEUR)
    users.set_role(session, actor=ADMIN, email="moi@exemple.fr", role=Role.ADMINISTRATEUR)
    with pytest.raises(ValidationError, match="propre"):
        users.set_role(session, actor=me, email="moi@exemple.fr", role=Role.LECTEUR)
