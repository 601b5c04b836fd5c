"""The resolver: each form of issue 3, bad input, precision on the labelled cases, properties."""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_access.demo import builder
from data_access.territories import reference, resolver
from data_access.territories.resolver import normalize, resolve, resolve_many
from tools.bench.reference import _typo

# --------------------------------------------------------------------------- labelled set (evaluation)

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



def _resolved(query: str, **hints: str) -> tuple[str, str]:
    answer = resolve(query, **hints)
    assert answer.status == "resolved", (query, answer.status, answer.candidates[:3])
    assert answer.territory is not None
    assert answer.candidates[0].code == answer.territory.code
    return answer.territory.kind, answer.territory.code


# --------------------------------------------------------------------------- forms

@pytest.mark.parametrize(("query", "hints", "expected"), [
    ("42218", {}, ("commune", "42218")),
    ("2A004", {}, ("commune", "2A004")),
    ("2b033", {}, ("commune", "2B033")),
    ("06088", {}, ("commune", "06088")),
    ("6088", {"kind": "commune"}, ("commune", "06088")),
    ("200046977", {}, ("epci", "200046977")),
    ("200 046 977", {}, ("epci", "200046977")),
    ("20004697700017", {}, ("epci", "200046977")),
    ("33", {"kind": "departement"}, ("departement", "33")),
    ("1", {"kind": "departement"}, ("departement", "01")),
    ("2A", {"kind": "departement"}, ("departement", "2A")),
    ("75", {"kind": "region"}, ("region", "75")),
    ("69M", {}, ("collectivite_statut_particulier", "69M")),
])
def test_codes(query: str, hints: dict[str, str], expected: tuple[str, str]) -> None:
    assert _resolved(query, **hints) == expected


def test_an_insee_code_names_the_commune_before_its_delegated_namesake() -> None:
    # 584 commune codes are also codes of a commune déléguée.
    answer = resolve("74010")
    assert answer.status == "resolved" and answer.territory is not None
    assert answer.territory.kind == "commune"


def test_a_bare_two_digit_code_shared_by_a_departement_and_a_region_is_ambiguous() -> None:
    answer = resolve("75")
    assert answer.status == "ambiguous"
    assert {(c.kind, c.code) for c in answer.candidates} == {("departement", "75"), ("region", "75")}


@pytest.mark.parametrize("query", ["99999", "123456789", "0", "00000000000000"])
def test_unknown_codes(query: str) -> None:
    assert resolve(query).status == "unknown"


@pytest.mark.parametrize("query", [
    "Saint-Étienne", "saint-etienne", "SAINT ETIENNE", "St Etienne", "St-Étienne", "saint étienne", "Saint–Étienne",
])
def test_accents_case_hyphens_and_st(query: str) -> None:
    assert _resolved(query) == ("commune", "42218")


@pytest.mark.parametrize("query", ["L'Haÿ-les-Roses", "L’Haÿ-les-Roses", "l haÿ les roses", "L'HAY-LES-ROSES"])
def test_apostrophes(query: str) -> None:
    assert _resolved(query) == ("commune", "94038")


def test_ste_abbreviation() -> None:
    assert _resolved("Ste-Foy-lès-Lyon") == ("commune", "69202")


def test_homonyms_without_a_hint_are_ambiguous_and_listed_by_population() -> None:
    answer = resolve("Sainte-Colombe")
    assert answer.status == "ambiguous" and answer.territory is None
    assert len(answer.candidates) == resolver.MAX_CANDIDATES
    populations = [c.population or 0 for c in answer.candidates]
    assert populations == sorted(populations, reverse=True)
    assert all(c.name == "Sainte-Colombe" and c.dep_code for c in answer.candidates)


@pytest.mark.parametrize(("query", "hints"), [
    ("Sainte-Colombe (33)", {}), ("Sainte-Colombe (Gironde)", {}), ("Sainte-Colombe, Gironde", {}),
    ("Sainte-Colombe", {"dep": "33"}), ("Sainte-Colombe", {"dep": "Gironde"}), ("Sainte-Colombe", {"dep": "33", "kind": "commune"}),
])
def test_departement_hints(query: str, hints: dict[str, str]) -> None:
    assert _resolved(query, **hints) == ("commune", "33390")


def test_a_contradicting_departement_hint_never_resolves() -> None:
    answer = resolve("Lyon (38)")
    assert answer.status == "ambiguous"
    assert [c.code for c in answer.candidates] == ["69123"]


def test_an_unknown_departement_argument_gives_unknown() -> None:
    assert resolve("Lyon", dep="99").status == "unknown"


@pytest.mark.parametrize("query", [
    "CC du Pays de Fayence", "Communauté de communes du Pays de Fayence", "CC Pays de Fayence",
    "Pays de Fayence", "communaute de communes pays de fayence", "200004802",
])
def test_epci_forms(query: str) -> None:
    assert _resolved(query) == ("epci", "200004802")


