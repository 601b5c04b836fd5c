"""Journal d'audit (administrateurs): read-only, filtered by user, action and dates; exports."""

import datetime as dt

import streamlit as st

from dashboard.access import auth
from dashboard.admin import actions as admin_actions
from dashboard.admin import audit_export
from dashboard.text import formatting
from dashboard.ui import widgets
from data_access.audit_labels import action_label, actor_label, change_text, object_label
from data_access.errors import UserFacingError

ALL = "Tous"

actor = auth.current_actor()
st.title("Journal d'audit")
st.caption(
    "Chaque écriture (import, saisie, correction, manifeste, rôles, paramètres) est consignée : "
    "qui, quand, quoi, avant et après. Le journal ne peut pas être modifié depuis l'application ; "
    "les données personnelles y sont masquées."
)
try:
    actors, actions = admin_actions.audit_filters(actor)
except UserFacingError as exc:
    st.error(str(exc))
    st.stop()

left, middle, right = st.columns(3)
user = left.selectbox("Utilisateur", options=[ALL, *actors],
                      format_func=lambda a: a if a == ALL else actor_label(a))
action = middle.selectbox("Action", options=[ALL, *actions],
                          format_func=lambda a: a if a == ALL else action_label(a))
# A filled range, not an empty one: Streamlit's empty date field shows « dd / mm / yyyy » in English.
JOURNAL_START = dt.date(2020, 1, 1)
period = right.date_input("Période", value=(JOURNAL_START, dt.date.today()), format="DD/MM/YYYY",
                          min_value=JOURNAL_START, max_value=dt.date.today())
since = period[0] if len(period) >= 1 else None
until = period[1] if len(period) == 2 else since

try:
    events = admin_actions.audit_events(
        actor, user=None if user == ALL else user, action=None if action == ALL else action,
        since=since, until=until,
    )
except UserFacingError as exc:
    st.error(str(exc))
    st.stop()

if not events:
    widgets.empty_state("Aucun événement ne correspond à ces filtres.")
    st.stop()

st.caption(f"{formatting.plural(len(events), 'événement')} (les plus récents d'abord, "
           f"{formatting.TIME_ZONE}).")
# st.dataframe shows cells as text (no HTML, no Markdown) and offers no editing.
widgets.table(
    [{f"Date ({formatting.TIME_ZONE})": formatting.paris_time(e.occurred_at), "Utilisateur": actor_label(e.actor),
      "Action": action_label(e.action), "Objet": e.object_name or object_label(e.entity_type, e.entity_id),
      "Résumé": e.summary, "Avant": change_text(e.before), "Après": change_text(e.after)}
     for e in events],
)
stamp = dt.date.today().isoformat()
csv_column, xlsx_column = st.columns(2)
csv_column.download_button("Exporter en CSV", data=audit_export.to_csv(events),
                           file_name=f"journal-audit-{stamp}.csv", mime="text/csv",
                           icon=":material/download:")
xlsx_column.download_button(
    "Exporter en XLSX", data=audit_export.to_xlsx(events), file_name=f"journal-audit-{stamp}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
)
