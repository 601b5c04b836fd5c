"""Bench of the exports: static map time per format, HTML map size, open-data zip time and size."""

from __future__ import annotations

import datetime as dt
import time

from dashboard.exports import html_map, images, offline_html, opendata_bundle, static_maps
from data_access import campaigns, monitoring
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.exports import export_maps, opendata
from data_access.filters import Filters
from data_access.monitoring import figures
from tools.bench import BenchContext, Measure

GROUP = "exports"
# Targets: a map download button should answer within a few seconds on the 2-core machine;
# the open-data zip is a rare administrator action (scale 20: ~66 000 rows in CSV and XLSX).
TARGETS_S = {"png": 5.0, "svg": 3.0, "pdf": 5.0}
# Issue 14: the A4 print PNG (300 dpi) within 1.5 s, the offline HTML map within 1 MB at scale 20.
PRINT_PNG_TARGET_S = 1.5
OFFLINE_HTML_TARGET_KB = 1024.0


def run(context: BenchContext) -> list[Measure]:
    measures: list[Measure] = []
    for scale in context.scales:
        engine = make_engine(context.store_url(scale))
        with session_scope(engine) as session:
            campaign = campaigns.current_campaign(session)
            assert campaign is not None
            filters = Filters(campaign_id=campaign.id)
            started = time.perf_counter()
            points = tuple(export_maps.engaged_points(session, filters))
            areas = export_maps.area_counts(session, filters, "departements")
            measures.append(Measure(GROUP, "données de la carte (requêtes)", time.perf_counter() - started, "s", scale))
            values = figures.key_figures(session, filters)
            map_points = monitoring.map_points(session, filters)
            map_areas = monitoring.area_counts(session, filters, "departements")
            started = time.perf_counter()
            data = opendata.build(session, actor=SYSTEM_ACTOR, campaign_id=campaign.id)
            payload = opendata_bundle.bundle_zip(data)
            measures.append(Measure(GROUP, "données ouvertes : zip (temps)", time.perf_counter() - started, "s",
                                    scale, target=60.0))
            measures.append(Measure(GROUP, "données ouvertes : zip (taille)", len(payload) / 1024, "Ko", scale))
        engine.dispose()
        today = dt.date.today()
        departements = static_maps.MapContent("departements", "engaged", areas, points, today)
        territoires = static_maps.MapContent("territoires", "engaged", {}, points, today)
        static_maps.render_map(departements, preset="wide", fmt="svg")  # warm the renderer once
        for fmt, preset in (("png", "wide"), ("png", "print"), ("svg", "wide"), ("pdf", "print")):
            for label, content in (("départements", departements), ("territoires", territoires)):
                started = time.perf_counter()
                output = static_maps.render_map(content, preset=preset, fmt=fmt)
                elapsed = time.perf_counter() - started
                target = PRINT_PNG_TARGET_S if preset == "print" and fmt == "png" else TARGETS_S[fmt]
                measures.append(Measure(GROUP, f"carte {label} {fmt.upper()} {preset} (temps)", elapsed, "s",
                                        scale, target=target))
                measures.append(Measure(GROUP, f"carte {label} {fmt.upper()} {preset} (taille)",
                                        len(output) / 1024, "Ko", scale))
        started = time.perf_counter()
        fmap = html_map.build_offline_map(map_points, map_areas, data_date=today)
        document = offline_html.offline_html(fmap).encode("utf-8")
        measures.append(Measure(GROUP, "carte HTML hors ligne (temps)", time.perf_counter() - started, "s", scale))
        measures.append(Measure(GROUP, "carte HTML hors ligne (taille)", len(document) / 1024, "Ko", scale,
                                target=OFFLINE_HTML_TARGET_KB))
        started = time.perf_counter()
        card = images.key_figures_png(values, campaign_name="Campagne", data_date=today)
        measures.append(Measure(GROUP, "chiffres clés PNG (temps)", time.perf_counter() - started, "s", scale))
        measures.append(Measure(GROUP, "chiffres clés PNG (taille)", len(card) / 1024, "Ko", scale))
    return measures
