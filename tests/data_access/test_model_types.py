from __future__ import annotations

from enum import StrEnum

import pytest
from sqlalchemy import Column, String

from data_access import model_types, models
from data_access.model_types import (
    COMMISSION_ROLES,
    FILING_STATUS_LABELS,
    REGISTRATION_STATUS_LABELS,
    ROLE_LABELS,
    SECTION_STATUS_LABELS,
    STAGE_LABELS,
    FilingStatus,
    RegistrationStatus,
    Role,
    SectionStatus,
    Stage,
)

LABELLED: list[tuple[type[StrEnum], dict[StrEnum, str]]] = [
    (Stage, dict(STAGE_LABELS)), (Role, dict(ROLE_LABELS)), (FilingStatus, dict(FILING_STATUS_LABELS)),
    (SectionStatus, dict(SECTION_STATUS_LABELS)), (RegistrationStatus, dict(REGISTRATION_STATUS_LABELS)),
]


@pytest.mark.parametrize(("enum", "labels"), LABELLED, ids=lambda value: getattr(value, "__name__", ""))
def test_every_value_has_one_french_label_of_its_own(enum: type[StrEnum], labels: dict[StrEnum, str]) -> None:
    assert set(labels) == set(enum)
    assert all(label.strip() and label[0].isupper() for label in labels.values())
    assert len(set(labels.values())) == len(labels)


@pytest.mark.parametrize(("column", "enum"), [
    (models.Participation.__table__.c.stage, Stage), (models.StageTransition.__table__.c.stage, Stage),
    (models.AppUser.__table__.c.role, Role), (models.GridFiling.__table__.c.status, FilingStatus),
    (models.ManifestoSection.__table__.c.status, SectionStatus),
    (models.RegistrationRequest.__table__.c.status, RegistrationStatus),
], ids=lambda value: getattr(value, "name", ""))
def test_every_stored_value_fits_its_column(column: Column[str], enum: type[StrEnum]) -> None:
    assert isinstance(column.type, String) and column.type.length is not None
    assert max(len(member.value) for member in enum) <= column.type.length


def test_stages_are_ordered_and_and_later_reads_has_reached() -> None:
    assert [stage.rank for stage in Stage] == list(range(len(Stage)))
    assert Stage.ENGAGE.and_later() == [stage.value for stage in Stage]
    assert Stage.GRILLE_DEPOSEE.and_later() == ["grille_deposee", "grille_validee"]
    assert Stage.GRILLE_VALIDEE.and_later() == ["grille_validee"]


def test_a_visitor_ranks_lowest_and_a_territory_below_every_commission_role() -> None:
    assert min(Role, key=lambda role: role.rank) is Role.VISITEUR
    assert all(Role.TERRITOIRE.rank < role.rank for role in COMMISSION_ROLES)
    assert set(COMMISSION_ROLES) == set(Role) - {Role.VISITEUR, Role.TERRITOIRE}


def test_models_reexports_the_very_same_objects() -> None:
    """Every importer keeps writing ``from data_access.models import Stage``."""
    public = [name for name in vars(model_types) if not name.startswith("_") and name.isidentifier()
              and name not in {"annotations", "StrEnum"}]
    assert public
    assert all(getattr(models, name) is getattr(model_types, name) for name in public)
