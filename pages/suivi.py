"""Suivi: lifecycle funnel, per-territory table (exportable), per-question completion, relances."""

import datetime as dt

import streamlit as st

from dashboard.access import auth
from dashboard.monitoring import charts, layout, progress_table, readers
from dashboard.space import grid_review
from dashboard.space import links as space_links
from dashboard.space import mail as space_mail
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access.errors import UserFacingError

RELANCES_SHOWN = 200

campaign, filters = layout.page_start("Suivi de la campagne")
actor = auth.current_actor()
with_contacts = actor.sees_personal_data

st.header("Entonnoir des étapes")
reached = readers.funnel(filters)
layout.chart_block(layout.chart(charts.funnel_chart, reached), charts.funnel_summary(reached),
                          layout.data_table(charts.funnel_table, reached), key="entonnoir")
by_kind_tab, by_region_tab = st.tabs(["Par type de collectivité", "Par région"])
for tab, by in ((by_kind_tab, "kind"), (by_region_tab, "region")):
    with tab:
        groups = readers.funnel_by(filters, by)
        layout.chart_block(layout.chart(charts.funnel_by_chart, groups, by), charts.funnel_by_summary(groups, by),
                                  layout.data_table(charts.funnel_by_table, groups, by), key=f"entonnoir_{by}")

st.header("Tableau des territoires")
default_day = readers.default_situation_day(campaign.id, campaign.end_date, dt.date.today())
as_of = st.date_input("Situation au", value=default_day, format="DD/MM/YYYY",
                      help="Date de référence du calcul des jours écoulés depuis la dernière étape. "
                           "Par défaut : aujourd'hui pendant la campagne, sinon la dernière étape enregistrée.")
search = st.text_input("Rechercher un territoire", placeholder="Nom ou partie du nom").strip()
# A rerun unpickles the page shown (50 rows), not the campaign's 3,000: the whole table is read
# again only for an export.
columns, rows = readers.progress_shape(filters, as_of, actor, search)
st.caption(f"{formatting.plural(rows, 'territoire')}."
           + ("" if with_contacts else " Les contacts ne sont visibles que des éditeurs et administrateurs."))
# Sorted and paged on the server: the browser receives only the rows shown (exports keep them all).
sort_column, order_column, page_column = st.columns([2, 1, 1])
sort_by = sort_column.selectbox("Trier par", columns, index=0)
descending = order_column.toggle("Ordre décroissant", value=False)
page_number = page_column.selectbox("Page", range(1, progress_table.page_count(rows) + 1),
                                    format_func=lambda n: f"{n} / {progress_table.page_count(rows)}")
shown = readers.progress_page(filters, as_of, actor, search, sort_by, descending, page_number or 1)
date_column = st.column_config.DateColumn(format="DD/MM/YYYY")
widgets.table(
    shown,
    column_config={
        **{column: date_column for column in progress_table.STEP_COLUMNS.values()},
        progress_table.DAYS_COLUMN: st.column_config.NumberColumn(format="%d"),
        progress_table.COMPLETION_COLUMN: st.column_config.ProgressColumn(
            "Grille remplie", format="%d %%", min_value=0, max_value=100),
    },
)
st.caption(progress_table.page_caption(rows, page_number or 1))
# Files are built only when a button is clicked (deferred): 3,000 rows of XLSX cost ~0,3 s.
csv_column, xlsx_column = st.columns(2)
csv_column.download_button("Exporter en CSV", data=lambda: progress_table.to_csv(readers.progress_matches(filters, as_of, actor, search)),
                           file_name="suivi-territoires.csv",
                           mime="text/csv", icon=":material/download:")
xlsx_column.download_button(
    "Exporter en XLSX", data=lambda: progress_table.to_xlsx(readers.progress_matches(filters, as_of, actor, search)), file_name="suivi-territoires.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
)

grid_review.render_overview(actor, campaign.id)

