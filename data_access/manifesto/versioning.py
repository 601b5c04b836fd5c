"""Optimistic concurrency and history, shared by the section and item writes.

Every section and item carries a ``version``. A save names the version it was based on and is
applied with ``UPDATE … WHERE version = :expected``: of two editors saving from the same
version, exactly one wins. A change to a section or any of its items raises the section's
version and stores a full snapshot (``ManifestoSectionRevision``): history, diff and restore.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data_access.access import Actor
from data_access.audit_labels import actor_label
from data_access.errors import ValidationError
from data_access.french import TIME_ZONE, paris_time
from data_access.manifesto.reading import sources_by_item
from data_access.manifesto.views import MAX_TITLE, ManifestoConflict
from data_access.models import ManifestoItem, ManifestoSection, ManifestoSectionRevision, utcnow


def take_snapshot(session: Session, section: ManifestoSection) -> dict[str, Any]:
    items = session.scalars(select(ManifestoItem).where(ManifestoItem.section_id == section.id)
                            .order_by(ManifestoItem.position, ManifestoItem.id)).all()
    sources = sources_by_item(session, [i.id for i in items])
    return {
        "title": section.title, "introduction": section.introduction or "", "status": section.status,
        "items": [{"id": i.id, "wording": i.wording, "group_id": i.group_id, "sources": sources.get(i.id, [])}
                  for i in items],
    }


def section_text(section: ManifestoSection) -> str:
    return "\n".join([section.title, "", section.introduction or ""]).strip()


def section_conflict(section: ManifestoSection, mine: str, expected: int) -> ManifestoConflict:
    when = (f"{paris_time(section.updated_at, pattern='%d/%m/%Y à %H:%M')} ({TIME_ZONE})"
            if section.updated_at else "récemment")
    return ManifestoConflict(
        f"La section « {section.title} » a été modifiée par {actor_label(section.updated_by)} le {when} pendant que "
        f"vous l'éditiez : vous partiez de la version {expected}, elle est maintenant en version "
        f"{section.version}. Votre modification n'a pas été enregistrée.",
        theirs=section_text(section), mine=mine, other_editor=section.updated_by,
        current_version=section.version,
    )


def try_claim(session: Session, section: ManifestoSection, expected: int, actor: Actor) -> bool:
    """Raise the version only if it is still ``expected``: the atomic step that makes one save win.

    Returns False, with ``section`` refreshed to the current row, when someone got there first."""
    session.flush()
    result = session.execute(
        update(ManifestoSection)
        .where(ManifestoSection.id == section.id, ManifestoSection.version == expected)
        .values(version=expected + 1, updated_at=utcnow(), updated_by=actor.email)
        .execution_options(synchronize_session=False)
    )
    session.refresh(section)
    return result.rowcount == 1  # type: ignore[attr-defined,no-any-return]


def claim_section(session: Session, section: ManifestoSection, expected: int, actor: Actor, mine: str) -> None:
    """``try_claim`` for writes that depend on the whole section (order, restore, delete)."""
    if not try_claim(session, section, expected, actor):
        raise section_conflict(section, mine, expected)


def touch_section(session: Session, section: ManifestoSection, actor: Actor) -> None:
    """Item-level changes raise the section's version too (the snapshot includes items)."""
    session.flush()
    session.execute(
        update(ManifestoSection).where(ManifestoSection.id == section.id)
        .values(version=ManifestoSection.version + 1, updated_at=utcnow(), updated_by=actor.email)
        .execution_options(synchronize_session=False)
    )
    session.refresh(section)


def record_revision(session: Session, section: ManifestoSection, actor: Actor, **extra: Any) -> dict[str, Any]:
    snapshot = {**take_snapshot(session, section), **extra}
    session.add(ManifestoSectionRevision(section_id=section.id, version=section.version, snapshot=snapshot,
                                         created_by=actor.email))
    session.flush()
    return snapshot


def set_positions(session: Session, section_id: int, ordered_ids: Sequence[int]) -> None:
    for position, item_id in enumerate(ordered_ids):
        session.execute(update(ManifestoItem).where(ManifestoItem.id == item_id).values(position=position))


def item_ids(session: Session, section_id: int) -> list[int]:
    return list(session.scalars(select(ManifestoItem.id).where(ManifestoItem.section_id == section_id)
                                .order_by(ManifestoItem.position, ManifestoItem.id)).all())


def check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Le titre de la section est obligatoire.")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"Le titre de la section dépasse {MAX_TITLE} caractères.")
    return title


