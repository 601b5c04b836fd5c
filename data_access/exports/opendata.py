"""Open-data tables of a campaign: what may be published, keyed on official codes.

No personal data leaves through here: contact columns are never selected, nor who
recorded what (e-mails), nor the charter's signatory; free texts are scanned and any
e-mail address or phone number in them is masked. Administrators only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.models import (
    STAGE_LABELS,
    Campaign,
    CharterSignature,
    ConcertationSession,
    Finding,
    Participation,
    Proposal,
    Role,
    Stage,
    Territory,
)
from data_access.personal_data import mask_personal


@dataclass(frozen=True)
class Column:
    """One Table Schema field (https://specs.frictionlessdata.io/table-schema/)."""

    name: str
    title: str
    description: str
    type: str = "string"  # string | integer | number | date
    required: bool = False
    enum: tuple[str, ...] = ()
    example: str = ""

    def as_field(self) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "title": self.title, "description": self.description,
                                     "type": self.type}
        if self.example:
            described["example"] = self.example
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.type == "number" and self.name.startswith("taux"):
            constraints.update({"minimum": 0, "maximum": 1})
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)


TERRITORY_COLUMNS = (
    Column("type_territoire", "Type de territoire",
           "commune, epci, ept, departement, region, collectivite_statut_particulier, "
           "collectivite_outre_mer ou international", required=True, example="commune"),
    Column("code_territoire", "Code officiel du territoire",
           "Code INSEE (commune, département, région), SIREN (EPCI, EPT) ou identifiant pour l'international",
           required=True, example="35238"),
    Column("siren", "SIREN", "Numéro SIREN de la collectivité, quand il existe", example="213502388"),
)

STAGE_VALUES = tuple(stage.value for stage in Stage)


def _tables() -> dict[str, Table]:
    return {
        "participations": Table(
            "participations", "Territoires engagés",
            "Un territoire engagé dans la campagne par ligne : étape atteinte, charte, activité.",
            (
                *TERRITORY_COLUMNS,
                Column("nom_territoire", "Nom du territoire", "Nom officiel", required=True, example="Rennes"),
                Column("code_departement", "Code du département", "Code INSEE du département principal", example="35"),
                Column("code_region", "Code de la région", "Code INSEE de la région", example="53"),
                Column("pays", "Pays", "Pays du territoire", required=True, example="France"),
                Column("reseaux", "Réseaux", "Associations de collectivités, séparées par « | »",
                       example="France urbaine|Les Interconnectés"),
                Column("etape", "Étape", "Étape atteinte (code)", required=True, enum=STAGE_VALUES,
                       example="grille_deposee"),
                Column("etape_libelle", "Étape (libellé)", "Étape atteinte en clair", example="Grille déposée"),
                Column("date_engagement", "Date d'engagement", "Date d'engagement dans la campagne",
                       type="date", required=True, example="2024-10-15"),
                Column("date_etape", "Date de l'étape", "Date à laquelle l'étape actuelle a été atteinte",
                       type="date", example="2025-01-20"),
                Column("date_signature_charte", "Date de signature de la charte", "Vide si non signée",
                       type="date", example="2024-11-02"),
                Column("taux_completion_grille", "Complétude de la grille",
                       "Part des questions obligatoires renseignées (0 à 1)", type="number", example="0.85"),
                Column("nombre_sessions", "Sessions de concertation", "Nombre de sessions tenues",
                       type="integer", example="2"),
                Column("nombre_participants", "Participants", "Total des participants aux sessions",
                       type="integer", example="120"),
                Column("nombre_propositions", "Propositions", "Nombre de propositions issues de la grille",
                       type="integer", example="5"),
            ),
            ("type_territoire", "code_territoire"),
        ),
        "sessions": Table(
            "sessions", "Sessions de concertation", "Une session de concertation par ligne.",
            (
                Column("id_session", "Identifiant de la session", "Identifiant stable dans ce jeu de données",
                       type="integer", required=True, example="12"),
                *TERRITORY_COLUMNS,
                Column("date_session", "Date", "Date de la session", type="date", required=True, example="2025-01-14"),
                Column("format", "Format", "Format de la session", example="Atelier"),
                Column("publics", "Publics", "Publics associés, séparés par « | »", example="Élus|Agents"),
                Column("nombre_participants", "Participants", "Nombre de participants", type="integer", example="35"),
                Column("lieu", "Lieu", "Lieu de la session", example="Hôtel de ville"),
                Column("intitule", "Intitulé", "Intitulé de la session", example="L'IA et nos services publics"),
            ),
            ("id_session",),
        ),
        "enseignements": Table(
            "enseignements", "Enseignements", "Un enseignement (opportunité, risque, condition…) par ligne.",
            (
                Column("id_enseignement", "Identifiant de l'enseignement", "Identifiant stable dans ce jeu de données",
                       type="integer", required=True, example="7"),
                *TERRITORY_COLUMNS,
                Column("categorie", "Catégorie", "Catégorie de l'enseignement", example="opportunite"),
                Column("theme", "Thème", "Thème de la grille", example="Services publics"),
                Column("texte", "Texte", "Texte de l'enseignement", required=True),
            ),
            ("id_enseignement",),
        ),
        "propositions": Table(
            "propositions", "Propositions", "Une proposition issue d'une grille par ligne.",
            (
                Column("id_proposition", "Identifiant de la proposition", "Identifiant stable dans ce jeu de données",
                       type="integer", required=True, example="42"),
                *TERRITORY_COLUMNS,
                Column("chapitre", "Chapitre du manifeste", "Chapitre auquel la proposition se rattache",
                       example="IA sociale"),
                Column("themes", "Thèmes", "Thèmes, séparés par « | »"),
                Column("criteres", "Critères", "Critères (sociaux, environnementaux, éthiques), séparés par « | »"),
                Column("texte", "Texte", "Texte de la proposition", required=True),
            ),
            ("id_proposition",),
        ),
    }


