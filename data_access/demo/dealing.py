"""The demo's proposal texts: the corpus dealt to the territories' grids as real grids repeat them.

A territory sometimes copies a neighbour's sentence (same département); a corpus text dealt again
is kept as is or dressed (workshop label, local place), never reworded from a template.
"""

from __future__ import annotations

import random

from data_access.demo import corpus
from data_access.demo.texts import (
    LOCAL_MENTIONS,
    LOCAL_PLACES,
    MONTHS,
    PUBLICS_THE,
    WORKSHOP_LABELS,
)
from data_access.errors import ValidationError

SHARED_COPY_SHARE = 0.04
VERBATIM_REPEAT_SHARE = 0.4
LABELLED_REPEAT_SHARE = 0.25


class TextDealer:
    """Deals the corpus proposals to territories evenly, as real grids repeat sentences.

    Texts come from a shuffled deck, reshuffled when empty: at any scale no text is dealt more
    than once above any other. The first deal of a text keeps its wording; later deals keep it
    (``VERBATIM_REPEAT_SHARE``), put a workshop's label before it or a local place after it,
    never a template wording. A territory sometimes copies, word for word, a sentence a
    neighbour of its département already wrote (``SHARED_COPY_SHARE``)."""

    def __init__(self, rng: random.Random, proposals: tuple[corpus.Proposal, ...], publics: list[str]) -> None:
        if not proposals:
            raise ValidationError("Le corpus de démonstration ne contient aucune proposition.")
        self.rng = rng
        self.proposals = proposals
        self.publics = publics or ["citoyens"]
        self.deck: list[corpus.Proposal] = []
        self.dealt: set[str] = set()
        self.by_department: dict[str, list[tuple[corpus.Proposal, str]]] = {}
        self.department_texts: dict[str, set[str]] = {}

    def _next(self, taken: set[str]) -> corpus.Proposal:
        for _ in range(4):
            if not self.deck:
                self.deck = list(self.proposals)
                self.rng.shuffle(self.deck)
            source = self.deck.pop()
            if source.id not in taken:
                return source
            self.deck.insert(0, source)  # already in this grid: dealt to the next territory instead
        return source

    def deal(self, count: int, *, department: str | None, place_name: str) -> list[tuple[corpus.Proposal, str]]:
        """``count`` proposals (corpus source, text as written) for one territory's grid."""
        rng = self.rng
        neighbours = self.by_department.get(department or "", []) if department else []
        written = self.department_texts.get(department or "", set()) if department else set()
        taken: set[str] = set()
        dealt: list[tuple[corpus.Proposal, str]] = []
        for _ in range(count):
            if neighbours and rng.random() < SHARED_COPY_SHARE:
                source, text = rng.choice(neighbours)
                if source.id not in taken:
                    taken.add(source.id)
                    dealt.append((source, text))
                    continue
            source = self._next(taken)
            text = source.text
            if source.id in self.dealt or text in written:
                # Dealt before: kept or dressed; never the neighbours' very words by chance.
                text = self._retold(text, place_name, verbatim=text not in written)
            self.dealt.add(source.id)
            taken.add(source.id)
            dealt.append((source, text))
        if department:
            self.by_department.setdefault(department, []).extend(dealt)
            self.department_texts.setdefault(department, set()).update(text for _, text in dealt)
        return dealt

    def _retold(self, text: str, place_name: str, *, verbatim: bool = True) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < VERBATIM_REPEAT_SHARE and verbatim:
            return text
        roll = roll if verbatim else VERBATIM_REPEAT_SHARE + roll * (1 - VERBATIM_REPEAT_SHARE)
        public = rng.choice(self.publics)
        values = {"n": rng.randint(1, 9), "public": public, "public_the": PUBLICS_THE.get(public, "les participants"),
                  "day": rng.randint(1, 28), "month": rng.choice(MONTHS), "place": rng.choice(LOCAL_PLACES),
                  "name": place_name}
        labelled = " : " in text[:40] or text.startswith("Atelier")
        if roll < VERBATIM_REPEAT_SHARE + LABELLED_REPEAT_SHARE and not labelled:
            return rng.choice(WORKSHOP_LABELS).format(**values) + text
        mention = rng.choice(LOCAL_MENTIONS).format(**values)
        if mention[1:2].isupper() and text[-1:] not in ".!?…»":
            text += "."
        return text + mention
