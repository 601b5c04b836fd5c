"""Deterministic demonstration campaign built from real territories of the reference.

Scale 1 ≈ 150 engaged territories and 2,000 proposals; scale N multiplies territories,
sessions and proposals. Bulk inserts keep scale 20 (≈ 3,000 territories, 40,000 proposals)
to a few seconds.

This module picks the territories, engages them and runs the steps in order; each
participation's rows are written by ``participation_rows`` (texts dealt by ``dealing``), the
draft manifesto by ``draft_manifesto``, the commitments by ``commitments``.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from data_access import audit, maintenance, store_meta
from data_access.access import Actor, require
from data_access.demo import commitments as demo_commitments
from data_access.demo import corpus, draft_manifesto
from data_access.demo.dealing import TextDealer
from data_access.demo.participation_rows import ParticipationRows
from data_access.demo.texts import CHARTER, FIRST_NAMES, INTERNATIONAL_CITIES, LAST_NAMES
from data_access.errors import ValidationError
from data_access.intake.grid import load_definition
from data_access.models import (
    Base,
    Campaign,
    DataVersion,
    Participation,
    Role,
    SharingChoice,
    Stage,
    Territory,
)
from data_access.territories import reference
from data_access.territories.reference import INTERNATIONAL, ReferenceTerritory

DEMO_SLUG = "demo-2024-2025"
CAMPAIGN_START = dt.date(2024, 9, 2)
CAMPAIGN_END = dt.date(2025, 2, 14)
FORUM_DATE = dt.date(2025, 3, 10)
NETWORKS = ("Les Interconnectés", "France urbaine", "Intercommunalités de France")
TERRITORIES_PER_SCALE = 150
PROPOSALS_PER_SCALE = 2000
SESSIONS_PER_SCALE = 400

# Share of engaged territories by kind (the rest of a kind's quota falls back to communes).
KIND_SHARES = (("commune", 0.52), ("epci", 0.30), ("departement", 0.09), ("region", 0.04),
               ("collectivite_statut_particulier", 0.02), ("ept", 0.01))
# Current stage distribution: every stage is populated.
STAGE_WEIGHTS = ((Stage.ENGAGE, 0.18), (Stage.CHARTE_SIGNEE, 0.2), (Stage.CONCERTATION_TENUE, 0.2),
                 (Stage.GRILLE_DEPOSEE, 0.24), (Stage.GRILLE_VALIDEE, 0.18))


@dataclass(frozen=True)
class DemoSummary:
    territories: int
    sessions: int
    proposals: int
    findings: int
    responses: int
    commitments: int = 0


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "-" for ch in ascii_text.lower()).strip("-")


def _pick_territories(rng: random.Random, scale: int) -> list[ReferenceTerritory]:
    total = TERRITORIES_PER_SCALE * scale
    chosen: list[ReferenceTerritory] = []
    taken: set[tuple[str, str]] = set()
    deficit = 0
    # Communes last: they absorb the quota that small kinds (18 régions…) cannot fill.
    for kind, share in sorted(KIND_SHARES, key=lambda pair: pair[0] == "commune"):
        pool = [t for t in reference.of_kind(kind) if t.lat is not None]
        if kind == "commune":
            # Larger communes engage more often; population-weighted draw without replacement.
            pool.sort(key=lambda t: -(t.population or 0))
            pool = pool[: max(6000, total * 3)]
        wanted = round(total * share) + (deficit if kind == "commune" else 0)
        deficit += max(0, wanted - len(pool))
        wanted = min(len(pool), wanted)
        if kind in {"commune", "epci"}:
            weights = [((t.population or 0) + 2000) ** 0.6 for t in pool]
            picked = _weighted_sample(rng, pool, weights, wanted)
        else:
            picked = rng.sample(pool, wanted)
        for territory in picked:
            chosen.append(territory)
            taken.add(territory.key)
    # Make sure overseas France is present at every scale.
    overseas = [t for t in reference.of_kind("commune") if t.zone == "drom" and t.key not in taken]
    overseas.sort(key=lambda t: -(t.population or 0))
    chosen.extend(overseas[: 3 * scale])
    polynesie = reference.get("collectivite_outre_mer", "987")
    if polynesie is not None:
        chosen.append(polynesie)
    return chosen


def _weighted_sample(
    rng: random.Random, pool: list[ReferenceTerritory], weights: list[float], k: int
) -> list[ReferenceTerritory]:
    # Efraimidis–Spirakis: key = u^(1/w); the k largest keys form a weighted sample without replacement.
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)), reverse=True)
    return [pool[i] for _, i in keyed[:k]]


def _networks_for(rng: random.Random, kind: str, population: int) -> list[str]:
    if kind in {"epci", "ept"}:
        base = ["Intercommunalités de France"]
        if population > 250_000:
            base.append("France urbaine")
    elif kind == "commune" and population > 100_000:
        base = ["France urbaine"]
    else:
        base = []
    if rng.random() < 0.55 or not base:
        base.append("Les Interconnectés")
    return sorted(set(base))


def chapters() -> list[str]:
    """The campaign's default chapters: those of the corpus themes, in the catalogue's order."""
    return list(dict.fromkeys(theme.chapter for theme in corpus.load_themes()))


def _stage_for(rng: random.Random) -> Stage:
    roll, cumulative = rng.random(), 0.0
    for stage, weight in STAGE_WEIGHTS:
        cumulative += weight
        if roll < cumulative:
            return stage
    return Stage.GRILLE_VALIDEE


def clear_store(session: Session) -> None:
    """Delete every row (children first), keeping the schema, the Alembic version and the data
    versions: those only ever grow, or a reader could serve a cache entry of the emptied store."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name != DataVersion.__tablename__:
            session.execute(delete(table))


