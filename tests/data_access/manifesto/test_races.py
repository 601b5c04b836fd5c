"""Races between editors in two processes, on SQLite and PostgreSQL (docs/manifeste.md):
a colleague's item change never blocks an introduction save; of two introduction saves from the
same version, exactly one wins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from data_access import manifesto
from data_access.access import Actor
from data_access.models import Role
from tests.support.env import PROJECT_ROOT
from tests.support.factories import EDITOR
from tests.support.factories.manifesto import scenario

# Real concurrent writers (threads and processes): seconds each; out of make test-fast, in make test.
pytestmark = pytest.mark.slow

ROUNDS = 6
OTHER = Actor(email="collegue@exemple.fr", role=Role.EDITEUR)


def _sections(engine: Engine) -> list[tuple[int, int]]:
    with Session(engine) as session:
        data = scenario(session)
        created = [manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id,
                                            title=f"Section provisoire {n}") for n in range(ROUNDS)]
        session.commit()
        # Titles follow the ids so that the workers save the same title back.
        for section in created:
            manifesto.update_section(session, actor=EDITOR, section_id=section.id, expected_version=section.version,
                                     title=f"Section {section.id}", introduction="", status="brouillon")
        session.commit()
        return [(s.id, manifesto.get_section(session, s.id).version) for s in created]


def _race(engine: Engine, first: tuple[str, str], second: tuple[str, str]) -> tuple[list[str], list[str]]:
    sections = _sections(engine)
    start = time.time() + 6.0  # both processes imported and connected before the first round
    plan = json.dumps([(sid, base, start + 0.7 * n) for n, (sid, base) in enumerate(sections)])
    url = engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    workers = [subprocess.Popen([sys.executable, "-m", "tests.data_access.manifesto.race_worker", url, action, email,
                                 plan], cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for action, email in (first, second)]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results[0], results[1]


def test_a_colleagues_item_never_blocks_an_introduction_save(engine: Engine) -> None:
    saves, additions = _race(engine, ("introduction", EDITOR.email), ("item", OTHER.email))
    assert saves == ["ok"] * ROUNDS
    assert additions == ["ok"] * ROUNDS
    with Session(engine) as session:
        for section_id, _ in _sections_after(session):
            section = manifesto.get_section(session, section_id)
            assert section.introduction == f"Introduction de {EDITOR.email}"
            assert [i.wording for i in section.items] == [f"Élément de {OTHER.email}"]


def _sections_after(session: Session) -> list[tuple[int, int]]:
    from data_access import campaigns

    campaign = campaigns.current_campaign(session)
    assert campaign is not None
    return [(s.id, s.version) for s in manifesto.list_sections(session, campaign.id)]


def test_two_introduction_saves_exactly_one_wins(engine: Engine) -> None:
    first, second = _race(engine, ("introduction", EDITOR.email), ("introduction", OTHER.email))
    for round_outcomes in zip(first, second, strict=True):
        assert sorted(round_outcomes) == ["conflict", "ok"]
    with Session(engine) as session:
        for (section_id, _), mine in zip(_sections_after(session), first, strict=True):
            winner = EDITOR.email if mine == "ok" else OTHER.email
            assert manifesto.get_section(session, section_id).introduction == f"Introduction de {winner}"
