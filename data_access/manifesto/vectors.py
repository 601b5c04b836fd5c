"""Meaning vectors in the store: one per distinct wording, computed when proposals are written.

A vector is keyed by the hash of the normalised text (``embedding.text_key``), so a wording
copied by 50 territories is encoded once, and a proposal whose text did not change never costs
an encoding again. Each row names its model: after a model change the old rows count as missing
and are recomputed (``concertations synthese vecteurs``).

Writers (the import and the online filing in ``intake/applying.py``, the demo builder) call
``store_for_texts`` with the texts they insert, in the same transaction: only texts without a
vector of the current model are encoded. ``fill_missing`` does the whole store, batch by batch,
each batch committed (an interrupted run resumes where it stopped). Readers:
``proposal_vectors`` (per proposal, for themes and suggestions) and ``vectors_by_key``.

``CONCERTATIONS_VECTEURS=differes`` (tests, bulk loads) leaves the encoding to the command.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from data_access.access import Actor, require
from data_access.manifesto import embedding
from data_access.models import Proposal, ProposalVector, Role

__all__ = ["ENCODE_BATCH", "fill_missing", "missing_count", "proposal_vectors", "store_for_texts",
           "vectors_by_key"]

ENCODE_BATCH = 256  # wordings encoded then written per step (~0.5 MB of vectors, a few seconds)
_CHUNK = 500  # keys per IN (…) clause
_STORED = np.dtype("<f2")

FloatMatrix = npt.NDArray[np.float32]
IdArray = npt.NDArray[np.int64]


def deferred() -> bool:
    """True when writers leave vectors to ``concertations synthese vecteurs`` (or no encoder is installed)."""
    return os.environ.get("CONCERTATIONS_VECTEURS", "").strip().lower() in {"differes", "différés", "non", "0"} \
        or not embedding.available()


def _stored_keys(session: Session, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        found.update(session.scalars(select(ProposalVector.text_hash).where(
            ProposalVector.text_hash.in_(keys[start: start + _CHUNK]),
            ProposalVector.model == embedding.MODEL_NAME)))
    return found


def _write(session: Session, wordings: dict[str, str]) -> int:
    """Encode ``wordings`` (key → normalised text) and store them, replacing other models' rows."""
    keys = list(wordings)
    written = 0
    for start in range(0, len(keys), ENCODE_BATCH):
        batch = keys[start: start + ENCODE_BATCH]
        matrix = embedding.encode([wordings[k] for k in batch])
        session.execute(delete(ProposalVector).where(ProposalVector.text_hash.in_(batch)))
        session.execute(insert(ProposalVector), [
            {"text_hash": key, "model": embedding.MODEL_NAME, "dimension": embedding.DIMENSION,
             "vector": row.astype(_STORED).tobytes()} for key, row in zip(batch, matrix, strict=True)])
        written += len(batch)
    return written


def _distinct(texts: Iterable[str]) -> dict[str, str]:
    wordings: dict[str, str] = {}
    for text in texts:
        wording = embedding.normalise(text)
        if wording:
            wordings.setdefault(embedding.text_key(wording), wording)
    return wordings


def store_for_texts(session: Session, texts: Iterable[str]) -> int:
    """Encode and store the wordings of ``texts`` that have no vector yet; returns how many were encoded.

    Called by the writers of proposals inside their transaction (their role is already checked).
    Does nothing when vectors are deferred.
    """
    if deferred():
        return 0
    wordings = _distinct(texts)
    if not wordings:
        return 0
    stored = _stored_keys(session, list(wordings))
    return _write(session, {k: t for k, t in wordings.items() if k not in stored})


def _missing(session: Session) -> dict[str, str]:
    wordings = _distinct(session.scalars(select(Proposal.text).distinct()))
    stored = set(session.scalars(select(ProposalVector.text_hash).where(
        ProposalVector.model == embedding.MODEL_NAME)))
    return {k: t for k, t in wordings.items() if k not in stored}


def missing_count(session: Session) -> int:
    """How many distinct wordings of the store have no vector of the current model."""
    return len(_missing(session))


def fill_missing(session_factory: Callable[[], Session], actor: Actor, *,
                 progress: Callable[[int, int], None] | None = None) -> int:
    """Compute every missing vector of the store, one committed batch at a time (resumable).

    ``session_factory`` opens a new session per batch; ``progress(done, total)`` is called after
    each batch. Returns the number of wordings encoded. Needs an editor or administrator.
    """
    require(actor, Role.EDITEUR, action="calculer les vecteurs de sens des propositions")
    if not embedding.available():
        return 0
    with session_factory() as session:
        todo = _missing(session)
    keys = list(todo)
    done = 0
    if progress is not None:
        progress(0, len(keys))
    for start in range(0, len(keys), ENCODE_BATCH):
        batch = keys[start: start + ENCODE_BATCH]
        with session_factory() as session:
            _write(session, {k: todo[k] for k in batch})
            session.commit()
        done += len(batch)
        if progress is not None:
            progress(done, len(keys))
    return done


def _decode(blob: bytes, dimension: int) -> FloatMatrix:
    return np.frombuffer(blob, dtype=_STORED, count=dimension).astype(np.float32)


def vectors_by_key(session: Session, keys: Sequence[str]) -> dict[str, FloatMatrix]:
    """text key → unit vector (float32), for the keys that have one of the current model."""
    found: dict[str, FloatMatrix] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _CHUNK):
        for key, dimension, blob in session.execute(
            select(ProposalVector.text_hash, ProposalVector.dimension, ProposalVector.vector).where(
                ProposalVector.text_hash.in_(unique[start: start + _CHUNK]),
                ProposalVector.model == embedding.MODEL_NAME)):
            found[key] = _decode(blob, dimension)
    return found


def proposal_vectors(session: Session, proposal_ids: Sequence[int]) -> tuple[IdArray, FloatMatrix]:
    """The proposals among ``proposal_ids`` that have a vector, and their vectors.

    Returns ``(ids, matrix)``: ``ids[i]`` is a proposal id (in the order asked), ``matrix[i]`` its
    unit vector (float32, ``embedding.DIMENSION`` wide). Proposals whose wording has no vector yet
    (deferred, or a model change not yet recomputed) are left out.
    """
    texts: dict[int, str] = {}
    ids = list(dict.fromkeys(int(p) for p in proposal_ids))
    for start in range(0, len(ids), _CHUNK):
        texts.update(session.execute(select(Proposal.id, Proposal.text).where(
            Proposal.id.in_(ids[start: start + _CHUNK]))).all())
    key_of = {pid: embedding.text_key(texts[pid]) for pid in ids if pid in texts}
    found = vectors_by_key(session, list(key_of.values()))
    kept = [pid for pid in ids if pid in key_of and key_of[pid] in found]
    matrix = (np.vstack([found[key_of[pid]] for pid in kept]) if kept
              else np.zeros((0, embedding.DIMENSION), dtype=np.float32))
    return np.asarray(kept, dtype=np.int64), matrix
