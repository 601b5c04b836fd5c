"""French text banks for the demonstration campaign (believable, varied, with near-duplicates)."""

from __future__ import annotations

# Proposals per manifesto chapter: (theme, wording). Variants are built by prefix and suffix so
# that several territories propose close versions of the same idea, as real campaigns do.
PROPOSALS: dict[str, list[tuple[str, str]]] = {
    "IA sociale": [
        ("Emploi et formation", "former l'ensemble des agents aux usages de l'IA générative avant tout déploiement"),
        ("Emploi et formation", "associer les représentants du personnel à chaque projet d'IA qui modifie les métiers"),
        ("Relation aux usagers", "garantir un accueil humain pour toute démarche administrative traitée avec l'aide de l'IA"),
        ("Santé et action sociale", "créer des médiateurs numériques formés à l'IA dans les centres sociaux et les maisons France services"),
        ("Éducation et jeunesse", "proposer des ateliers d'éducation critique à l'IA dans les collèges et les médiathèques"),
        ("Santé et action sociale", "veiller à ce que l'IA ne serve jamais à réduire les droits sociaux sans décision humaine"),
        ("Emploi et formation", "accompagner les agents dont les tâches évoluent par un plan de reconversion financé"),
        ("Relation aux usagers", "maintenir une alternative non numérique pour chaque service public proposé en ligne"),
        ("Éducation et jeunesse", "sensibiliser les parents et les jeunes aux risques des contenus générés par l'IA"),
        ("Santé et action sociale", "utiliser l'IA pour repérer plus tôt les situations de non-recours aux droits, avec consentement"),
    ],
    "IA ouverte et démocratique": [
        ("Démocratie et participation", "associer les habitants au choix des projets d'IA par une convention citoyenne locale"),
        ("Données et numérique responsable", "publier en open data la liste des algorithmes utilisés par la collectivité"),
        ("Démocratie et participation", "rendre compte chaque année en conseil des usages de l'IA et de leurs effets"),
        ("Données et numérique responsable", "privilégier les modèles et logiciels libres pour garder la maîtrise des outils"),
        ("Démocratie et participation", "ouvrir un registre public des systèmes d'IA accessible à tous les habitants"),
        ("Culture et patrimoine", "soutenir les acteurs culturels dans l'usage créatif et éthique de l'IA"),
        ("Données et numérique responsable", "mutualiser entre collectivités des jeux de données d'entraînement documentés"),
        ("Démocratie et participation", "organiser des débats publics avant tout déploiement d'IA dans l'espace public"),
        ("Économie locale et innovation", "ouvrir les marchés publics d'IA aux entreprises et laboratoires du territoire"),
        ("Données et numérique responsable", "expliquer en langage clair chaque décision administrative appuyée par un algorithme"),
    ],
    "IA utile et proportionnée": [
        ("Environnement et énergie", "mesurer l'empreinte énergétique de chaque usage d'IA avant de le généraliser"),
        ("Environnement et énergie", "réserver l'IA générative aux usages dont l'utilité publique est démontrée"),
        ("Mobilités", "optimiser les transports à la demande en zone rurale grâce à l'analyse des trajets"),
        ("Aménagement et urbanisme", "utiliser l'IA pour accélérer l'instruction des autorisations d'urbanisme, sous contrôle humain"),
        ("Environnement et énergie", "piloter la consommation énergétique des bâtiments publics avec des outils sobres"),
        ("Sécurité et tranquillité publique", "refuser la reconnaissance faciale dans l'espace public"),
        ("Relation aux usagers", "expérimenter un assistant pour répondre aux questions fréquentes des usagers, puis évaluer"),
        ("Environnement et énergie", "choisir des hébergements de données alimentés en énergie renouvelable"),
        ("Aménagement et urbanisme", "détecter les fuites des réseaux d'eau par l'analyse automatique des capteurs"),
        ("Économie locale et innovation", "évaluer chaque projet d'IA sur son rapport entre coût, bénéfice et impact environnemental"),
    ],
    "Gouvernance partagée et territoriale": [
        ("Données et numérique responsable", "créer un comité d'éthique de l'IA réunissant élus, agents, habitants et chercheurs"),
        ("Données et numérique responsable", "désigner un référent IA dans chaque collectivité et le former"),
        ("Économie locale et innovation", "mutualiser l'achat et l'hébergement des outils d'IA à l'échelle intercommunale"),
        ("Démocratie et participation", "élaborer une doctrine locale d'usage de l'IA votée en conseil"),
        ("Données et numérique responsable", "garder la souveraineté sur les données des usagers en les hébergeant en France"),
        ("Aménagement et urbanisme", "partager les outils d'IA entre communes rurales et villes centres"),
        ("Économie locale et innovation", "créer un réseau régional d'appui aux collectivités pour leurs projets d'IA"),
        ("Démocratie et participation", "associer les associations d'élus à l'évaluation nationale des usages publics de l'IA"),
        ("Données et numérique responsable", "auditer régulièrement les algorithmes utilisés pour détecter les biais"),
        ("Emploi et formation", "former les élus aux enjeux de l'IA en début de mandat"),
    ],
}

