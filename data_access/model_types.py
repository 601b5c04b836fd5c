"""The models' plain values: stored enums, their French labels, the roles a person can be given.

None of these is a table. ``data_access.models`` imports and re-exports every name here, so
``from data_access.models import Stage`` keeps working; code written later may import either.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Lifecycle of a participation, in order."""

    ENGAGE = "engage"
    CHARTE_SIGNEE = "charte_signee"
    CONCERTATION_TENUE = "concertation_tenue"
    GRILLE_DEPOSEE = "grille_deposee"
    GRILLE_VALIDEE = "grille_validee"

    @property
    def rank(self) -> int:
        return list(Stage).index(self)

    def and_later(self) -> list[str]:
        """Stored values of this stage and every later one: « has reached this stage » in SQL."""
        return [s.value for s in Stage if s.rank >= self.rank]


STAGE_LABELS: dict[Stage, str] = {
    Stage.ENGAGE: "Engagé",
    Stage.CHARTE_SIGNEE: "Charte signée",
    Stage.CONCERTATION_TENUE: "Concertation tenue",
    Stage.GRILLE_DEPOSEE: "Grille déposée",
    Stage.GRILLE_VALIDEE: "Grille validée",
}


class Role(StrEnum):
    # Someone on a public page, signed in or not: may only file a registration request (the
    # lowest rank, so every other ``require`` refuses it). Never stored, never given.
    VISITEUR = "visiteur"
    # A territory sees only its own space: ranked below every commission role.
    TERRITOIRE = "territoire"
    LECTEUR = "lecteur"
    EDITEUR = "editeur"
    ADMINISTRATEUR = "administrateur"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


# The roles a signed-in person can be given; a territory's access comes from a personal link only.
COMMISSION_ROLES: tuple[Role, ...] = (Role.LECTEUR, Role.EDITEUR, Role.ADMINISTRATEUR)

ROLE_LABELS: dict[Role, str] = {
    Role.VISITEUR: "Visiteur",
    Role.TERRITOIRE: "Territoire",
    Role.LECTEUR: "Lecteur",
    Role.EDITEUR: "Éditeur",
    Role.ADMINISTRATEUR: "Administrateur",
}


class FilingStatus(StrEnum):
    """An online grid filing: drafted by the territory, filed, then validated or returned by the commission."""

    BROUILLON = "brouillon"
    DEPOSEE = "deposee"
    VALIDEE = "validee"
    RENVOYEE = "renvoyee"


FILING_STATUS_LABELS: dict[FilingStatus, str] = {
    FilingStatus.BROUILLON: "Brouillon",
    FilingStatus.DEPOSEE: "Déposée, à examiner",
    FilingStatus.VALIDEE: "Validée",
    FilingStatus.RENVOYEE: "Renvoyée au territoire",
}


class SectionStatus(StrEnum):
    BROUILLON = "brouillon"
    EN_RELECTURE = "en_relecture"
    VALIDE = "valide"


SECTION_STATUS_LABELS: dict[SectionStatus, str] = {
    SectionStatus.BROUILLON: "Brouillon",
    SectionStatus.EN_RELECTURE: "En relecture",
    SectionStatus.VALIDE: "Validé",
}


class RegistrationStatus(StrEnum):
    EN_ATTENTE = "en_attente"
    VALIDEE = "validee"
    REFUSEE = "refusee"


REGISTRATION_STATUS_LABELS: dict[RegistrationStatus, str] = {
    RegistrationStatus.EN_ATTENTE: "En attente",
    RegistrationStatus.VALIDEE: "Validée",
    RegistrationStatus.REFUSEE: "Refusée",
}
