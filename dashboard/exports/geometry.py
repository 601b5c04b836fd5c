"""Pure-Python geometry for static maps: ring winding for Vega, a France layout with DROM insets.

shapely is a build-time tool only (REFERENCE-DATA.md), so the few operations the maps need
are written here: signed ring area, rewinding, a Lambert conformal conic projection, and
the affine moves that place the five overseas départements in insets.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Ring = list[list[float]]
Point = tuple[float, float]

# Overseas départements shown as insets, in the order INSEE maps use.
DROM_CODES: tuple[str, ...] = ("971", "972", "973", "974", "976")
DROM_NAMES: dict[str, str] = {
    "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte",
}
DROM_REGION_OF: dict[str, str] = {"971": "01", "972": "02", "973": "03", "974": "04", "976": "06"}
REGION_DROM: dict[str, str] = {region: dep for dep, region in DROM_REGION_OF.items()}
# Paris and the petite couronne: 19 % of Île-de-France's communes in a few pixels of the metropole.
PARIS_CODES: tuple[str, ...] = ("75", "92", "93", "94")
PARIS_NAME = "Paris et petite couronne"
# Free corners of the metropole's bounding box (checked against every vertex in the tests).
PARIS_INSET_SIZE = 190.0
INTERNATIONAL_BOX = (200.0, 370.0)

EARTH_RADIUS_KM = 6371.0


def signed_area(ring: Ring) -> float:
    """Shoelace formula: positive for a counter-clockwise ring in (x east, y north) axes."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x0 * y1 - x1 * y0
    return total / 2.0


def _oriented(ring: Ring, *, clockwise: bool) -> Ring:
    is_clockwise = signed_area(ring) < 0
    return list(ring) if is_clockwise == clockwise else list(reversed(ring))


def rewind_polygon(rings: list[Ring]) -> list[Ring]:
    """Exterior clockwise, holes counter-clockwise: the order d3-geo (Vega) expects on the sphere.

    RFC 7946 GeoJSON is the opposite; given as is, d3-geo reads each polygon as "the whole
    globe minus France" and a map fills its frame.
    """
    if not rings:
        return []
    return [_oriented(rings[0], clockwise=True)] + [_oriented(hole, clockwise=False) for hole in rings[1:]]


def rewind_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    kind = geometry["type"]
    if kind == "Polygon":
        return {"type": kind, "coordinates": rewind_polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [rewind_polygon(p) for p in geometry["coordinates"]]}
    return copy.deepcopy(geometry)


