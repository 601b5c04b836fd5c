"""Streamlit pieces of the « Suivi des engagements »: filters, a commitment's sheet with its forms,
the « Nouvel engagement » form. Every button runs its write in its ``on_click`` callback
(``actions.on_click``); the page only places these pieces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from dashboard.commitments import actions, readers, tables
from dashboard.text import formatting
from dashboard.ui import widgets
from data_access.access import Actor
from data_access.commitments import writes
from data_access.commitments.models import COMMITTER_KIND_LABELS, CommitterKind
from data_access.commitments.views import (
    CommitmentDetail,
    CommitmentFilters,
    CommitmentInput,
    CommitmentRow,
    ItemRef,
    StatusView,
)
from data_access.territories import reference

KIND_LABELS = {kind.value: label for kind, label in COMMITTER_KIND_LABELS.items()}
VALIDATION_CHOICES = {"tous": "Validés ou non", "valides": "Validés seulement", "a_valider": "À valider seulement"}
AUTO_LABEL = "Avancement automatique"
AUTO_HELP = ("Celui du statut (« en cours » : 50 %), ou la moyenne des sous-engagements quand il y en a. "
             "Décochez pour saisir l'avancement à la main.")
DATE_FORMAT = "DD/MM/YYYY"


def item_label(item: ItemRef) -> str:
    return f"{item.number} {item.wording}"


def filter_bar(items: Sequence[ItemRef], status_list: Sequence[StatusView]) -> CommitmentFilters:
    """The page's filters, folded under one expander (a phone keeps the figures in view)."""
    sections = {item.section_id: f"{item.number.split('.')[0]}. {item.section_title}" for item in items}
    by_item = {item.id: item_label(item) for item in items}
    statuses = {status.id: status.label for status in status_list}
    regions = reference.region_names()
    with st.expander("Filtrer les engagements", icon=":material/filter_list:"):
        first, second = st.columns(2)
        chosen_sections = first.multiselect("Section du manifeste", list(sections), format_func=sections.__getitem__,
                                            placeholder="Toutes les sections", key="engagements_f_sections")
        chosen_items = second.multiselect("Élément du manifeste", list(by_item), format_func=by_item.__getitem__,
                                          placeholder="Tous les éléments", key="engagements_f_elements")
        chosen_statuses = first.multiselect("Statut", list(statuses), format_func=statuses.__getitem__,
                                            placeholder="Tous les statuts", key="engagements_f_statuts")
        kinds = second.multiselect("Porteur", list(KIND_LABELS), format_func=KIND_LABELS.__getitem__,
                                   placeholder="Tous les porteurs", key="engagements_f_porteurs")
        chosen_regions = first.multiselect("Région", sorted(regions, key=regions.__getitem__),
                                           format_func=regions.__getitem__, placeholder="Toutes les régions",
                                           key="engagements_f_regions")
        validation = second.selectbox("Validation", list(VALIDATION_CHOICES), format_func=VALIDATION_CHOICES.__getitem__,
                                      key="engagements_f_validation")
        text = st.text_input("Rechercher", placeholder="Titre, description, porteur ou identifiant",
                             key="engagements_f_texte")
    return CommitmentFilters(item_ids=tuple(chosen_items), section_ids=tuple(chosen_sections),
                             status_ids=tuple(chosen_statuses), committer_kinds=tuple(kinds),
                             reg_codes=tuple(chosen_regions),
                             validated={"tous": None, "valides": True, "a_valider": False}[validation], text=text)


def _progress_fields(prefix: str, *, progress: int | None, container: st.delta_generator.DeltaGenerator) -> None:
    auto = container.checkbox(AUTO_LABEL, value=progress is None, help=AUTO_HELP, key=prefix + "auto")
    if not auto:
        container.slider("Avancement (%)", 0, 100, value=progress or 0, step=5, key=prefix + "avancement")


