"""Deterministic demonstration campaign built from real territories of the reference.

Scale 1 ≈ 150 engaged territories and 2,000 proposals; scale N multiplies territories,
sessions and proposals. Bulk inserts keep scale 20 (≈ 3,000 territories, 40,000 proposals)
to a few seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from data_access import audit, maintenance, store_meta
from data_access.access import Actor, require
from data_access.demo.texts import (
    CHARTER,
    FINDINGS,
    FIRST_NAMES,
    FOLLOW_UPS,
    INTERNATIONAL_CITIES,
    LAST_NAMES,
    PLACES,
    PROPOSAL_PREFIXES,
    PROPOSAL_SUFFIXES,
    PROPOSALS,
    SECTION_INTRODUCTIONS,
    SIGNATORY_ROLES,
)
from data_access.errors import ValidationError
from data_access.intake.grid import GridDefinition, completion, load_definition
from data_access.manifesto import vectors
from data_access.models import (
    Base,
    Campaign,
    CharterSignature,
    ConcertationSession,
    DataVersion,
    Finding,
    GridResponse,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    ManifestoSectionRevision,
    Participation,
    Proposal,
    Role,
    SharingChoice,
    Stage,
    StageTransition,
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


def _proposal_text(rng: random.Random, wording: str) -> str:
    prefix = rng.choice(PROPOSAL_PREFIXES)
    text = wording if prefix else wording[0].upper() + wording[1:]
    return f"{prefix}{text}{rng.choice(PROPOSAL_SUFFIXES)}"


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
        default_chapters=list(PROPOSALS), grid_version=definition.version, is_demo=True,
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

    builder = _ChildRows(rng, definition, campaign, actor)
    target_sessions = SESSIONS_PER_SCALE * scale
    target_proposals = PROPOSALS_PER_SCALE * scale
    with_concertation = [p for p in participations if Stage(p.stage).rank >= Stage.CONCERTATION_TENUE.rank]
    with_grid = [p for p in participations if Stage(p.stage).rank >= Stage.GRILLE_DEPOSEE.rank]
    sessions_each = max(1, round(target_sessions / max(1, len(with_concertation))))
    proposals_each = max(1, round(target_proposals / max(1, len(with_grid))))
    territory_by_id = {t.id: t for t in territories}
    for participation in participations:
        builder.add(participation, territory_by_id[participation.territory_id], sessions_each, proposals_each)
    builder.flush(session)
    _demo_sharing(session, seed, participations, actor)
    _demo_manifesto(session, campaign, actor)
    store_meta.set_demo(session, True)
    audit.record(
        session, actor=actor, action="demo.generation", entity_type="campaign", entity_id=campaign.id,
        summary=f"Campagne de démonstration générée (échelle {scale}, graine {seed})",
        after={"territories": len(territories), "proposals": builder.proposal_count},
    )
    maintenance.analyze(session)  # bulk-loaded: PostgreSQL's planner needs fresh statistics
    return DemoSummary(
        territories=len(territories), sessions=builder.session_count, proposals=builder.proposal_count,
        findings=builder.finding_count, responses=builder.response_count,
    )


class _ChildRows:
    """Collects child rows as plain dicts and writes them with bulk INSERTs."""

    def __init__(self, rng: random.Random, definition: GridDefinition, campaign: Campaign, actor: Actor) -> None:
        self.rng = rng
        self.definition = definition
        self.campaign = campaign
        self.actor = actor
        self.transitions: list[dict[str, Any]] = []
        self.charters: list[dict[str, Any]] = []
        self.sessions: list[dict[str, Any]] = []
        self.pending: list[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]] = []
        self.session_count = self.proposal_count = self.finding_count = self.response_count = 0

    def add(self, participation: Participation, territory: Territory, sessions_each: int, proposals_each: int) -> None:
        rng = self.rng
        stage = Stage(participation.stage)
        day = participation.engaged_on
        dates: dict[Stage, dt.date] = {}
        for passed in list(Stage)[: stage.rank + 1]:
            if passed is not Stage.ENGAGE:
                day = day + dt.timedelta(days=rng.randint(6, 40))
            dates[passed] = min(day, FORUM_DATE - dt.timedelta(days=3))
            self.transitions.append({
                "participation_id": participation.id, "stage": passed.value, "occurred_on": dates[passed],
                "recorded_by": self.actor.email,
            })
        participation.stage_changed_on = dates[stage]
        if stage.rank >= Stage.CHARTE_SIGNEE.rank:
            self.charters.append({
                "participation_id": participation.id, "signed_on": dates[Stage.CHARTE_SIGNEE],
                "signatory_role": rng.choice(SIGNATORY_ROLES),
                "document_ref": f"charte-{territory.code}.pdf",
            })
        sessions: list[dict[str, Any]] = []
        if stage.rank >= Stage.CONCERTATION_TENUE.rank:
            count = max(1, sessions_each + rng.randint(-1, 1))
            start = dates[Stage.CHARTE_SIGNEE]
            end = dates[Stage.CONCERTATION_TENUE]
            for _ in range(count):
                held_on = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
                publics = sorted(rng.sample(self.definition.publics, rng.randint(1, 4)))
                fmt = rng.choices(self.definition.formats, weights=[5, 3, 3, 1, 1])[0]
                participants = rng.randint(8, 60) if fmt != "questionnaire en ligne" else rng.randint(40, 900)
                sessions.append({
                    "participation_id": participation.id, "held_on": held_on, "format": fmt, "publics": publics,
                    "participants": participants, "place": rng.choice(PLACES),
                    "title": f"Concertation IA — {territory.name}",
                })
            self.sessions.extend(sessions)
            self.session_count += len(sessions)
        if stage.rank >= Stage.GRILLE_DEPOSEE.rank:
            self._grid(participation, territory, sessions, dates, proposals_each)
        participation.grid_completion = participation.grid_completion or 0.0

    def _grid(self, participation: Participation, territory: Territory, sessions: list[dict[str, Any]],
              dates: dict[Stage, dt.date], proposals_each: int) -> None:
        rng = self.rng
        chapters = list(self.campaign.default_chapters)
        proposals: list[dict[str, Any]] = []
        for _ in range(max(1, proposals_each + rng.randint(-proposals_each // 3, proposals_each // 3))):
            chapter = rng.choice(chapters)
            theme, wording = rng.choice(PROPOSALS[chapter])
            themes = [theme] + ([rng.choice(self.definition.themes)] if rng.random() < 0.3 else [])
            criteria = rng.sample(self.definition.criteria, rng.randint(0, 2))
            proposals.append({
                "participation_id": participation.id, "text": _proposal_text(rng, wording), "chapter": chapter,
                "themes": sorted(set(themes)), "criteria": criteria,
            })
        findings: list[dict[str, Any]] = []
        answered_texts: dict[str, str] = {}
        for category, bank in FINDINGS.items():
            for theme, text in rng.sample(bank, rng.randint(1, min(3, len(bank)))):
                findings.append({"participation_id": participation.id, "category": category, "theme": theme,
                                 "text": text})
                answered_texts[category] = f"{answered_texts.get(category, '')} {text}".strip()
        validated = Stage(participation.stage) is Stage.GRILLE_VALIDEE
        keep = 0.92 if validated else rng.uniform(0.45, 0.95)
        answers: dict[str, Any] = {
            "territoire": territory.name, "territoire_code": territory.code,
            "reseaux": list(participation.networks),
            "contact_nom": participation.contact_name, "contact_email": participation.contact_email,
            "contact_telephone": participation.contact_phone,
            "charte_signee": True, "charte_date": dates[Stage.CHARTE_SIGNEE].isoformat(),
            "charte_signataire": rng.choice(SIGNATORY_ROLES),
            "sessions": [{"date": s["held_on"].isoformat(), "format": s["format"], "publics": s["publics"],
                          "participants": s["participants"], "lieu": s["place"]} for s in sessions],
            "opportunites": answered_texts.get("opportunite"),
            "conditions_deploiement": answered_texts.get("condition_deploiement"),
            "controle": answered_texts.get("controle"),
            "sobriete_energetique": answered_texts.get("sobriete_energetique"),
            "organisation_travail": answered_texts.get("organisation_travail"),
            "impact_service_public": answered_texts.get("impact_service_public"),
            "risques": answered_texts.get("risque"),
            "themes": sorted({t for p in proposals for t in p["themes"]}),
            "criteres_sociaux": "Inclusion numérique et maintien d'un accueil humain.",
            "criteres_environnementaux": "Mesure de l'empreinte énergétique des outils.",
            "criteres_ethiques": "Transparence des algorithmes et décision humaine finale.",
            "propositions": [{"texte": p["text"], "chapitre": p["chapter"], "themes": p["themes"]} for p in proposals],
            "suites_prevues": rng.choice(FOLLOW_UPS), "restitution_prevue": rng.random() < 0.6,
        }
        protected = {"territoire", "propositions"}
        for key in list(answers):
            if key not in protected and rng.random() > keep:
                answers[key] = None
        grid_completion = completion(answers, self.definition)
        response: dict[str, Any] = {
            "participation_id": participation.id, "version": 1, "grid_version": self.definition.version,
            "answers": answers, "completion": grid_completion, "is_current": True,
            "submitted_on": dates[Stage.GRILLE_DEPOSEE], "source": "démonstration", "created_by": self.actor.email,
        }
        participation.grid_completion = grid_completion
        self.pending.append((response, proposals, findings))
        self.response_count += 1
        self.proposal_count += len(proposals)
        self.finding_count += len(findings)

    def flush(self, session: Session) -> None:
        session.flush()  # participations' grid_completion and stage dates
        for rows, model in ((self.transitions, StageTransition), (self.charters, CharterSignature),
                            (self.sessions, ConcertationSession)):
            if rows:
                session.execute(insert(model), rows)
        if not self.pending:
            return
        session.execute(insert(GridResponse), [response for response, _, _ in self.pending])
        response_ids = dict(session.execute(
            select(GridResponse.participation_id, GridResponse.id).where(GridResponse.is_current.is_(True))
        ).all())
        proposals: list[dict[str, Any]] = []
        findings: list[dict[str, Any]] = []
        for response, response_proposals, response_findings in self.pending:
            response_id = response_ids[response["participation_id"]]
            proposals.extend({**p, "response_id": response_id} for p in response_proposals)
            findings.extend({**f, "response_id": response_id} for f in response_findings)
        for start in range(0, len(proposals), 5000):
            session.execute(insert(Proposal), proposals[start : start + 5000])
        vectors.store_for_texts(session, (p["text"] for p in proposals))
        for start in range(0, len(findings), 5000):
            session.execute(insert(Finding), findings[start : start + 5000])


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


def _demo_manifesto(session: Session, campaign: Campaign, actor: Actor) -> None:
    """A draft manifesto: each default chapter with an introduction and a few traced items."""
    for position, chapter in enumerate(campaign.default_chapters):
        section = ManifestoSection(
            campaign_id=campaign.id, title=chapter, position=position,
            introduction=SECTION_INTRODUCTIONS.get(chapter, ""), updated_by=actor.email,
        )
        session.add(section)
        session.flush()
        items_snapshot = []
        for item_position, (_theme, wording) in enumerate(PROPOSALS[chapter][:4]):
            sources = session.scalars(
                select(Proposal.id)
                .join(Participation, Proposal.participation_id == Participation.id)
                .where(Participation.campaign_id == campaign.id, Proposal.chapter == chapter,
                       Proposal.text.contains(wording[5:45]))
                .order_by(Proposal.id).limit(40)
            ).all()
            item = ManifestoItem(section_id=section.id, position=item_position,
                                 wording=wording[0].upper() + wording[1:] + ".", updated_by=actor.email)
            session.add(item)
            session.flush()
            if sources:
                session.execute(insert(ManifestoItemSource),
                                [{"item_id": item.id, "proposal_id": pid} for pid in sources])
            items_snapshot.append({"wording": item.wording, "sources": list(sources)})
        session.add(ManifestoSectionRevision(
            section_id=section.id, version=1, created_by=actor.email,
            snapshot={"title": section.title, "introduction": section.introduction,
                      "status": section.status, "items": items_snapshot},
        ))


def _domain(name: str) -> str:
    """A valid DNS label from a name (no leading, trailing or doubled hyphen): e-mails pass the import's check."""
    return "-".join(part for part in _slug(name)[:30].split("-") if part) or "collectivite"