st.header("Questions les moins renseignées")
questions = readers.question_completion(filters)
layout.chart_block(layout.chart(charts.question_completion_chart, questions), charts.question_completion_summary(questions),
                          layout.data_table(charts.question_completion_table, questions), key="questions")

st.header("Relances")
min_days = st.number_input("Territoires bloqués à la même étape depuis au moins (jours)", min_value=1,
                           max_value=365, value=30, step=5)
stuck_count, shown = readers.stuck_head(filters, int(min_days), as_of, actor, RELANCES_SHOWN)
if not stuck_count:
    widgets.empty_state(f"Aucun territoire n'est bloqué depuis {formatting.days(int(min_days))} ou plus "
                        f"au {formatting.date(as_of)}.")
else:
    st.markdown(widgets.markdown_text(
        f"{formatting.plural(stuck_count, 'territoire')} à relancer au {formatting.date(as_of)} "
        f"(hors grilles validées), du plus ancien au plus récent."))
    # The oldest first; a long list is for a spreadsheet, not a screen (and costs the browser).
    widgets.table(shown, column_config={"Dernière étape le": date_column})
    if stuck_count > RELANCES_SHOWN:
        st.caption(f"Les {formatting.number(RELANCES_SHOWN)} plus anciens sont affichés ; "
                   "la liste complète est dans l'export ci-dessous.")
    st.download_button("Exporter les relances en CSV", data=lambda: progress_table.to_csv(readers.stuck_frame(filters, int(min_days), as_of, actor)),
                       file_name="relances.csv", mime="text/csv", icon=":material/download:")

if actor.can_edit:
    # Personal links for a mail merge: a write (new invitations, audited), so a button, never a side effect.
    st.subheader("Liens personnels de relance")
    st.caption("Un nouveau lien personnel (à usage unique, valable 30 jours) pour chaque territoire du « Tableau "
               "des territoires » (filtres et recherche) dont la charte n'est pas signée ou la grille pas "
               "déposée, à l'adresse de son contact. Le fichier CSV sert au publipostage.")
    if st.button("Liens de relance (CSV)", icon=":material/link:"):
        needle = search.casefold()
        # Read on click only: 3,000 progress rows cost ~0,1 s to unpickle on every rerun.
        to_remind = [row.participation_id for row in readers.progress_rows(filters) if needle in row.name.casefold()]
        try:
            state.set_reminder_batch(space_links.create_reminders(actor, to_remind))
        except UserFacingError as exc:
            st.error(str(exc))
    batch = state.reminder_batch()
    if isinstance(batch, space_links.ReminderBatch):
        created = batch.reminders.links
        if created and batch.reminders.expires_at is not None:
            one = len(created) == 1
            st.success(f"{formatting.plural(len(created), 'lien de relance créé', 'liens de relance créés')}, "
                       f"{'valable' if one else 'valables'} jusqu'au "
                       f"{formatting.date(batch.reminders.expires_at.date())}. "
                       f"{'Il ne sera plus affiché' if one else 'Ils ne seront plus affichés'} après cette session : "
                       "téléchargez le fichier maintenant.")
        else:
            widgets.empty_state("Aucun territoire à relancer avec une adresse de contact dans cette sélection.")
        if batch.reminders.without_email:
            st.warning("Sans adresse de contact, donc sans lien : "
                       + ", ".join(widgets.markdown_text(name) for name in batch.reminders.without_email) + ".")
        if created:
            st.download_button("Télécharger les liens de relance (CSV)", data=space_links.reminders_csv(batch),
                               file_name="liens-relance.csv", mime="text/csv", icon=":material/download:",
                               on_click="ignore")
            mail_off = space_mail.unavailable_reason()
            if mail_off:
                st.caption(mail_off)
            elif batch.sent:
                st.success(f"{formatting.plural(batch.sent, 'relance envoyée', 'relances envoyées')} par e-mail.")
            else:
                st.button("Envoyer les relances par e-mail", icon=":material/mail:",
                          on_click=space_links.send_reminder_batch_on_click, args=(actor, batch))
                if batch.send_refused:
                    st.error(batch.send_refused)