PROPOSAL_PREFIXES = [
    "", "", "Nous proposons de ", "Il faut ", "La collectivité s'engage à ", "Nous demandons de ",
    "Proposition : ", "Priorité locale : ",
]
PROPOSAL_SUFFIXES = [
    ".", ".", ".", " d'ici la fin du mandat.", ", en lien avec les associations locales.",
    ", avec un bilan public chaque année.", " en commençant par une expérimentation.",
    ", en coopération avec les territoires voisins.", ", y compris dans les communes rurales.",
]

# Findings per grid category: (theme, text).
FINDINGS: dict[str, list[tuple[str, str]]] = {
    "opportunite": [
        ("Relation aux usagers", "L'IA peut libérer du temps d'accueil pour les situations complexes."),
        ("Aménagement et urbanisme", "Les agents voient un gain réel dans l'instruction des dossiers répétitifs."),
        ("Mobilités", "Les habitants attendent des transports mieux adaptés aux horaires réels."),
        ("Environnement et énergie", "Le suivi fin des consommations permettrait des économies d'énergie."),
        ("Santé et action sociale", "Mieux repérer les personnes isolées est perçu comme une opportunité majeure."),
        ("Éducation et jeunesse", "Les jeunes voient dans l'IA un outil d'apprentissage s'il est accompagné."),
        ("Économie locale et innovation", "Les entreprises locales souhaitent coopérer avec la collectivité."),
    ],
    "risque": [
        ("Relation aux usagers", "Crainte d'une déshumanisation du service public et d'un accueil dégradé."),
        ("Données et numérique responsable", "Inquiétude sur la confidentialité des données personnelles des usagers."),
        ("Emploi et formation", "Peur de suppressions de postes ou d'une perte de sens du travail."),
        ("Environnement et énergie", "Le coût énergétique de l'IA générative inquiète une majorité de participants."),
        ("Sécurité et tranquillité publique", "Refus marqué de la surveillance automatisée de l'espace public."),
        ("Santé et action sociale", "Risque d'exclusion des personnes éloignées du numérique."),
        ("Démocratie et participation", "Crainte de décisions opaques que personne ne sait expliquer."),
    ],
    "condition_deploiement": [
        ("Emploi et formation", "Former les agents avant tout déploiement est une condition unanime."),
        ("Données et numérique responsable", "Les participants exigent des outils dont les données restent en France."),
        ("Démocratie et participation", "Informer les habitants avant chaque projet est jugé indispensable."),
    ],
    "controle": [
        ("Données et numérique responsable", "Une décision individuelle doit toujours pouvoir être revue par un agent."),
        ("Démocratie et participation", "Un comité pluraliste devrait suivre les usages de l'IA."),
    ],
    "sobriete_energetique": [
        ("Environnement et énergie", "Mesurer l'impact énergétique avant de généraliser un outil."),
        ("Environnement et énergie", "Préférer des modèles légers adaptés à chaque usage."),
    ],
    "organisation_travail": [
        ("Emploi et formation", "Les agents demandent à être associés à la conception des outils."),
        ("Emploi et formation", "Le temps gagné doit être réinvesti dans la relation avec les usagers."),
    ],
    "impact_service_public": [
        ("Relation aux usagers", "Des réponses plus rapides aux demandes simples sont attendues."),
        ("Relation aux usagers", "Le service public doit rester accessible sans outil numérique."),
    ],
}

