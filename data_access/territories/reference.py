"""Official territorial reference (INSEE COG 2026, DGCL, IGN ADMIN EXPRESS COG), read at run time.

The reference is shipped in ``data_access/territories/reference_data/`` and never loaded into the
store whole: a territory row is copied into ``territory`` when a participation needs it.
Sources and licence: ``data_access/territories/reference_data/SOURCES.md``.
"""

from __future__ import annotations

import csv
import gzip
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import french
from data_access.errors import ValidationError
from data_access.models import Territory

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"
TERRITORIES_FILE = REFERENCE_DIR / "territories.csv.gz"
DEPARTEMENTS_GEOJSON = REFERENCE_DIR / "departements.geojson"
REGIONS_GEOJSON = REFERENCE_DIR / "regions.geojson"
ATTRIBUTION = "INSEE COG, DGCL, IGN ADMIN EXPRESS COG — Licence Ouverte 2.0"

INTERNATIONAL = "international"

KIND_LABELS: dict[str, str] = {
    "commune": "Commune",
    "commune_deleguee": "Commune déléguée",
    "commune_associee": "Commune associée",
    "arrondissement_municipal": "Arrondissement municipal",
    "epci": "Intercommunalité",
    "ept": "Établissement public territorial",
    "departement": "Département",
    "region": "Région",
    "collectivite_statut_particulier": "Collectivité à statut particulier",
    "collectivite_outre_mer": "Collectivité d'outre-mer",
    INTERNATIONAL: "International",
}

# Positions of overseas collectivités, which the reference ships without geometry.
OVERSEAS_POSITIONS: dict[str, tuple[float, float]] = {
    "975": (46.8852, -56.3159),
    "977": (17.9000, -62.8333),
    "978": (18.0708, -63.0501),
    "984": (-49.2804, 69.3486),
    "986": (-13.7688, -177.1561),
    "987": (-17.6797, -149.4068),
    "988": (-21.3019, 165.4878),
    "989": (10.3000, -109.2167),
}


@dataclass(frozen=True)
class ReferenceTerritory:
    kind: str
    code: str
    siren: str | None
    name: str
    long_name: str | None
    epci_type: str | None
    dep_code: str | None
    dep_codes: tuple[str, ...]
    reg_code: str | None
    zone: str | None
    parent_code: str | None
    population: int | None
    lat: float | None
    lon: float | None
    country: str = "France"

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.code)


def international_code(name: str, country: str) -> str:
    """Stable code of a city abroad: « Canada », « Montréal » → ``canada-montreal``."""
    ascii_text = unicodedata.normalize("NFKD", f"{country}-{name}").encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "-" for ch in ascii_text.lower()).strip("-")


def international_territory(*, name: str, country: str, lat: float, lon: float,
                            population: int | None = None) -> ReferenceTerritory:
    """A participant abroad (kind ``international``): name, country and coordinates given at registration."""
    name, country = name.strip(), country.strip()
    if not name or not country:
        raise ValidationError("Un territoire à l'étranger doit avoir un nom et un pays.")
    if country.casefold() == "france":
        raise ValidationError("Un territoire français se choisit dans le référentiel, pas comme territoire à l'étranger.")
    if not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        raise ValidationError(f"Coordonnées impossibles pour {name} : latitude {lat}, longitude {lon}.")
    return ReferenceTerritory(
        kind=INTERNATIONAL, code=international_code(name, country), siren=None, name=name,
        long_name=None, epci_type=None, dep_code=None, dep_codes=(), reg_code=None, zone="international",
        parent_code=None, population=population, lat=lat, lon=lon, country=country,
    )


def stored_international(session: Session) -> tuple[ReferenceTerritory, ...]:
    """The store's territories abroad (entered by hand), as the resolver's extra candidates."""
    from sqlalchemy import select

    from data_access.models import Territory

    rows = session.scalars(select(Territory).where(Territory.kind == INTERNATIONAL).order_by(Territory.name))
    return tuple(ReferenceTerritory(
        kind=INTERNATIONAL, code=t.code, siren=None, name=t.name, long_name=t.long_name, epci_type=None,
        dep_code=None, dep_codes=(), reg_code=None, zone=t.zone or "international", parent_code=None,
        population=t.population, lat=t.lat, lon=t.lon, country=t.country) for t in rows)


def city_long_name(name: str) -> str:
    """« Ville de Rennes », « Ville d'Abidjan », « Ville du Havre »: the one preposition helper."""
    return f"Ville {french.de(name)}"


def _float(value: str) -> float | None:
    return float(value) if value else None


def _int(value: str) -> int | None:
    return int(float(value)) if value else None


