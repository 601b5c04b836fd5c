"""Which cached readers a write makes stale. Writers call one of these after their transaction.

Readers are cached per process with a TTL; clearing the right ones right after a write is
what makes the user's own change visible at once on every page.
"""

from __future__ import annotations

from dashboard import readers, readers_exports, readers_manifesto, readers_monitoring


def after_submission_write() -> None:
    """Participations, stages, charters, sessions, grids, findings or proposals changed."""
    readers.clear_figure_readers()
    readers.clear_campaign_readers()
    readers_monitoring.clear_monitoring_readers()
    readers_manifesto.clear_after_write()
    readers_exports.clear_exports()


def after_manifesto_write() -> None:
    """Sections, items, groups or shortlists changed (territory sheets list manifesto uses)."""
    readers_manifesto.clear_after_write()
    readers_monitoring.territory_sheet.clear()


def after_campaign_settings_write() -> None:
    readers.clear_campaign_readers()
    readers_exports.clear_exports()
    readers_manifesto.clear_after_write()


def after_contact_erased() -> None:
    readers_monitoring.campaign_contacts.clear()
    readers_monitoring.progress_frame.clear()
    readers_monitoring.stuck_frame.clear()
