"""Editors' decisions on themes: rename, merge, split, reject, turn into a manifesto section.

Every write checks the role, records the acting user in the audit log and bumps the data version
of « groupings » (and of « manifesto » for a section) through the session events. A decision on a
theme that was only found (no decision yet) first records it with its current members; a decision
replaced by a merge or a split is kept (status ``merged`` / ``split``) for the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.manifesto import items, sections
from data_access.manifesto.themes.finding import Encoder
from data_access.manifesto.themes.labels import Background, describe
from data_access.manifesto.themes.store import (
    ACTIVE,
    MERGED,
    REJECTED,
    SECTION,
    SHOWN,
    SPLIT,
    Analysis,
    ThemeView,
    split_members,
)
from data_access.models import (
    Participation,
    Proposal,
    Role,
    ThemeDecision,
    ThemeDecisionMember,
    utcnow,
)

MAX_LABEL = 300


def _label(label: str) -> str:
    cleaned = " ".join(label.split())
    if not cleaned:
        raise ValidationError("Donnez un nom au thème.")
    if len(cleaned) > MAX_LABEL:
        raise ValidationError(f"Le nom d'un thème tient en {MAX_LABEL} caractères au plus.")
    return cleaned


def _checked(session: Session, campaign_id: int, proposal_ids: Sequence[int]) -> list[int]:
    ids = sorted(set(proposal_ids))
    if not ids:
        raise ValidationError("Ce thème ne contient aucune proposition.")
    found = set(session.scalars(
        select(Proposal.id).join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id, Proposal.id.in_(ids))).all())
    if len(found) != len(ids):
        raise ValidationError("Des propositions de ce thème n'existent plus : rechargez la page.")
    return ids


def _create(session: Session, *, actor: Actor, campaign_id: int, label: str, keywords: Sequence[str],
            quote_ids: Sequence[int], proposal_ids: Sequence[int], status: str = ACTIVE) -> ThemeDecision:
    decision = ThemeDecision(campaign_id=campaign_id, status=status, label=_label(label), keywords=list(keywords),
                             quote_ids=[int(q) for q in quote_ids], created_by=actor.email, updated_by=actor.email)
    session.add(decision)
    session.flush()
    ids = _checked(session, campaign_id, proposal_ids)
    session.execute(insert(ThemeDecisionMember), [{"decision_id": decision.id, "proposal_id": p} for p in ids])
    return decision


def _decision_of(session: Session, *, actor: Actor, campaign_id: int, theme: ThemeView) -> ThemeDecision:
    """The stored decision behind ``theme``, recorded now if the theme was only found."""
    if theme.decision_id is not None:
        decision = session.get(ThemeDecision, theme.decision_id)
        if decision is None or decision.campaign_id != campaign_id:
            raise ValidationError("Ce thème n'existe plus : rechargez la page.")
        current = set(session.scalars(select(ThemeDecisionMember.proposal_id)
                                      .where(ThemeDecisionMember.decision_id == decision.id)).all())
        # Members gained since (a new import matched this theme) become its own.
        added = sorted(set(_checked(session, campaign_id, theme.proposal_ids)) - current)
        if added:
            session.execute(insert(ThemeDecisionMember), [{"decision_id": decision.id, "proposal_id": p} for p in added])
        return decision
    return _create(session, actor=actor, campaign_id=campaign_id, label=theme.label, keywords=theme.keywords,
                   quote_ids=[q.proposal_id for q in theme.quotes], proposal_ids=theme.proposal_ids)


def _touch(decision: ThemeDecision, actor: Actor) -> None:
    decision.updated_at = utcnow()
    decision.updated_by = actor.email


def rename(session: Session, *, actor: Actor, campaign_id: int, theme: ThemeView, label: str) -> ThemeDecision:
    require(actor, Role.EDITEUR, action="renommer un thème")
    new_label = _label(label)
    decision = _decision_of(session, actor=actor, campaign_id=campaign_id, theme=theme)
    before = decision.label
    decision.label = new_label
    _touch(decision, actor)
    session.flush()
    audit.record(session, actor=actor, action="theme.renommage", entity_type="theme_decision", entity_id=decision.id,
                 summary=f"Thème « {before} » renommé « {new_label} »", before={"label": before},
                 after={"label": new_label})
    return decision


def reject(session: Session, *, actor: Actor, campaign_id: int, theme: ThemeView) -> ThemeDecision:
    """Not a theme for the manifesto: hidden from the list, and not proposed again after an import."""
    require(actor, Role.EDITEUR, action="rejeter un thème")
    decision = _decision_of(session, actor=actor, campaign_id=campaign_id, theme=theme)
    if decision.status == SECTION:
        raise ValidationError("Ce thème est déjà une section du manifeste : il ne peut plus être rejeté.")
    decision.status = REJECTED
    _touch(decision, actor)
    session.flush()
    audit.record(session, actor=actor, action="theme.rejet", entity_type="theme_decision", entity_id=decision.id,
                 summary=f"Thème « {decision.label} » rejeté", after={"label": decision.label,
                                                                     "proposals": len(theme.proposal_ids)})
    return decision


def merge(session: Session, *, actor: Actor, campaign_id: int, first: ThemeView, second: ThemeView,
          label: str | None = None) -> ThemeDecision:
    """One theme of both members, named ``label`` (or the first's name)."""
    require(actor, Role.EDITEUR, action="fusionner des thèmes")
    if first.ref == second.ref:
        raise ValidationError("Choisissez deux thèmes différents à fusionner.")
    olds = [_decision_of(session, actor=actor, campaign_id=campaign_id, theme=t) for t in (first, second)]
    if any(o.status not in SHOWN for o in olds):
        raise ValidationError("Un de ces thèmes a été rejeté ou remplacé : rechargez la page.")
    keywords = list(dict.fromkeys([*first.keywords[:4], *second.keywords[:4], *first.keywords, *second.keywords]))[:8]
    quotes = [*[q.proposal_id for q in first.quotes[:3]], *[q.proposal_id for q in second.quotes[:2]]]
    merged = _create(session, actor=actor, campaign_id=campaign_id, label=label or first.label, keywords=keywords,
                     quote_ids=quotes, proposal_ids=sorted(set(first.proposal_ids) | set(second.proposal_ids)),
                     status=SECTION if any(o.status == SECTION for o in olds) else ACTIVE)
    merged.section_id = next((o.section_id for o in olds if o.section_id is not None), None)
    for old in olds:
        old.status, old.replaced_by = MERGED, merged.id
        _touch(old, actor)
    session.flush()
    audit.record(session, actor=actor, action="theme.fusion", entity_type="theme_decision", entity_id=merged.id,
                 summary=f"Thèmes « {first.label} » et « {second.label} » fusionnés en « {merged.label} »",
                 before={"themes": [first.label, second.label]},
                 after={"label": merged.label, "proposals": len(set(first.proposal_ids) | set(second.proposal_ids))})
    return merged


def split(session: Session, *, actor: Actor, campaign_id: int, theme: ThemeView, analysis: Analysis,
          encoder: Encoder | None = None) -> tuple[ThemeDecision, ThemeDecision]:
    """Two themes from one: its members re-clustered in two, each half named from its own texts."""
    require(actor, Role.EDITEUR, action="scinder un thème")
    first_ids, second_ids = split_members(analysis, theme.proposal_ids, encoder=encoder)
    if not first_ids or not second_ids:
        raise ValidationError("Ce thème ne contient qu'une seule formulation : il ne peut pas être scindé.")
    old = _decision_of(session, actor=actor, campaign_id=campaign_id, theme=theme)
    if old.status == SECTION:
        raise ValidationError("Ce thème est déjà une section du manifeste : scindez plutôt la section à la main.")
    background = Background.of(sorted({d.text for d in analysis.documents.values()}))
    halves = []
    for ids in (first_ids, second_ids):
        texts = list(dict.fromkeys(analysis.documents[p].text for p in ids))
        label, keywords = describe(texts, texts[0], background)
        halves.append(_create(session, actor=actor, campaign_id=campaign_id, label=label, keywords=keywords,
                              quote_ids=ids[:3], proposal_ids=ids))
    old.status, old.replaced_by = SPLIT, halves[0].id
    _touch(old, actor)
    session.flush()
    audit.record(session, actor=actor, action="theme.scission", entity_type="theme_decision", entity_id=old.id,
                 summary=f"Thème « {theme.label} » scindé en « {halves[0].label} » et « {halves[1].label} »",
                 before={"label": theme.label, "proposals": len(theme.proposal_ids)},
                 after={"themes": [h.label for h in halves], "proposals": [len(first_ids), len(second_ids)]})
    return halves[0], halves[1]


def to_section(session: Session, *, actor: Actor, campaign_id: int, theme: ThemeView) -> ThemeDecision:
    """A manifesto section titled by the theme's label, one item per distinct wording of its proposals
    (those already in the manifesto stay where they are; the same wording joins its item)."""
    require(actor, Role.EDITEUR, action="transformer un thème en section du manifeste")
    decision = _decision_of(session, actor=actor, campaign_id=campaign_id, theme=theme)
    if decision.status == SECTION and decision.section_id is not None:
        raise ValidationError("Ce thème est déjà une section du manifeste.")
    section = sections.create_section(session, actor=actor, campaign_id=campaign_id, title=decision.label)
    items.add_proposals(session, actor=actor, section_id=section.id, proposal_ids=list(theme.proposal_ids),
                        skip_placed=True)
    decision.status, decision.section_id = SECTION, section.id
    _touch(decision, actor)
    session.flush()
    audit.record(session, actor=actor, action="theme.section", entity_type="theme_decision", entity_id=decision.id,
                 summary=f"Thème « {decision.label} » transformé en section du manifeste",
                 after={"section_id": section.id, "proposals": len(theme.proposal_ids)})
    return decision


def decision_count(session: Session, campaign_id: int) -> int:
    return int(session.scalar(select(func.count(ThemeDecision.id)).where(ThemeDecision.campaign_id == campaign_id)) or 0)
