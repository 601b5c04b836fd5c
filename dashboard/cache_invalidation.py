"""Which cached readers a write makes stale. Writers call one of these after their transaction.

Readers are cached per process with a TTL; clearing the right ones right after a write is
what makes the user's own change visible at once on every page.
"""

from __future__ import annotations

from dashboard.exports import readers as exports_readers
from dashboard.manifesto import readers as manifesto_readers
from dashboard.monitoring import readers as monitoring_readers
from dashboard.ui import campaign_readers


def after_submission_write() -> None:
    """Participations, stages, charters, sessions, grids, findings or proposals changed."""
    monitoring_readers.clear_figure_readers()
    campaign_readers.clear_campaign_readers()
    monitoring_readers.clear_monitoring_readers()
    manifesto_readers.clear_after_write()
    exports_readers.clear_exports()


def after_manifesto_write() -> None:
    """Sections, items, groups or shortlists changed (territory sheets list manifesto uses)."""
    manifesto_readers.clear_after_write()
    monitoring_readers.territory_sheet.clear()


def after_campaign_settings_write() -> None:
    campaign_readers.clear_campaign_readers()
    exports_readers.clear_exports()
    manifesto_readers.clear_after_write()


def after_contact_erased() -> None:
    monitoring_readers.campaign_contacts.clear()
    monitoring_readers.progress_frame.clear()
    monitoring_readers.stuck_frame.clear()
