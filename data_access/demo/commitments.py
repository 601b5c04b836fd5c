"""The demonstration campaign's commitments: what became of a third of the manifesto's items.

Each chosen item gets a commitment of the commission, one of a partner network and a few of the
territories whose grids were filed (more at a larger scale); some carry sub-commitments; each has a
timeline, a status among the defaults (progress typed for those « en cours »), and most are
validated, so the « Suivi des engagements » and the public page are never empty. Written in bulk,
with its own random generator (the rest of the demo stays as it was for a given seed).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from data_access.access import Actor
from data_access.commitments import progress as derivation
from data_access.commitments.models import (
    COMMISSION_NAME,
    DEFAULT_STATUSES,
    Commitment,
    CommitmentEntry,
    CommitmentProposal,
    CommitmentRevision,
    CommitmentStatus,
    CommitmentTerritory,
    CommitterKind,
)
from data_access.commitments.rules import new_public_ids
from data_access.commitments.versioning import FIELDS, snapshot_of
from data_access.models import (
    Campaign,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Participation,
    Stage,
    Territory,
)

ITEM_SHARE = 3  # one item in three gets commitments
TERRITORIES_PER_ITEM = 3  # at scale 1; times the scale
VALIDATED_SHARE = 0.8
STATUS_WEIGHTS = {"prévu": 0.3, "en cours": 0.4, "réalisé": 0.2, "abandonné": 0.1}
NEWS_HORIZON_DAYS = 600  # timeline entries within ~20 months after the forum

COMMISSION_TITLES = (
    "Publier un guide national des usages de l'IA générative dans les collectivités",
    "Réunir chaque semestre un comité de suivi des engagements du manifeste",
    "Mettre à disposition une grille d'évaluation de l'empreinte environnementale des projets d'IA",
    "Publier un référentiel commun de transparence des algorithmes publics locaux",
    "Organiser un cycle de webinaires sur la gouvernance de l'IA pour les élus",
    "Constituer une bibliothèque partagée de cahiers des charges d'achat de solutions d'IA",
)
NETWORK_TITLES = (
    "Former 500 élus et agents des collectivités adhérentes d'ici fin 2026",
    "Animer un club des référents IA des collectivités adhérentes",
    "Proposer un accord-cadre d'achat de solutions d'IA hébergées en France",
    "Diffuser une charte type de l'IA dans les services publics locaux",
    "Recenser et partager les expérimentations d'IA des adhérents",
)
TERRITORY_TITLES = (
    "Adopter une charte d'usage de l'IA générative pour les agents",
    "Former {n} agents d'ici juin 2027",
    "Créer un comité d'éthique de l'IA associant élus, agents et habitants",
    "Publier la liste des algorithmes utilisés par la collectivité",
    "Mesurer l'empreinte énergétique des outils numériques et d'IA des services",
    "Maintenir un accueil humain dans chaque service dont l'accueil est automatisé",
    "Organiser une restitution publique de la concertation sur l'IA",
    "Expérimenter un assistant conversationnel à l'accueil téléphonique, évalué par les usagers",
    "Intégrer des critères éthiques et environnementaux dans les marchés publics d'IA",
    "Nommer un référent IA et données auprès de la direction générale",
    "Ouvrir une permanence de médiation numérique dans chaque maison France services",
    "Associer le comité social territorial à chaque projet d'IA touchant au travail des agents",
)
SUB_TITLES = (
    "Rédiger le volet « achats publics »",
    "Tester la démarche dans cinq collectivités pilotes",
    "Former les formateurs internes",
    "Publier le bilan à mi-parcours",
)
ENTRY_TEXTS = (
    "Délibération votée en conseil.",
    "Marché attribué après appel d'offres.",
    "Premier comité de pilotage réuni.",
    "Session de formation organisée pour {n} agents.",
    "Projet présenté en comité social territorial.",
    "Restitution publique organisée, {n} participants.",
    "Groupe de travail constitué avec les services concernés.",
    "Bilan d'étape présenté aux élus.",
    "Cahier des charges publié.",
    "Expérimentation lancée dans deux services.",
)
# What a news entry may say at each status: a planned commitment has only prepared, an abandoned one
# says why last, a done one says so last (no « Expérimentation lancée » under « Prévu · 0 % »).
PREPARATION = (
    "Projet présenté en comité social territorial.",
    "Groupe de travail constitué avec les services concernés.",
    "Premier comité de pilotage réuni.",
    "Délibération votée en conseil.",
)
LAST_WORD = {
    "réalisé": "Engagement tenu : bilan présenté aux élus.",
    "abandonné": "Engagement abandonné : le projet n'a pas trouvé de financement.",
}
DESCRIPTIONS = (
    "Suite donnée à l'élément {number} du manifeste : « {wording} »",
    "Engagement pris après la concertation et le forum de Rennes, en réponse à l'élément {number} du manifeste.",
)


def generate(session: Session, campaign: Campaign, actor: Actor, *, seed: int, scale: int, forum: dt.date) -> int:
    """Write the demo's statuses and commitments; returns how many commitments."""
    rng = random.Random(f"{seed}-engagements")
    status_rows = [{"campaign_id": campaign.id, "label": label, "default_progress": default, "position": position,
                    "done": done, "closed": closed, "updated_by": actor.email}
                   for position, (label, default, done, closed) in enumerate(DEFAULT_STATUSES)]
    session.execute(insert(CommitmentStatus), status_rows)
    statuses = {label: (sid, default) for sid, label, default in session.execute(
        select(CommitmentStatus.id, CommitmentStatus.label, CommitmentStatus.default_progress)
        .where(CommitmentStatus.campaign_id == campaign.id))}
    items = session.execute(
        select(ManifestoItem.id, ManifestoItem.wording, ManifestoSection.position, ManifestoItem.position)
        .join(ManifestoSection).where(ManifestoSection.campaign_id == campaign.id)
        .order_by(ManifestoSection.position, ManifestoItem.position)).all()
    territories = session.execute(
        select(Participation.id, Participation.networks, Territory.name)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign.id,
               Participation.stage.in_(Stage.GRILLE_DEPOSEE.and_later())).order_by(Participation.id)).all()
    if not items or not statuses:
        return 0
    builder = _Builder(rng, statuses, actor, forum)
    numbers = _numbers(items)
    for index, (item_id, wording, _section, _position) in enumerate(items):
        if index % ITEM_SHARE:
            continue
        sources = list(session.scalars(select(ManifestoItemSource.proposal_id)
                                       .where(ManifestoItemSource.item_id == item_id).limit(5)))
        context = {"number": numbers[item_id], "wording": wording}
        head = builder.add(item_id, CommitterKind.COMMISSION, COMMISSION_NAME,
                           COMMISSION_TITLES[(index // ITEM_SHARE) % len(COMMISSION_TITLES)], context, sources)
        if index // ITEM_SHARE < 2:  # sub-commitments on the first items: the parent's progress is their mean
            for sub in rng.sample(SUB_TITLES, 2):
                builder.add(item_id, CommitterKind.COMMISSION, COMMISSION_NAME, sub, context, [], parent=head)
        network = rng.choice(("Les Interconnectés", "France urbaine", "Intercommunalités de France"))
        builder.add(item_id, CommitterKind.RESEAU, network, rng.choice(NETWORK_TITLES), context, sources)
        chosen = rng.sample(list(territories), min(len(territories), TERRITORIES_PER_ITEM * scale))
        for participation_id, _networks, _name in chosen:
            title = rng.choice(TERRITORY_TITLES).format(n=rng.choice((50, 80, 120, 200, 300)))
            builder.add(item_id, CommitterKind.TERRITOIRE, None, title, context, sources[:2],
                        participation_id=participation_id)
        if chosen:
            builder.answers[head] = [pid for pid, _, _ in chosen[:3]]
    return builder.write(session, campaign.id)


def _numbers(items: Sequence[Any]) -> dict[int, str]:
    numbers: dict[int, str] = {}
    sections: dict[int, int] = {}
    counts: dict[int, int] = {}
    for item_id, _wording, section, _position in items:
        sections.setdefault(section, len(sections) + 1)
        counts[section] = counts.get(section, 0) + 1
        numbers[item_id] = f"{sections[section]}.{counts[section]}"
    return numbers


class _Builder:
    """Commitments as plain rows (a temporary key each), then written with bulk INSERTs."""

    def __init__(self, rng: random.Random, statuses: dict[str, tuple[int, int]], actor: Actor, forum: dt.date) -> None:
        self.rng, self.statuses, self.actor, self.forum = rng, statuses, actor, forum
        self.rows: list[dict[str, Any]] = []
        self.parents: dict[int, int] = {}  # key → parent key
        self.entries: dict[int, list[tuple[dt.date, str]]] = {}
        self.proposals: dict[int, list[int]] = {}
        self.answers: dict[int, list[int]] = {}  # key → participations answered

    def add(self, item_id: int, kind: CommitterKind, name: str | None, title: str, context: dict[str, str],
            proposals: list[int], *, participation_id: int | None = None, parent: int | None = None) -> int:
        rng = self.rng
        key = len(self.rows)
        label = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        status_id, default = self.statuses.get(label) or next(iter(self.statuses.values()))
        by_hand = label == "en cours" and rng.random() < 0.8
        start = self.forum + dt.timedelta(days=rng.randint(10, 200))
        created = dt.datetime.combine(start, dt.time(9, 30))
        news = sorted(start + dt.timedelta(days=rng.randint(5, NEWS_HORIZON_DAYS - 200))
                      for _ in range(rng.choice((0, 1, 1, 2, 3))))
        validated = rng.random() < VALIDATED_SHARE
        self.rows.append({
            "campaign_id": None, "item_id": item_id, "committer_kind": kind.value, "committer_name": name,
            "participation_id": participation_id, "title": title,
            "description": rng.choice(DESCRIPTIONS).format(**context), "status_id": status_id,
            "progress": rng.choice((20, 30, 40, 60, 70)) if by_hand else default, "progress_set_by_hand": by_hand,
            "start_date": start, "end_date": start + dt.timedelta(days=rng.choice((180, 365, 540, 730))),
            "validated": validated, "validated_at": created + dt.timedelta(days=7) if validated else None,
            "validated_by": self.actor.email if validated else None, "withdrawn": False, "version": 1,
            "created_at": created, "created_by": self.actor.email,
            "updated_at": dt.datetime.combine(news[-1], dt.time(10)) if news and label != "prévu" else created,
            "updated_by": self.actor.email,
        })
        if parent is not None:
            self.parents[key] = parent
        entries = [(day, rng.choice(ENTRY_TEXTS).format(n=rng.randint(12, 140))) for day in news]
        self.entries[key] = _fit_to_status(entries, label)
        self.proposals[key] = proposals
        return key

    def write(self, session: Session, campaign_id: int) -> int:
        public_ids = new_public_ids(session, len(self.rows))
        for row, public_id in zip(self.rows, public_ids, strict=True):
            row.update(campaign_id=campaign_id, public_id=public_id)
        session.execute(insert(Commitment), self.rows)
        ids = dict(session.execute(select(Commitment.public_id, Commitment.id)
                                   .where(Commitment.campaign_id == campaign_id)).all())
        key_id = {key: ids[row["public_id"]] for key, row in enumerate(self.rows)}
        for key, parent in self.parents.items():
            session.execute(update(Commitment).where(Commitment.id == key_id[key]).values(parent_id=key_id[parent])
                            .execution_options(synchronize_session=False))
        entries = [{"commitment_id": key_id[key], "occurred_on": day, "text": text, "created_by": self.actor.email,
                    "created_at": dt.datetime.combine(day, dt.time(11))}
                   for key, found in self.entries.items() for day, text in found]
        links = [{"commitment_id": key_id[key], "proposal_id": pid} for key, found in self.proposals.items()
                 for pid in found]
        answered = [{"commitment_id": key_id[key], "participation_id": pid} for key, found in self.answers.items()
                    for pid in found]
        for model, rows in ((CommitmentEntry, entries), (CommitmentProposal, links), (CommitmentTerritory, answered)):
            if rows:
                session.execute(insert(model), rows)
        progress = derivation.recompute(session, campaign_id)
        labels = {sid: label for label, (sid, _) in self.statuses.items()}
        revisions = []
        for key, row in enumerate(self.rows):
            values = {name: row.get(name) for name in FIELDS}
            values["parent_id"] = key_id.get(self.parents[key]) if key in self.parents else None
            values["progress"] = progress.get(key_id[key], row["progress"])
            revisions.append({"commitment_id": key_id[key], "version": 1, "created_by": self.actor.email,
                              "created_at": row["created_at"],
                              "snapshot": snapshot_of(values, status_label=labels[row["status_id"]],
                                                      proposal_ids=self.proposals[key],
                                                      territory_ids=self.answers.get(key, []))})
        session.execute(insert(CommitmentRevision), revisions)
        return len(self.rows)


def _fit_to_status(entries: list[tuple[dt.date, str]], status: str) -> list[tuple[dt.date, str]]:
    """The drawn entries, worded for the commitment's status (same draws: the demo stays the same otherwise)."""
    if status == "prévu":
        return [(day, text if text in PREPARATION else PREPARATION[len(text) % len(PREPARATION)])
                for day, text in entries]
    if status in LAST_WORD and entries:
        return [*entries[:-1], (entries[-1][0], LAST_WORD[status])]
    return entries
