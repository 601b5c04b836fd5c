"""Facts about the store itself (is it demonstration data?)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Campaign, StoreMeta

DEMO_KEY = "demo"


def is_demo(session: Session) -> bool:
    flag = session.get(StoreMeta, DEMO_KEY)
    return flag is not None and flag.value == "1"


def set_demo(session: Session, value: bool) -> None:
    flag = session.get(StoreMeta, DEMO_KEY)
    if flag is None:
        session.add(StoreMeta(key=DEMO_KEY, value="1" if value else "0"))
    else:
        flag.value = "1" if value else "0"


def is_empty(session: Session) -> bool:
    return session.scalar(select(Campaign.id).limit(1)) is None