def generate(session: Session, *, actor: Actor, scale: int = 1, seed: int = 2025, reset: bool = False) -> DemoSummary:
    require(actor, Role.ADMINISTRATEUR, action="générer la campagne de démonstration")
    if scale < 1 or scale > 100:
        raise ValidationError("L'échelle doit être comprise entre 1 et 100.")
    if not store_meta.is_empty(session):
        if not reset:
            raise ValidationError(
                "La base contient déjà des données : la démonstration n'est générée que dans une base vide.",
                hint="Ajoutez --reset pour tout effacer et regénérer (irréversible).",
            )
        clear_store(session)
        session.flush()
    rng = random.Random(seed)
    definition = load_definition()
    campaign = Campaign(
        slug=DEMO_SLUG, name="Concertations territoriales de l'IA 2024-2025 (démonstration)",
        start_date=CAMPAIGN_START, end_date=CAMPAIGN_END, forum_date=FORUM_DATE,
        forum_place="Forum des Interconnectés, Rennes",
        default_chapters=chapters(), grid_version=definition.version, is_demo=True,
        charter_text=CHARTER, charter_version=1,
    )
    session.add(campaign)
    session.flush()

    references = _pick_territories(rng, scale)
    territories = [reference.territory_from_reference(r) for r in references]
    for name, country, iso_code, lat, lon, population in INTERNATIONAL_CITIES:
        territories.append(Territory(
            kind=INTERNATIONAL, code=f"{iso_code}-{_slug(name)}", name=name, long_name=reference.city_long_name(name),
            country=country, zone="international", population=population, lat=lat, lon=lon,
        ))
    session.add_all(territories)
    session.flush()

    participations: list[Participation] = []
    span = (CAMPAIGN_END - CAMPAIGN_START).days
    for territory in territories:
        engaged_on = CAMPAIGN_START + dt.timedelta(days=rng.randint(0, span // 2))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        participations.append(Participation(
            campaign_id=campaign.id, territory_id=territory.id,
            networks=_networks_for(rng, territory.kind, territory.population or 0),
            stage=_stage_for(rng).value, engaged_on=engaged_on, stage_changed_on=engaged_on,
            contact_name=f"{first} {last}",
            contact_email=f"{_slug(first)}.{_slug(last)}@{_domain(territory.name)}.exemple.fr",
            contact_phone=f"01 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        ))
    session.add_all(participations)
    session.flush()

    child_rows = ParticipationRows(rng, definition, campaign, actor,
                                   TextDealer(rng, corpus.load_proposals(), definition.publics), forum=FORUM_DATE)
    target_sessions = SESSIONS_PER_SCALE * scale
    target_proposals = PROPOSALS_PER_SCALE * scale
    with_concertation = [p for p in participations if Stage(p.stage).rank >= Stage.CONCERTATION_TENUE.rank]
    with_grid = [p for p in participations if Stage(p.stage).rank >= Stage.GRILLE_DEPOSEE.rank]
    sessions_each = max(1, round(target_sessions / max(1, len(with_concertation))))
    proposals_each = max(1, round(target_proposals / max(1, len(with_grid))))
    territory_by_id = {t.id: t for t in territories}
    for participation in participations:
        child_rows.add(participation, territory_by_id[participation.territory_id], sessions_each, proposals_each)
    child_rows.flush(session)
    _demo_sharing(session, seed, participations, actor)
    draft_manifesto.write_draft(session, campaign, actor)
    commitments = demo_commitments.generate(session, campaign, actor, seed=seed, scale=scale, forum=FORUM_DATE)
    store_meta.set_demo(session, True)
    audit.record(
        session, actor=actor, action="demo.generation", entity_type="campaign", entity_id=campaign.id,
        summary=f"Campagne de démonstration générée (échelle {scale}, graine {seed})",
        after={"territories": len(territories), "proposals": child_rows.proposal_count},
    )
    maintenance.analyze(session)  # bulk-loaded: PostgreSQL's planner needs fresh statistics
    return DemoSummary(
        territories=len(territories), sessions=child_rows.session_count, proposals=child_rows.proposal_count,
        findings=child_rows.finding_count, responses=child_rows.response_count, commitments=commitments,
    )


# Sharing choices of the demo: most territories keep the charter's defaults (everything shared);
# the others share a part, or nothing, so the Bibliothèque shows every case.
SHARING_PATTERNS = (((True, True, True), 0.35), ((True, True, False), 0.2), ((True, False, True), 0.15),
                    ((False, True, True), 0.1), ((True, False, False), 0.1), ((False, False, False), 0.1))
SHARING_CHOSEN_SHARE = 0.4


def _demo_sharing(session: Session, seed: int, participations: list[Participation], actor: Actor) -> None:
    # A generator of its own: the rest of the demo (and the tests that count it) stays as it was.
    rng = random.Random(f"{seed}-partage")
    rows = []
    patterns, weights = zip(*SHARING_PATTERNS, strict=True)
    for participation in participations:
        if rng.random() < SHARING_CHOSEN_SHARE:
            methods, findings, proposals = rng.choices(patterns, weights=weights)[0]
            rows.append({"participation_id": participation.id, "methods": methods, "findings": findings,
                         "proposals": proposals, "updated_by": actor.email})
    if rows:
        session.execute(insert(SharingChoice), rows)


def _domain(name: str) -> str:
    """A valid DNS label from a name (no leading, trailing or doubled hyphen): e-mails pass the import's check."""
    return "-".join(part for part in _slug(name)[:30].split("-") if part) or "collectivite"
