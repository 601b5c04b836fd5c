"""Cached readers key on the data versions of what they read: a bump anywhere is seen at once."""

from __future__ import annotations

import pytest

from dashboard import cache
from data_access.access import Actor
from data_access.filters import Filters
from data_access.models import Role

calls: list[str] = []


@cache.reader("campaigns")
def _campaign_name(campaign_id: int) -> str:
    calls.append("campaigns")
    return f"campagne {campaign_id}"


@pytest.fixture
def store_versions(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    current = {name: 0 for name in cache.versions.AGGREGATES}
    monkeypatch.setattr(cache, "_read_versions", lambda: dict(current))
    calls.clear()
    return current


def test_a_reader_is_cached_while_its_versions_stay(store_versions: dict[str, int]) -> None:
    assert _campaign_name(1) == _campaign_name(1) == "campagne 1"
    assert calls == ["campaigns"]


def test_a_bump_of_what_it_reads_is_seen_at_the_next_call(store_versions: dict[str, int]) -> None:
    _campaign_name(1)
    store_versions["campaigns"] += 1  # written by another process: nobody cleared anything
    _campaign_name(1)
    assert calls == ["campaigns", "campaigns"]


def test_a_bump_of_something_else_keeps_the_cache(store_versions: dict[str, int]) -> None:
    _campaign_name(1)
    store_versions["manifesto"] += 1
    _campaign_name(1)
    assert calls == ["campaigns"]


def test_readers_are_registered_with_their_aggregates() -> None:
    entry = cache.REGISTRY[f"{__name__}._campaign_name"]
    assert entry.aggregates == ("campaigns",) and entry.kind == "data"


def test_an_unknown_aggregate_is_refused() -> None:
    with pytest.raises(ValueError, match="agrégats inconnus"):
        cache.reader("campagnes")(lambda: None)  # type: ignore[arg-type]


@cache.reader("campaigns")
def _describe(filters: Filters, *, actor: Actor | None = None) -> str:
    calls.append("describe")
    inner = _campaign_name(filters.campaign_id or 0)  # a reader calling a reader keeps its own arguments
    return f"{inner} {filters.reg_codes} {actor.email if actor else '-'}"


def test_readers_are_keyed_on_their_arguments(store_versions: dict[str, int]) -> None:
    admin = Actor("a@exemple.fr", Role.ADMINISTRATEUR)
    assert _describe(Filters(1, reg_codes=("53",)), actor=admin) == "campagne 1 ('53',) a@exemple.fr"
    assert _describe(Filters(1, reg_codes=("53",)), actor=admin) == "campagne 1 ('53',) a@exemple.fr"
    assert calls == ["describe", "campaigns"]
    assert _describe(Filters(2, reg_codes=("53",)), actor=admin) == "campagne 2 ('53',) a@exemple.fr"
    assert _describe(Filters(1, reg_codes=("11",))) == "campagne 1 ('11',) -"
    assert calls.count("describe") == 3
    # An argument that does not pickle is hashed by Streamlit instead.
    assert _campaign_name(type("Id", (int,), {})(5)) == "campagne 5"
