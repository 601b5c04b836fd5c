"""The demo's draft manifesto: each default chapter with its introduction and a few items, each
in the editors' wording and traced to the proposals territories wrote."""

from __future__ import annotations

import collections

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access.access import Actor
from data_access.demo import corpus
from data_access.demo.texts import SECTION_INTRODUCTIONS
from data_access.models import (
    Campaign,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    ManifestoSectionRevision,
    Participation,
    Proposal,
)

MANIFESTO_ITEMS_PER_SECTION = 4


def manifesto_wordings(chapter: str, written: collections.Counter[str]) -> list[tuple[str, str]]:
    """The demo manifesto's items in a chapter, as (wording, text quoted): for each of its first
    themes, the editor's wording of the theme (themes.yaml ``item``) and the corpus text most
    territories wrote word for word (``written``: texts of the store and their counts), the shortest
    first on a tie. Items read as a commission writes them; their sources as territories wrote."""
    themes = [theme for theme in corpus.load_themes() if theme.chapter == chapter]
    ids = {theme.id for theme in themes}
    best: dict[str, tuple[int, int, str]] = {}
    for proposal in corpus.load_proposals():
        if proposal.theme not in ids or proposal.also or not written[proposal.text]:
            continue
        rank = (-written[proposal.text], len(proposal.text), proposal.text)
        if proposal.theme not in best or rank < best[proposal.theme]:
            best[proposal.theme] = rank
    chosen = [(theme.item or best[theme.id][2], best[theme.id][2]) for theme in themes if theme.id in best]
    return chosen[:MANIFESTO_ITEMS_PER_SECTION]


def write_draft(session: Session, campaign: Campaign, actor: Actor) -> None:
    """A draft manifesto: each default chapter with an introduction and a few traced items."""
    written = collections.Counter(session.scalars(
        select(Proposal.text).join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign.id)).all())
    for position, chapter in enumerate(campaign.default_chapters):
        section = ManifestoSection(
            campaign_id=campaign.id, title=chapter, position=position,
            introduction=SECTION_INTRODUCTIONS.get(chapter, ""), updated_by=actor.email,
        )
        session.add(section)
        session.flush()
        items_snapshot = []
        for item_position, (wording, quoted) in enumerate(manifesto_wordings(chapter, written)):
            # A draft: the item cites the reworded versions of the text quoted and the first
            # territory that wrote it; later copies of the very words are left for the editor.
            found = session.execute(
                select(Proposal.id, Proposal.text)
                .join(Participation, Proposal.participation_id == Participation.id)
                .where(Participation.campaign_id == campaign.id, Proposal.chapter == chapter,
                       Proposal.text.contains(quoted))
                .order_by(Proposal.id).limit(40)
            ).all()
            first_copy = next((pid for pid, text in found if text == quoted), None)
            sources = [pid for pid, text in found if text != quoted or pid == first_copy]
            item = ManifestoItem(section_id=section.id, position=item_position, wording=wording,
                                 updated_by=actor.email)
            session.add(item)
            session.flush()
            if sources:
                session.execute(insert(ManifestoItemSource),
                                [{"item_id": item.id, "proposal_id": pid} for pid in sources])
            items_snapshot.append({"wording": item.wording, "sources": list(sources)})
        session.add(ManifestoSectionRevision(
            section_id=section.id, version=1, created_by=actor.email,
            snapshot={"title": section.title, "introduction": section.introduction,
                      "status": section.status, "items": items_snapshot},
        ))
