"""« Nos engagements », in the territory's space: its commitments with status, progress, last news and
whether the commission validated them; a form to add one under a manifesto item and, on each, a form
to report progress. Writes run in the buttons' callbacks (``dashboard.space.commitments``)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.space import commitments
from dashboard.space.commitments import NEW, Notice
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access.access import Actor
from data_access.commitments.space import OwnCommitment, OwnCommitments

CREATE_NONCE = "engagement-nouveau"


def _notice(notice: Notice | None, where: str) -> None:
    if notice is None or notice.where != where:
        return
    if notice.refused:
        st.error(notice.message, icon=":material/sync_problem:" if notice.changes else ":material/error:")
        if notice.changes:
            st.markdown("\n".join(f"- {widgets.markdown_text(line)}" for line in notice.changes))
    else:
        st.success(notice.message, icon=":material/check_circle:")


def _badges(item: OwnCommitment) -> str:
    row = item.row
    if row.withdrawn:
        return ":gray-badge[Retiré]"
    status = f":blue-badge[{widgets.markdown_text(row.status_label.capitalize())}]"
    validation = (":green-badge[:material/verified: Validé par la commission : public]" if row.validated
                  else ":orange-badge[:material/hourglass_empty: En attente de validation par la commission]")
    return f"{status} {validation}"


def _news_line(item: OwnCommitment) -> str:
    if item.last_news is None:
        return ":gray[Pas encore d'actualité.]"
    return (f"**Dernière actualité** ({formatting.date(item.last_news.occurred_on)}) : "
            f"{widgets.markdown_text(item.last_news.text)}")


def _report_form(actor: Actor, data: OwnCommitments, item: OwnCommitment) -> None:
    row = item.row
    base = commitments.edit_base(row.id, row.version)
    nonce = state.widget_nonce(commitments.base_key(row.id))
    keys = {name: f"engagement-{row.id}-{name}-{nonce}"
            for name in ("status_id", "automatic", "progress", "news", "occurred_on")}
    status_ids = [s.id for s in data.statuses]
    labels = {s.id: f"{s.label.capitalize()} (avancement par défaut : {formatting.number(s.default_progress)}\u202f%)"
              for s in data.statuses}
    with st.form(f"engagement-avancement-{row.id}-{nonce}", enter_to_submit=False, border=False):
        st.selectbox("Statut", status_ids, index=status_ids.index(row.status_id) if row.status_id in status_ids else 0,
                     format_func=lambda sid: labels.get(sid, ""), key=keys["status_id"])
        st.checkbox("Avancement selon le statut (automatique)", value=not row.progress_set_by_hand,
                    key=keys["automatic"],
                    help="Décochez pour indiquer vous-même le pourcentage ci-dessous.")
        st.number_input("Avancement (%)", min_value=0, max_value=100, step=5, value=row.progress,
                        key=keys["progress"])
        st.text_area("Actualité (facultatif)", key=keys["news"], max_chars=4000,
                     placeholder="Par exemple : délibération votée en conseil municipal")
        st.date_input("Date de l'actualité", value=dt.date.today(), max_value=dt.date.today(), format="DD/MM/YYYY",
                      key=keys["occurred_on"])
        st.form_submit_button("Enregistrer l'avancement", type="primary", on_click=commitments.on_report,
                              kwargs={"actor": actor, "commitment_id": row.id, "current_version": base,
                                      "keys": keys})


def _card(actor: Actor, data: OwnCommitments, item: OwnCommitment, notice: Notice | None) -> None:
    row = item.row
    with st.container(border=True):
        st.markdown(f"**{widgets.markdown_text(row.title)}**  \n"
                    + (f":gray[Élément {row.item_number} du manifeste : {widgets.markdown_text(row.item_wording)}]"
                       if row.item_id is not None else f":gray[{widgets.markdown_text(row.item_wording)}]"))
        st.markdown(_badges(item))
        st.progress(max(0, min(row.progress, 100)) / 100, text=commitments.progress_text(row.progress))
        st.markdown(_news_line(item))
        if row.description:
            with st.expander("Description"):
                st.markdown(widgets.markdown_text(row.description))
        _notice(notice, str(row.id))
        if not row.withdrawn and data.statuses:
            with st.expander("Indiquer l'avancement", expanded=notice is not None and notice.where == str(row.id)):
                if notice is not None and notice.where == str(row.id) and notice.changes:
                    st.button("Reprendre sur la version actuelle", key=f"engagement-recharger-{row.id}",
                              on_click=commitments.reload, args=(row.id,))
                _report_form(actor, data, item)
            with st.expander("Modifier l'engagement", icon=":material/edit:"):
                _edit_form(actor, data, item)
        base = commitments.edit_base(row.id, row.version)
        st.button("Rétablir l'engagement" if row.withdrawn else "Retirer l'engagement",
                  icon=":material/restore:" if row.withdrawn else ":material/block:",
                  key=f"engagement-retrait-{row.id}",
                  help=None if row.withdrawn else "Un engagement n'est jamais supprimé : retiré, il garde son historique.",
                  on_click=commitments.on_withdraw, kwargs={"actor": actor, "commitment_id": row.id,
                                                             "current_version": base, "withdrawn": not row.withdrawn})


def _edit_form(actor: Actor, data: OwnCommitments, item: OwnCommitment) -> None:
    """What is promised (title, description, item, dates); a change the commission validated makes it
    validate again (said under the button)."""
    row = item.row
    base = commitments.edit_base(row.id, row.version)
    nonce = state.widget_nonce(commitments.base_key(row.id))
    keys = {name: f"engagement-{row.id}-modifier-{name}-{nonce}"
            for name in ("item_id", "title", "description", "start_date", "end_date")}
    items = {ref.id: f"{ref.number} — {ref.wording}" for ref in data.items}
    item_ids = list(items)
    with st.form(f"engagement-modifier-{row.id}-{nonce}", enter_to_submit=False, border=False):
        st.selectbox("Élément du manifeste", item_ids, format_func=lambda i: items.get(i, ""),
                     index=item_ids.index(row.item_id) if row.item_id in items else None,
                     placeholder="Choisissez l'élément auquel votre engagement répond", key=keys["item_id"])
        st.text_input("Titre de l'engagement", value=row.title, max_chars=300, key=keys["title"])
        st.text_area("Description (facultatif)", value=row.description, max_chars=20_000, key=keys["description"])
        left, right = st.columns(2)
        left.date_input("Date de début (facultatif)", value=row.start_date, format="DD/MM/YYYY",
                        key=keys["start_date"])
        right.date_input("Date de fin prévue (facultatif)", value=row.end_date, format="DD/MM/YYYY",
                         key=keys["end_date"])
        if row.validated:
            st.caption("Cet engagement est public : le modifier le fait repasser en attente de validation.")
        st.form_submit_button("Enregistrer les modifications", type="primary", on_click=commitments.on_edit,
                              kwargs={"actor": actor, "commitment_id": row.id, "current_version": base, "keys": keys})


def _create_form(actor: Actor, participation_id: int, data: OwnCommitments, notice: Notice | None) -> None:
    nonce = state.widget_nonce(CREATE_NONCE)
    keys = {name: f"engagement-nouveau-{name}-{nonce}"
            for name in ("item_id", "title", "description", "status_id", "start_date", "end_date")}
    items = {ref.id: f"{ref.number} — {ref.wording}" for ref in data.items}
    refused = notice is not None and notice.refused
    if not refused:  # a confirmation stays in sight: the form it came from folds away
        _notice(notice, NEW)
    with st.expander("Ajouter un engagement", icon=":material/add:", expanded=refused):
        if refused:
            _notice(notice, NEW)
        if not items:
            widgets.empty_state("Le manifeste n'a pas encore d'éléments : vous pourrez y rattacher vos engagements "
                                "dès que la commission les aura publiés.")
            return
        with st.form(f"engagement-nouveau-{nonce}", enter_to_submit=False, border=False):
            st.selectbox("Élément du manifeste", list(items), index=None, format_func=lambda i: items.get(i, ""),
                         placeholder="Choisissez l'élément auquel votre engagement répond", key=keys["item_id"])
            st.text_input("Titre de l'engagement", max_chars=300, key=keys["title"],
                          placeholder="Par exemple : former 200 agents à l'IA générative d'ici 2026")
            st.text_area("Description (facultatif)", max_chars=20_000, key=keys["description"])
            statuses = {s.id: s.label.capitalize() for s in data.statuses}
            if statuses:
                st.selectbox("Statut", list(statuses), format_func=lambda sid: statuses.get(sid, ""),
                             key=keys["status_id"])
            left, right = st.columns(2)
            left.date_input("Date de début (facultatif)", value=None, format="DD/MM/YYYY", key=keys["start_date"])
            right.date_input("Date de fin prévue (facultatif)", value=None, format="DD/MM/YYYY", key=keys["end_date"])
            st.form_submit_button("Ajouter l'engagement", type="primary", on_click=commitments.on_create,
                                  kwargs={"actor": actor, "participation_id": participation_id,
                                          "campaign_id": data.campaign_id, "keys": keys, "nonce_key": CREATE_NONCE})


def render(actor: Actor, participation_id: int) -> None:
    """The section, in the territory's space."""
    st.header("Nos engagements")
    st.write("Après le forum, chaque territoire suit ce qu'il s'est engagé à faire pour le manifeste. Ajoutez "
             "vos engagements, rattachés à un élément du manifeste, puis indiquez leur avancement au fil du "
             "temps. La commission valide chaque engagement avant qu'il paraisse sur la page publique.")
    notice = state.space_commitment_notice()
    data = commitments.own(actor, participation_id)
    if not data.commitments:
        widgets.empty_state("Votre territoire n'a pas encore d'engagement.")
    else:
        done = sum(1 for item in data.commitments if item.row.done and not item.row.withdrawn)
        active = sum(1 for item in data.commitments if not item.row.withdrawn)
        done_text = "aucun réalisé" if done == 0 else formatting.plural(done, "réalisé", "réalisés")
        st.caption(f"{formatting.plural(active, 'engagement suivi', 'engagements suivis')}, dont {done_text}.")
    for item in data.commitments:
        _card(actor, data, item, notice)
    _create_form(actor, participation_id, data, notice)
