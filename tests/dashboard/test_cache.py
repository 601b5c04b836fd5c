"""Cached readers key on the data versions of what they read: a bump anywhere is seen at once."""

from __future__ import annotations

import pytest

from dashboard import cache

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
