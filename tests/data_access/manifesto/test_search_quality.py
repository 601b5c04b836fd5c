"""Search quality on texts the search was not tuned on (issue 23): the hybrid search (words + meaning).

Two measurements, neither ever used to tune (the weights in ``search_index`` were chosen on the
tuning part of the demo corpus, ``corpus.is_held_out(id)`` false):

- **held out**: the held-out queries of ``data/corpus_queries.yaml`` over every corpus proposal
  (relevant: a proposal whose ``theme`` or ``also`` is one of the query's themes);
- **unseen**: ``data/unseen_set.yaml``, written apart with its own themes, voice and 20 queries,
  relevance judged proposal by proposal. Read only here.

Definitions. The page offers ideas (identical and near-identical wordings are one result):
*recall* is the share of relevant proposals among the first ``CUT_OFF`` ideas (every proposal of an
idea counts); *precision* is the share of relevant ideas among the first ten, over
``min(10, relevant)`` (a query with 4 relevant proposals cannot fill ten). *Distinct ideas*: ideas
among the first ten rows (≥ 8 asked).

The issue's targets (recall and precision ≥ 0.7) are not reached with this encoder: the figures
measured are the floors below (a drop fails), the targets are an expected failure that turns into
a failure (strict xfail) the day they are met, so that the floors are raised then.
"""

from __future__ import annotations

import statistics
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from data_access.demo import corpus
from data_access.manifesto import embedding
from data_access.manifesto.proposals import ideas
from data_access.manifesto.search_index import SearchIndex
from data_access.yaml_loader import safe_load

# Quality measurements over the labelled sets (the encoder on ~1,000 texts): in make test, not test-fast.
pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
CUT_OFF = 100  # ideas offered by the page and counted for recall
TARGET = 0.7  # issue 23: mean recall and mean precision of the first ten
MIN_IDEAS = 8  # distinct ideas in any first ten

# Measured with this search on 2026-12-07 (docs/manifeste.md): held out recall 0.53, precision
# 0.62 (9 queries, 968 proposals); unseen recall 0.78, precision 0.54 (20 queries, 180 proposals).
# The lexical search alone (with its fixes), same day: held out 0.38 / 0.59, unseen 0.54 / 0.50.
FLOORS = {
    "held_out": {"recall": 0.48, "precision": 0.55},
    "unseen": {"recall": 0.74, "precision": 0.5},
}

Case = tuple[str, str, set[int]]  # (query id, query, relevant document numbers)


def _index(texts: list[str]) -> SearchIndex:
    index = SearchIndex.build(enumerate(texts))
    index.vectors = embedding.encode(index.texts)
    return index


@cache
def held_out_set() -> tuple[SearchIndex, tuple[Case, ...]]:
    proposals = corpus.load_proposals()
    queries: list[dict[str, Any]] = safe_load((DATA / "corpus_queries.yaml").read_text(encoding="utf-8"))
    cases = []
    for query in queries:
        if not corpus.is_held_out(str(query["id"])):
            continue
        wanted = set(query["themes"])
        relevant = {n for n, p in enumerate(proposals) if wanted & set(p.themes)}
        if relevant:
            cases.append((str(query["id"]), str(query["query"]), relevant))
    return _index([p.text for p in proposals]), tuple(cases)


@cache
def unseen_set() -> tuple[SearchIndex, tuple[Case, ...]]:
    data: dict[str, Any] = safe_load((DATA / "unseen_set.yaml").read_text(encoding="utf-8"))
    number = {str(p["id"]): n for n, p in enumerate(data["proposals"])}
    cases = tuple((str(q["id"]), str(q["query"]), {number[str(r)] for r in q["relevant"]}) for q in data["queries"])
    return _index([str(p["text"]) for p in data["proposals"]]), cases


def measure(index: SearchIndex, cases: tuple[Case, ...]) -> dict[str, tuple[float, float, int]]:
    """query id → (recall in the first CUT_OFF ideas, precision of the first ten ideas, ideas in the first ten)."""
    figures = {}
    for query_id, query, relevant in cases:
        found = index.search(query)
        leaders, members = ideas(index, found.positions)
        offered = {int(index.doc_ids[p]) for group in members[:CUT_OFF] for p in group}
        first = [int(index.doc_ids[p]) for p in leaders[:10]]
        recall = len(offered & relevant) / len(relevant)
        precision = sum(d in relevant for d in first) / min(10, len(relevant))
        figures[query_id] = (recall, precision, len(first))
    return figures


def summary(figures: dict[str, tuple[float, float, int]]) -> dict[str, float]:
    return {"recall": statistics.mean(f[0] for f in figures.values()),
            "precision": statistics.mean(f[1] for f in figures.values()),
            "empty": float(sum(f[2] == 0 for f in figures.values()))}


SETS = {"held_out": held_out_set, "unseen": unseen_set}


@pytest.mark.parametrize("name", list(SETS))
def test_figures_do_not_drop(name: str) -> None:
    index, cases = SETS[name]()
    assert len(cases) >= 8
    figures = measure(index, cases)
    measured = summary(figures)
    print(name, {k: round(v, 3) for k, v in measured.items()})  # read with -s
    assert measured["recall"] >= FLOORS[name]["recall"], (measured, figures)
    assert measured["precision"] >= FLOORS[name]["precision"], (measured, figures)
    assert measured["empty"] == 0, figures  # every query has matching words


@pytest.mark.parametrize("name", list(SETS))
def test_a_first_ten_shows_distinct_ideas(name: str) -> None:
    index, cases = SETS[name]()
    for _, _, ideas_shown in measure(index, cases).values():
        assert ideas_shown >= MIN_IDEAS or ideas_shown == len(index)


@pytest.mark.xfail(strict=True, reason="issue 23's targets (0.7) not reached with this encoder: see FLOORS")
@pytest.mark.parametrize("name", list(SETS))
def test_the_issue_targets(name: str) -> None:
    index, cases = SETS[name]()
    measured = summary(measure(index, cases))
    assert measured["recall"] >= TARGET and measured["precision"] >= TARGET, measured


def test_copies_of_one_wording_are_one_idea() -> None:
    texts = ["Héberger les données des habitants en France.", "héberger les données des habitants en france",
             "Héberger en France les données des habitants.", "Des pistes cyclables entre les villages.",
             "Former les élus au numérique."]
    index = _index(texts)
    found = index.search("hébergement des données")
    leaders, members = ideas(index, found.positions)
    assert int(index.doc_ids[leaders[0]]) in (0, 1, 2)
    assert sorted(index.doc_ids[members[0]].tolist()) == [0, 1, 2]  # same words, then near-identical
    assert all(len(group) == 1 for group in members[1:])