def create_form(*, actor: Actor, campaign_id: int, items: Sequence[ItemRef], status_list: Sequence[StatusView],
                territories: Sequence[tuple[int, str]], rows: Sequence[CommitmentRow]) -> None:
    """« Nouvel engagement »: under a manifesto item (or under another commitment), by the commission,
    a partner network or a territory."""
    if not items:
        widgets.empty_state("Le manifeste n'a encore aucun élément : un engagement répond toujours à un élément. "
                            "Ajoutez-en depuis l'Atelier du manifeste.")
        return
    if not status_list:
        st.info("La campagne n'a pas encore de statuts d'engagement.", icon=":material/info:")
        st.button("Créer les statuts par défaut (prévu, en cours, réalisé, abandonné)", icon=":material/playlist_add:",
                  **actions.on_click(actions.ensure_statuses, "Statuts par défaut créés.", actor=actor,
                                     campaign_id=campaign_id))
        return
    new = actions.NEW
    by_item = {item.id: item_label(item) for item in items}
    parents = {row.id: tables.commitment_label(row) for row in rows if not row.withdrawn}
    statuses = {status.id: status.label for status in status_list}
    names = dict(territories)
    with st.container(border=True):
        parent = st.selectbox("Sous-engagement de", [None, *parents],
                              format_func=lambda i: "Aucun : un engagement sous un élément du manifeste" if i is None
                              else parents[i], key=new + "parent")
        if parent is None:
            st.selectbox("Élément du manifeste", list(by_item), format_func=by_item.__getitem__, key=new + "element")
        kind = st.radio("Qui s'engage", list(KIND_LABELS), format_func=KIND_LABELS.__getitem__, horizontal=True,
                        key=new + "porteur")
        if kind == CommitterKind.RESEAU.value:
            st.text_input("Nom du réseau partenaire", max_chars=200, key=new + "reseau",
                          placeholder="Ex. : France urbaine")
        elif kind == CommitterKind.TERRITOIRE.value:
            st.selectbox("Territoire qui s'engage", list(names), format_func=names.__getitem__, index=None,
                         placeholder="Choisissez un territoire engagé", key=new + "territoire")
        st.text_input("Titre de l'engagement", max_chars=300, key=new + "titre",
                      placeholder="Ex. : Former 200 agents à l'IA d'ici fin 2026")
        st.text_area("Description", key=new + "description", height=100)
        left, middle, right = st.columns(3)
        left.selectbox("Statut", list(statuses), format_func=statuses.__getitem__, key=new + "statut")
        middle.date_input("Début", value=None, format=DATE_FORMAT, key=new + "debut")
        right.date_input("Fin prévue", value=None, format=DATE_FORMAT, key=new + "fin")
        _progress_fields(new, progress=None, container=st.container())
        st.multiselect("Autres territoires concernés", list(names), format_func=names.__getitem__,
                       placeholder="Aucun", key=new + "concernes")
        st.button("Créer l'engagement", type="primary", icon=":material/add_task:",
                  **actions.on_click(actions.create, actions.created, actor=actor, read=actions.read_new,
                                     after=actions.clear_new, campaign_id=campaign_id))