@pytest.mark.parametrize(("query", "code"), [
    ("Communauté d'agglomération du Pays de Dreux", "200040277"), ("Agglo du Pays de Dreux", "200040277"),
    ("Laval Agglo", "200083392"), ("CA Laval Agglomération", "200083392"),
    ("Communauté urbaine du Grand Reims", "200067213"), ("CU Grand Reims", "200067213"),
    ("Bordeaux Métropole", "243300316"), ("Métropole de Bordeaux", "243300316"),
    ("Métropole de Saint-Étienne", "244200770"), ("St Etienne Métropole", "244200770"),
])
def test_epci_wording(query: str, code: str) -> None:
    assert _resolved(query)[1] == code


def test_epci_core_names_do_not_shadow_communes() -> None:
    # "Bordeaux Métropole" is indexed as "bordeaux" for EPCI wording only.
    assert _resolved("Bordeaux") == ("commune", "33063")
    assert _resolved("Laval", kind="epci") == ("epci", "200083392")


@pytest.mark.parametrize(("query", "expected"), [
    ("Conseil départemental de la Gironde", ("departement", "33")),
    ("Conseil Départemental de l'Isère", ("departement", "38")),
    ("Département du Rhône", ("departement", "69")),
    ("Département des Bouches-du-Rhône", ("departement", "13")),
    ("Département de l'Ain", ("departement", "01")),
    ("CD 33", ("departement", "33")),
    ("CD33", ("departement", "33")),
    ("CD Gironde", ("departement", "33")),
    ("Conseil général de la Loire", ("departement", "42")),
    ("Région Bretagne", ("region", "53")),
    ("Conseil régional d'Occitanie", ("region", "76")),
    ("Conseil régional des Hauts-de-France", ("region", "32")),
    ("Région Île-de-France", ("region", "11")),
])
def test_departement_and_region_wording(query: str, expected: tuple[str, str]) -> None:
    assert _resolved(query) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("Grand Lyon", ("epci", "200046977")), ("MEL", ("epci", "200093201")), ("Région Sud", ("region", "93")),
    ("PACA", ("region", "93")), ("Corse", ("collectivite_statut_particulier", "20R")),
    ("Paris", ("commune", "75056")), ("Métropole de Lyon", ("epci", "200046977")),
])
def test_alias_table(query: str, expected: tuple[str, str]) -> None:
    assert _resolved(query) == expected


def test_alias_table_targets_exist() -> None:
    idx = resolver.index()
    with resolver.ALIASES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 50
    for row in rows:
        assert reference.get(row["kind"], row["code"]) is not None, row
        assert normalize(row["alias"]) in idx.aliases


def test_a_kind_hint_overrides_an_alias() -> None:
    assert _resolved("Paris", kind="departement") == ("departement", "75")
    assert _resolved("Métropole de Lyon", kind="collectivite_statut_particulier") == (
        "collectivite_statut_particulier", "69M")


def test_kind_hint_accepts_french_labels_and_rejects_nonsense() -> None:
    assert resolver.kind_from_hint("Département") == "departement"
    assert resolver.kind_from_hint("EPCI") == "epci"
    assert resolver.kind_from_hint("Intercommunalité") == "epci"
    with pytest.raises(ValueError, match="Type de territoire inconnu"):
        resolve("Lyon", kind="planète")


@pytest.mark.parametrize(("query", "expected"), [
    ("Marseile", ("commune", "13055")), ("Tolouse", ("commune", "31555")),
    ("Strasbourgg", ("commune", "67482")), ("Saint-Etiene", ("commune", "42218")),
    ("Conseil départemental de la Girond", ("departement", "33")),
])
def test_small_typos(query: str, expected: tuple[str, str]) -> None:
    answer = resolve(query)
    assert answer.status == "resolved" and answer.territory is not None
    assert (answer.territory.kind, answer.territory.code) == expected
    assert answer.score is not None and answer.score < resolver.EXACT_SCORE


@pytest.mark.parametrize("query", ["Bordeau", "Montpeliier", "Sainte-Colombbe"])
def test_two_close_candidates_are_ambiguous(query: str) -> None:
    assert resolve(query).status == "ambiguous"


@pytest.mark.parametrize("query", ["Lile", "Nise", "Pau2"])
def test_short_names_are_not_corrected(query: str) -> None:
    assert resolve(query).status != "resolved"


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("query", [
    "", " ", "\t\n", "x" * 10_000, "Lyon" * 100, "\x00\x01\x02", "'; DROP TABLE territory; --",
    "<script>alert(1)</script>", "<b>Lyon</b>", "N/A", "-", "???", "🙂", "北京", "%s%s%n", "Robert'); --",
])
def test_bad_input_is_unknown(query: str) -> None:
    answer = resolve(query)
    assert answer.status == "unknown"
    assert answer.territory is None and answer.candidates == ()


def test_non_string_input_is_unknown() -> None:
    assert resolve(None).status == "unknown"  # type: ignore[arg-type]
    assert resolve(42218).status == "unknown"  # type: ignore[arg-type]


