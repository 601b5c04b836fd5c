"""French text banks for the demonstration campaign: what dresses the corpus texts, the manifesto's
introductions, names, places and the charter."""

from __future__ import annotations

# Proposals and findings come from the realistic corpus (data_access/demo/corpus). What follows
# only dresses a repeated corpus text the way real grids repeat a sentence: a workshop's label put
# before it, or a local place named after it. Many forms, each rare: no template pattern.
WORKSHOP_LABELS = [
    "Atelier {n} : ", "Atelier {n} — ", "Atelier « {public} » : ", "Groupe {n} : ", "Table {n} : ",
    "Réunion publique du {day} {month} : ", "Synthèse du groupe {n} : ", "Post-it : ",
    "Contribution en ligne : ", "Questionnaire, réponse libre : ", "Atelier {public}, {month} : ",
    "Groupe de travail {public} — ", "Café citoyen du {day} {month} : ", "Séance plénière : ",
]
LOCAL_MENTIONS = [
    " ({name})", " — {name}", " (atelier {public})", " Exemple chez nous : {place}.", " Vu à {name}.",
    " C'est déjà un sujet à {name}.", " ({place})", " Cas concret : {place}, à {name}.",
    " Proposition reprise par le groupe {n}.", " Point soulevé par {public_the} à {name}.",
    " À voir d'abord pour {place}.", " (retour de la réunion du {day} {month})",
]
LOCAL_PLACES = [
    "le quartier de la gare", "le centre-bourg", "la zone d'activités", "les hameaux du plateau",
    "le collège", "la médiathèque", "la maison France services", "le marché du samedi", "la déchetterie",
    "la station d'épuration", "le centre social", "les écoles du secteur nord", "la piscine intercommunale",
    "le quartier prioritaire", "la cantine centrale", "le port", "la vallée", "l'hôpital de proximité",
]
PUBLICS_THE = {"élus": "les élus", "agents": "les agents", "citoyens": "des habitants",
               "acteurs économiques": "des chefs d'entreprise", "acteurs académiques": "des chercheurs"}
MONTHS = ["septembre", "octobre", "novembre", "décembre", "janvier", "février"]

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
