"""How good the suggested sections are on a labelled set: first suggestion right, among the three.

Used by the quality test (demo corpus held-out part, unseen set) and to tune ``ranking`` on the
tuning part. A proposal carrying two ideas (``also`` in the corpus) is right under either."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from data_access.manifesto.suggestions import ranking
from data_access.manifesto.suggestions.ranking import Encoder, SectionProfile


@dataclass(frozen=True)
class Figures:
    proposals: int
    first: float  # share whose first suggestion is right
    top3: float  # share with the right section among the three
    calibration_error: float  # expected calibration error of the first suggestion's confidence
    mean_confidence: float

    def __str__(self) -> str:
        return (f"{self.proposals} propositions : première suggestion juste {self.first:.1%}, "
                f"parmi les trois {self.top3:.1%}, confiance moyenne {self.mean_confidence:.1%} "
                f"(écart de calibration {self.calibration_error:.3f})")


def measure(texts: Sequence[str], right: Sequence[Collection[int]], sections: Sequence[SectionProfile], *,
            encode: Encoder | None = None, **tuning: Any) -> Figures:
    ranked = ranking.rank(texts, sections, encode=encode, **tuning)
    first = [bool(r.choices) and r.choices[0][0] in ok for r, ok in zip(ranked, right, strict=True)]
    top3 = [any(sid in ok for sid, _ in r.choices) for r, ok in zip(ranked, right, strict=True)]
    confidences = [r.choices[0][1] if r.choices else 0.0 for r in ranked]
    n = max(len(texts), 1)
    return Figures(proposals=len(texts), first=sum(first) / n, top3=sum(top3) / n,
                   calibration_error=ranking.expected_calibration_error(confidences, first),
                   mean_confidence=sum(confidences) / n)
