"""A manifesto with two items, the default statuses and territory actors: what commitment tests start from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from data_access import manifesto
from data_access.access import Actor
from data_access.commitments import statuses, writes
from data_access.commitments.models import Commitment
from data_access.commitments.views import CommitmentInput
from data_access.models import Campaign, ManifestoItem, Participation, Proposal, Role
from tests.support.factories import EDITOR
from tests.support.factories.manifesto import scenario


@dataclass(frozen=True)
class CommitmentScenario:
    campaign: Campaign
    participations: list[Participation]  # Rennes, Toulouse, Rennes Métropole, Saint-Denis, Ille-et-Vilaine, Quimper
    proposals: list[Proposal]
    items: list[ManifestoItem]  # « 1.1 » and « 1.2 »
    status_ids: dict[str, int]  # « prévu », « en cours », « réalisé », « abandonné »
    rennes_actor: Actor
    toulouse_actor: Actor

    @property
    def rennes(self) -> Participation:
        return self.participations[0]

    @property
    def toulouse(self) -> Participation:
        return self.participations[1]


def territory_actor(participation: Participation, email: str) -> Actor:
    return Actor(email=email, role=Role.TERRITOIRE, participation_ids=frozenset({participation.id}))


def commitment_scenario(session: Session) -> CommitmentScenario:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="IA sociale")
    first = manifesto.add_item(session, actor=EDITOR, section_id=section.id,
                               wording="Former tous les agents aux usages de l'IA générative",
                               proposal_ids=[p.id for p in data.proposals[:3]])
    second = manifesto.add_item(session, actor=EDITOR, section_id=section.id,
                                wording="Créer un comité d'éthique de l'IA", proposal_ids=[data.proposals[5].id])
    statuses.ensure_default_statuses(session, actor=EDITOR, campaign_id=data.campaign.id)
    status_ids = {s.label: s.id for s in statuses.list_statuses(session, data.campaign.id)}
    return CommitmentScenario(
        campaign=data.campaign, participations=data.participations, proposals=data.proposals, items=[first, second],
        status_ids=status_ids, rennes_actor=territory_actor(data.participations[0], "agent@rennes.fr"),
        toulouse_actor=territory_actor(data.participations[1], "agent@toulouse.fr"))


def make_commitment(session: Session, data: CommitmentScenario, *, actor: Actor = EDITOR, title: str = "Former 200 agents",
                    kind: str = "commission", participation: Participation | None = None, name: str | None = None,
                    item: ManifestoItem | None = None, parent: Commitment | None = None, status: str = "prévu",
                    progress: int | None = None, proposals: Sequence[Proposal] = (),
                    territories: Sequence[Participation] = (), description: str = "",
                    start: dt.date | None = None, end: dt.date | None = None) -> Commitment:
    return writes.create_commitment(session, actor=actor, campaign_id=data.campaign.id, data=CommitmentInput(
        title=title, committer_kind=kind, status_id=data.status_ids[status],
        item_id=(item or data.items[0]).id if parent is None or item is not None else None,
        parent_id=parent.id if parent else None, committer_name=name,
        participation_id=participation.id if participation else None, description=description, progress=progress,
        start_date=start, end_date=end, proposal_ids=[p.id for p in proposals],
        territory_ids=[t.id for t in territories]))
