"""Streamlit pieces of the « Suivi des engagements » that set things up: the status list, the reminder
delay, the CSV export and import (dry run, then apply; the report names row and column).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

import streamlit as st

from dashboard.commitments import actions, readers, tables
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access.access import Actor
from data_access.commitments import writes
from data_access.commitments.csv_report import CommitmentImportReport
from data_access.commitments.views import NEWS_MONTHS_RANGE, StatusView


def status_editor(*, actor: Actor, campaign_id: int, status_list: Sequence[StatusView]) -> None:
    """Labels, default progress, « réalisé » and « clos », in the list's order; editors change them."""
    st.caption("L'avancement par défaut s'applique aux engagements de ce statut dont l'avancement est automatique. "
               "Un statut « réalisé » compte dans la part réalisée ; un statut « clos » sort des relances. "
               "Un statut utilisé ne peut pas être supprimé : renommez-le.")
    if not status_list:
        widgets.empty_state("La campagne n'a pas encore de statuts d'engagement.")
        if actor.can_edit:
            st.button("Créer les statuts par défaut (prévu, en cours, réalisé, abandonné)",
                      icon=":material/playlist_add:",
                      **actions.on_click(actions.ensure_statuses, "Statuts par défaut créés.", actor=actor,
                                         campaign_id=campaign_id))
        return
    frame = tables.status_table(status_list)
    if not actor.can_edit:
        widgets.table(frame)
        return
    # The key follows the stored list: after a save, the editor starts again from what is stored.
    digest = hashlib.blake2b(repr([(s.id, s.label, s.default_progress, s.done, s.closed, s.position)
                                   for s in status_list]).encode(), digest_size=6).hexdigest()
    editor_key = f"engagements_statuts_{digest}"
    widgets.editable_table(frame, key=editor_key, num_rows="dynamic", column_config={
        "Libellé": st.column_config.TextColumn("Libellé", required=True, max_chars=80),
        "Avancement par défaut": st.column_config.NumberColumn("Avancement par défaut (%)", min_value=0,
                                                               max_value=100, step=5, required=True),
        "Réalisé": st.column_config.CheckboxColumn("Réalisé"),
        "Clos": st.column_config.CheckboxColumn("Clos"),
        "Engagements": st.column_config.TextColumn("Engagements", disabled=True),
    })
    st.button("Enregistrer la liste des statuts", type="primary", icon=":material/save:",
              **actions.on_click(actions.save_statuses, actions.statuses_saved, actor=actor,
                                 read=actions.read_statuses(editor_key, status_list), campaign_id=campaign_id))
    st.markdown("**Ordre des statuts**")
    order = [s.id for s in status_list]
    for index, status in enumerate(status_list):
        line = st.container(horizontal=True, gap="small", vertical_alignment="center")
        line.markdown(f"{index + 1}. {widgets.markdown_text(status.label)}")
        line.button("Monter", icon=":material/arrow_upward:", key=f"statut_monter_{status.id}", disabled=index == 0,
                    **actions.on_click(actions.move_status, f"« {status.label} » monte d'un rang.", actor=actor,
                                       campaign_id=campaign_id, order=order, index=index, step=-1))
        line.button("Descendre", icon=":material/arrow_downward:", key=f"statut_descendre_{status.id}",
                    disabled=index == len(order) - 1,
                    **actions.on_click(actions.move_status, f"« {status.label} » descend d'un rang.", actor=actor,
                                       campaign_id=campaign_id, order=order, index=index, step=1))


def news_delay(*, actor: Actor, campaign_id: int, months: int) -> None:
    """N of « Sans nouvelles depuis N mois »: a campaign setting only administrators change."""
    if not actor.is_admin:
        st.caption(f"Délai de relance : {formatting.plural(months, 'mois', 'mois')} (réglage de la campagne, "
                   "modifiable par un administrateur).")
        return
    low, high = NEWS_MONTHS_RANGE
    line = st.container(horizontal=True, gap="small", vertical_alignment="bottom")
    line.number_input("Délai de relance (mois sans nouvelles)", min_value=low, max_value=high, value=months, step=1,
                      key=f"engagements_delai_{months}", width=260)
    line.button("Enregistrer le délai", icon=":material/save:",
                **actions.on_click(writes.set_news_months, "Délai de relance enregistré.", actor=actor,
                                   read=lambda: {"months": int(actions.value(f"engagements_delai_{months}", months))},
                                   campaign_id=campaign_id))


def csv_export(*, actor: Actor, campaign_id: int) -> None:
    data, count = readers.export_file(campaign_id, actor)
    st.download_button(f"Télécharger les engagements (CSV, {formatting.plural(count, 'ligne')})", data=data,
                       file_name=f"engagements-{dt.date.today().isoformat()}.csv", mime="text/csv",
                       icon=":material/download:", on_click="ignore", key="engagements_export")
    st.caption("Le même fichier se réimporte : modifiez-le dans un tableur (séparateur « ; », UTF-8) puis importez-le "
               "ci-dessous. La colonne « identifiant » relie chaque ligne à son engagement : une ligne sans "
               "identifiant crée un engagement, une ligne connue le met à jour, sans doublon.")


def show_report(report: CommitmentImportReport) -> None:
    """As the grid import shows it: the summary, the errors by row and column, what each row does."""
    if report.ok:
        st.success(report.summary(), icon=":material/check_circle:")
    else:
        st.error(report.summary(), icon=":material/error:")
    st.caption(f"Fichier : {widgets.markdown_text(report.filename)} — empreinte SHA-256 {report.sha256[:16]}…")
    issues, plan = tables.import_tables(report)
    if not issues.empty:
        st.markdown("**Rapport par ligne et par colonne**")
        widgets.table(issues)
    if not plan.empty:
        with st.expander(f"Ce que l'import {'a fait' if report.applied else 'ferait'} "
                         f"({formatting.plural(len(plan), 'ligne')})", expanded=report.ok):
            widgets.table(plan)
    st.download_button("Télécharger le rapport (CSV)", data=report.report_csv(), file_name="rapport-import-engagements.csv",
                       mime="text/csv", icon=":material/download:", on_click="ignore",
                       key=f"engagements_rapport_{report.applied}")


def csv_import(*, actor: Actor, campaign_id: int) -> None:
    """Upload, simulation (nothing written), then « Importer »: all or nothing."""
    if not actor.can_edit:
        return
    uploaded = st.file_uploader("Fichier CSV des engagements (les colonnes de l'export)", type=["csv"],
                                key=actions.IMPORT_FILE)
    if uploaded is None:
        state.set_commitments_import(None)
        return
    kept = state.commitments_import()
    if kept is not None and kept[0] == uploaded.file_id:
        report: CommitmentImportReport = kept[1]
    else:
        report = readers.dry_run(actor=actor, campaign_id=campaign_id, data=uploaded.getvalue(),
                                 filename=uploaded.name)
        state.set_commitments_import((uploaded.file_id, report))
    st.markdown("**Résultat de l'import**" if report.applied else "**Simulation** (rien n'est encore enregistré)")
    show_report(report)
    changes = any(outcome.action != "inchangé" for outcome in report.outcomes)
    if report.ok and not report.applied and changes:
        st.button("Importer", type="primary", icon=":material/upload:",
                  **actions.on_click(actions.run_import, actions.imported, actor=actor, read=actions.read_import,
                                     campaign_id=campaign_id))
    elif report.ok and not report.applied:
        st.info("Ce fichier ne change rien aux engagements enregistrés.", icon=":material/info:")