def _facts(detail: CommitmentDetail) -> str:
    row = detail.row
    lines = [
        f"**Élément du manifeste** : {widgets.markdown_text(tables.item_label(row))}",
        f"**Porteur** : {widgets.markdown_text(row.committer_label)} ({widgets.markdown_text(row.committer_kind_label)})",
        f"**Statut** : {widgets.markdown_text(row.status_label)} — avancement {formatting.percent(row.progress / 100)}"
        + (" (saisi à la main)" if row.progress_set_by_hand else ""),
    ]
    if row.start_date or row.end_date:
        lines.append(f"**Calendrier** : du {formatting.abbreviated_date(row.start_date, empty='(non précisé)')} "
                     f"au {formatting.abbreviated_date(row.end_date, empty='(non précisé)')}")
    if row.parent_public_id:
        lines.append(f"**Sous-engagement de** {widgets.markdown_text(row.parent_public_id)}")
    if detail.validated_at is not None:
        who = f" par {widgets.markdown_text(detail.validated_by)}" if detail.validated_by else ""
        lines.append(f"**Validé** le {formatting.abbreviated_date(detail.validated_at.date())}{who} : visible du public")
    else:
        lines.append("**À valider** : pas encore visible du public")
    if row.withdrawn:
        lines.append("**Retiré** : l'engagement reste dans l'historique, hors des chiffres")
    lines.append(f"**Dernières nouvelles** : {formatting.abbreviated_date(row.last_news_on)}")
    if detail.territory_names:
        lines.append("**Territoires concernés** : " + ", ".join(widgets.markdown_text(n) for n in detail.territory_names))
    if detail.proposal_ids:
        lines.append(f"**Répond à** {formatting.plural(len(detail.proposal_ids), 'proposition')} des territoires")
    return "  \n".join(lines)


def detail_sheet(*, actor: Actor, detail: CommitmentDetail, status_list: Sequence[StatusView],
                 items: Sequence[ItemRef], territories: Sequence[tuple[int, str]]) -> None:
    """One commitment: facts, timeline, sub-commitments, history, and the commission's forms."""
    row = detail.row
    with st.container(border=True):
        st.subheader(f"{row.public_id} — {widgets.markdown_text(row.title)}")
        st.progress(row.progress / 100, text=f"Avancement : {formatting.percent(row.progress / 100)}")
        st.markdown(_facts(detail))
        if row.description:
            st.markdown(widgets.markdown_text(row.description))
        if actor.can_edit:
            _decisions(actor, row)
    st.markdown("**Actualités** (de la plus récente à la plus ancienne)")
    if detail.entries:
        widgets.table(tables.entries_table(detail.entries))
    else:
        st.caption("Aucune actualité datée pour l'instant.")
    if detail.children:
        st.markdown(f"**Sous-engagements** ({formatting.number(len(detail.children))})")
        widgets.table(tables.rows_table(detail.children, with_authors=actor.sees_personal_data),
                      column_config=tables.TITLE_COLUMN)
    with st.expander("Historique des versions", icon=":material/history:"):
        widgets.table(tables.history_table(readers.history(row.id, actor)))
    if actor.can_edit and not row.withdrawn:
        current = readers.form_input(row.id)
        _report_form(actor, row, status_list, current)
        _entry_form(actor, row)
        _edit_form(actor, row, current, status_list, items, territories)


def _decisions(actor: Actor, row: CommitmentRow) -> None:
    line = st.container(horizontal=True, gap="small")
    if not row.withdrawn:
        if row.validated:
            line.button("Retirer la validation", icon=":material/unpublished:", key=f"devalider_{row.id}",
                        **actions.on_click(writes.set_validated, f"Validation de « {row.title} » retirée : "
                                           "l'engagement n'est plus public.", actor=actor, commitment_id=row.id,
                                           expected_version=row.version, validated=False))
        else:
            line.button("Valider", type="primary", icon=":material/verified:", key=f"valider_{row.id}",
                        **actions.on_click(writes.set_validated, f"Engagement « {row.title} » validé : il est public.",
                                           actor=actor, commitment_id=row.id, expected_version=row.version))
    line.button("Rétablir l'engagement" if row.withdrawn else "Retirer l'engagement",
                icon=":material/restore:" if row.withdrawn else ":material/block:", key=f"retrait_{row.id}",
                help=None if row.withdrawn else "Un engagement n'est jamais supprimé : retiré, il garde son historique.",
                **actions.on_click(writes.set_withdrawn,
                                   f"Engagement « {row.title} » " + ("rétabli." if row.withdrawn else "retiré."),
                                   actor=actor, commitment_id=row.id, expected_version=row.version,
                                   withdrawn=not row.withdrawn))


