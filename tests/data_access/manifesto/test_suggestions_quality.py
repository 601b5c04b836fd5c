"""Guard of the suggested sections' quality (issue 23). The issue's target — with only a title and
one sentence per section, the right section first for ≥ 60 % of proposals and among the three for
≥ 85 % — is NOT reached (docs/manifeste.md): the targets are kept as expected failures, and the
figures measured are guarded against any drop (``FLOORS``, a little under what was measured).

Measured on the demo corpus' HELD-OUT part (25 theme labels as titles, one sentence each written
for this test, tests/data_access/manifesto/data/section_sentences.yaml) and on the unseen set (its
15 themes as sections, never used for tuning). Tuning used the tuning part only
(``python -m tests.data_access.manifesto.test_suggestions_quality``)."""

from __future__ import annotations

import dataclasses
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from data_access import yaml_loader
from data_access.demo import corpus
from data_access.manifesto.suggestions import SectionProfile, evaluation
from data_access.manifesto.suggestions.queue import _encoder

# Quality measurements over the labelled sets: in make test, not test-fast.
pytestmark = pytest.mark.slow

DATA = Path(__file__).with_name("data")
FIRST, TOP3 = 0.60, 0.85  # the issue's targets
# Measured with USE multilingual v3 (embedding.py) on 2026-12-07: held-out 53.5 % / 74.3 %,
# unseen 50.6 % / 76.7 %; words only (no encoder): held-out 46.5 % / 68.3 %.
FLOORS = {"held_out": (0.50, 0.72), "unseen": (0.47, 0.73), "words_only": (0.44, 0.65)}


def _yaml(name: str) -> Any:
    return yaml_loader.safe_load((DATA / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _sentences() -> dict[str, dict[str, str]]:
    data = _yaml("section_sentences.yaml")
    return {"corpus": data["sections"], "unseen": data.get("unseen", {})}


def corpus_case(held_out: bool) -> tuple[list[str], list[set[int]], list[SectionProfile]]:
    themes = corpus.load_themes()
    number = {t.id: n for n, t in enumerate(themes)}
    sentences = _sentences()["corpus"]
    sections = [SectionProfile(id=number[t.id], title=t.label, introduction=sentences[t.id]) for t in themes]
    proposals = [p for p in corpus.load_proposals() if corpus.is_held_out(p.id) == held_out]
    return ([p.text for p in proposals], [{number[t] for t in p.themes} for p in proposals], sections)


def unseen_case(with_sentence: bool = True) -> tuple[list[str], list[set[int]], list[SectionProfile]]:
    data = _yaml("unseen_set.yaml")
    number = {t["id"]: n for n, t in enumerate(data["themes"])}
    sentences = _sentences()["unseen"] if with_sentence else {}
    sections = [SectionProfile(id=number[t["id"]], title=t["label"], introduction=sentences.get(t["id"], ""))
                for t in data["themes"]]
    proposals = data["proposals"]
    return [p["text"] for p in proposals], [{number[p["theme"]]} for p in proposals], sections


@lru_cache(maxsize=4)
def _figures(case: str) -> evaluation.Figures:
    if case == "held_out":
        return evaluation.measure(*corpus_case(held_out=True), encode=_encoder())
    if case == "words_only":
        return evaluation.measure(*corpus_case(held_out=True), encode=None)
    return evaluation.measure(*unseen_case(), encode=_encoder())


@pytest.mark.parametrize("case", ["held_out", "words_only",
                                  pytest.param("unseen", marks=pytest.mark.skipif(
                                      not (DATA / "unseen_set.yaml").exists(), reason="jeu inédit absent"))])
def test_figures_do_not_drop(case: str) -> None:
    if case != "words_only":
        assert _encoder() is not None, "le modèle de vecteurs de sens n'est pas installé"
    figures = _figures(case)
    assert figures.proposals >= 100, "jeu trop petit pour mesurer"
    first, top3 = FLOORS[case]
    assert figures.first >= first, str(figures)
    assert figures.top3 >= top3, str(figures)
    assert figures.calibration_error <= 0.2, str(figures)


@pytest.mark.xfail(reason="objectif de l'issue 23 non atteint (53,5 % / 74,3 % sur la part réservée)", strict=False)
@pytest.mark.parametrize("case", ["held_out", "unseen"])
def test_issue_targets(case: str) -> None:
    figures = _figures(case)
    assert figures.first >= FIRST and figures.top3 >= TOP3, str(figures)


def test_attached_proposals_improve_the_suggestions() -> None:
    """Ten proposals of the tuning part attached to each section: the held-out first suggestion does
    not get worse (measured 53.5 % → 54.0 %: a small gain on this corpus)."""
    tune_texts, tune_right, _ = corpus_case(held_out=False)
    texts, right, sections = corpus_case(held_out=True)
    taught = [dataclasses.replace(s, attached=tuple(
        [t for t, r in zip(tune_texts, tune_right, strict=True) if min(r) == s.id][:10])) for s in sections]
    before, after = _figures("held_out"), evaluation.measure(texts, right, taught, encode=_encoder())
    assert after.first >= before.first, (str(before), str(after))


if __name__ == "__main__":  # the tuning run: tuning part only, and the figures of every set
    encode = _encoder()
    print("encodeur :", "aucun (mots seuls)" if encode is None else "embedding.encode")
    print("réglage  :", evaluation.measure(*corpus_case(held_out=False), encode=encode))
    print("réglage (mots seuls) :", evaluation.measure(*corpus_case(held_out=False), encode=None))
    if "--final" in sys.argv:
        print("réservé  :", evaluation.measure(*corpus_case(held_out=True), encode=encode))
        print("réservé (mots seuls) :", evaluation.measure(*corpus_case(held_out=True), encode=None))
        if (DATA / "unseen_set.yaml").exists():
            print("inédit   :", evaluation.measure(*unseen_case(), encode=encode))
            print("inédit (titres seuls) :", evaluation.measure(*unseen_case(False), encode=encode))
