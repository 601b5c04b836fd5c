"""A write makes the right cached readers forget, so the user's change shows at once."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import cache_invalidation
from dashboard.exports import readers as exports_readers
from dashboard.manifesto import readers as manifesto_readers
from dashboard.monitoring import readers as monitoring_readers
from dashboard.ui import campaign_readers


class _Spy:
    def __init__(self) -> None:
        self.cleared = 0

    def clear(self) -> None:
        self.cleared += 1


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module, names in (
        (campaign_readers, ("campaign_list", "store_is_demo")),
        (monitoring_readers, ("key_figures", "stage_counts", "map_points", "progress_rows", "territory_sheet", "campaign_contacts",
                              "progress_frame", "stuck_frame")),
        (manifesto_readers, ("sections", "export_document")),
        (exports_readers, ("map_image", "opendata_zip")),
    ):
        for name in names:
            spy = _Spy()
            monkeypatch.setattr(module, name, spy)
            found[f"{module.__name__.removeprefix('dashboard.')}.{name}"] = spy
    return found


def test_a_submission_write_clears_every_figure_map_table_and_export(spies: dict[str, Any]) -> None:
    cache_invalidation.after_submission_write()
    assert all(spy.cleared for spy in spies.values()), [k for k, s in spies.items() if not s.cleared]


def test_a_manifesto_write_refreshes_the_manifesto_and_the_territory_sheets(spies: dict[str, Any]) -> None:
    cache_invalidation.after_manifesto_write()
    assert spies["manifesto.readers.sections"].cleared and spies["monitoring.readers.territory_sheet"].cleared
    assert not spies["monitoring.readers.key_figures"].cleared


def test_erasing_a_contact_forgets_cached_contacts(spies: dict[str, Any]) -> None:
    cache_invalidation.after_contact_erased()
    assert spies["monitoring.readers.campaign_contacts"].cleared
    assert spies["monitoring.readers.progress_frame"].cleared
