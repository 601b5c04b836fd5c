"""Any altair chart as PNG, SVG or PDF through vl-convert (no browser), with French numbers.

The monitoring pages call ``chart_png``/``chart_svg`` for their download buttons, the exports for
maps and the key-figures card. Every render passes ``format_locale="fr-FR"`` so axis numbers read
« 1 234,5 ».
"""

from __future__ import annotations

from typing import Any, Final

import altair as alt
import vl_convert as vlc

FORMAT_LOCALE: Final = "fr-FR"
TIME_LOCALE: Final = "fr-FR"
VL_CONVERT_DEFAULT_PPI = 72.0

def _spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    # Vega writes English ARIA labels (« Symbol legend titled … ») and raw field values
    # (« x: −712,27; rang: 0 ») on every mark of an SVG: nothing a file sent out should carry,
    # and 3,000 of them double the territories map's SVG.
    return {**spec, "config": {**spec.get("config", {}), "aria": False}}


# Named in every exported chart: an SVG names its fonts without embedding them, so a reader's machine
# without Liberation Sans falls back to a metric-compatible Arial, then any sans-serif, not to serif.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


def chart_png(chart: alt.TopLevelMixin | dict[str, Any], scale: float = 2.0, *, ppi: float | None = None) -> bytes:
    """PNG bytes ``scale`` times the chart's pixel size (2 = sharp on screens).

    ``ppi`` only writes the resolution into the file (print shops read it): vl-convert
    multiplies the size by ppi/72, so the scale given to it is divided back. A print PNG
    (``ppi`` given) draws its shapes without anti-aliasing: at 300 dpi a stair step is
    1/300 inch, invisible on paper, and rasterising the 8.7 million pixels of an A4 takes
    half the time (text keeps its smoothing).
    """
    kwargs: dict[str, Any] = {"scale": scale}
    if ppi is None:
        return bytes(vlc.vegalite_to_png(_spec(chart), format_locale=FORMAT_LOCALE,
                                         time_format_locale=TIME_LOCALE, **kwargs))
    kwargs["ppi"] = ppi
    kwargs["scale"] = scale * VL_CONVERT_DEFAULT_PPI / ppi
    svg = chart_svg(chart).replace("<svg ", '<svg shape-rendering="crispEdges" ', 1)
    return bytes(vlc.svg_to_png(svg, **kwargs))


def chart_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    return str(vlc.vegalite_to_svg(_spec(chart), format_locale=FORMAT_LOCALE, time_format_locale=TIME_LOCALE))


def chart_pdf(chart: alt.TopLevelMixin | dict[str, Any]) -> bytes:
    return bytes(vlc.vegalite_to_pdf(_spec(chart), format_locale=FORMAT_LOCALE, time_format_locale=TIME_LOCALE))
