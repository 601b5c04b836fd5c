"""The public page shows, by manifesto item, the commitments the commission validated (status,
progress, last news) and the share done per territory; never one awaiting validation, never a person."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access.access import Actor
from data_access.commitments import readers, statuses, writes
from data_access.commitments.models import Commitment
from data_access.commitments.views import CommitmentInput
from data_access.db import make_engine, session_scope
from data_access.models import Participation, Role
from tests.support.env import ENTRYPOINT, PROJECT_ROOT

PAGE = str(PROJECT_ROOT / "pages" / "territoires_engages.py")
EDITOR = Actor(email="editrice@exemple.fr", role=Role.EDITEUR)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
VALIDATED, PENDING = "Ouvrir un lieu de médiation numérique", "Engagement encore à valider"


def _commitments(url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        carrying = select(Commitment.participation_id).where(Commitment.participation_id.is_not(None))
        participation = session.scalars(select(Participation).where(Participation.id.not_in(carrying))
                                        .order_by(Participation.id)).first()
        assert participation is not None
        agent = Actor(email="agent@mairie.fr", role=Role.TERRITOIRE, participation_ids=frozenset({participation.id}))
        item = readers.item_refs(session, participation.campaign_id)[0]
        found = {s.label: s.id for s in statuses.list_statuses(session, participation.campaign_id)}
        for title in (VALIDATED, PENDING):
            made = writes.create_commitment(session, actor=agent, campaign_id=participation.campaign_id,
                                            data=CommitmentInput(title=title, committer_kind="territoire",
                                                                 status_id=found["en cours"], item_id=item.id,
                                                                 participation_id=participation.id, progress=60))
            writes.add_entry(session, actor=agent, commitment_id=made.id, occurred_on=dt.date(2025, 6, 3),
                             text=f"Actualité de « {title} »")
            if title == VALIDATED:
                writes.set_validated(session, actor=EDITOR, commitment_id=made.id, expected_version=made.version)
    engine.dispose()


def test_only_validated_commitments_are_public_with_progress_and_news(
        signed_in_store: str, server_address: Any) -> None:
    _commitments(signed_in_store)
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.user = {"is_logged_in": False}
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Ce que deviennent les engagements du manifeste" in [h.value for h in at.header]
    texts = " ".join(str(e.value) for e in (*at.markdown, *at.caption)).replace("\\", "")
    assert VALIDATED in texts and PENDING not in texts
    assert f"Dernière actualité (3 juin 2025) : Actualité de « {VALIDATED} »" in texts
    bars = [str(p.proto.text) for p in at.get("progress")]
    assert "En cours · 60\u202f%" in bars
    shares = next(df.value for df in at.dataframe if "Part réalisée" in df.value.columns)
    assert list(shares.columns) == ["Territoire", "Engagements validés", "Réalisés", "Part réalisée"]
    frames = " ".join(df.value.to_csv() for df in at.dataframe)
    assert not EMAIL.search(texts + frames) and "None" not in texts