SECTION_INTRODUCTIONS: dict[str, str] = {
    "IA sociale": (
        "Les territoires veulent une IA qui **renforce le lien humain** au lieu de le remplacer : "
        "accueil, accompagnement des agents, inclusion des publics éloignés du numérique."
    ),
    "IA ouverte et démocratique": (
        "Les habitants demandent à **comprendre et choisir** : transparence des algorithmes, "
        "débat public avant les déploiements, outils libres et données ouvertes."
    ),
    "IA utile et proportionnée": (
        "L'IA n'a sa place que là où son **utilité publique** dépasse son coût, notamment "
        "énergétique : mesurer, expérimenter, évaluer avant de généraliser."
    ),
    "Gouvernance partagée et territoriale": (
        "Les collectivités veulent **décider ensemble** : doctrines locales votées, comités "
        "d'éthique pluralistes, mutualisation entre territoires et souveraineté des données."
    ),
}

FIRST_NAMES = ["Camille", "Dominique", "Claude", "Sacha", "Alix", "Lou", "Morgan", "Charlie", "Maxime", "Noa"]
LAST_NAMES = ["Martin", "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel", "Garcia"]
SIGNATORY_ROLES = ["Maire", "Président·e", "Vice-président·e délégué·e au numérique", "Adjoint·e au numérique"]
PLACES = ["Hôtel de ville", "Médiathèque", "Maison des associations", "Salle polyvalente", "En ligne", "Tiers-lieu"]
FOLLOW_UPS = [
    "Une feuille de route locale de l'IA sera votée en conseil.",
    "Un comité de suivi associant des habitants se réunira deux fois par an.",
    "Les propositions seront intégrées au schéma directeur du numérique.",
    "Une restitution publique est prévue au printemps.",
]

INTERNATIONAL_CITIES = [
    # name, country, ISO 3166 code, lat, lon, population
    ("Montréal", "Canada", "CA", 45.5019, -73.5674, 1_762_949),
    ("Québec", "Canada", "CA", 46.8139, -71.2080, 549_459),
    ("Abidjan", "Côte d'Ivoire", "CI", 5.3600, -4.0083, 5_616_633),
]

# A demonstration charter, written for this demo from the call's own commitments (not the official text).
CHARTER = """**Charte d'engagement des Concertations territoriales de l'IA (texte de démonstration)**

En signant cette charte, notre collectivité s'engage à :

1. **Conduire une concertation sincère** sur l'intelligence artificielle, ouverte aux élus, aux agents,
   aux habitants, aux entreprises et aux chercheurs du territoire, et à en présenter les résultats tels
   qu'ils ont été exprimés.
2. **Associer des publics variés**, y compris celles et ceux que le numérique éloigne des services publics.
3. **Renseigner la grille d'information commune** de la campagne, afin de mettre en commun les
   résultats avec les autres territoires engagés.
4. **Partager ses méthodes et ses enseignements** avec les autres collectivités, dans une dynamique
   collective.
5. **Respecter les personnes** : aucune donnée personnelle des participants n'est transmise à la
   commission au-delà du contact du territoire.
"""
