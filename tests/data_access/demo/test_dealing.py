"""The demo's deal of the corpus (issue 23): even at scale 20, a text dealt again reads like a real
grid's (kept, or with a workshop label or a local place), neighbours sometimes copy each other,
a grid never holds a text twice, and a seed always deals the same."""

from __future__ import annotations

import collections
import random
import statistics

import pytest

from data_access.demo import corpus
from data_access.demo.corpus import Proposal
from data_access.demo.dealing import SHARED_COPY_SHARE, TextDealer
from data_access.errors import ValidationError

PUBLICS = ["élus", "agents", "citoyens", "acteurs économiques", "acteurs académiques"]


def _deal_scale_20(seed: int = 2025) -> tuple[list[tuple[Proposal, str]], int]:
    """What the builder deals at scale 20: ~2,900 grids of 13 ± 4 proposals, 96 départements."""
    rng = random.Random(seed)
    dealer = TextDealer(rng, corpus.load_proposals(), PUBLICS)
    dealt: list[tuple[Proposal, str]] = []
    copies = 0
    for territory in range(2900):
        department = f"{territory % 96:02d}"
        count = 13 + rng.randint(-4, 4)
        neighbours = {text for _, text in dealer.by_department.get(department, [])}
        grid = dealer.deal(count, department=department, place_name=f"Commune {territory}")
        copies += sum(text in neighbours for _, text in grid)
        dealt.extend(grid)
    return dealt, copies


def test_scale_20_keeps_the_variety() -> None:
    dealt, copies = _deal_scale_20()
    proposals = corpus.load_proposals()
    per_source = collections.Counter(source.id for source, _ in dealt)
    assert set(per_source) == {p.id for p in proposals}  # every text is used
    mean = statistics.mean(per_source.values())
    assert max(per_source.values()) <= 1.2 * mean, (max(per_source.values()), mean)
    # Repeats read like real grids: the text itself, a workshop label before it or a place after it.
    assert all(source.text in text for source, text in dealt)
    assert all(corpus.source_of(text) == source for source, text in dealt[:5000])
    distinct = len({text for _, text in dealt})
    assert distinct >= 0.4 * len(dealt), distinct
    openings = collections.Counter(" ".join(text.split()[:2]) for _, text in dealt)
    assert openings.most_common(1)[0][1] <= 0.03 * len(dealt), openings.most_common(5)
    # Neighbours (same département) sometimes share a copy of the same text: a few %.
    assert 0.5 * SHARED_COPY_SHARE <= copies / len(dealt) <= 2 * SHARED_COPY_SHARE, copies / len(dealt)


def test_a_grid_never_holds_the_same_corpus_text_twice() -> None:
    dealer = TextDealer(random.Random(3), corpus.load_proposals(), PUBLICS)
    for territory in range(300):
        grid = dealer.deal(20, department="35", place_name=f"Commune {territory}")
        ids = [source.id for source, _ in grid]
        assert len(ids) == len(set(ids))


def test_the_deal_is_deterministic_for_a_seed() -> None:
    def deal(seed: int) -> list[str]:
        dealer = TextDealer(random.Random(seed), corpus.load_proposals(), PUBLICS)
        return [text for n in range(50) for _, text in dealer.deal(10, department="29", place_name=f"C{n}")]

    assert deal(1) == deal(1)
    assert deal(1) != deal(2)


def test_a_text_dealt_again_is_kept_or_dressed_never_reworded() -> None:
    source = corpus.load_proposals()[0]
    dealer = TextDealer(random.Random(5), (source,), PUBLICS)
    texts = [text for n in range(60) for _, text in dealer.deal(1, department=None, place_name=f"Commune {n}")]
    assert texts[0] == source.text  # the first deal keeps the wording
    assert all(source.text in text for text in texts)
    assert source.text in texts[1:] and any(text != source.text for text in texts)


def test_an_empty_corpus_is_refused_in_french() -> None:
    with pytest.raises(ValidationError, match="Le corpus de démonstration ne contient aucune proposition"):
        TextDealer(random.Random(1), (), PUBLICS)