def rewind_collection(collection: dict[str, Any]) -> dict[str, Any]:
    """A copy of a FeatureCollection with every polygon wound for Vega/d3-geo."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": dict(feature.get("properties") or {}),
             "geometry": rewind_geometry(feature["geometry"])}
            for feature in collection["features"]
        ],
    }


def _polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def geometry_points(geometry: dict[str, Any]) -> Iterable[list[float]]:
    for polygon in _polygons(geometry):
        for ring in polygon:
            yield from ring


def map_geometry(geometry: dict[str, Any], transform: Callable[[float, float], Point],
                 *, digits: int = 2) -> dict[str, Any]:
    # Rounded: the layout is in km, 10 m is far below a pixel and the spec shrinks by half.
    def ring_of(ring: Ring) -> Ring:
        return [[round(v, digits) for v in transform(x, y)] for x, y, *_ in ring]

    polygons = [[ring_of(ring) for ring in polygon] for polygon in _polygons(geometry)]
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def bounds(points: Iterable[Iterable[float]]) -> Box:
    xs: list[float] = []
    ys: list[float] = []
    for point in points:
        x, y, *_ = point
        xs.append(x)
        ys.append(y)
    return Box(min(xs), min(ys), max(xs), max(ys))


def lambert_france(lon: float, lat: float) -> Point:
    """Lambert conformal conic on the sphere (parallels 44° and 49° N, meridian 3° E), in km.

    Same parameters as Lambert-93, so metropolitan France has its familiar shape.
    """
    phi1, phi2, phi0, lam0 = (math.radians(v) for v in (44.0, 49.0, 46.5, 3.0))
    n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(
        math.tan(math.pi / 4 + phi2 / 2) / math.tan(math.pi / 4 + phi1 / 2)
    )
    f = math.cos(phi1) * math.tan(math.pi / 4 + phi1 / 2) ** n / n
    phi, lam = math.radians(lat), math.radians(lon)
    rho = EARTH_RADIUS_KM * f / math.tan(math.pi / 4 + phi / 2) ** n
    rho0 = EARTH_RADIUS_KM * f / math.tan(math.pi / 4 + phi0 / 2) ** n
    theta = n * (lam - lam0)
    return rho * math.sin(theta), rho0 - rho * math.cos(theta)


def local_equirectangular(lat0: float) -> Callable[[float, float], Point]:
    """Good enough for an island or Guyane: km east/north around its own latitude."""
    k = math.cos(math.radians(lat0))

    def project(lon: float, lat: float) -> Point:
        return (math.radians(lon) * EARTH_RADIUS_KM * k, math.radians(lat) * EARTH_RADIUS_KM)

    return project


@dataclass(frozen=True)
class Inset:
    code: str
    name: str
    frame: Box  # in the layout's planar coordinates (km-like units, y north)
    transform: Callable[[float, float], Point]


@dataclass(frozen=True)
class FranceLayout:
    """Planar coordinates for a map of France: metropole in Lambert, DROM moved into insets,
    Paris and the petite couronne enlarged in the north-east corner, and a free box in the
    Bay of Biscay for the territories abroad."""

    insets: tuple[Inset, ...]
    metropole: Box
    canvas: Box
    paris: Inset
    international: Box

    def project(self, lon: float, lat: float, dep_code: str | None) -> Point | None:
        """Position of a point on the layout, or None when it has no place on it.

        Territories of Paris and the petite couronne are drawn in their enlarged inset.
        """
        for inset in self.insets:
            if dep_code == inset.code:
                return inset.transform(lon, lat)
        if dep_code in PARIS_CODES:
            return self.paris.transform(lon, lat)
        if dep_code is None or dep_code in DROM_CODES or not (41.0 <= lat <= 51.5 and -5.5 <= lon <= 10.0):
            return None
        return lambert_france(lon, lat)

    def transform_for(self, dep_code: str) -> Callable[[float, float], Point]:
        for inset in self.insets:
            if inset.code == dep_code:
                return inset.transform
        return lambert_france


def build_layout(departements: dict[str, Any], *, inset_size: float = 170.0, gap: float = 25.0,
                 bottom_margin: float = 0.0, arrangement: str = "column") -> FranceLayout:
    """DROM insets in a column left of the metropole (landscape pages) or in a row under it
    (portrait pages), each scaled to a square frame.

    ``bottom_margin`` (layout units) keeps room under the map for the source line.
    """
    geometries = {f["properties"]["code"]: f["geometry"] for f in departements["features"]}
    metropole = bounds(
        lambert_france(lon, lat)
        for code, geometry in geometries.items() if code not in DROM_CODES
        for lon, lat, *_ in geometry_points(geometry)
    )
    count = len(DROM_CODES)
    insets: list[Inset] = []
    if arrangement == "row":
        step = (metropole.width - (count - 1) * gap) / count
        size = min(inset_size, step)
        y1 = metropole.y0 - gap
        frames = [Box(metropole.x0 + index * (step + gap), y1 - size, metropole.x0 + index * (step + gap) + size, y1)
                  for index in range(count)]
        canvas = Box(metropole.x0 - gap / 2, y1 - size - gap - bottom_margin, metropole.x1 + gap / 2,
                     metropole.y1 + gap)
    else:
        step = (metropole.height - (count - 1) * gap) / count
        size = min(inset_size, step)
        column_x0 = metropole.x0 - gap - size
        frames = [Box(column_x0, metropole.y1 - index * (step + gap) - size, column_x0 + size,
                      metropole.y1 - index * (step + gap)) for index in range(count)]
        canvas = Box(column_x0 - gap / 2, metropole.y0 - gap - bottom_margin, metropole.x1 + gap / 2,
                     metropole.y1 + gap)
    for code, frame in zip(DROM_CODES, frames, strict=True):
        geometry = geometries[code]
        lats = [lat for _lon, lat, *_ in geometry_points(geometry)]
        local = local_equirectangular((min(lats) + max(lats)) / 2)
        own = bounds(local(lon, lat) for lon, lat, *_ in geometry_points(geometry))
        insets.append(Inset(code, DROM_NAMES[code], frame, _fit(local, own, frame, padding=0.12)))
    paris_frame = Box(metropole.x1 - PARIS_INSET_SIZE, metropole.y1 - PARIS_INSET_SIZE, metropole.x1, metropole.y1)
    paris_own = bounds(lambert_france(lon, lat) for code in PARIS_CODES
                       for lon, lat, *_ in geometry_points(geometries[code]))
    paris = Inset("IDF", PARIS_NAME, paris_frame, _fit(lambert_france, paris_own, paris_frame, padding=0.08))
    width, height = INTERNATIONAL_BOX
    international = Box(metropole.x0, metropole.y0, metropole.x0 + width, metropole.y0 + height)
    return FranceLayout(insets=tuple(insets), metropole=metropole, canvas=canvas, paris=paris,
                        international=international)


def _fit(project: Callable[[float, float], Point], own: Box, frame: Box, *, padding: float
         ) -> Callable[[float, float], Point]:
    # Label room at the top of the frame: the shape uses the lower 80 %.
    usable_w = frame.width * (1 - 2 * padding)
    usable_h = frame.height * (0.8 - padding)
    scale = min(usable_w / own.width, usable_h / own.height)
    cx = frame.x0 + frame.width / 2
    cy = frame.y0 + frame.height * (0.8 + padding) / 2
    own_cx, own_cy = (own.x0 + own.x1) / 2, (own.y0 + own.y1) / 2

    def transform(lon: float, lat: float) -> Point:
        x, y = project(lon, lat)
        return (cx + (x - own_cx) * scale, cy + (y - own_cy) * scale)

    return transform


def rectangle(box: Box) -> dict[str, Any]:
    ring = [[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1], [box.x0, box.y0]]
    return {"type": "Polygon", "coordinates": [ring]}
