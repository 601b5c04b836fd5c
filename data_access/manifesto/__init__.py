"""The manifesto: sections and items, optimistic concurrency, history, coverage, export data.

Concurrency: every section and item carries a ``version``. A save names the version it was based
on; the store applies it with ``UPDATE … WHERE version = :expected`` so that, of two editors
saving from the same version, exactly one wins and the other gets a ``ManifestoConflict`` that
carries both texts. A change to a section or to any of its items raises the section's version
and stores a full snapshot (``ManifestoSectionRevision``), which gives history, diff and restore.

Roles: reading is open to every signed-in role; every write requires « Éditeur » and is audited.

Modules: ``views`` (plain values, constants, the conflict error), ``reading`` (sections,
history, diff, where proposals already are), ``versioning`` (optimistic concurrency and
revisions), ``sections`` and ``items`` (the writes), ``coverage`` (coverage and export data),
``proposals`` (search, shortlist), ``search_index``, ``similarity``.

This module is the package's public surface: call ``manifesto.add_item(...)``."""

from data_access.manifesto.coverage import (
    coverage,
    export_document,
    region_label,
    size_class,
)
from data_access.manifesto.items import (
    AddOutcome,
    add_group,
    add_item,
    add_proposals,
    attach_sources,
    delete_item,
    keep_as_sources,
    move_item,
    reorder_items,
    shift_item,
    update_item,
)
from data_access.manifesto.reading import (
    ChangedLine,
    campaign_of_section,
    compare,
    diff,
    fields_changed_by_others_since,
    fields_changed_since,
    get_section,
    history,
    item_campaign,
    item_source_ids,
    list_sections,
    placements_by_text,
    proposal_placements,
    revision,
    section_ids,
    snapshot_lines,
    text_key,
)
from data_access.manifesto.sections import (
    create_section,
    delete_section,
    ensure_default_sections,
    move_section,
    reorder_sections,
    restore,
    update_section,
)
from data_access.manifesto.views import (
    MAX_TITLE,
    OVERSEAS_ZONES,
    SIZE_CLASSES,
    STATUS_CHOICES,
    UNKNOWN_SIZE,
    Coverage,
    CoverageRow,
    ExportItem,
    ExportSection,
    ExportTerritory,
    ItemView,
    ManifestoConflict,
    ManifestoDocument,
    MissingTerritory,
    Placement,
    RevisionView,
    SectionView,
)

__all__ = [
    "MAX_TITLE",
    "OVERSEAS_ZONES",
    "SIZE_CLASSES",
    "STATUS_CHOICES",
    "UNKNOWN_SIZE",
    "AddOutcome",
    "ChangedLine",
    "Coverage",
    "CoverageRow",
    "ExportItem",
    "ExportSection",
    "ExportTerritory",
    "ItemView",
    "ManifestoConflict",
    "ManifestoDocument",
    "MissingTerritory",
    "Placement",
    "RevisionView",
    "SectionView",
    "add_group",
    "add_item",
    "add_proposals",
    "attach_sources",
    "campaign_of_section",
    "compare",
    "coverage",
    "create_section",
    "delete_item",
    "delete_section",
    "diff",
    "ensure_default_sections",
    "export_document",
    "fields_changed_by_others_since",
    "fields_changed_since",
    "get_section",
    "history",
    "item_campaign",
    "item_source_ids",
    "keep_as_sources",
    "list_sections",
    "move_item",
    "move_section",
    "placements_by_text",
    "proposal_placements",
    "region_label",
    "reorder_items",
    "reorder_sections",
    "restore",
    "revision",
    "section_ids",
    "shift_item",
    "size_class",
    "snapshot_lines",
    "text_key",
    "update_item",
    "update_section",
]
