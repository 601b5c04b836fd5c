"""The hostile-store helper really fills the text the pages show (so the browser test means something)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from data_access.db import make_engine, session_scope
from data_access.models import (
    Campaign,
    ConcertationSession,
    Finding,
    ManifestoItem,
    ManifestoSection,
    Participation,
    Proposal,
    Territory,
)
from tests import hostile
from tests.support.stores import copy_sqlite

EXPECTED = {
    "territory": {"name", "long_name", "country"}, "campaign": {"name", "forum_place"},
    "participation": {"contact_name", "contact_email", "contact_phone"}, "proposal": {"text", "chapter"},
    "finding": {"text"}, "concertation_session": {"place", "title", "format"},
    "manifesto_section": {"title", "introduction"}, "manifesto_item": {"wording"},
    "charter_signature": {"signatory_role", "document_ref"}, "audit_event": {"summary", "actor"},
}


def test_every_expected_text_column_is_covered() -> None:
    columns = hostile.text_columns()
    for table, names in EXPECTED.items():
        assert names - {"chapter"} <= set(columns.get(table, [])), table


def test_fill_store_makes_the_shown_texts_hostile(demo_store: str, tmp_path: Path) -> None:
    url = copy_sqlite(demo_store, tmp_path / "hostile.sqlite3")
    changed = hostile.fill_store(url)
    assert changed["proposal"] >= 1000 and changed["territory"] >= 100
    engine = make_engine(url)
    with session_scope(engine) as session:
        for column in (Territory.name, Campaign.name, Proposal.text, Proposal.chapter, Finding.text,
                       ConcertationSession.place, ConcertationSession.title, ManifestoSection.introduction,
                       ManifestoSection.title, ManifestoItem.wording, Participation.contact_name):
            values = session.scalars(select(column)).all()
            # Within a VARCHAR's length only the payloads that fit are kept (PostgreSQL enforces it).
            length = getattr(column.type, "length", None)
            assert values and all(v.startswith(hostile.SCRIPT) and (length is None or len(v) <= length)
                                  and (length is not None or v.startswith(hostile.HOSTILE)) for v in values), column
        campaign = session.scalars(select(Campaign)).one()
        assert all(chapter.startswith(hostile.SCRIPT) for chapter in campaign.default_chapters)
        chapters = set(session.scalars(select(Proposal.chapter).distinct()))
        assert chapters <= set(campaign.default_chapters)  # still consistent
    engine.dispose()
