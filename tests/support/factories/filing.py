"""A territory's online grid: its actor and complete answers in the form's shape."""

from __future__ import annotations

from typing import Any

from data_access.access import Actor
from data_access.models import Role


def territory_actor(participation_id: int, email: str = "mairie@exemple.fr") -> Actor:
    """Who a personal link signs in: that territory only."""
    return Actor(email=email, role=Role.TERRITOIRE, participation_ids=frozenset({participation_id}))


def complete_answers(**overrides: Any) -> dict[str, Any]:
    """Every required answer of grid 2024.1, one session and one proposal."""
    answers: dict[str, Any] = {
        "reseaux": ["Les Interconnectés"],
        "contact_nom": "Camille Martin", "contact_email": "camille.martin@exemple.fr", "contact_telephone": None,
        "charte_signee": True, "charte_date": "2024-10-15", "charte_signataire": "Maire",
        "opportunites": "Simplifier les démarches des habitants.",
        "conditions_deploiement": "Former les agents avant tout déploiement.",
        "risques": "Dépendance à un fournisseur unique.",
        "themes": ["Relation aux usagers", "Emploi et formation"],
        "sessions": [{"date": "2024-11-20", "format": "atelier", "publics": ["citoyens", "agents"],
                      "participants": 42, "lieu": "Hôtel de ville"}],
        "propositions": [{"texte": "Ouvrir un atelier numérique dans chaque quartier.", "chapitre": "IA sociale",
                          "themes": ["Relation aux usagers"]}],
    }
    answers.update(overrides)
    return answers
