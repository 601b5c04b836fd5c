"""``engagements.csv`` of the open-data bundle: the manifesto's commitments the commission validated.

Read from ``data_access.commitments.public`` (validated, not withdrawn, no author nor e-mail; free
texts already masked), keyed on the commitment's stable identifier (« ENG-… », the one the CSV
import and export use); a territory's commitment names it by the bundle's territory key.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from data_access.commitments import public
from data_access.commitments.models import COMMITTER_KIND_LABELS, CommitterKind
from data_access.commitments.public import PUBLIC_FILTERS
from data_access.commitments.readers import read_rows
from data_access.exports.opendata import Column, Table
from data_access.personal_data import mask_personal

KIND_BY_LABEL = {label: kind.value for kind, label in COMMITTER_KIND_LABELS.items()}


def table() -> Table:
    return Table(
        "engagements", "Engagements du manifeste",
        "Un engagement validé par la commission par ligne : élément du manifeste, porteur, statut, avancement.",
        (
            Column("id_engagement", "Identifiant de l'engagement", "Identifiant stable (celui des fichiers "
                   "d'import et d'export des engagements)", required=True, example="ENG-7KQ2MZ"),
            Column("id_engagement_parent", "Engagement parent", "Identifiant de l'engagement dont celui-ci est "
                   "un sous-engagement, vide sinon", example="ENG-3HT9PA"),
            Column("numero_element", "Numéro de l'élément", "Numéro de l'élément du manifeste (section.élément)",
                   required=True, example="1.2"),
            Column("element", "Élément du manifeste", "Texte de l'élément du manifeste", required=True),
            Column("section", "Section du manifeste", "Titre de la section du manifeste", example="IA sociale"),
            Column("type_porteur", "Type de porteur", "Qui s'engage : commission, reseau ou territoire",
                   required=True, enum=tuple(kind.value for kind in CommitterKind), example="territoire"),
            Column("porteur", "Porteur", "Nom de la commission, du réseau ou du territoire", required=True,
                   example="Rennes"),
            Column("type_territoire", "Type de territoire", "Pour un engagement de territoire : type du "
                   "territoire (clé de participations.csv)", example="commune"),
            Column("code_territoire", "Code officiel du territoire", "Pour un engagement de territoire : code "
                   "du territoire (clé de participations.csv)", example="35238"),
            Column("titre", "Titre", "Titre de l'engagement", required=True),
            Column("description", "Description", "Description de l'engagement"),
            Column("statut", "Statut", "Statut de l'engagement (liste tenue par la commission)", required=True,
                   example="en cours"),
            Column("realise", "Réalisé", "« oui » si le statut compte comme réalisé", required=True,
                   enum=("oui", "non"), example="non"),
            Column("avancement", "Avancement (%)", "Avancement en pourcentage (0 à 100)", type="integer",
                   required=True, example="40"),
            Column("date_debut", "Date de début", "Date de début prévue", type="date", example="2025-04-01"),
            Column("date_fin", "Date de fin", "Date de fin prévue", type="date", example="2026-06-30"),
            Column("date_derniere_actualite", "Date de la dernière actualité", "Vide sans actualité",
                   type="date", example="2025-05-12"),
            Column("derniere_actualite", "Dernière actualité", "Texte de la dernière actualité"),
        ),
        ("id_engagement",),
    )


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def build_table(session: Session, campaign_id: int) -> Table:
    """The table filled with the campaign's public commitments, in the manifesto's order."""
    result = table()
    territory_of = {row.public_id: row.territory_code for row in read_rows(session, campaign_id, PUBLIC_FILTERS)}
    for item in public.public_commitments(session, campaign_id).items:
        for commitment in item.commitments:
            kind, _, code = territory_of.get(commitment.public_id, "").partition(":")
            result.rows.append({
                "id_engagement": commitment.public_id, "id_engagement_parent": commitment.parent_public_id or "",
                "numero_element": item.number, "element": mask_personal(item.wording),
                "section": mask_personal(item.section_title),
                "type_porteur": KIND_BY_LABEL.get(commitment.committer_kind_label, ""),
                "porteur": commitment.committer_label, "type_territoire": kind, "code_territoire": code,
                "titre": commitment.title, "description": commitment.description,
                "statut": commitment.status_label, "realise": "oui" if commitment.done else "non",
                "avancement": commitment.progress, "date_debut": _iso(commitment.start_date),
                "date_fin": _iso(commitment.end_date),
                "date_derniere_actualite": _iso(commitment.last_news.occurred_on if commitment.last_news else None),
                "derniere_actualite": commitment.last_news.text if commitment.last_news else "",
            })
    return result
