"""A campaign whose proposals speak of three clear themes (transport, schools, data hosting), for theme tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from data_access.models import Campaign, Participation, Proposal
from tests.support.factories import make_campaign, make_participation, make_proposal
from tests.support.factories.manifesto import TERRITORIES

TRANSPORT = (
    "Des bus à la demande dans les villages, réservés par téléphone ou par une application simple.",
    "Optimiser les lignes de bus et les horaires du transport scolaire avec les données de fréquentation.",
    "Prévoir le covoiturage entre villages et vers la gare avec une application gérée par la communauté de communes.",
    "Adapter les horaires des bus du soir aux besoins réels des habitants grâce aux comptages.",
    "Le transport à la demande doit rester joignable par téléphone pour les personnes âgées.",
    "Mieux régler les feux de circulation pour fluidifier le trafic des bus aux heures de pointe.",
    "Information en temps réel aux arrêts de bus et de car, même dans les petites communes.",
    "Utiliser les données des transports pour créer des lignes de car entre bourgs ruraux.",
)
SCHOOL = (
    "Apprendre aux élèves du collège à repérer les images truquées et à garder un esprit critique.",
    "Des ateliers pour les parents sur les usages de ChatGPT par les enfants pour les devoirs.",
    "Former les enseignants et les animateurs du périscolaire aux outils d'IA utilisés par les jeunes.",
    "Au lycée, un module d'éducation aux médias qui parle des assistants conversationnels.",
    "Les élèves doivent comprendre comment fonctionne une IA avant de l'utiliser en classe.",
    "Sensibiliser les jeunes du conseil municipal des enfants aux fausses informations générées par IA.",
    "Une charte d'usage de l'IA à l'école, écrite avec les parents, les élèves et les professeurs.",
    "Prévoir des médiateurs dans les collèges pour accompagner les élèves et leurs parents.",
)
HOSTING = (
    "Héberger les données des habitants sur des serveurs situés en France, pas chez un géant américain.",
    "Exiger dans les marchés un hébergement souverain certifié SecNumCloud pour les données sensibles.",
    "Ne pas confier les données d'état civil à un cloud soumis à une loi étrangère.",
    "Des serveurs publics mutualisés par la région pour héberger les données des communes en France.",
    "Vérifier où sont stockées les données avant d'acheter un logiciel d'IA à un éditeur.",
    "La souveraineté des données doit passer avant le prix dans le choix d'un hébergeur.",
    "Rapatrier les serveurs de la collectivité dans un hébergement européen sécurisé.",
    "Les données des usagers restent en France, hébergées par un prestataire de confiance.",
)
SHARED = "Héberger les données des habitants sur des serveurs situés en France, pas chez un géant américain."


@dataclass
class ThemeScenario:
    campaign: Campaign
    participations: list[Participation]
    proposals: list[Proposal]


def theme_scenario(session: Session) -> ThemeScenario:
    campaign = make_campaign(session)
    participations = [make_participation(session, campaign, kind=kind, code=code) for kind, code in TERRITORIES]
    proposals = [make_proposal(session, participations[index % len(participations)], text=text)
                 for index, text in enumerate((*TRANSPORT, *SCHOOL, *HOSTING))]
    # The same wording copied by two more territories: one text for the clustering, three territories.
    proposals += [make_proposal(session, participations[k], text=SHARED) for k in (1, 3)]
    session.flush()
    return ThemeScenario(campaign=campaign, participations=participations, proposals=proposals)
