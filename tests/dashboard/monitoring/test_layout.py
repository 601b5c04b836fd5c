"""Chart blocks send a Vega-Lite spec cached on the chart's data, identical to st.altair_chart's."""

from __future__ import annotations

from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from dashboard.monitoring import charts, layout
from data_access.models import Stage

REACHED = {Stage.ENGAGE: 1200, Stage.CHARTE_SIGNEE: 900, Stage.CONCERTATION_TENUE: 600,
           Stage.GRILLE_DEPOSEE: 300, Stage.GRILLE_VALIDEE: 100}


def test_the_cached_spec_is_what_st_altair_chart_sends() -> None:
    source = layout.chart(charts.funnel_chart, REACHED)
    assert layout.vega_lite_spec(source) == _convert_altair_to_vega_lite_spec(charts.funnel_chart(REACHED))
    titled = layout.chart(charts.stage_counts_chart, REACHED, title="Étapes")
    assert layout.vega_lite_spec(titled)["title"] == "Étapes"


def test_a_chart_is_built_once_per_distinct_data() -> None:
    built: list[dict[Stage, int]] = []

    def counted_chart(reached: dict[Stage, int]) -> charts.LayerChart:
        built.append(reached)
        return charts.funnel_chart(reached)

    first = layout.vega_lite_spec(layout.chart(counted_chart, dict(REACHED)))
    again = layout.vega_lite_spec(layout.chart(counted_chart, dict(REACHED)))  # equal data, another object
    other = layout.vega_lite_spec(layout.chart(counted_chart, {**REACHED, Stage.GRILLE_VALIDEE: 101}))
    assert len(built) == 2 and first == again and other != first
    assert layout.chart(counted_chart, REACHED).build().to_dict() == charts.funnel_chart(REACHED).to_dict()


def test_a_data_table_is_cached_as_the_arrow_table_of_its_frame() -> None:
    table = layout.arrow_table(layout.data_table(charts.funnel_table, REACHED))
    frame = charts.funnel_table(REACHED)
    assert table.column_names == list(frame.columns) and table.num_rows == len(frame)
    assert table.to_pandas().equals(frame)
