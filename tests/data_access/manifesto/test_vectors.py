"""Meaning vectors in the store (data_access/manifesto/vectors.py): one per wording, resumable."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from data_access.access import Actor
from data_access.errors import PermissionDenied
from data_access.manifesto import embedding, vectors
from data_access.models import ProposalVector, Role
from tests.support.factories import ADMIN, make_campaign, make_participation, make_proposal


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONCERTATIONS_VECTEURS", "immediats")


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ProposalVector)) or 0)


def test_same_wording_in_two_territories_is_encoded_once(session: Session, computed: None) -> None:
    campaign = make_campaign(session)
    rennes = make_participation(session, campaign)
    brest = make_participation(session, campaign, code="29019")
    one = make_proposal(session, rennes, text="Héberger les données des habitants en France.")
    two = make_proposal(session, brest, text="Héberger les  données des habitants en France. ")
    three = make_proposal(session, brest, text="Des pistes cyclables entre les villages.")
    assert vectors.store_for_texts(session, [one.text, two.text, three.text]) == 2
    assert vectors.store_for_texts(session, [one.text, three.text]) == 0  # already there
    ids, matrix = vectors.proposal_vectors(session, [three.id, one.id, two.id])
    assert ids.tolist() == [three.id, one.id, two.id]
    assert matrix.shape == (3, embedding.DIMENSION)
    assert np.allclose(matrix[1], matrix[2])
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-2)
    assert float(matrix[0] @ matrix[1]) < 0.9


def test_deferred_writes_nothing_and_the_command_fills_the_rest(engine: Engine,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONCERTATIONS_VECTEURS", "differes")
    with Session(engine) as session:
        campaign = make_campaign(session)
        rennes = make_participation(session, campaign)
        for n in range(5):
            make_proposal(session, rennes, text=f"Proposition {n} : ouvrir les données de la mairie.")
        assert vectors.store_for_texts(session, ["Un texte"]) == 0
        session.commit()
        assert vectors.missing_count(session) == 5
    monkeypatch.setattr(vectors, "ENCODE_BATCH", 2)
    seen: list[tuple[int, int]] = []
    assert vectors.fill_missing(lambda: Session(engine), ADMIN, progress=lambda d, t: seen.append((d, t))) == 5
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]
    with Session(engine) as session:
        assert _count(session) == 5 and vectors.missing_count(session) == 0
        # A model change: old rows count as missing and are replaced, not duplicated.
        session.execute(update(ProposalVector).values(model="ancien-modele"))
        session.commit()
        assert vectors.missing_count(session) == 5
    assert vectors.fill_missing(lambda: Session(engine), ADMIN) == 5
    with Session(engine) as session:
        assert _count(session) == 5


def test_a_reader_cannot_run_the_computation(engine: Engine) -> None:
    with pytest.raises(PermissionDenied):
        vectors.fill_missing(lambda: Session(engine), Actor(email="lecteur@exemple.fr", role=Role.LECTEUR))
