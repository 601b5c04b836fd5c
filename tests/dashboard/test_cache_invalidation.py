"""A write makes the right cached readers forget, so the user's change shows at once."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import (
    cache_invalidation,
    readers,
    readers_exports,
    readers_manifesto,
    readers_monitoring,
)


class _Spy:
    def __init__(self) -> None:
        self.cleared = 0

    def clear(self) -> None:
        self.cleared += 1


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module, names in (
        (readers, ("key_figures", "stage_counts", "campaign_list", "store_is_demo")),
        (readers_monitoring, ("map_points", "progress_rows", "territory_sheet", "campaign_contacts",
                              "progress_frame", "stuck_frame")),
        (readers_manifesto, ("sections", "export_document")),
        (readers_exports, ("map_image", "opendata_zip")),
    ):
        for name in names:
            spy = _Spy()
            monkeypatch.setattr(module, name, spy)
            found[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = spy
    return found


def test_a_submission_write_clears_every_figure_map_table_and_export(spies: dict[str, Any]) -> None:
    cache_invalidation.after_submission_write()
    assert all(spy.cleared for spy in spies.values()), [k for k, s in spies.items() if not s.cleared]


def test_a_manifesto_write_refreshes_the_manifesto_and_the_territory_sheets(spies: dict[str, Any]) -> None:
    cache_invalidation.after_manifesto_write()
    assert spies["readers_manifesto.sections"].cleared and spies["readers_monitoring.territory_sheet"].cleared
    assert not spies["readers.key_figures"].cleared


def test_erasing_a_contact_forgets_cached_contacts(spies: dict[str, Any]) -> None:
    cache_invalidation.after_contact_erased()
    assert spies["readers_monitoring.campaign_contacts"].cleared
    assert spies["readers_monitoring.progress_frame"].cleared
