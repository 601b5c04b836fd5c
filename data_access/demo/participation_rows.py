"""Everything the demo writes under a participation: stage transitions, charter, sessions, and
for a grid filed its response, proposals and findings; collected as plain dicts, bulk-inserted."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access.access import Actor
from data_access.demo import corpus
from data_access.demo.dealing import TextDealer
from data_access.demo.texts import FOLLOW_UPS, GRID_THEMES, PLACES, SIGNATORY_ROLES
from data_access.intake.grid import GridDefinition, completion
from data_access.manifesto import vectors
from data_access.models import (
    Campaign,
    CharterSignature,
    ConcertationSession,
    Finding,
    GridResponse,
    Participation,
    Proposal,
    Stage,
    StageTransition,
    Territory,
)

# About half of the proposals carry a theme (the grid vocabulary's nearest to the corpus theme),
# the others leave the field blank, as real grids do.
THEMED_SHARE = 0.5
DEMO_VECTORS_LIMIT = 3000  # distinct wordings encoded while the demo is built (scale 1: ~1,200)


def grid_theme(theme_id: str) -> str:
    """The grid vocabulary's theme a territory picks for a corpus theme."""
    return GRID_THEMES.get(theme_id) or corpus.themes_by_id()[theme_id].label


class ParticipationRows:
    """Collects the participations' child rows as plain dicts and writes them with bulk INSERTs.

    Stage dates stop three days before ``forum``, the campaign's forum."""

    def __init__(self, rng: random.Random, definition: GridDefinition, campaign: Campaign, actor: Actor,
                 dealer: TextDealer, *, forum: dt.date) -> None:
        self.rng = rng
        self.dealer = dealer
        self.forum = forum
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
            dates[passed] = min(day, self.forum - dt.timedelta(days=3))
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
            labels = sorted({grid_theme(t) for t in source.themes})
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
                                 "theme": grid_theme(finding.theme), "text": finding.text})
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