def test_control_characters_are_ignored() -> None:
    assert _resolved("Lyon\x00") == ("commune", "69123")
    assert _resolved("\tRennes\r") == ("commune", "35238")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_resolve_never_raises(text: str) -> None:
    answer = resolve(text)
    assert answer.status in {"resolved", "ambiguous", "unknown"}
    assert (answer.territory is not None) == (answer.status == "resolved")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=20)))
def test_departement_hints_never_raise(query: str, dep: str | None) -> None:
    answer = resolve(query, dep=dep)
    assert answer.status in {"resolved", "ambiguous", "unknown"}


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_normalize_is_idempotent_and_ascii(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once.isascii() and "  " not in once and once == once.strip()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["Saint-Étienne", "Œuilly", "L'Haÿ-les-Roses", "Ste-Foy-lès-Lyon"]),
       st.sampled_from([str.upper, str.lower, str.title, lambda s: s.replace("-", " "), lambda s: f"  {s}  "]))
def test_normalize_ignores_case_and_separators(name: str, transform: object) -> None:
    assert normalize(transform(name)) == normalize(name)  # type: ignore[operator]


# --------------------------------------------------------------------------- whole reference

def test_every_code_resolves_to_itself_with_its_kind() -> None:
    for territory in reference.all_territories():
        answer = resolve(territory.code, kind=territory.kind)
        assert answer.status == "resolved", territory.key
        assert answer.territory is not None and answer.territory.key == territory.key


def test_exact_names_resolve_when_unique_and_are_ambiguous_when_shared() -> None:
    communes = reference.of_kind("commune")
    counts = Counter(normalize(t.name) for t in reference.all_territories())
    rng = random.Random(7)
    for territory in rng.sample(communes, 1500):
        answer = resolve(territory.name, dep=territory.dep_code or None)
        assert answer.status == "resolved" and answer.territory is not None, territory.name
        assert answer.territory.key == territory.key, (territory.name, answer.territory.key)
        bare = resolve(territory.name)
        if bare.status == "resolved":
            assert bare.territory is not None and bare.territory.key == territory.key
        if counts[normalize(territory.name)] > 1 and bare.status == "resolved":
            # Only a same-place namesake (a commune déléguée of this commune) may be folded in.
            others = [t for t in reference.all_territories()
                      if normalize(t.name) == normalize(territory.name) and t.key != territory.key]
            assert all(t.parent_code == territory.code for t in others), territory.name


def test_the_demo_campaign_uses_territories_the_resolver_finds_by_name() -> None:
    picked = builder._pick_territories(random.Random(2025), 1)
    assert len(picked) >= 150
    for territory in picked:
        answer = resolve(territory.name, kind=territory.kind, dep=territory.dep_code)
        assert answer.territory is not None and answer.territory.key == territory.key, territory.key


def test_international_kind_is_never_resolved_from_the_reference() -> None:
    assert resolve("Montréal", kind="international").status == "unknown"


def test_generated_typos_are_corrected_only_towards_the_right_territory() -> None:
    # One drop/double/swap in a unique commune name: a correction (score < 100) is never wrong.
    rng = random.Random(11)
    counts = Counter(normalize(t.name) for t in reference.all_territories())
    pool = [t for t in reference.of_kind("commune") if counts[normalize(t.name)] == 1 and len(t.name) >= 6]
    right = 0
    for territory in rng.sample(pool, 800):
        query = _typo(rng, territory.name)
        answer = resolve(query)
        if answer.status == "resolved" and answer.score is not None and answer.score < resolver.EXACT_SCORE:
            assert answer.territory is not None and answer.territory.key == territory.key, (query, territory.name)
            right += 1
    assert right >= 0.6 * 800


def test_resolve_many_keeps_order() -> None:
    answers = resolve_many(["Rennes", "", "Sainte-Colombe", "Brest"])
    assert [a.query for a in answers] == ["Rennes", "", "Sainte-Colombe", "Brest"]
    assert [a.status for a in answers] == ["resolved", "unknown", "ambiguous", "resolved"]


def test_index_is_built_once_per_process() -> None:
    assert resolver.index() is resolver.index()


# --------------------------------------------------------------------------- labelled set

def test_labelled_set_is_large_enough_and_covers_each_status() -> None:
    cases = load_cases()
    assert len(cases) >= 150
    assert {case.expected for case in cases} == {"resolved", "ambiguous", "unknown"}


def test_precision_and_recall_on_labelled_set() -> None:
    evaluation = evaluate()
    print(f"\ncas : {evaluation.cases}, attendus résolus : {evaluation.expected_resolved}, "
          f"précision : {evaluation.precision:.3f}, rappel : {evaluation.recall:.3f}, "
          f"statut exact : {evaluation.status_matches}/{evaluation.cases}, candidat attendu présent (ambigus) : "
          f"{evaluation.candidate_hits}/{evaluation.candidate_cases}")
    print("\n".join(evaluation.misses))
    # Precision first: not a single wrong or premature resolution.
    assert evaluation.precision == 1.0, evaluation.misses
    assert evaluation.recall >= 0.95, evaluation.misses
    assert evaluation.candidate_hits == evaluation.candidate_cases, evaluation.misses
