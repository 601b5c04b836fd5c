"""« Ce que disent les territoires »: findings and proposals by theme, with counts and quotes.

A proposal's theme is the theme label its grid gave; when the grid left it blank, the manifesto
section that cites it, else the section suggested first for it (``manifesto.suggestions``, passed
in by the caller, who caches it). A finding's theme is its grid theme. The shared monitoring
filters (région, département, type, étape, réseau) restrict both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from data_access.filters import Filters
from data_access.models import (
    Finding,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Participation,
    Proposal,
    Territory,
)
from data_access.monitoring.scope import filtered

UNCLASSIFIED = "Sans thème"
PROPOSAL, FINDING = "proposition", "constat"
QUOTES = 3

# Where a proposal's theme came from (shown to the reader).
FROM_GRID, FROM_SECTION, FROM_SUGGESTION = "grille", "section du manifeste", "section suggérée"


@dataclass(frozen=True)
class Voice:
    """One thing a territory said: a proposal or a finding, with its theme and territory."""

    kind: str  # PROPOSAL | FINDING
    id: int
    theme: str
    theme_source: str
    text: str
    category: str  # a finding's grid category; "" for a proposal
    participation_id: int
    territory: str
    territory_kind: str
    reg_code: str | None


@dataclass(frozen=True)
class ThemeVoices:
    theme: str
    proposals: int
    findings: int
    territories: int
    regions: int
    quotes: tuple[Voice, ...]  # up to QUOTES, from different territories when possible


def _first_label(raw: str | None) -> str | None:
    if not raw:
        return None
    value = json.loads(raw)
    if isinstance(value, list) and value and str(value[0]).strip():
        return str(value[0]).strip()
    return None


def voices(session: Session, filters: Filters, suggested: Mapping[int, str]) -> list[Voice]:
    """Every proposal and finding of the filtered territories, each with its theme."""
    placed = dict(session.execute(
        select(ManifestoItemSource.proposal_id, ManifestoSection.title)
        .join(ManifestoItem, ManifestoItemSource.item_id == ManifestoItem.id)
        .join(ManifestoSection, ManifestoItem.section_id == ManifestoSection.id)
        .where(ManifestoSection.campaign_id == filters.campaign_id)
    ).all()) if filters.campaign_id is not None else {}
    found: list[Voice] = []
    proposals = session.execute(filtered(
        select(Proposal.id, Proposal.text, cast(Proposal.themes, String), Participation.id, Territory.name,
               Territory.kind, Territory.reg_code)
        .select_from(Proposal).join(Participation, Proposal.participation_id == Participation.id), filters,
    ).where(Proposal.withdrawn_on.is_(None)).order_by(Proposal.id)).all()
    decoded: dict[str | None, str | None] = {}
    for pid, text, raw, part, name, kind, reg in proposals:
        if raw not in decoded:
            decoded[raw] = _first_label(raw)
        label, source = decoded[raw], FROM_GRID
        if label is None and pid in placed:
            label, source = placed[pid], FROM_SECTION
        if label is None and pid in suggested:
            label, source = suggested[pid], FROM_SUGGESTION
        found.append(Voice(kind=PROPOSAL, id=pid, theme=label or UNCLASSIFIED, theme_source=source if label else "",
                           text=text, category="", participation_id=part, territory=name, territory_kind=kind,
                           reg_code=reg))
    findings = session.execute(filtered(
        select(Finding.id, Finding.text, Finding.theme, Finding.category, Participation.id, Territory.name,
               Territory.kind, Territory.reg_code)
        .select_from(Finding).join(Participation, Finding.participation_id == Participation.id), filters,
    ).order_by(Finding.id)).all()
    for fid, text, theme, category, part, name, kind, reg in findings:
        label = (theme or "").strip()
        found.append(Voice(kind=FINDING, id=fid, theme=label or UNCLASSIFIED, theme_source=FROM_GRID if label else "",
                           text=text, category=category, participation_id=part, territory=name,
                           territory_kind=kind, reg_code=reg))
    return found


def by_theme(found: list[Voice]) -> list[ThemeVoices]:
    """Themes, most voiced first (territories, then proposals and findings); « Sans thème » last."""
    groups: dict[str, list[Voice]] = {}
    for voice in found:
        groups.setdefault(voice.theme, []).append(voice)
    result = []
    for theme, members in groups.items():
        result.append(ThemeVoices(
            theme=theme, proposals=sum(v.kind == PROPOSAL for v in members),
            findings=sum(v.kind == FINDING for v in members),
            territories=len({v.participation_id for v in members}),
            regions=len({v.reg_code for v in members if v.reg_code}),
            quotes=_quotes(members)))
    result.sort(key=lambda t: (t.theme == UNCLASSIFIED, -t.territories, -(t.proposals + t.findings), t.theme))
    return result


def _quotes(members: list[Voice]) -> tuple[Voice, ...]:
    """Up to three quotes of different territories and wordings; findings and proposals alternate."""
    chosen: list[Voice] = []
    territories: set[int] = set()
    texts: set[str] = set()
    ordered = sorted(members, key=lambda v: (v.kind != FINDING, v.id))
    findings = [v for v in ordered if v.kind == FINDING]
    proposals = [v for v in ordered if v.kind == PROPOSAL]
    interleaved = [v for pair in zip(proposals, findings, strict=False) for v in pair]
    interleaved += proposals[len(findings):] + findings[len(proposals):]
    for strict in (True, False):
        for voice in interleaved:
            if len(chosen) == QUOTES:
                return tuple(chosen)
            key = " ".join(voice.text.lower().split())
            if voice in chosen or key in texts or (strict and voice.participation_id in territories):
                continue
            chosen.append(voice)
            territories.add(voice.participation_id)
            texts.add(key)
    return tuple(chosen)
