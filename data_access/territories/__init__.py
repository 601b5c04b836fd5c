"""Territories: the official reference, name resolution, and participations in a campaign."""