@lru_cache(maxsize=1)
def all_territories() -> tuple[ReferenceTerritory, ...]:
    rows: list[ReferenceTerritory] = []
    with gzip.open(TERRITORIES_FILE, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        # Plain rows and column positions: twice as fast as DictReader on 39,000 rows.
        col = {name: position for position, name in enumerate(next(reader))}
        kind_i, code_i, siren_i, name_i, long_i = col["kind"], col["code"], col["siren"], col["nom"], col["nom_long"]
        type_i, dep_i, deps_i, reg_i, zone_i = col["epci_type"], col["dep_code"], col["dep_codes"], col["reg_code"], col["zone"]
        parent_i, pop_i, lat_i, lon_i = col["parent_code"], col["population"], col["lat"], col["lon"]
        for row in reader:
            kind, code = row[kind_i], row[code_i]
            lat, lon = _float(row[lat_i]), _float(row[lon_i])
            if lat is None and code in OVERSEAS_POSITIONS and kind == "collectivite_outre_mer":
                lat, lon = OVERSEAS_POSITIONS[code]
            deps = row[deps_i] or row[dep_i]
            rows.append(
                ReferenceTerritory(
                    kind=kind,
                    code=code,
                    siren=row[siren_i] or None,
                    name=row[name_i],
                    long_name=row[long_i] or None,
                    epci_type=row[type_i] or None,
                    dep_code=row[dep_i] or None,
                    dep_codes=tuple(deps.split("|")) if deps else (),
                    reg_code=row[reg_i] or None,
                    zone=row[zone_i] or None,
                    parent_code=row[parent_i] or None,
                    population=_int(row[pop_i]),
                    lat=lat,
                    lon=lon,
                )
            )
    return tuple(rows)


@lru_cache(maxsize=1)
def _by_key() -> dict[tuple[str, str], ReferenceTerritory]:
    return {territory.key: territory for territory in all_territories()}


def get(kind: str, code: str) -> ReferenceTerritory | None:
    return _by_key().get((kind, code))


def of_kind(kind: str) -> list[ReferenceTerritory]:
    return [territory for territory in all_territories() if territory.kind == kind]


@lru_cache(maxsize=1)
def departement_names() -> dict[str, str]:
    return {t.code: t.name for t in of_kind("departement")}


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    return {t.code: t.name for t in of_kind("region")}


# Chef-lieu of each région (INSEE COG, table des régions, column CHEFLIEU): a région's mark sits
# on its capital; at its centroid it read as a village in the middle of the countryside.
REGION_SEAT_COMMUNES: dict[str, str] = {
    "01": "97105", "02": "97209", "03": "97302", "04": "97411", "06": "97611", "11": "75056",
    "24": "45234", "27": "21231", "28": "76540", "32": "59350", "44": "67482", "52": "44109",
    "53": "35238", "75": "33063", "76": "31555", "84": "69123", "93": "13055", "94": "2A004",
}


@lru_cache(maxsize=1)
def region_seats() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each région's chef-lieu, from the communes of the reference."""
    seats = {}
    for region, commune_code in REGION_SEAT_COMMUNES.items():
        commune = get("commune", commune_code)
        if commune is not None and commune.lat is not None and commune.lon is not None:
            seats[region] = (commune.lat, commune.lon)
    return seats


# Degrees of latitude (30 m), kept by the markers' 4-decimal rounding: a région's ring and its
# chef-lieu's own dot (when the city is engaged too) stay two distinct click targets.
REGION_SEAT_OFFSET = 0.0003


def map_position(kind: str, code: str | None, lat: float, lon: float) -> tuple[float, float]:
    """Where a territory is drawn on the maps: a région at its chef-lieu, the others where they are."""
    seat = region_seats().get(code or "") if kind == "region" else None
    return (seat[0] + REGION_SEAT_OFFSET, seat[1]) if seat else (lat, lon)


def is_region(code: str | None) -> bool:
    """A région's code (18 of them); overseas collectivités and « international » are not régions."""
    return bool(code) and code in region_names()


def territory_label(*, name: str, kind: str, code: str, country: str | None = None) -> str:
    """The one name of a territory wherever a person reads it: « Rennes (commune, 35238) ».

    A partner abroad has no official code (its stored code, « CI-abidjan », is internal): its
    country tells it apart instead, « Abidjan (international, Côte d'Ivoire) », or nothing.
    """
    kind_label = KIND_LABELS.get(kind, kind).lower()
    if kind == INTERNATIONAL:
        return f"{name} ({kind_label}, {country})" if country else f"{name} ({kind_label})"
    return f"{name} ({kind_label}, {code})" if code else f"{name} ({kind_label})"


def region_label(code: str | None) -> str:
    """The one label of a territory's région code, for every page and export.

    Overseas collectivités (Polynésie française…) carry their own code as région and keep their
    own name; no code means a territory abroad.
    """
    if not code or code == "—":
        return "International"
    names = region_names()
    if code in names:
        return names[code]
    overseas = get("collectivite_outre_mer", code)
    return overseas.name if overseas else code


@lru_cache(maxsize=2)
def contours(level: str) -> dict[str, Any]:
    """GeoJSON FeatureCollection of départements or régions (RFC 7946 winding)."""
    path = DEPARTEMENTS_GEOJSON if level == "departements" else REGIONS_GEOJSON
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def ensure_territory(session: Session, reference: ReferenceTerritory) -> Territory:
    """Copy a reference territory into the store once; return the stored row."""
    existing = session.scalar(
        select(Territory).where(Territory.kind == reference.kind, Territory.code == reference.code)
    )
    if existing is not None:
        return existing
    territory = territory_from_reference(reference)
    session.add(territory)
    session.flush()
    return territory


def territory_from_reference(reference: ReferenceTerritory) -> Territory:
    return Territory(
        kind=reference.kind,
        code=reference.code,
        siren=reference.siren,
        name=reference.name,
        long_name=reference.long_name,
        dep_code=reference.dep_code,
        dep_codes="|".join(reference.dep_codes) or None,
        reg_code=reference.reg_code,
        zone=reference.zone,
        country=reference.country,
        population=reference.population,
        lat=reference.lat,
        lon=reference.lon,
    )
