"""The published public page and ``concertations export public`` show the manifesto's validated
commitments; a validation (a write to « commitments ») makes the publisher write the page again."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dashboard.space import public_commitments, public_export, publication
from data_access.commitments import public, writes
from data_access.space import public as territories_public
from tests.support.factories import EDITOR
from tests.support.factories.commitments import commitment_scenario, make_commitment

TODAY = dt.date(2025, 6, 1)


def test_validated_commitments_are_published_and_a_validation_republishes(engine: Engine, tmp_path: Path) -> None:
    with Session(engine, expire_on_commit=False) as session:
        data = commitment_scenario(session)
        shown = make_commitment(session, data, actor=data.rennes_actor, kind="territoire", participation=data.rennes,
                                title="Former 200 agents de Rennes", status="en cours", progress=40)
        writes.add_entry(session, actor=data.rennes_actor, commitment_id=shown.id, occurred_on=dt.date(2025, 5, 2),
                         text="Premier groupe formé, joindre agent@rennes.fr")
        writes.set_validated(session, actor=EDITOR, commitment_id=shown.id, expected_version=shown.version)
        pending = make_commitment(session, data, actor=data.toulouse_actor, kind="territoire",
                                  participation=data.toulouse, title="Charte éthique de Toulouse")
        session.commit()
    folder = tmp_path / "publication"
    with Session(engine) as session:
        first = publication.cycle(session, folder, None, today=TODAY)
    page = (folder / "courant" / "index.html").read_text(encoding="utf-8")
    assert "Ce que deviennent les engagements du manifeste" in page
    assert "Former 200 agents de Rennes" in page and "Charte éthique de Toulouse" not in page
    assert "En cours · 40\u202f%" in page and "Dernière actualité (2 mai 2025)" in page
    assert "agent@rennes.fr" not in page and "@" not in page
    assert "<td>Rennes</td><td>1</td><td>0</td>" in page
    # Issue 25, scope 5: the map of the share done per territory, beside the page, public data only.
    assert f'src="{public_commitments.SHARE_MAP_FILE}"' in page
    share_map = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)),  # the script's escapes
                       (folder / "courant" / public_commitments.SHARE_MAP_FILE).read_text(encoding="utf-8"))
    assert "Part des engagements réalisés" in share_map and "Rennes" in share_map
    assert "0 engagement réalisé sur 1 (0 %)" in share_map
    assert "Charte éthique" not in share_map and "rennes.fr" not in share_map

    with Session(engine) as session:
        writes.set_validated(session, actor=EDITOR, commitment_id=pending.id, expected_version=pending.version)
        session.commit()
    with Session(engine) as session:
        second = publication.cycle(session, folder, first.stamp, today=TODAY)
    assert second.published
    assert "Charte éthique de Toulouse" in (folder / "courant" / "index.html").read_text(encoding="utf-8")


def test_the_static_export_has_no_commitment_section_when_none_is_public(engine: Engine, tmp_path: Path) -> None:
    with Session(engine, expire_on_commit=False) as session:
        data = commitment_scenario(session)
        make_commitment(session, data, title="Pas encore validé")
        session.commit()
        summary = territories_public.summary(session, data.campaign.id)
        commitments = public.public_commitments(session, data.campaign.id)
    public_export.write_site(tmp_path, summary, data_date=TODAY, commitments=commitments)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Pas encore validé" not in page and "engagements du manifeste" not in page
    assert not (tmp_path / public_commitments.SHARE_MAP_FILE).exists()
