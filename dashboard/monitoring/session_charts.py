"""Charts of concertation sessions: publics, formats, sessions per month (with their sentences
and tables). Re-exported by ``dashboard.monitoring.charts``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd

from dashboard.monitoring.chart_base import (
    MONTHS,
    WIDTH,
    Chart,
    _count_axis,
    _empty_summary,
    _share,
)
from dashboard.text import formatting
from dashboard.ui import palette


def publics_chart(rows: Sequence[tuple[str, int, int]]) -> alt.Chart:
    frame = pd.DataFrame(rows, columns=["public", "sessions", "participants"])
    frame["sessions_texte"] = [formatting.number(int(v)) for v in frame["sessions"]]
    frame["participants_texte"] = [formatting.number(int(v)) for v in frame["participants"]]
    chart: alt.Chart = Chart(frame, title="Publics associés : sessions qui les ont réunis").mark_bar(color=palette.PRIMARY).encode(
        y=alt.Y("public:N", title=None, sort="-x", axis=alt.Axis(labelLimit=300)),
        x=alt.X("sessions:Q", axis=_count_axis("Sessions")),
        tooltip=[alt.Tooltip("public:N", title="Public"), alt.Tooltip("sessions_texte:N", title="Sessions"),
                 alt.Tooltip("participants_texte:N", title="Participants de ces sessions")],
    ).properties(width=WIDTH, height=alt.Step(22))
    return chart


def publics_summary(rows: Sequence[tuple[str, int, int]], total_sessions: int, total_participants: int) -> str:
    if not rows or not total_sessions:
        return _empty_summary("les publics")
    top = max(rows, key=lambda r: (r[1], r[0]))
    return (f"{formatting.plural(total_sessions, 'session')} ont réuni "
            f"{formatting.plural(total_participants, 'participant')} ; le public le plus souvent associé est "
            f"« {top[0]} » ({_share(top[1], total_sessions)} des sessions).")


def publics_table(rows: Sequence[tuple[str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame({
        "Public": [r[0] for r in rows],
        "Sessions": [formatting.number(r[1]) for r in rows],
        "Participants de ces sessions": [formatting.number(r[2]) for r in rows],
    })


def formats_chart(rows: Sequence[tuple[str, int, int]]) -> alt.Chart:
    frame = pd.DataFrame(rows, columns=["format", "sessions", "participants"])
    frame["sessions_texte"] = [formatting.number(int(v)) for v in frame["sessions"]]
    frame["participants_texte"] = [formatting.number(int(v)) for v in frame["participants"]]
    chart: alt.Chart = Chart(frame, title="Formats des sessions de concertation").mark_bar(color=palette.PRIMARY).encode(
        y=alt.Y("format:N", title=None, sort="-x", axis=alt.Axis(labelLimit=300)),
        x=alt.X("sessions:Q", axis=_count_axis("Sessions")),
        tooltip=[alt.Tooltip("format:N", title="Format"), alt.Tooltip("sessions_texte:N", title="Sessions"),
                 alt.Tooltip("participants_texte:N", title="Participants")],
    ).properties(width=WIDTH, height=alt.Step(22))
    return chart


def formats_summary(rows: Sequence[tuple[str, int, int]]) -> str:
    total = sum(r[1] for r in rows)
    if not total:
        return _empty_summary("les formats")
    top = max(rows, key=lambda r: (r[1], r[0]))
    crowd = max(rows, key=lambda r: (r[2] / r[1] if r[1] else 0, r[0]))
    return (f"Le format le plus utilisé est « {top[0]} » ({_share(top[1], total)} des sessions) ; "
            f"« {crowd[0]} » réunit le plus de participants par session "
            f"({formatting.number(crowd[2] / crowd[1] if crowd[1] else 0)} en moyenne).")


def formats_table(rows: Sequence[tuple[str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame({
        "Format": [r[0] for r in rows],
        "Sessions": [formatting.number(r[1]) for r in rows],
        "Participants": [formatting.number(r[2]) for r in rows],
    })


def months_frame(days: Sequence[tuple[dt.date, int, int]]) -> pd.DataFrame:
    totals: dict[tuple[int, int], list[int]] = {}
    for day, sessions, participants in days:
        bucket = totals.setdefault((day.year, day.month), [0, 0])
        bucket[0] += sessions
        bucket[1] += participants
    rows = []
    if totals:
        year, month = min(totals)
        last = max(totals)
        while (year, month) <= last:  # months with no session still show, at zero
            sessions, participants = totals.get((year, month), [0, 0])
            rows.append({"ordre": year * 12 + month, "mois": f"{MONTHS[month - 1]} {year}",
                         "sessions": sessions, "participants": participants,
                         "sessions_texte": formatting.number(sessions),
                         "participants_texte": formatting.number(participants)})
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return pd.DataFrame(rows, columns=["ordre", "mois", "sessions", "participants", "sessions_texte",
                                       "participants_texte"])


def sessions_over_time_chart(days: Sequence[tuple[dt.date, int, int]]) -> alt.Chart:
    frame = months_frame(days)
    chart: alt.Chart = Chart(frame, title="Sessions de concertation par mois").mark_bar(color=palette.PRIMARY).encode(
        x=alt.X("mois:N", title=None, sort=list(frame["mois"]), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sessions:Q", axis=_count_axis("Sessions")),
        tooltip=[alt.Tooltip("mois:N", title="Mois"), alt.Tooltip("sessions_texte:N", title="Sessions"),
                 alt.Tooltip("participants_texte:N", title="Participants")],
    ).properties(width=WIDTH, height=240)
    return chart


def sessions_over_time_summary(days: Sequence[tuple[dt.date, int, int]]) -> str:
    frame = months_frame(days)
    if frame.empty:
        return _empty_summary("le calendrier des sessions")
    peak = frame.iloc[int(frame["sessions"].to_numpy().argmax())]
    return (f"Les sessions se sont tenues de {frame['mois'].iloc[0]} à {frame['mois'].iloc[-1]}, "
            f"avec un pic en {peak['mois']} ({formatting.plural(int(peak['sessions']), 'session')}).")


def sessions_over_time_table(days: Sequence[tuple[dt.date, int, int]]) -> pd.DataFrame:
    frame = months_frame(days)
    return pd.DataFrame({"Mois": frame["mois"], "Sessions": frame["sessions_texte"],
                         "Participants": frame["participants_texte"]})
