"""The demo's draft manifesto: the editors' wording of each theme, quoting the corpus text most
territories wrote, and every item traced to the proposals it stands for."""

from __future__ import annotations

import collections

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.demo import corpus
from data_access.demo.draft_manifesto import MANIFESTO_ITEMS_PER_SECTION, manifesto_wordings
from data_access.models import ManifestoItem, ManifestoItemSource, ManifestoSection, Proposal


def test_an_item_quotes_the_text_most_territories_wrote_the_shortest_on_a_tie() -> None:
    theme = corpus.load_themes()[0]
    own = [p for p in corpus.load_proposals() if p.theme == theme.id and not p.also]
    short, long = sorted((own[0], next(p for p in own if len(p.text) != len(own[0].text))), key=lambda p: len(p.text))
    written = collections.Counter({long.text: 2, short.text: 1})
    assert manifesto_wordings(theme.chapter, written) == [(theme.item or long.text, long.text)]
    written[short.text] = 2
    assert manifesto_wordings(theme.chapter, written) == [(theme.item or short.text, short.text)]
    # A text that carries two ideas (``also``) is never the one quoted.
    two_ideas = next(p for p in corpus.load_proposals() if p.also and p.theme == theme.id)
    assert manifesto_wordings(theme.chapter, collections.Counter({two_ideas.text: 9})) == []


def test_a_chapter_has_its_themes_items_in_order_and_four_at_most() -> None:
    everything = collections.Counter(p.text for p in corpus.load_proposals())
    for chapter in dict.fromkeys(theme.chapter for theme in corpus.load_themes()):
        assert manifesto_wordings(chapter, collections.Counter()) == []
        items = manifesto_wordings(chapter, everything)
        editorial = [theme.item for theme in corpus.load_themes() if theme.chapter == chapter]
        assert 0 < len(items) <= MANIFESTO_ITEMS_PER_SECTION
        assert [wording for wording, _ in items] == editorial[: len(items)]


def test_demo_has_a_traced_draft_manifesto(demo_session: Session) -> None:
    titles = demo_session.scalars(select(ManifestoSection.title).order_by(ManifestoSection.position)).all()
    assert titles == ["IA sociale", "IA ouverte et démocratique", "IA utile et proportionnée",
                      "Gouvernance partagée et territoriale"]
    # Every chapter the corpus has proposals for quotes four of them, each traced to its sources.
    chapters = {corpus.themes_by_id()[p.theme].chapter for p in corpus.load_proposals()}
    items = demo_session.execute(select(ManifestoSection.title, ManifestoItem.id).join(ManifestoItem)).all()
    per_chapter = {title: sum(t == title for t, _ in items) for title in chapters}
    assert set(per_chapter.values()) == {4}, per_chapter
    sourced = set(demo_session.scalars(select(ManifestoItemSource.item_id)).all())
    assert {item_id for _, item_id in items} == sourced


def test_the_manifesto_reads_as_the_commission_writes_and_cites_what_territories_wrote(
        demo_session: Session) -> None:
    """Items are the editors' wordings of the themes (not a citizen's « faudrait que… »), and each
    cites the corpus proposals it stands for."""
    items = demo_session.scalars(select(ManifestoItem)).all()
    editorial = {theme.item for theme in corpus.load_themes()}
    texts = {p.text for p in corpus.load_proposals()}
    assert items and {item.wording for item in items} <= editorial
    for item in items:
        cited = demo_session.scalars(select(Proposal.text).join(
            ManifestoItemSource, ManifestoItemSource.proposal_id == Proposal.id)
            .where(ManifestoItemSource.item_id == item.id)).all()
        # A corpus text, or a territory's version of it (with a local detail added).
        assert cited and all(any(text in quote for text in texts) for quote in cited), item.wording
