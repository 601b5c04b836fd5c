"""Manifesto workshop figures: French search (warm), near-duplicate grouping (time, peak memory), DOCX export.

Targets (issue 7, scale 20 ≈ 40,000 proposals): search warm ≤ 300 ms; grouping ≤ 60 s and ≤ 2 GB;
DOCX of 300 items ≤ 3 s. Grouping runs in a subprocess so that its peak RSS is its own.
Issue 13: search warm ≤ 100 ms; the Atelier (AppTest, server time, in a fresh process on a copy of
the store): first open ≤ 1.5 s, reopen ≤ 0.5 s, each editor's action ≤ 0.3 s. AppTest reruns the
whole script where the served app reruns only the step's fragment: the action figures are upper
bounds. Each figure is reported as wall time and as the process's CPU time (the machine is shared).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from dashboard.manifesto import rendering
from data_access import campaigns
from data_access.db import make_engine, session_scope
from data_access.manifesto import (
    ExportItem,
    ExportSection,
    ExportTerritory,
    ManifestoDocument,
    proposals,
)
from data_access.manifesto.proposals import ProposalQuery
from tools.bench import BenchContext, Measure

GROUP = "manifeste"
SEARCH_TARGET_MS = 100.0
VECTORS_TARGET_S = 5.0  # issue 23: importing one territory's grid of 50 proposals adds ≤ 5 s for vectors
ATELIER_COLD_TARGET_S = 1.5
ATELIER_OPEN_TARGET_S = 0.5
ATELIER_ACTION_TARGET_S = 0.3
GROUPING_TARGET_S = 60.0
GROUPING_TARGET_MB = 2048.0
DOCX_TARGET_S = 3.0
THEMES_COLD_TARGET_S = 1.5
THEMES_WARM_TARGET_S = 0.3
QUERIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("former les agents", {}),
    ("énergétique", {}),
    ('"accueil humain"', {}),
    ("algorithmes transparents", {"kinds": ("commune", "epci")}),
    ("", {"chapters": ("IA sociale",)}),
    ("données", {"reg_codes": ("53", "11")}),
    ("", {}),
    ("mutualiser outils intercommunale", {"stages": ("grille_validee",)}),
    ("", {"themes": ("Emploi et formation",), "criteria": ()}),
    ("référent", {"participation_ids": tuple(range(1, 400))}),
)

_GROUPING_SCRIPT = """
import json, resource, sys, time
from data_access.manifesto import similarity
from data_access.db import make_engine, session_scope
engine = make_engine(sys.argv[1])
with session_scope(engine) as session:
    from data_access import campaigns
    campaign = campaigns.current_campaign(session)
    documents = similarity.campaign_documents(session, campaign.id)
if sys.argv[2] == "distinct":
    # Make every text unique (a territory tag + shuffled words): no help from identical wordings.
    import random
    rng = random.Random(7)
    vocabulary = sorted({w for d in documents[:3000] for w in d.text.split()})
    documents = [similarity.Document(d.proposal_id, d.participation_id,
                 d.text + " " + " ".join(rng.sample(vocabulary, 4)) + f" t{d.participation_id}")
                 for d in documents]
start = time.perf_counter()
suggestions = similarity.group_documents(documents)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "documents": len(documents), "groups": len(suggestions)}))
"""


_ATELIER_PROBE = r"""
import json, os, statistics, sys, time
from streamlit.testing.v1 import AppTest

root = sys.argv[1]
# A running server has imported these once, before any user: « froid » is about empty caches.
import dashboard.manifesto.readers, dashboard.manifesto.workshop, dashboard.ui.widgets  # noqa: F401
AppTest.from_string("import streamlit as st\nst.title('x')\nst.dataframe({'a': [1]})").run()
at = AppTest.from_file(os.path.join(root, "dashboard", "app.py"), default_timeout=600)
at.run()
figures = {}