def _report_form(actor: Actor, row: CommitmentRow, status_list: Sequence[StatusView], current: CommitmentInput) -> None:
    def key(name: str) -> str:
        return actions.form_key(row.id, row.version, "avancement_" + name)
    statuses = {status.id: status.label for status in status_list}
    with st.expander("Indiquer l'avancement", icon=":material/trending_up:"):
        st.selectbox("Statut", list(statuses), index=list(statuses).index(row.status_id) if row.status_id in statuses else 0,
                     format_func=statuses.__getitem__, key=key("statut"))
        _progress_fields(key(""), progress=current.progress, container=st.container())
        st.text_area("Actualité (facultative)", key=key("texte"), height=80,
                     placeholder="Ex. : délibération votée en conseil municipal")
        st.date_input("Date de l'actualité", value=dt.date.today(), max_value=dt.date.today(), format=DATE_FORMAT,
                      key=key("date"))
        st.button("Enregistrer l'avancement", type="primary", icon=":material/save:", key=key("bouton"),
                  **actions.on_click(writes.report_progress, f"Avancement de « {row.title} » enregistré.", actor=actor,
                                     read=actions.read_report(row.id, row.version), commitment_id=row.id,
                                     expected_version=row.version))


def _entry_form(actor: Actor, row: CommitmentRow) -> None:
    def key(name: str) -> str:
        return actions.form_key(row.id, row.version, "actualite_" + name)
    with st.expander("Ajouter une actualité datée", icon=":material/event_note:"):
        st.date_input("Date", value=dt.date.today(), max_value=dt.date.today(), format=DATE_FORMAT, key=key("date"))
        st.text_area("Ce qui a eu lieu", key=key("texte"), height=80, placeholder="Ex. : marché attribué")
        st.button("Ajouter l'actualité", icon=":material/add:", key=key("bouton"),
                  **actions.on_click(writes.add_entry, "Actualité ajoutée.", actor=actor,
                                     read=actions.read_entry(row.id, row.version),
                                     after=actions.clear_entry(row.id, row.version), commitment_id=row.id))


def _edit_form(actor: Actor, row: CommitmentRow, current: CommitmentInput, status_list: Sequence[StatusView],
               items: Sequence[ItemRef], territories: Sequence[tuple[int, str]]) -> None:
    def key(name: str) -> str:
        return actions.form_key(row.id, row.version, name)
    statuses = {status.id: status.label for status in status_list}
    by_item = {item.id: item_label(item) for item in items}
    names = dict(territories)
    with st.expander("Modifier l'engagement", icon=":material/edit:"):
        st.text_input("Titre de l'engagement", value=current.title, max_chars=300, key=key("titre"))
        st.text_area("Description", value=current.description, key=key("description"), height=120)
        if current.parent_id is None and current.item_id in by_item:
            st.selectbox("Élément du manifeste", list(by_item), index=list(by_item).index(current.item_id),
                         format_func=by_item.__getitem__, key=key("element"))
        left, middle, right = st.columns(3)
        left.selectbox("Statut", list(statuses), format_func=statuses.__getitem__, key=key("statut"),
                       index=list(statuses).index(current.status_id) if current.status_id in statuses else 0)
        middle.date_input("Début", value=current.start_date, format=DATE_FORMAT, key=key("debut"))
        right.date_input("Fin prévue", value=current.end_date, format=DATE_FORMAT, key=key("fin"))
        _progress_fields(key(""), progress=current.progress, container=st.container())
        concerned = [t for t in current.territory_ids if t in names]
        st.multiselect("Autres territoires concernés", list(names), default=concerned, format_func=names.__getitem__,
                       placeholder="Aucun", key=key("concernes"))
        st.button("Enregistrer les modifications", type="primary", icon=":material/save:", key=key("bouton"),
                  **actions.on_click(writes.update_commitment, f"Engagement « {row.title} » enregistré.", actor=actor,
                                     read=actions.read_edit(row.id, row.version, current), commitment_id=row.id,
                                     expected_version=row.version))
