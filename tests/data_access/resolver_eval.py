"""Precision and recall of the resolver on the hand-labelled cases (``resolver_cases.csv``).

Run directly (``python -m tests.data_access.resolver_eval``) to print the figures and the misses.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from data_access import resolver

CASES_FILE = Path(__file__).with_name("resolver_cases.csv")


@dataclass(frozen=True)
class Case:
    query: str
    kind: str | None
    dep: str | None
    expected: str
    expected_kind: str | None
    expected_code: str | None
    note: str


@dataclass
class Evaluation:
    cases: int = 0
    expected_resolved: int = 0
    true_positives: int = 0  # resolved to the expected territory
    false_positives: int = 0  # resolved to another territory, or resolved where a human must choose
    status_matches: int = 0
    candidate_hits: int = 0  # ambiguous answers listing the expected territory
    candidate_cases: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        answered = self.true_positives + self.false_positives
        return self.true_positives / answered if answered else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected_resolved if self.expected_resolved else 1.0


def load_cases() -> list[Case]:
    with CASES_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            Case(query=row["query"].replace("\\x00", "\x00"), kind=row["kind"] or None, dep=row["dep"] or None,
                 expected=row["expected"], expected_kind=row["expected_kind"] or None,
                 expected_code=row["expected_code"] or None, note=row["note"])
            for row in csv.DictReader(handle)
        ]


def evaluate(cases: list[Case] | None = None) -> Evaluation:
    result = Evaluation()
    for case in cases or load_cases():
        result.cases += 1
        answer = resolver.resolve(case.query, kind=case.kind, dep=case.dep)
        got = (answer.territory.kind, answer.territory.code) if answer.territory else None
        want = (case.expected_kind, case.expected_code)
        if case.expected == "resolved":
            result.expected_resolved += 1
        if answer.status == "resolved":
            if case.expected == "resolved" and got == want:
                result.true_positives += 1
            else:
                result.false_positives += 1
        if case.expected == "ambiguous" and case.expected_code:
            result.candidate_cases += 1
            if answer.status == "ambiguous" and any((c.kind, c.code) == want for c in answer.candidates):
                result.candidate_hits += 1
        ok = answer.status == case.expected and (case.expected != "resolved" or got == want)
        result.status_matches += ok
        if not ok:
            result.misses.append(f"{case.query!r} (kind={case.kind}, dep={case.dep}): attendu {case.expected} "
                                 f"{want}, obtenu {answer.status} {got} {[c.code for c in answer.candidates[:3]]}")
    return result


if __name__ == "__main__":
    evaluation = evaluate()
    print(f"cas : {evaluation.cases}, attendus résolus : {evaluation.expected_resolved}")
    print(f"précision : {evaluation.precision:.3f}  rappel : {evaluation.recall:.3f}  "
          f"statut exact : {evaluation.status_matches}/{evaluation.cases}  "
          f"candidat attendu présent (ambigus) : {evaluation.candidate_hits}/{evaluation.candidate_cases}")
    for miss in evaluation.misses:
        print(" -", miss)
