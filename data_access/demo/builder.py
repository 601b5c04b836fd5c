"""Deterministic demonstration campaign built from real territories of the reference.

Scale 1 ≈ 150 engaged territories and 2,000 proposals; scale N multiplies territories,
sessions and proposals. Bulk inserts keep scale 20 (≈ 3,000 territories, 40,000 proposals)
to a few seconds.
"""

from __future__ import annotations

import collections
import datetime as dt
import random
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from data_access import audit, maintenance, store_meta
from data_access.access import Actor, require
from data_access.demo import commitments as demo_commitments
from data_access.demo import corpus
from data_access.demo.texts import (
    CHARTER,
    FIRST_NAMES,
    FOLLOW_UPS,
    GRID_THEMES,
    INTERNATIONAL_CITIES,
    LAST_NAMES,
    LOCAL_MENTIONS,
    LOCAL_PLACES,
    MONTHS,
    PLACES,
    PUBLICS_THE,
    SECTION_INTRODUCTIONS,
    SIGNATORY_ROLES,
    WORKSHOP_LABELS,
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
# Proposals as real grids hold them: a territory sometimes copies a neighbour's sentence (same
# département); a corpus text dealt again is kept as is or dressed (workshop label, local place);
# about half of the proposals carry a theme (the grid vocabulary's nearest to the corpus theme),
# the others leave the field blank.
SHARED_COPY_SHARE = 0.04
VERBATIM_REPEAT_SHARE = 0.4
LABELLED_REPEAT_SHARE = 0.25
THEMED_SHARE = 0.5


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


def _grid_theme(theme_id: str) -> str:
    """The grid vocabulary's theme a territory picks for a corpus theme."""
    return GRID_THEMES.get(theme_id) or corpus.themes_by_id()[theme_id].label


def chapters() -> list[str]:
    """The campaign's default chapters: those of the corpus themes, in the catalogue's order."""
    return list(dict.fromkeys(theme.chapter for theme in corpus.load_themes()))


class TextDealer:
    """Deals the corpus proposals to territories evenly, as real grids repeat sentences.

    Texts come from a shuffled deck, reshuffled when empty: at any scale no text is dealt more
    than once above any other. The first deal of a text keeps its wording; later deals keep it
    (``VERBATIM_REPEAT_SHARE``), put a workshop's label before it or a local place after it,
    never a template wording. A territory sometimes copies, word for word, a sentence a
    neighbour of its département already wrote (``SHARED_COPY_SHARE``)."""

    def __init__(self, rng: random.Random, proposals: tuple[corpus.Proposal, ...], publics: list[str]) -> None:
        if not proposals:
            raise ValidationError("Le corpus de démonstration ne contient aucune proposition.")
        self.rng = rng
        self.proposals = proposals
        self.publics = publics or ["citoyens"]
        self.deck: list[corpus.Proposal] = []
        self.dealt: set[str] = set()
        self.by_department: dict[str, list[tuple[corpus.Proposal, str]]] = {}
        self.department_texts: dict[str, set[str]] = {}

    def _next(self, taken: set[str]) -> corpus.Proposal:
        for _ in range(4):
            if not self.deck:
                self.deck = list(self.proposals)
                self.rng.shuffle(self.deck)
            source = self.deck.pop()
            if source.id not in taken:
                return source
            self.deck.insert(0, source)  # already in this grid: dealt to the next territory instead
        return source

    def deal(self, count: int, *, department: str | None, place_name: str) -> list[tuple[corpus.Proposal, str]]:
        """``count`` proposals (corpus source, text as written) for one territory's grid."""
        rng = self.rng
        neighbours = self.by_department.get(department or "", []) if department else []
        written = self.department_texts.get(department or "", set()) if department else set()
        taken: set[str] = set()
        dealt: list[tuple[corpus.Proposal, str]] = []
        for _ in range(count):
            if neighbours and rng.random() < SHARED_COPY_SHARE:
                source, text = rng.choice(neighbours)
                if source.id not in taken:
                    taken.add(source.id)
                    dealt.append((source, text))
                    continue
            source = self._next(taken)
            text = source.text
            if source.id in self.dealt or text in written:
                # Dealt before: kept or dressed; never the neighbours' very words by chance.
                text = self._retold(text, place_name, verbatim=text not in written)
            self.dealt.add(source.id)
            taken.add(source.id)
            dealt.append((source, text))
        if department:
            self.by_department.setdefault(department, []).extend(dealt)
            self.department_texts.setdefault(department, set()).update(text for _, text in dealt)
        return dealt

    def _retold(self, text: str, place_name: str, *, verbatim: bool = True) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < VERBATIM_REPEAT_SHARE and verbatim:
            return text
        roll = roll if verbatim else VERBATIM_REPEAT_SHARE + roll * (1 - VERBATIM_REPEAT_SHARE)
        public = rng.choice(self.publics)
        values = {"n": rng.randint(1, 9), "public": public, "public_the": PUBLICS_THE.get(public, "les participants"),
                  "day": rng.randint(1, 28), "month": rng.choice(MONTHS), "place": rng.choice(LOCAL_PLACES),
                  "name": place_name}
        labelled = " : " in text[:40] or text.startswith("Atelier")
        if roll < VERBATIM_REPEAT_SHARE + LABELLED_REPEAT_SHARE and not labelled:
            return rng.choice(WORKSHOP_LABELS).format(**values) + text
        mention = rng.choice(LOCAL_MENTIONS).format(**values)
        if mention[1:2].isupper() and text[-1:] not in ".!?…»":
            text += "."
        return text + mention


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

    builder = _ChildRows(rng, definition, campaign, actor, TextDealer(rng, corpus.load_proposals(), definition.publics))
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
    commitments = demo_commitments.generate(session, campaign, actor, seed=seed, scale=scale, forum=FORUM_DATE)
    store_meta.set_demo(session, True)
    audit.record(
        session, actor=actor, action="demo.generation", entity_type="campaign", entity_id=campaign.id,
        summary=f"Campagne de démonstration générée (échelle {scale}, graine {seed})",
        after={"territories": len(territories), "proposals": builder.proposal_count},
    )
    maintenance.analyze(session)  # bulk-loaded: PostgreSQL's planner needs fresh statistics
    return DemoSummary(
        territories=len(territories), sessions=builder.session_count, proposals=builder.proposal_count,
        findings=builder.finding_count, responses=builder.response_count, commitments=commitments,
    )


class _ChildRows:
    """Collects child rows as plain dicts and writes them with bulk INSERTs."""

    def __init__(self, rng: random.Random, definition: GridDefinition, campaign: Campaign, actor: Actor,
                 dealer: TextDealer) -> None:
        self.rng = rng
        self.dealer = dealer
        self.themes = corpus.themes_by_id()
        self.findings: dict[str, list[corpus.Finding]] = {}
        for finding in corpus.load_findings():
            self.findings.setdefault(finding.category, []).append(finding)
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
        themes = self.themes
        proposals: list[dict[str, Any]] = []
        count = max(1, proposals_each + rng.randint(-proposals_each // 3, proposals_each // 3))
        for source, text in self.dealer.deal(count, department=territory.dep_code, place_name=territory.name):
            theme = themes[source.theme]
            labels = sorted({_grid_theme(t) for t in source.themes})
            criteria = rng.sample(self.definition.criteria, rng.randint(0, 2))
            proposals.append({
                "participation_id": participation.id, "text": text, "chapter": theme.chapter,
                "themes": labels if rng.random() < THEMED_SHARE else [], "criteria": criteria,
            })
        findings: list[dict[str, Any]] = []
        answered_texts: dict[str, str] = {}
        for category, bank in self.findings.items():
            for finding in rng.sample(bank, rng.randint(1, min(3, len(bank)))):
                findings.append({"participation_id": participation.id, "category": category,
                                 "theme": _grid_theme(finding.theme), "text": finding.text})
                answered_texts[category] = f"{answered_texts.get(category, '')} {finding.text}".strip()
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
        # Meaning vectors: computed here for a small demo; a large one leaves them to
        # « concertations synthese vecteurs » (23,000 wordings at scale 20: ~15 min on 2 cores).
        if len({p["text"] for p in proposals}) <= DEMO_VECTORS_LIMIT:
            vectors.store_for_texts(session, (p["text"] for p in proposals))
        for start in range(0, len(findings), 5000):
            session.execute(insert(Finding), findings[start : start + 5000])


DEMO_VECTORS_LIMIT = 3000  # distinct wordings encoded while the demo is built (scale 1: ~1,200)


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


MANIFESTO_ITEMS_PER_SECTION = 4


def manifesto_wordings(chapter: str, written: collections.Counter[str]) -> list[tuple[str, str]]:
    """The demo manifesto's items in a chapter, as (wording, text quoted): for each of its first
    themes, the editor's wording of the theme (themes.yaml ``item``) and the corpus text most
    territories wrote word for word (``written``: texts of the store and their counts), the shortest
    first on a tie. Items read as a commission writes them; their sources as territories wrote."""
    themes = [theme for theme in corpus.load_themes() if theme.chapter == chapter]
    ids = {theme.id for theme in themes}
    best: dict[str, tuple[int, int, str]] = {}
    for proposal in corpus.load_proposals():
        if proposal.theme not in ids or proposal.also or not written[proposal.text]:
            continue
        rank = (-written[proposal.text], len(proposal.text), proposal.text)
        if proposal.theme not in best or rank < best[proposal.theme]:
            best[proposal.theme] = rank
    chosen = [(theme.item or best[theme.id][2], best[theme.id][2]) for theme in themes if theme.id in best]
    return chosen[:MANIFESTO_ITEMS_PER_SECTION]


def _demo_manifesto(session: Session, campaign: Campaign, actor: Actor) -> None:
    """A draft manifesto: each default chapter with an introduction and a few traced items."""
    written = collections.Counter(session.scalars(
        select(Proposal.text).join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign.id)).all())
    for position, chapter in enumerate(campaign.default_chapters):
        section = ManifestoSection(
            campaign_id=campaign.id, title=chapter, position=position,
            introduction=SECTION_INTRODUCTIONS.get(chapter, ""), updated_by=actor.email,
        )
        session.add(section)
        session.flush()
        items_snapshot = []
        for item_position, (wording, quoted) in enumerate(manifesto_wordings(chapter, written)):
            # A draft: the item cites the reworded versions of the text quoted and the first
            # territory that wrote it; later copies of the very words are left for the editor.
            found = session.execute(
                select(Proposal.id, Proposal.text)
                .join(Participation, Proposal.participation_id == Participation.id)
                .where(Participation.campaign_id == campaign.id, Proposal.chapter == chapter,
                       Proposal.text.contains(quoted))
                .order_by(Proposal.id).limit(40)
            ).all()
            first_copy = next((pid for pid, text in found if text == quoted), None)
            sources = [pid for pid, text in found if text != quoted or pid == first_copy]
            item = ManifestoItem(section_id=section.id, position=item_position, wording=wording,
                                 updated_by=actor.email)
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
