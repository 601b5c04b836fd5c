"""``concertations export ACTION``: ready-to-publish files.

Actions: ``map`` (PNG/SVG/PDF/HTML) and ``opendata`` (zip). Another action (e.g. the
manifesto) plugs in by adding its module to ``ACTION_MODULES``: each exposes
``register_action(actions)`` where ``actions`` is the ``export`` sub-parser collection.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import time
from pathlib import Path
from typing import Any

from dashboard.cli.main import cli_actor, store_session
from dashboard.exports import opendata_bundle, static_maps
from dashboard.text import formatting
from data_access import campaigns, monitoring
from data_access.errors import ConfigurationError, ValidationError
from data_access.exports import export_maps, opendata
from data_access.filters import Filters
from data_access.models import Stage
from data_access.monitoring import Level, figures

# Extra ``export`` actions living in other modules (each with ``register_action(actions)``).
ACTION_MODULES: tuple[str, ...] = ("dashboard.cli.export_manifesto", "dashboard.cli.export_public")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="Exporter la carte, les données ouvertes…")
    actions = parser.add_subparsers(dest="export_action", metavar="ACTION")
    actions.required = True
    _register_map(actions)
    _register_opendata(actions)
    for module_name in ACTION_MODULES:
        importlib.import_module(module_name).register_action(actions)


def _register_map(actions: Any) -> None:
    parser = actions.add_parser("map", help="Carte en image (PNG, SVG, PDF) ou HTML hors ligne")
    parser.add_argument("--format", choices=("png", "svg", "pdf", "html"), default="png")
    parser.add_argument("--layer", choices=static_maps.LAYERS, default="departements",
                        help="départements ou régions colorés, ou territoires en points (défaut : départements)")
    parser.add_argument("--measure", choices=static_maps.MEASURES, default="engaged",
                        help="engaged = nombre de territoires engagés, charter_rate = taux de signature de la charte")
    parser.add_argument("--preset", choices=tuple(static_maps.PRESETS), default="print",
                        help="print = A4 paysage 300 dpi, square = 1 080 × 1 080, wide = 1 200 × 675")
    parser.add_argument("--region", action="append", default=[], help="code de région (répétable)")
    parser.add_argument("--departement", action="append", default=[], help="code de département (répétable)")
    parser.add_argument("--etape", action="append", default=[], choices=[s.value for s in Stage])
    parser.add_argument("--title", help="titre (sinon titre par défaut)")
    parser.add_argument("--subtitle", help="sous-titre (sinon nombre de territoires)")
    parser.add_argument("--logo", type=Path, help="logo PNG placé en bas à droite")
    parser.add_argument("--tiles", action="store_true",
                        help="HTML seulement : fond OpenStreetMap (nécessite internet à l'ouverture)")
    parser.add_argument("--out", type=Path, required=True, help="fichier à écrire")
    parser.set_defaults(handler=_map)


def _register_opendata(actions: Any) -> None:
    parser = actions.add_parser("opendata", help="Jeu de données ouvertes (zip : CSV, XLSX, GeoJSON, dictionnaire)")
    parser.add_argument("--out", type=Path, required=True, help="fichier .zip à écrire")
    parser.set_defaults(handler=_opendata)


def _campaign_filters(session: Any, args: argparse.Namespace) -> tuple[Filters, str]:
    campaign = campaigns.current_campaign(session)
    if campaign is None:
        raise ConfigurationError("La base ne contient aucune campagne.",
                                 hint="Lancez « concertations demo » ou importez des grilles.")
    filters = Filters(campaign_id=campaign.id, reg_codes=tuple(getattr(args, "region", []) or ()),
                      dep_codes=tuple(getattr(args, "departement", []) or ()),
                      stages=tuple(getattr(args, "etape", []) or ()))
    return filters, campaign.name


def _write(path: Path, payload: bytes, started: float) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
    except OSError as exc:
        raise ValidationError(f"Impossible d'écrire {path} ({exc.strerror}).") from exc
    print(f"Fichier écrit : {path} ({formatting.number(len(payload) / 1024, decimals=1)} Ko, "
          f"{formatting.number(time.perf_counter() - started, decimals=2)} s).")


def _map(args: argparse.Namespace) -> int:
    # folium takes seconds to import: only ``export map --format html`` pays for it, not every command.
    from dashboard.exports import html_map, offline_html

    started = time.perf_counter()
    logo = None
    if args.logo is not None:
        try:
            logo = args.logo.read_bytes()
        except OSError as exc:
            raise ValidationError(f"Logo illisible : {args.logo} ({exc.strerror}).") from exc
        if not logo.startswith(b"\x89PNG"):
            raise ValidationError("Le logo doit être une image PNG.")
    with store_session() as session:
        filters, _name = _campaign_filters(session, args)
        points = tuple(export_maps.engaged_points(session, filters))
        areas = {} if args.layer == "territoires" else export_maps.area_counts(session, filters, args.layer)
        charters = figures.charters_signed(session, filters)
    if args.format == "html":
        level: Level = "regions" if args.layer == "regions" else "departements"
        with store_session() as session:
            map_points = monitoring.map_points(session, filters)
            map_areas = monitoring.area_counts(session, filters, level)
        fmap = html_map.build_offline_map(map_points, map_areas, data_date=dt.date.today(), level=level,
                                          measure="charter_rate" if args.measure == "charter_rate" else "engaged",
                                          tiles=args.tiles)
        payload = offline_html.offline_html(fmap, keep_tiles=args.tiles).encode("utf-8")
    else:
        content = static_maps.MapContent(
            layer=args.layer, measure=args.measure, areas=areas, points=points, data_date=dt.date.today(),
            title=args.title, subtitle=args.subtitle, logo_png=logo, charters_total=charters,
        )
        payload = static_maps.render_map(content, preset=args.preset, fmt=args.format)
    _write(args.out, payload, started)
    return 0


def _opendata(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with store_session() as session:
        filters, _name = _campaign_filters(session, args)
        assert filters.campaign_id is not None
        data = opendata.build(session, actor=cli_actor(), campaign_id=filters.campaign_id)
    _write(args.out, opendata_bundle.bundle_zip(data), started)
    return 0
