"""Suggested sections: for every proposal not yet in the manifesto, up to three sections with a
confidence, and the editors' review queue (accept, correct, dismiss).

``ranking`` scores texts against sections (no store); ``queue`` reads the campaign, keeps the
decisions and writes through the manifesto's item functions."""

from data_access.manifesto.suggestions.queue import (
    ACCEPTED,
    CORRECTED,
    DECISION_LABELS,
    DISMISSED,
    CampaignPool,
    DecisionCounts,
    Queue,
    QueueEntry,
    accept,
    campaign_pool,
    decision_counts,
    dismiss,
    pending,
    restore_dismissed,
    section_profiles,
)
from data_access.manifesto.suggestions.ranking import Ranked, SectionProfile, rank

__all__ = [
    "ACCEPTED",
    "CORRECTED",
    "DECISION_LABELS",
    "DISMISSED",
    "CampaignPool",
    "DecisionCounts",
    "Queue",
    "QueueEntry",
    "Ranked",
    "SectionProfile",
    "accept",
    "campaign_pool",
    "decision_counts",
    "dismiss",
    "pending",
    "rank",
    "restore_dismissed",
    "section_profiles",
]