@dataclass
class OpenData:
    campaign_name: str
    campaign_slug: str
    tables: dict[str, Table]
    geojson: dict[str, Any]


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def _territory_key(territory: Territory) -> dict[str, Any]:
    return {"type_territoire": territory.kind, "code_territoire": territory.code, "siren": territory.siren or ""}


def build(session: Session, *, actor: Actor, campaign_id: int) -> OpenData:
    """The campaign's public tables and GeoJSON; refused to anyone but an administrator."""
    require(actor, Role.ADMINISTRATEUR, action="exporter les données ouvertes")
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas (ou plus).")
    tables = _tables()
    participations = session.execute(
        select(Participation, Territory, CharterSignature.signed_on)
        .join(Territory, Participation.territory_id == Territory.id)
        .outerjoin(CharterSignature, CharterSignature.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id)
        .order_by(Territory.kind, Territory.code)
    ).all()
    ids = select(Participation.id).where(Participation.campaign_id == campaign_id).scalar_subquery()
    territory_of = {p.id: t for p, t, _s in participations}
    sessions_count: dict[int, int] = defaultdict(int)
    participants: dict[int, int] = defaultdict(int)
    for pid, count, total in session.execute(
        select(ConcertationSession.participation_id, func.count(), func.coalesce(func.sum(ConcertationSession.participants), 0))
        .where(ConcertationSession.participation_id.in_(ids)).group_by(ConcertationSession.participation_id)
    ):
        sessions_count[pid], participants[pid] = int(count), int(total)
    proposals_count = dict(session.execute(
        select(Proposal.participation_id, func.count())
        .where(Proposal.participation_id.in_(ids), Proposal.withdrawn_on.is_(None))
        .group_by(Proposal.participation_id)
    ).all())
    features = []
    for participation, territory, signed_on in participations:
        stage = Stage(participation.stage)
        row = {
            **_territory_key(territory),
            "nom_territoire": territory.name, "code_departement": territory.dep_code or "",
            "code_region": territory.reg_code or "", "pays": territory.country,
            "reseaux": "|".join(participation.networks or []), "etape": stage.value,
            "etape_libelle": STAGE_LABELS[stage], "date_engagement": _iso(participation.engaged_on),
            "date_etape": _iso(participation.stage_changed_on), "date_signature_charte": _iso(signed_on),
            "taux_completion_grille": round(float(participation.grid_completion or 0.0), 4),
            "nombre_sessions": sessions_count.get(participation.id, 0),
            "nombre_participants": participants.get(participation.id, 0),
            "nombre_propositions": int(proposals_count.get(participation.id, 0)),
        }
        tables["participations"].rows.append(row)
        if territory.lat is not None and territory.lon is not None:
            features.append({"type": "Feature",
                             "geometry": {"type": "Point", "coordinates": [round(territory.lon, 5), round(territory.lat, 5)]},
                             "properties": dict(row)})
    for item in session.scalars(select(ConcertationSession).where(ConcertationSession.participation_id.in_(ids))
                                .order_by(ConcertationSession.held_on, ConcertationSession.id)):
        tables["sessions"].rows.append({
            "id_session": item.id, **_territory_key(territory_of[item.participation_id]),
            "date_session": _iso(item.held_on), "format": item.format, "publics": "|".join(item.publics or []),
            "nombre_participants": item.participants, "lieu": mask_personal(item.place),
            "intitule": mask_personal(item.title),
        })
    for finding in session.scalars(select(Finding).where(Finding.participation_id.in_(ids)).order_by(Finding.id)):
        tables["enseignements"].rows.append({
            "id_enseignement": finding.id, **_territory_key(territory_of[finding.participation_id]),
            "categorie": finding.category, "theme": finding.theme, "texte": mask_personal(finding.text),
        })
    for proposal in session.scalars(select(Proposal).where(Proposal.participation_id.in_(ids), Proposal.withdrawn_on.is_(None))
                                 .order_by(Proposal.id)):
        tables["propositions"].rows.append({
            "id_proposition": proposal.id, **_territory_key(territory_of[proposal.participation_id]),
            "chapitre": proposal.chapter, "themes": "|".join(proposal.themes or []),
            "criteres": "|".join(proposal.criteria or []), "texte": mask_personal(proposal.text),
        })
    # Imported here, not at the top: opendata_commitments builds its table with Column and Table above.
    from data_access.exports import opendata_commitments

    tables["engagements"] = opendata_commitments.build_table(session, campaign_id)
    return OpenData(campaign_name=campaign.name, campaign_slug=campaign.slug, tables=tables,
                    geojson={"type": "FeatureCollection", "features": features})
