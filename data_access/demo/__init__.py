"""Deterministic demonstration campaign built from real territories of the reference.

Scale 1 ≈ 150 engaged territories and 2,000 proposals; scale N multiplies territories,
sessions and proposals. Bulk inserts keep scale 20 (≈ 3,000 territories, 40,000 proposals)
to a few seconds.

This module is the package's public surface; the implementation lives in ``builder`` (the
orchestration) and the modules it calls: ``dealing``, ``participation_rows``, ``draft_manifesto``,
``commitments``."""

from data_access.demo.builder import (
    CAMPAIGN_END,
    CAMPAIGN_START,
    DEMO_SLUG,
    FORUM_DATE,
    KIND_SHARES,
    NETWORKS,
    PROPOSALS_PER_SCALE,
    SESSIONS_PER_SCALE,
    STAGE_WEIGHTS,
    TERRITORIES_PER_SCALE,
    DemoSummary,
    clear_store,
    generate,
)

__all__ = [
    "CAMPAIGN_END",
    "CAMPAIGN_START",
    "DEMO_SLUG",
    "FORUM_DATE",
    "KIND_SHARES",
    "NETWORKS",
    "PROPOSALS_PER_SCALE",
    "SESSIONS_PER_SCALE",
    "STAGE_WEIGHTS",
    "TERRITORIES_PER_SCALE",
    "DemoSummary",
    "clear_store",
    "generate",
]
