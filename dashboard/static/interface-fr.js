// Interface en français : traduit les textes que Streamlit 1.67 écrit en anglais et ne permet pas
// de régler (téléversement, consignes de saisie, listes, dates, menus, barres d'outils des graphiques
// et des tableaux). Voir docs/interface-francaise.md. Injecté une fois par page par dashboard/app.py ;
// tests/dashboard/test_interface_fr.py vérifie que chaque texte anglais existe encore dans Streamlit
// (sinon la traduction est morte : Streamlit l'a renommé), tests/browser/test_french_browser.py
// vérifie à l'écran qu'aucun mot anglais ne reste.
(function () {
  "use strict";
  if (window.__interfaceFr) return;  // un seul observateur par onglet, quelle que soit la page

  // Textes exacts (nœud de texte, aria-label, title, placeholder) → français.
  var TEXTES = {
    // Téléversement de fichiers
    "Upload": "Parcourir",
    "Drag and drop files here": "Glissez-déposez les fichiers ici",
    "Drag and drop a file here": "Glissez-déposez un fichier ici",
    "Add files": "Ajouter des fichiers",
    "Error uploading file": "Erreur lors du téléversement du fichier",
    // Consignes sous les champs de saisie
    "Press Enter to apply": "Appuyez sur Entrée pour valider",
    "Press Enter to submit form": "Appuyez sur Entrée pour envoyer le formulaire",
    "Press Ctrl+Enter to apply": "Ctrl+Entrée pour valider",
    "Press Ctrl+Enter to submit form": "Ctrl+Entrée pour envoyer le formulaire",
    "Press ⌘+Enter to apply": "⌘+Entrée pour valider",
    "Press ⌘+Enter to submit form": "⌘+Entrée pour envoyer le formulaire",
    // Listes déroulantes, champs
    "No results": "Aucun résultat",
    "No options": "Aucune option",
    "Clear all": "Tout effacer",
    "Select all": "Tout sélectionner",
    "Clear value": "Effacer",
    "Clear entry": "Effacer",
    "Open": "Ouvrir",
    "Close": "Fermer",
    "Selected values": "Valeurs choisies",
    "Multiselect options": "Options",
    "Selectbox options": "Options",
    "Select...": "Choisir…",
    "Choose an option": "Choisissez une option",
    "Show password": "Afficher le mot de passe",
    "Hide password": "Masquer le mot de passe",
    "Increment": "Augmenter",
    "Decrement": "Diminuer",
    // Dates
    "Date range": "Période",
    "Choose date": "Choisir une date",
    "Choose date range": "Choisir une période",
    "Use arrow keys to navigate dates. Enter to select. Escape to close.": "Flèches pour changer de date, Entrée pour choisir, Échap pour fermer.",
    "Quick select a date range": "Choix rapide d'une période",
    "Clear date": "Effacer la date",
    "Clear dates": "Effacer les dates",
    // Menu principal et cadre de l'application
    "Main menu": "Menu principal",
    "Print": "Imprimer",
    "Record a screencast": "Enregistrer l'écran",
    "Record screen": "Enregistrer l'écran",
    "Made with Streamlit v": "Réalisé avec Streamlit, version ",
    "Collapse sidebar": "Replier le panneau latéral",
    "Expand sidebar": "Déplier le panneau latéral",
    "Sidebar": "Panneau latéral",
    "App pages": "Pages de l'application",
    "View less": "Afficher moins",
    "Skip to main content": "Aller au contenu principal",
    "Running...": "Calcul en cours…",
    "Stop": "Arrêter",
    "Stopping...": "Arrêt…",
    "Please wait...": "Veuillez patienter…",
    "Loading...": "Chargement…",
    "Scroll tabs left": "Onglets précédents",
    "Scroll tabs right": "Onglets suivants",
    "Notifications": "Notifications",
    "Connecting": "Connexion",
    "Page not found": "Page introuvable",
    "The page that you have requested does not seem to exist. Running the app's main page.": "La page demandée n'existe pas : voici la page d'accueil.",
    // Barres d'outils des graphiques et des tableaux
    "Show data": "Afficher les données",
    "Show chart": "Afficher le graphique",
    "Fullscreen": "Plein écran",
    "Close fullscreen": "Quitter le plein écran",
    "Exit fullscreen": "Quitter le plein écran",
    "Download as PNG": "Télécharger en PNG",
    "Download as CSV": "Télécharger en CSV",
    "Copy Vega-Lite spec": "Copier la description du graphique",
    "Copied!": "Copié !",
    "Search": "Rechercher",
    "Type to search": "Tapez pour rechercher",
    "Close Search": "Fermer la recherche",
    "Next Result": "Résultat suivant",
    "Previous Result": "Résultat précédent",
    "Show/hide columns": "Afficher ou masquer des colonnes",
    "Sort ascending": "Trier par ordre croissant",
    "Sort descending": "Trier par ordre décroissant",
    "Pin column": "Épingler la colonne",
    "Unpin column": "Désépingler la colonne",
    "Hide column": "Masquer la colonne",
    "Copy column name": "Copier le nom de la colonne",
    "Dataframe column menu": "Menu de la colonne",
    "Clear selection": "Effacer la sélection",
    "No data": "Aucune donnée",
    "Toolbar action": "Action de la barre d'outils",
    "Copy to clipboard": "Copier dans le presse-papiers",
    // Tableaux modifiables (sessions, propositions)
    "Add row": "Ajouter une ligne",
    "Delete row(s)": "Supprimer les lignes cochées",
    "Cancel (Escape)": "Annuler (Échap)",
    // Segment de date vide, lu par les lecteurs d'écran (aria-valuetext)
    "Empty": "Vide"
  };
  // Champs de date : Streamlit fixe la langue de react-aria à en-US. Gabarit d'une date vide
  // (« dd / mm / yyyy ») et ce qu'entend un lecteur d'écran sur chaque segment (« day, Situation au »,
  // « 03 – March », « Empty »). Chaque traduction est un point fixe : son résultat ne correspond à
  // aucun motif anglais, si bien qu'une réécriture n'en appelle jamais une autre.
  var GABARIT_DATE = { "dd": "jj", "yyyy": "aaaa" };
  var SEGMENTS = { day: "jour", month: "mois", year: "année" };
  var MOIS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"];
  var MOIS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre"];
  function bornes(nom) {
    return nom.replace(/ start date$/, ", date de début").replace(/ end date$/, ", date de fin");
  }

  // Textes composés par Streamlit (taille, nombre) : motif → remplacement.
  var UNITES = { B: "o", KB: "Ko", MB: "Mo", GB: "Go" };
  function taille(nombre, unite) {
    return nombre.replace(".", ",") + "\u00a0" + (UNITES[unite] || unite);
  }
  var MOTIFS = [
    [/^([\d.]+)\s*(B|KB|MB|GB) per file$/, function (_, n, u) { return taille(n, u) + " par fichier"; }],
    [/^View (\d+) more$/, function (_, n) { return "Afficher " + n + " de plus"; }],
    [/^Shortcut (.+)$/, function (_, k) { return "Raccourci " + k; }],
    [/^Help for (.+)$/, function (_, l) { return "Aide\u00a0: " + l; }],
    // Croix d'une valeur choisie (« Remove Mobilités ») et d'un fichier téléversé.
    [/^Remove (.+)$/, function (_, v) { return "Retirer\u00a0: " + v; }],
    [/^Cancel upload of (.+)$/, function (_, v) { return "Annuler le téléversement de " + v; }],
    // Icône décorative nommée par son code (« add icon ») : rien à lire.
    [/^[a-z_]+ icon$/, function () { return "Icône"; }],
    // « day, Période start date » → « jour, Période, date de début » ; « Période end date » (le groupe).
    [/^(day|month|year), (.+)$/, function (_, u, nom) { return SEGMENTS[u] + ", " + bornes(nom); }],
    [/^(.+) (start|end) date$/, function (m) { return bornes(m); }],
    // Valeur d'un segment de mois : « 03 – March » → « 03 – mars ».
    [/^(\d{1,2}) – (January|February|March|April|May|June|July|August|September|October|November|December)$/,
     function (_, n, mois) { return n + " – " + MOIS_FR[MOIS.indexOf(mois)]; }]
  ];
  // Taille d'un fichier choisi (« 13.0KB ») : seulement dans le téléverseur, où elle est seule.
  var TAILLE = /^([\d.]+)\s*(B|KB|MB|GB)$/;
  var ATTRIBUTS = ["aria-label", "title", "placeholder", "aria-description", "aria-valuetext"];

  function traduire(texte, dansTeleverseur) {
    var brut = texte.trim();
    if (!brut) return null;
    var fr = Object.prototype.hasOwnProperty.call(TEXTES, brut) ? TEXTES[brut] : null;
    if (fr === null) {
      for (var i = 0; i < MOTIFS.length; i++) {
        if (MOTIFS[i][0].test(brut)) { fr = brut.replace(MOTIFS[i][0], MOTIFS[i][1]); break; }
      }
    }
    if (fr === null && dansTeleverseur && TAILLE.test(brut)) {
      fr = brut.replace(TAILLE, function (_, n, u) { return taille(n, u); });
    }
    // Libellé composé « Show data: (texte du graphique) » : seul le début est de Streamlit.
    var deuxPoints = brut.indexOf(": ");
    if (fr === null && deuxPoints > 0 && Object.prototype.hasOwnProperty.call(TEXTES, brut.slice(0, deuxPoints))) {
      fr = TEXTES[brut.slice(0, deuxPoints)] + "\u00a0: " + brut.slice(deuxPoints + 2);
    }
    // Libellé composé « Choose date, novembre 2024 » (le calendrier ouvert) : le mois est déjà français.
    var virgule = brut.indexOf(", ");
    if (fr === null && virgule > 0 && Object.prototype.hasOwnProperty.call(TEXTES, brut.slice(0, virgule))) {
      fr = TEXTES[brut.slice(0, virgule)] + ", " + brut.slice(virgule + 2);
    }
    if (fr === null) return null;
    // Garde les espaces autour (« • » et les séparateurs de Streamlit en dépendent).
    return texte.replace(brut, fr);
  }

  function televerseur(noeud) {
    var el = noeud.nodeType === 1 ? noeud : noeud.parentElement;
    return !!(el && el.closest && el.closest("[data-testid='stFileUploader']"));
  }

  function texteDe(noeud) {
    // Ne modifie que la donnée du nœud : React garde la main sur l'arbre.
    var parent = noeud.parentElement;
    if (parent && parent.getAttribute("data-placeholder") === "true" &&
        Object.prototype.hasOwnProperty.call(GABARIT_DATE, noeud.data)) {
      noeud.data = GABARIT_DATE[noeud.data];  // segment vide : Streamlit n'y lit que des chiffres
      return;
    }
    var fr = traduire(noeud.data, televerseur(noeud));
    if (fr !== null && fr !== noeud.data) noeud.data = fr;
  }

  function attributsDe(el) {
    for (var i = 0; i < ATTRIBUTS.length; i++) {
      var valeur = el.getAttribute(ATTRIBUTS[i]);
      if (valeur) {
        var fr = traduire(valeur, false);
        if (fr !== null && fr !== valeur) el.setAttribute(ATTRIBUTS[i], fr);
      }
    }
  }

  function parcourir(racine) {
    if (racine.nodeType === 3) { texteDe(racine); return; }
    if (racine.nodeType !== 1) return;
    if (racine.tagName === "SCRIPT" || racine.tagName === "STYLE") return;
    attributsDe(racine);
    var elements = racine.querySelectorAll("[aria-label],[title],[placeholder],[aria-description],[aria-valuetext]");
    for (var i = 0; i < elements.length; i++) attributsDe(elements[i]);
    var marcheur = document.createTreeWalker(racine, NodeFilter.SHOW_TEXT);
    var noeud;
    while ((noeud = marcheur.nextNode())) texteDe(noeud);
    reparerNavigation(racine);
  }

  // Accessibilité : le menu des pages de Streamlit met des « div » (titres de groupe) directement dans
  // un « ul », et des « li » dans ces « div » (règles axe « list » et « listitem », gravité sérieuse). Les
  // rôles « none » retirent cette sémantique de liste invalide ; la navigation, ses titres et ses
  // liens restent.
  function reparerNavigation(racine) {
    var listes = racine.matches && racine.matches("[data-testid='stSidebarNavItems']")
      ? [racine] : racine.querySelectorAll("[data-testid='stSidebarNavItems']");
    for (var i = 0; i < listes.length; i++) {
      var liste = listes[i];
      var invalide = false;
      for (var j = 0; j < liste.children.length; j++) {
        if (liste.children[j].tagName !== "LI") { invalide = true; break; }
      }
      if (!invalide) continue;
      if (liste.getAttribute("role") !== "none") liste.setAttribute("role", "none");
      var items = liste.querySelectorAll("li");
      for (var k = 0; k < items.length; k++) {
        if (items[k].getAttribute("role") !== "none") items[k].setAttribute("role", "none");
      }
    }
  }

  function installer() {
    parcourir(document.body);
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        var m = mutations[i];
        if (m.type === "childList") {
          var nav = m.target.closest && m.target.closest("[data-testid='stSidebarNavItems']");
          if (nav) reparerNavigation(nav);
          for (var j = 0; j < m.addedNodes.length; j++) parcourir(m.addedNodes[j]);
        } else if (m.type === "characterData") {
          texteDe(m.target);
        } else if (m.type === "attributes") {
          attributsDe(m.target);
        }
      }
    }).observe(document.body, {
      childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTS
    });
    document.documentElement.setAttribute("lang", "fr");
  }

  window.__interfaceFr = { textes: TEXTES, traduire: traduire };
  installer();
})();