def timed(name, action):
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    figures[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    problems = [str(e.value)[:300] for e in at.exception]
    if problems:
        raise SystemExit(f"{name}: {problems}")


timed("cold", lambda: at.switch_page(os.path.join(root, "pages", "atelier.py")).run())
for n in range(3):
    timed(f"open{n}", at.run)
opens = [figures.pop(f"open{n}") for n in range(3)]
figures["open"] = (statistics.median(o[0] for o in opens), statistics.median(o[1] for o in opens))
search = next(t for t in at.text_input if t.label.startswith("Rechercher"))
timed("recherche « formation agents »", lambda: search.input("formation agents").run())
def unplaced():
    return next((c for c in at.checkbox if c.key and c.key.startswith("pick-") and "badge[" not in c.label), None)


pick = unplaced()
if pick is None:  # at scale 20 every hit of that query already feeds an item (or shares its text)
    next(t for t in at.text_input if t.label.startswith("Rechercher")).input("").run()
    pick = unplaced()
assert pick is not None, "aucune proposition hors du manifeste à cocher"
timed("cocher une proposition", lambda: pick.check().run())
add = next(b for b in at.button if b.label == "Ajouter à la section")
timed("ajouter à la section", lambda: add.click().run())
if at.segmented_control:  # (the page before issue 13 drew every tab at each run)
    timed("étape « Sections »", lambda: at.segmented_control[0].set_value("Sections").run())
save = next(b for b in at.button if b.label == "Enregistrer la section")
timed("enregistrer la section", lambda: save.click().run())
reword = next((t for t in at.toggle if t.key and t.key.startswith("reword-")), None)
if reword is not None:  # (before issue 13's last changes, the text area was in an expander, always drawn)
    reword.set_value(True).run()
wording = next(t for t in at.text_area if t.key and t.key.startswith("wording-"))
timed("reformuler un élément (saisie)", lambda: wording.input(wording.value + " (reformulé)").run())
item_save = next(b for b in at.button if b.label == "Enregistrer")
timed("reformuler un élément (enregistrer)", lambda: item_save.click().run())
if at.segmented_control:
    timed("étape « Historique »", lambda: at.segmented_control[0].set_value("Historique").run())
    # The grouping is computed once per process (then cached): measured apart, without a target.
    timed("calcul des propositions proches", lambda: at.segmented_control[0].set_value("Propositions proches").run())
    toggle = next(t for t in at.toggle if t.key == "suggest-toggle")
    if not toggle.value:  # off by default on large campaigns
        first = figures["calcul des propositions proches"]
        timed("calcul des propositions proches", lambda: toggle.set_value(True).run())
        later = figures["calcul des propositions proches"]
        figures["calcul des propositions proches"] = (first[0] + later[0], first[1] + later[1])
    accept = next((b for b in at.button if b.label == "Accepter le regroupement"), None)
    if accept is not None:
        timed("accepter un regroupement", lambda: accept.click().run())
        add_group = next(b for b in at.button if b.key and b.key.startswith("group-add-"))
        timed("ajouter une proposition consolidée", lambda: add_group.click().run())
print(json.dumps(figures))
"""


def _atelier(context: BenchContext, scale: int) -> list[Measure]:
    """The Atelier under AppTest in a fresh process, on a private copy of the store (actions write)."""
    import shutil
    import tempfile
    from pathlib import Path

    from sqlalchemy.engine import make_url

    source = make_url(context.store_url(scale)).database
    assert source
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "atelier.sqlite3"
        shutil.copy(source, copy)
        env = {**os.environ, "CONCERTATIONS_DATABASE_URL": f"sqlite:///{copy}",
               "CONCERTATIONS_SECRETS_PATH": str(Path(tmp) / "absent.toml")}  # mode local: an administrator
        root = str(Path(__file__).resolve().parent.parent.parent)
        output = subprocess.run([sys.executable, "-c", _ATELIER_PROBE, root], env=env, cwd=root, check=False,
                                capture_output=True, text=True, timeout=1800)
    lines = [line for line in output.stdout.splitlines() if line.startswith("{")]
    if output.returncode != 0 or not lines:
        raise RuntimeError(f"Mesure de l'atelier impossible : {output.stderr[-1500:]} {output.stdout[-500:]}")
    figures: dict[str, list[float]] = json.loads(lines[-1])
    measures: list[Measure] = []
    for name, (wall, cpu) in figures.items():
        if name == "cold":
            label, target = "atelier : premier affichage (froid)", ATELIER_COLD_TARGET_S
        elif name == "open":
            label, target = "atelier : réaffichage (chaud)", ATELIER_OPEN_TARGET_S
        elif name.startswith("calcul"):
            label, target = f"atelier : {name} (une fois par processus)", None
        else:
            label, target = f"atelier : action « {name} »", ATELIER_ACTION_TARGET_S
        measures.append(Measure(GROUP, label, wall, "s", scale, target))
        measures.append(Measure(GROUP, f"{label} : temps processeur", cpu, "s", scale))
    return measures


def _search(context: BenchContext, scale: int) -> list[Measure]:
    engine = make_engine(context.store_url(scale))
    with session_scope(engine) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        start = time.perf_counter()
        index = proposals.build_index(session, campaign.id)
        build_s = time.perf_counter() - start
        warm: list[float] = []
        for round_number in range(2):
            for text, filters in QUERIES:
                query = ProposalQuery(campaign_id=campaign.id, text=text, **filters)
                start = time.perf_counter()
                proposals.search(session, index, query, limit=25)
                if round_number == 1:
                    warm.append((time.perf_counter() - start) * 1000)
        texts = [row.text for row in proposals.rows_for(session, [int(i) for i in index.text.doc_ids[:50]])]
    engine.dispose()
    from data_access.manifesto import embedding

    embedding.encode(["amorce"])  # loaded once per process, as in the app
    start, cpu = time.perf_counter(), time.process_time()
    embedding.encode(texts)
    vector_s, vector_cpu = time.perf_counter() - start, time.process_time() - cpu
    meaning = "avec vecteurs de sens" if index.text.vectors is not None else \
        "sans vecteurs de sens (lancez « concertations synthese vecteurs »)"
    return [
        Measure(GROUP, f"vecteurs de sens : {len(texts)} propositions d'une grille", vector_s, "s", scale,
                VECTORS_TARGET_S),
        Measure(GROUP, "vecteurs de sens : temps processeur", vector_cpu, "s", scale),
        Measure(GROUP, f"index de recherche : construction ({len(index)} prop.)", build_s, "s", scale),
        Measure(GROUP, f"recherche à chaud : médiane, {meaning}", statistics.median(warm), "ms", scale),
        Measure(GROUP, "recherche à chaud : pire requête", max(warm), "ms", scale, SEARCH_TARGET_MS),
    ]


_THEMES_SCRIPT = """
import json, resource, sys, time
start = time.perf_counter()
from data_access import campaigns
from data_access.db import make_engine, session_scope
from data_access.manifesto import themes
engine = make_engine(sys.argv[1])
with session_scope(engine) as session:
    campaign = campaigns.current_campaign(session)
    analysis = themes.compute(session, campaign.id)
    computed = time.perf_counter()
    found = themes.view(session, campaign.id, analysis)
    cold = time.perf_counter() - start
    again = time.perf_counter()
    themes.view(session, campaign.id, analysis)
    warm = time.perf_counter() - again
print(json.dumps({"cold": cold, "compute": computed - start, "warm": warm, "themes": len(found.shown),
                  "unthemed": found.unthemed / max(found.proposals, 1), "proposals": found.proposals,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _themes(context: BenchContext, scale: int) -> list[Measure]:
    """Theme view in a fresh process: cold = imports + clustering + decisions; warm = decisions
    applied again to the cached analysis (what a rerun costs when the reader's cache misses on a
    decision; a plain rerun is a cache hit)."""
    output = subprocess.run([sys.executable, "-c", _THEMES_SCRIPT, context.store_url(scale)],
                            check=True, capture_output=True, text=True, env=dict(os.environ))
    figures = json.loads(output.stdout.strip().splitlines()[-1])
    return [
        Measure(GROUP, f"thèmes : vue à froid ({figures['proposals']} prop., {figures['themes']} thèmes)",
                figures["cold"], "s", scale, THEMES_COLD_TARGET_S),
        Measure(GROUP, "thèmes : vue à chaud (décisions appliquées)", figures["warm"], "s", scale,
                THEMES_WARM_TARGET_S),
        Measure(GROUP, "thèmes : mémoire max", figures["peak_mb"], "Mo", scale),
    ]


def _grouping(context: BenchContext, scale: int, mode: str) -> list[Measure]:
    output = subprocess.run([sys.executable, "-c", _GROUPING_SCRIPT, context.store_url(scale), mode],
                            check=True, capture_output=True, text=True, env=dict(os.environ))
    figures = json.loads(output.stdout.strip().splitlines()[-1])
    label = "textes de la démo" if mode == "demo" else "textes tous distincts"
    # The targets are set on the demo campaign; the all-distinct variant is a stress figure (reported).
    time_target = GROUPING_TARGET_S if mode == "demo" else None
    memory_target = GROUPING_TARGET_MB if mode == "demo" else None
    return [
        Measure(GROUP, f"regroupement ({label}, {figures['documents']} prop.)", figures["seconds"], "s", scale,
                time_target),
        Measure(GROUP, f"regroupement ({label}) : mémoire max", figures["peak_mb"], "Mo", scale, memory_target),
    ]


def _docx() -> list[Measure]:
    sections = tuple(
        ExportSection(
            title=f"Chapitre {s + 1}", status="Brouillon",
            introduction="Les territoires demandent une IA **utile**, *sobre* et maîtrisée.\n\n- un point\n- un autre",
            items=tuple(ExportItem(wording=f"Proposition {s + 1}.{i + 1} : garantir un accueil humain pour toute "
                                           "démarche administrative traitée avec l'aide de l'IA.",
                                   territories=12 + i, kinds=("Commune", "Intercommunalité"),
                                   regions=("Bretagne", "Occitanie", "Grand Est")) for i in range(75)),
        )
        for s in range(4)
    )
    territories = tuple(ExportTerritory(name=f"Territoire {n}", kind="Commune", region="Bretagne") for n in range(1500))
    document = ManifestoDocument(campaign_name="Campagne de mesure", forum_date=dt.date(2025, 3, 10),
                                 forum_place="Rennes", generated_on=dt.date(2025, 3, 1), sections=sections,
                                 territories=territories)
    start = time.perf_counter()
    data = rendering.to_docx(document)
    elapsed = time.perf_counter() - start
    return [Measure(GROUP, "export DOCX (300 éléments, 1 500 territoires)", elapsed, "s", None, DOCX_TARGET_S),
            Measure(GROUP, "export DOCX : taille", len(data) / 1024, "Ko", None)]


def run(context: BenchContext) -> list[Measure]:
    measures: list[Measure] = []
    for scale in context.scales:
        measures += _search(context, scale)
        measures += _atelier(context, scale)
        measures += _grouping(context, scale, "demo")
        measures += _themes(context, scale)
    largest = max(context.scales)
    measures += _grouping(context, largest, "distinct")
    measures += _docx()
    return measures
