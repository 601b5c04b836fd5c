"""Key figures of a campaign. One function per figure; every page that shows one calls it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from data_access import filters as filtering
from data_access.filters import Filters
from data_access.models import ConcertationSession, Participation, Proposal, Stage, Territory


def _participations(filters: Filters) -> Select[int]:
    query = select(Participation.id).join(Territory, Participation.territory_id == Territory.id)
    return filtering.apply(query, filters)


def _count_participations_at_least(session: Session, filters: Filters, stage: Stage) -> int:
    query = _participations(filters).where(Participation.stage.in_(stage.and_later()))
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def engaged_territories(session: Session, filters: Filters) -> int:
    """Territoires engagés: every participation, whatever its stage."""
    return _count_participations_at_least(session, filters, Stage.ENGAGE)


def charters_signed(session: Session, filters: Filters) -> int:
    """Chartes signées: participations at « charte signée » or later."""
    return _count_participations_at_least(session, filters, Stage.CHARTE_SIGNEE)


def grids_submitted(session: Session, filters: Filters) -> int:
    """Grilles déposées: participations at « grille déposée » or « grille validée »."""
    return _count_participations_at_least(session, filters, Stage.GRILLE_DEPOSEE)


def concertations_held(session: Session, filters: Filters) -> int:
    """Séances de concertation: sessions held (a territory may hold several; the stage « Concertation
    tenue » counts territories, so this figure never bears that name)."""
    query = select(func.count(ConcertationSession.id)).where(
        ConcertationSession.participation_id.in_(_participations(filters))
    )
    return int(session.scalar(query) or 0)


def participants_total(session: Session, filters: Filters) -> int:
    """Participants: sum of participants over all sessions."""
    query = select(func.coalesce(func.sum(ConcertationSession.participants), 0)).where(
        ConcertationSession.participation_id.in_(_participations(filters))
    )
    return int(session.scalar(query) or 0)


def proposals_count(session: Session, filters: Filters) -> int:
    query = select(func.count(Proposal.id)).where(
        Proposal.participation_id.in_(_participations(filters)), Proposal.withdrawn_on.is_(None))
    return int(session.scalar(query) or 0)


def stage_counts(session: Session, filters: Filters) -> dict[Stage, int]:
    """Participations currently at each stage (not cumulative)."""
    query = (
        select(Participation.stage, func.count(Participation.id))
        .join(Territory, Participation.territory_id == Territory.id)
        .group_by(Participation.stage)
    )
    rows = session.execute(filtering.apply(query, filters)).all()
    counts = {stage: 0 for stage in Stage}
    for stage, count in rows:
        counts[Stage(stage)] = int(count)
    return counts


@dataclass(frozen=True)
class FigureLabel:
    title: str  # « Chartes signées »: a tile, a CLI line
    counted: str  # « chartes signées »: after a number (the key-figures card, a subtitle)
    help: str


# The one wording of each key figure: the home page tiles, the key-figures card, the CLI and the
# public page all read it, so one thing has one name everywhere.
FIGURE_LABELS: dict[str, FigureLabel] = {
    "engaged": FigureLabel("Territoires engagés", "territoires engagés", "Collectivités inscrites dans la campagne"),
    "charters": FigureLabel("Chartes signées", "chartes signées", "Territoires ayant signé la charte d'engagement"),
    "grids": FigureLabel("Grilles déposées", "grilles déposées", "Grilles d'information déposées ou validées"),
    "concertations": FigureLabel("Séances de concertation", "séances de concertation",
                                 "Séances de concertation tenues, tous territoires confondus : un territoire peut en "
                                 "tenir plusieurs (l'étape « Concertation tenue » compte les territoires)"),
    "participants": FigureLabel("Participants", "participants", "Total des participants aux séances"),
    "proposals": FigureLabel("Propositions", "propositions", "Propositions issues des grilles"),
}


@dataclass(frozen=True)
class KeyFigures:
    engaged: int
    charters: int
    grids: int
    concertations: int
    participants: int
    proposals: int


def key_figures(session: Session, filters: Filters) -> KeyFigures:
    return KeyFigures(
        engaged=engaged_territories(session, filters),
        charters=charters_signed(session, filters),
        grids=grids_submitted(session, filters),
        concertations=concertations_held(session, filters),
        participants=participants_total(session, filters),
        proposals=proposals_count(session, filters),
    )
