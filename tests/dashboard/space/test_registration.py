"""The visitor's address for the rate limit: the peer, or the proxy's last X-Forwarded-For entry."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dashboard.space import registration


@pytest.mark.parametrize(("peer", "forwarded", "expected"), [
    ("93.184.216.34", "", "93.184.216.34"),
    # Reached directly: a header the visitor sent is ignored, they cannot dodge the limit with it.
    ("93.184.216.34", "1.2.3.4", "93.184.216.34"),
    # Behind the reverse proxy: the entry it appended (the last one), not what the visitor claimed.
    ("127.0.0.1", "1.2.3.4, 198.51.100.20", "198.51.100.20"),
    ("10.0.0.2", "198.51.100.21", "198.51.100.21"),
    (None, "1.2.3.4", None),
])
def test_client_address(monkeypatch: pytest.MonkeyPatch, peer: str | None, forwarded: str,
                        expected: str | None) -> None:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    monkeypatch.setattr(registration, "st", SimpleNamespace(context=SimpleNamespace(ip_address=peer,
                                                                                    headers=headers)))
    assert registration.client_address() == expected
