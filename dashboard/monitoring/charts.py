"""Chart builders (return ``alt.Chart``, render nothing), each with a French one-sentence summary
and the table of its data (RGAA: « afficher les données »).

French formats: ``st.altair_chart`` ignores format locales, so axis labels go through a
``labelExpr`` (thin space for thousands, « % » after a space) and tooltips show strings
already formatted by Babel. Months are ordinal labels, not a time axis in English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from dashboard.monitoring.chart_base import (  # noqa: F401 (re-exported: pages use charts.*)
    ABS_NUMBER_LABEL,
    NUMBER_LABEL,
    PERCENT_LABEL,
    STAGE_ORDER,
    WIDTH,
    Chart,
    ChartView,
    LayerChart,
    _count_axis,
    _empty_summary,
    _share,
    legend,
)
from dashboard.monitoring.session_charts import (  # noqa: F401 (re-exported)
    formats_chart,
    formats_summary,
    formats_table,
    months_frame,
    publics_chart,
    publics_summary,
    publics_table,
    sessions_over_time_chart,
    sessions_over_time_summary,
    sessions_over_time_table,
)
from dashboard.text import formatting
from dashboard.ui import palette
from data_access.models import STAGE_LABELS, Stage
from data_access.monitoring import QuestionCompletion, RegionSummary
from data_access.territories import reference

# --- Stages and funnel -----------------------------------------------------------------------------

def stage_frame(counts: Mapping[Stage, int]) -> pd.DataFrame:
    return pd.DataFrame([
        {"ordre": stage.rank, "etape": STAGE_LABELS[stage], "territoires": int(counts.get(stage, 0)),
         "territoires_texte": formatting.number(int(counts.get(stage, 0)))}
        for stage in Stage
    ])


def stage_counts_chart(counts: Mapping[Stage, int], *, title: str = "Territoires par étape actuelle") -> alt.Chart:
    frame = stage_frame(counts)
    chart: alt.Chart = Chart(frame, title=title).mark_bar().encode(
        y=alt.Y("etape:N", title=None, sort=STAGE_ORDER, axis=alt.Axis(labelLimit=300)),
        x=alt.X("territoires:Q", axis=_count_axis("Territoires")),
        color=alt.Color("etape:N", scale=alt.Scale(domain=[STAGE_LABELS[s] for s in Stage],
                                                   range=list(palette.STAGE_LIST)), legend=None),
        tooltip=[alt.Tooltip("etape:N", title="Étape"), alt.Tooltip("territoires_texte:N", title="Territoires")],
    ).properties(width=WIDTH, height=alt.Step(26))
    return chart


def stage_counts_summary(counts: Mapping[Stage, int]) -> str:
    total = sum(counts.values())
    if not total:
        return _empty_summary("les étapes")
    top = max(Stage, key=lambda s: (counts.get(s, 0), -s.rank))
    return (f"Sur {formatting.plural(total, 'territoire engagé', 'territoires engagés')}, l'étape la plus "
            f"fréquente est « {STAGE_LABELS[top]} » ({formatting.number(counts.get(top, 0))}, "
            f"{_share(counts.get(top, 0), total)}).")


def stage_counts_table(counts: Mapping[Stage, int]) -> pd.DataFrame:
    return pd.DataFrame({"Étape": [STAGE_LABELS[s] for s in Stage],
                         "Territoires": [formatting.number(counts.get(s, 0)) for s in Stage]})


def funnel_chart(reached: Mapping[Stage, int]) -> alt.LayerChart:
    frame = stage_frame(reached)
    total = max(reached.get(Stage.ENGAGE, 0), 1)
    frame["part"] = [formatting.percent(value / total) for value in frame["territoires"]]
    bars = Chart(frame, title="Entonnoir : territoires ayant atteint chaque étape").mark_bar().encode(
        y=alt.Y("etape:N", title=None, sort=STAGE_ORDER, axis=alt.Axis(labelLimit=300)),
        x=alt.X("territoires:Q", axis=_count_axis("Territoires ayant atteint l'étape")),
        color=alt.Color("etape:N", scale=alt.Scale(domain=[STAGE_LABELS[s] for s in Stage],
                                                   range=list(palette.STAGE_LIST)), legend=None),
        tooltip=[alt.Tooltip("etape:N", title="Étape"), alt.Tooltip("territoires_texte:N", title="Territoires"),
                 alt.Tooltip("part:N", title="Part des engagés")],
    )
    labels = Chart(frame).mark_text(align="left", dx=4, color=palette.INK).encode(
        y=alt.Y("etape:N", title=None, sort=STAGE_ORDER, axis=alt.Axis(labelLimit=300)), x=alt.X("territoires:Q"), text="part:N")
    chart: alt.LayerChart = LayerChart(layer=[bars, labels]).properties(width=WIDTH, height=alt.Step(30))
    return chart


def funnel_summary(reached: Mapping[Stage, int]) -> str:
    engaged = reached.get(Stage.ENGAGE, 0)
    if not engaged:
        return _empty_summary("l'entonnoir")
    return (f"Sur {formatting.plural(engaged, 'territoire engagé', 'territoires engagés')}, "
            f"{_share(reached.get(Stage.CHARTE_SIGNEE, 0), engaged)} ont signé la charte, "
            f"{_share(reached.get(Stage.GRILLE_DEPOSEE, 0), engaged)} ont déposé leur grille et "
            f"{_share(reached.get(Stage.GRILLE_VALIDEE, 0), engaged)} l'ont vue validée.")


def funnel_table(reached: Mapping[Stage, int]) -> pd.DataFrame:
    engaged = reached.get(Stage.ENGAGE, 0)
    return pd.DataFrame({
        "Étape": [STAGE_LABELS[s] for s in Stage],
        "Territoires ayant atteint l'étape": [formatting.number(reached.get(s, 0)) for s in Stage],
        "Part des engagés": [_share(reached.get(s, 0), engaged) for s in Stage],
    })


def group_label(by: str, key: str) -> str:
    if by == "kind":
        return reference.KIND_LABELS.get(key, key)
    return region_label(key)


def funnel_by_frame(groups: Mapping[str, Mapping[Stage, int]], by: str) -> pd.DataFrame:
    rows = []
    for key, reached in groups.items():
        engaged = reached.get(Stage.ENGAGE, 0)
        for stage in Stage:
            value = reached.get(stage, 0)
            rows.append({"groupe": group_label(by, key), "ordre": stage.rank, "etape": STAGE_LABELS[stage],
                         "territoires": value, "part": value / engaged if engaged else 0.0,
                         "engages": engaged, "part_texte": _share(value, engaged),
                         "territoires_texte": formatting.number(value)})
    return pd.DataFrame(rows)


def funnel_by_chart(groups: Mapping[str, Mapping[Stage, int]], by: str) -> alt.Chart:
    frame = funnel_by_frame(groups, by)
    title = "Progression par type de collectivité" if by == "kind" else "Progression par région"
    if frame.empty:
        frame = pd.DataFrame(columns=["groupe", "ordre", "etape", "territoires", "part", "engages",
                                      "part_texte", "territoires_texte"])
    # On a 390 px phone, horizontal stage names and a legend on the right left ~100 px to the cells and
    # the names overprinted: slanted stage names and the legend underneath (group names stay whole).
    chart: alt.Chart = Chart(frame, title=title).mark_rect().encode(
        x=alt.X("etape:N", title=None, sort=[STAGE_LABELS[s] for s in Stage],
                axis=alt.Axis(labelAngle=-35, labelAlign="right", labelLimit=140, orient="bottom")),
        y=alt.Y("groupe:N", title=None, sort=alt.EncodingSortField("engages", order="descending"),
                axis=alt.Axis(labelLimit=260)),
        color=alt.Color("part:Q", title="Part des engagés", scale=alt.Scale(range=[palette.RATES[0], palette.RATES[-1]], domain=[0, 1]),
                        legend=alt.Legend(labelExpr=PERCENT_LABEL, format=".0%", orient="bottom",
                                          direction="horizontal", gradientLength=160)),
        tooltip=[alt.Tooltip("groupe:N", title="Groupe"), alt.Tooltip("etape:N", title="Étape"),
                 alt.Tooltip("territoires_texte:N", title="Territoires"),
                 alt.Tooltip("part_texte:N", title="Part des engagés")],
    ).properties(width=WIDTH, height=alt.Step(22))
    return chart


def funnel_by_summary(groups: Mapping[str, Mapping[Stage, int]], by: str) -> str:
    rates = {key: (r.get(Stage.GRILLE_DEPOSEE, 0) / r[Stage.ENGAGE]) for key, r in groups.items()
             if r.get(Stage.ENGAGE, 0) >= 3}
    if not rates:
        return _empty_summary("la progression par groupe")
    best = max(rates, key=lambda key: rates[key])
    what = "type de collectivité" if by == "kind" else "région"
    return (f"Par {what}, la part de grilles déposées est la plus forte pour « {group_label(by, best)} » "
            f"({formatting.percent(rates[best])} des territoires engagés).")


def funnel_by_table(groups: Mapping[str, Mapping[Stage, int]], by: str) -> pd.DataFrame:
    heading = "Type de collectivité" if by == "kind" else "Région"
    rows = []
    for key, reached in groups.items():
        row = {heading: group_label(by, key)}
        for stage in Stage:
            row[STAGE_LABELS[stage]] = formatting.number(reached.get(stage, 0))
        rows.append(row)
    return pd.DataFrame(rows, columns=[heading, *[STAGE_LABELS[s] for s in Stage]])


# --- Grid questions ------------------------------------------------------------------------------------

def question_frame(questions: Sequence[QuestionCompletion]) -> pd.DataFrame:
    return pd.DataFrame([
        {"question": q.label if len(q.label) <= 70 else q.label[:67] + "…", "section": q.section_title,
         "part": q.share, "part_texte": formatting.percent(q.share),
         "reponses": f"{formatting.number(q.answered)} sur {formatting.number(q.responses)}"}
        for q in questions
    ], columns=["question", "section", "part", "part_texte", "reponses"])


def question_completion_chart(questions: Sequence[QuestionCompletion]) -> alt.Chart:
    frame = question_frame(questions)
    chart: alt.Chart = Chart(frame, title="Taux de réponse par question (grilles en cours)").mark_bar(color=palette.PRIMARY).encode(
        y=alt.Y("question:N", title=None, sort=alt.EncodingSortField("part", order="ascending"),
                axis=alt.Axis(labelLimit=420)),
        x=alt.X("part:Q", title="Part des grilles qui y répondent", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(labelExpr=PERCENT_LABEL, format=".0%")),
        tooltip=[alt.Tooltip("question:N", title="Question"), alt.Tooltip("section:N", title="Section"),
                 alt.Tooltip("part_texte:N", title="Taux de réponse"), alt.Tooltip("reponses:N", title="Réponses")],
    ).properties(width=WIDTH, height=alt.Step(22))
    return chart


def question_completion_summary(questions: Sequence[QuestionCompletion]) -> str:
    if not questions or not questions[0].responses:
        return "Aucune grille n'a encore été déposée avec les filtres choisis."
    least = min(questions, key=lambda q: (q.share, q.label))
    return (f"La question la moins renseignée est « {least.label} » : "
            f"{formatting.percent(least.share)} des {formatting.plural(least.responses, 'grille')} y répondent.")


def question_completion_table(questions: Sequence[QuestionCompletion]) -> pd.DataFrame:
    ordered = sorted(questions, key=lambda q: (q.share, q.label))
    return pd.DataFrame({
        "Section": [q.section_title for q in ordered],
        "Question": [q.label for q in ordered],
        "Grilles qui y répondent": [formatting.number(q.answered) for q in ordered],
        "Taux de réponse": [formatting.percent(q.share) for q in ordered],
    })


# --- Findings ----------------------------------------------------------------------------------------

def _quoted_list(names: Sequence[str]) -> str:
    """« A », « B » et « C »."""
    quoted = [f"« {name} »" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" et {quoted[-1]}"


def theme_order(rows: Sequence[tuple[str, str, int]]) -> list[str]:
    """Themes by total, most frequent first, ties in alphabetical order: the one order of the chart,
    the table and the sentence (the sentence named one of three tied themes, drawn third)."""
    totals = _theme_totals(rows)
    return sorted(totals, key=lambda theme: (-totals[theme], theme))


def theme_frequency_chart(rows: Sequence[tuple[str, str, int]]) -> alt.Chart:
    frame = pd.DataFrame(rows, columns=["theme", "kind", "enseignements"])
    frame["type"] = [reference.KIND_LABELS.get(kind, kind) for kind in frame["kind"]]
    frame["texte"] = [formatting.number(int(value)) for value in frame["enseignements"]]
    chart: alt.Chart = Chart(frame, title="Thèmes des enseignements, par type de collectivité").mark_bar().encode(
        y=alt.Y("theme:N", title=None, sort=theme_order(rows), axis=alt.Axis(labelLimit=300)),
        x=alt.X("sum(enseignements):Q", axis=_count_axis("Enseignements")),
        color=alt.Color("type:N", scale=alt.Scale(range=list(palette.CATEGORIES)), legend=legend("Type de collectivité")),
        tooltip=[alt.Tooltip("theme:N", title="Thème"), alt.Tooltip("type:N", title="Type"),
                 alt.Tooltip("texte:N", title="Enseignements")],
    ).properties(width=WIDTH, height=alt.Step(22))
    return chart


def _theme_totals(rows: Sequence[tuple[str, str, int]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for theme, _kind, count in rows:
        totals[theme] = totals.get(theme, 0) + count
    return totals


def theme_frequency_summary(rows: Sequence[tuple[str, str, int]]) -> str:
    totals = _theme_totals(rows)
    if not totals:
        return _empty_summary("les thèmes")
    ordered = theme_order(rows)
    best = totals[ordered[0]]
    tied = [theme for theme in ordered if totals[theme] == best]
    total = sum(totals.values())
    if len(tied) > 1:
        return (f"{formatting.number(len(tied))} thèmes arrivent en tête à égalité, avec "
                f"{formatting.plural(best, 'enseignement')} chacun ({_share(best, total)} des "
                f"{formatting.number(total)} enseignements) : {_quoted_list(tied)}.")
    return (f"Le thème le plus fréquent est « {tied[0]} » avec {formatting.plural(best, 'enseignement')}, "
            f"soit {_share(best, total)} des {formatting.number(total)} enseignements.")


def theme_frequency_table(rows: Sequence[tuple[str, str, int]]) -> pd.DataFrame:
    kinds = sorted({kind for _t, kind, _c in rows}, key=lambda k: reference.KIND_LABELS.get(k, k))
    totals = _theme_totals(rows)
    cells = {(theme, kind): count for theme, kind, count in rows}
    data = []
    for theme in theme_order(rows):
        row = {"Thème": theme, "Total": formatting.number(totals[theme])}
        for kind in kinds:
            row[reference.KIND_LABELS.get(kind, kind)] = formatting.number(cells.get((theme, kind), 0))
        data.append(row)
    return pd.DataFrame(data)


OPPORTUNITY, RISK = "opportunite", "risque"


def opportunities_risks_chart(rows: Sequence[tuple[str, str, int]], labels: Mapping[str, str]) -> alt.Chart:
    frame = pd.DataFrame(rows, columns=["theme", "categorie", "enseignements"])
    frame["libelle"] = [labels.get(c, c) for c in frame["categorie"]]
    frame["valeur"] = [-v if c == RISK else v for c, v in zip(frame["categorie"], frame["enseignements"], strict=True)]
    frame["texte"] = [formatting.number(int(v)) for v in frame["enseignements"]]
    domain = [labels.get(OPPORTUNITY, "Opportunités"), labels.get(RISK, "Risques")]
    chart: alt.Chart = Chart(frame, title="Opportunités (à droite) et risques (à gauche) par thème").mark_bar().encode(
        y=alt.Y("theme:N", title=None, sort=alt.EncodingSortField("enseignements", op="sum", order="descending"),
                axis=alt.Axis(labelLimit=300)),
        x=alt.X("valeur:Q", axis=alt.Axis(title="Enseignements", labelExpr=ABS_NUMBER_LABEL, format="d")),
        color=alt.Color("libelle:N", scale=alt.Scale(domain=domain, range=[palette.OPPORTUNITY, palette.RISK]),
                        legend=legend("Catégorie")),
        tooltip=[alt.Tooltip("theme:N", title="Thème"), alt.Tooltip("libelle:N", title="Catégorie"),
                 alt.Tooltip("texte:N", title="Enseignements")],
    ).properties(width=WIDTH, height=alt.Step(22))
    return chart


def _by_theme(rows: Sequence[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for theme, category, count in rows:
        table.setdefault(theme, {})[category] = count
    return table


def opportunities_risks_summary(rows: Sequence[tuple[str, str, int]]) -> str:
    table = _by_theme(rows)
    if not table:
        return _empty_summary("les opportunités et les risques")
    most_risky = max(table, key=lambda t: (table[t].get(RISK, 0) - table[t].get(OPPORTUNITY, 0), t))
    most_hopeful = max(table, key=lambda t: (table[t].get(OPPORTUNITY, 0) - table[t].get(RISK, 0), t))
    return (f"« {most_hopeful} » est le thème où les opportunités l'emportent le plus sur les risques, "
            f"« {most_risky} » celui où les risques pèsent le plus.")


def opportunities_risks_table(rows: Sequence[tuple[str, str, int]], labels: Mapping[str, str]) -> pd.DataFrame:
    table = _by_theme(rows)
    return pd.DataFrame([
        {"Thème": theme, labels.get(OPPORTUNITY, "Opportunités"): formatting.number(values.get(OPPORTUNITY, 0)),
         labels.get(RISK, "Risques"): formatting.number(values.get(RISK, 0))}
        for theme, values in sorted(table.items())
    ])


def _region_name(code: str) -> str:
    return reference.region_label(code)


region_label = reference.region_label  # the one label, kept here for the pages that call charts.*


def region_chart(regions: Sequence[RegionSummary], *, title: str = "Territoires engagés par région") -> alt.Chart:
    frame = pd.DataFrame([
        {"region": _region_name(r.reg_code), "engages": r.engaged, "chartes": r.charters, "grilles": r.grids,
         "engages_texte": formatting.number(r.engaged), "grilles_texte": formatting.number(r.grids),
         "participants_texte": formatting.number(r.participants),
         "enseignements_texte": formatting.number(r.findings)}
        for r in regions
    ], columns=["region", "engages", "chartes", "grilles", "engages_texte", "grilles_texte",
                "participants_texte", "enseignements_texte"])
    chart: alt.Chart = Chart(frame, title=title).mark_bar(color=palette.PRIMARY).encode(
        y=alt.Y("region:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
        x=alt.X("engages:Q", axis=_count_axis("Territoires engagés")),
        tooltip=[alt.Tooltip("region:N", title="Région"), alt.Tooltip("engages_texte:N", title="Engagés"),
                 alt.Tooltip("grilles_texte:N", title="Grilles déposées"),
                 alt.Tooltip("participants_texte:N", title="Participants"),
                 alt.Tooltip("enseignements_texte:N", title="Enseignements")],
    ).properties(width=WIDTH, height=alt.Step(22))
    return chart


def region_summary(regions: Sequence[RegionSummary]) -> str:
    total = sum(r.engaged for r in regions)
    if not total:
        return _empty_summary("les régions")
    # Only régions count as régions: territories abroad and overseas collectivités are named apart.
    in_regions = [r for r in regions if reference.is_region(r.reg_code) and r.engaged]
    others = [r for r in regions if not reference.is_region(r.reg_code) and r.engaged]
    # The spread first, then the leader: « X compte le plus…, répartis sur 17 régions » read as if X
    # spanned the 17 régions.
    text = f"Les territoires engagés sont répartis sur {formatting.plural(len(in_regions), 'région')}"
    if others:
        text += (f", plus {formatting.plural(sum(r.engaged for r in others), 'territoire')} hors région "
                 f"({', '.join(_region_name(r.reg_code) for r in others)})")
    if not in_regions:
        return text + "."
    best = max(r.engaged for r in in_regions)
    leaders = sorted(_region_name(r.reg_code) for r in in_regions if r.engaged == best)
    if len(leaders) == 1:
        return text + (f" ; {leaders[0]} en compte le plus ({formatting.number(best)}, soit "
                       f"{_share(best, total)} du total).")
    return text + (f" ; {', '.join(leaders[:-1])} et {leaders[-1]} en comptent le plus, à égalité "
                   f"({formatting.number(best)} chacune, soit {_share(best, total)} du total chacune).")


def region_table(regions: Sequence[RegionSummary]) -> pd.DataFrame:
    return pd.DataFrame({
        "Région": [_region_name(r.reg_code) for r in regions],
        "Territoires engagés": [formatting.number(r.engaged) for r in regions],
        "Chartes signées": [formatting.number(r.charters) for r in regions],
        "Grilles déposées": [formatting.number(r.grids) for r in regions],
        "Sessions": [formatting.number(r.sessions) for r in regions],
        "Participants": [formatting.number(r.participants) for r in regions],
        "Enseignements": [formatting.number(r.findings) for r in regions],
    })
