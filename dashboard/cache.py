"""The reader registry: every cached reader says which aggregates it reads, and keys on their versions.

``@reader("participations", "submissions")`` wraps ``st.cache_data``; the cache key holds the
current versions of those aggregates (``data_access.versions``), read once per script run and
again after a write by this process. A write anywhere (this session, another session, the
command line, another replica on the same database) therefore shows at the next rerun; the TTL
and ``max_entries`` only bound memory. ``@resource`` does the same for ``st.cache_resource``.

A test lists every ``st.cache_data`` / ``st.cache_resource`` in ``dashboard/`` and ``pages/``
and fails on one that does not go through this module.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, Protocol, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from dashboard.ui import state
from data_access import versions
from data_access.db import session_scope
from data_access.versions import Aggregate, Versions

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
DEFAULT_TTL_SECONDS = 3600
DEFAULT_MAX_ENTRIES = 256


class Reader(Protocol[P, R_co]):
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...

    def clear(self) -> None: ...


@dataclass(frozen=True)
class RegisteredReader:
    name: str
    aggregates: tuple[Aggregate, ...]
    kind: str  # "data" or "resource"


REGISTRY: dict[str, RegisteredReader] = {}


def _read_versions() -> dict[str, int]:
    with session_scope() as session:
        return versions.current(session)


def store_versions() -> dict[str, int]:
    """The store's versions: once per script run, and again after a write from this process."""
    if get_script_run_ctx() is None:  # command line, tests without a runtime: always fresh
        return _read_versions()
    snapshot = state.store_versions()
    writes = versions.local_commits()
    if snapshot is None or snapshot[0] != writes:
        snapshot = (writes, _read_versions())
        state.set_store_versions(snapshot)
    return snapshot[1]


def begin_run() -> None:
    """Called by the entrypoint at the top of every run: the next reader reads the versions anew."""
    state.set_store_versions(None)


def versions_of(aggregates: tuple[Aggregate, ...]) -> Versions:
    if not aggregates:  # a reader keyed on its arguments alone (a chart's spec keyed on its data)
        return ()
    current = store_versions()
    return tuple((aggregate, current.get(aggregate, 0)) for aggregate in aggregates)


def _register(fn: Callable[..., Any], aggregates: tuple[Aggregate, ...], kind: str) -> None:
    unknown = set(aggregates) - set(versions.AGGREGATES)
    if unknown:
        raise ValueError(f"{fn.__qualname__}: agrégats inconnus {sorted(unknown)}")
    name = f"{fn.__module__}.{fn.__qualname__}"
    REGISTRY[name] = RegisteredReader(name, aggregates, kind)


class _ArgsKey(str):
    """A digest of a reader's arguments, given to Streamlit's cache in their place."""


# The arguments behind an _ArgsKey, for the call being made in this thread (a cache miss is computed
# in the calling thread; a reader calling another reader saves and restores the outer ones).
_call_args = threading.local()


def _digest(args: tuple[Any, ...], kwargs: dict[str, Any]) -> _ArgsKey | None:
    """The cache key of a reader's arguments: a digest of their pickle.

    Streamlit hashes each argument in Python (a Filters or an Actor is deep-copied by
    ``dataclasses.asdict``), ~1 ms per reader call at scale 20; pickling is C. Equal arguments
    pickle to equal bytes, object sharing aside, which at worst costs a cache miss. None when an
    argument does not pickle: Streamlit's hashing then decides.
    """
    try:
        payload = pickle.dumps((args, sorted(kwargs.items())), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return _ArgsKey(hashlib.blake2b(payload, digest_size=20).hexdigest())


def _keyed(fn: Callable[P, R]) -> Callable[..., R]:
    # The versions are the first (hashed) argument; wraps() keeps the reader's name and source,
    # which Streamlit uses to tell one cache from another.
    @functools.wraps(fn)
    def with_versions(data_versions: Versions, *args: Any, **kwargs: Any) -> R:
        del data_versions
        if len(args) == 1 and not kwargs and isinstance(args[0], _ArgsKey):
            args, kwargs = _call_args.value
        return fn(*args, **kwargs)

    return with_versions


def _versioned(fn: Callable[P, R], aggregates: tuple[Aggregate, ...], cached: Any) -> Reader[P, R]:
    """The reader as pages call it: the current versions of its aggregates go first in the key."""

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        key = _digest(args, kwargs)
        if key is None:
            return cached(versions_of(aggregates), *args, **kwargs)  # type: ignore[no-any-return]
        outer = getattr(_call_args, "value", None)
        _call_args.value = (args, kwargs)
        try:
            return cached(versions_of(aggregates), key)  # type: ignore[no-any-return]
        finally:
            _call_args.value = outer

    call.clear = cached.clear  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]


def reader(*aggregates: Aggregate, ttl: float = DEFAULT_TTL_SECONDS, max_entries: int = DEFAULT_MAX_ENTRIES,
           show_spinner: bool | str = False) -> Callable[[Callable[P, R]], Reader[P, R]]:
    """A cached reader of data: returns plain picklable values, keyed on its aggregates' versions."""

    def decorate(fn: Callable[P, R]) -> Reader[P, R]:
        _register(fn, aggregates, "data")
        cached = st.cache_data(ttl=ttl, max_entries=max_entries, show_spinner=show_spinner)(_keyed(fn))
        return _versioned(fn, aggregates, cached)

    return decorate


def resource(*aggregates: Aggregate, max_entries: int = 4,
             show_spinner: bool | str = False) -> Callable[[Callable[P, R]], Reader[P, R]]:
    """A cached shared object (an index, a model), rebuilt when its aggregates change."""

    def decorate(fn: Callable[P, R]) -> Reader[P, R]:
        _register(fn, aggregates, "resource")
        cached = st.cache_resource(max_entries=max_entries, show_spinner=show_spinner)(_keyed(fn))
        return _versioned(fn, aggregates, cached)

    return decorate
