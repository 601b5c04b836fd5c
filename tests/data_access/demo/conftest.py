"""The scale-1 demo, generated once per test that asks for it (the builder's, the rows', the manifesto's)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from data_access import demo
from tests.support.factories import ADMIN


@pytest.fixture
def demo_session(session: Session) -> Session:
    demo.generate(session, actor=ADMIN, scale=1, seed=7)
    return session
