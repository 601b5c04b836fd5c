"""Saisie et correction: one territory's participation, grid answers and proposals, with the import's checks."""

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.access import auth
from dashboard.intake import actions
from dashboard.text import formatting
from dashboard.ui import widgets
from dashboard.ui.territory_picker import choose_territory
from data_access import intake
from data_access.errors import UserFacingError
from data_access.intake.grid import load_definition
from data_access.territories import reference
from data_access.territories.reference import KIND_LABELS

SKIPPED = {"territoire", "territoire_code", "type_collectivite", "pays", "latitude", "longitude"}

actor = auth.current_actor()
st.title("Saisie et correction")
campaign = widgets.campaign_selector()
if campaign is None:
    widgets.empty_state("Aucune campagne n'existe encore : importez un premier fichier de grilles.")
    st.stop()
definition = load_definition()
chapters = list(campaign.default_chapters) or actions.campaign_chapters()

mode = st.radio("Que voulez-vous faire ?", ["Corriger un territoire engagé", "Enregistrer un nouveau territoire"],
                horizontal=True, key="saisie_mode")
if mode == "Corriger un territoire engagé":
    labels = actions.participation_choices(campaign.id)
    if not labels:
        widgets.empty_state("Aucun territoire n'est encore engagé dans cette campagne.")
        st.stop()
    participation_id = st.selectbox("Territoire", options=list(labels), format_func=labels.__getitem__,
                                    key="saisie_territoire", placeholder="Choisissez un territoire…")
    if participation_id is None:
        st.stop()
    values = actions.entry_values(campaign.id, int(participation_id))
    form_key = f"p{participation_id}"
    territory_label = labels[participation_id]
else:
    query = st.text_input("Nom, code INSEE ou SIREN de la collectivité", max_chars=300, key="saisie_nouveau")
    if not query.strip():
        st.stop()
    resolution = actions.resolve_territory(query)
    picked = choose_territory(resolution, key="saisie_nouveau_choix")
    if picked is None:
        st.stop()
    values = actions.EntryValues(territory={"type_collectivite": KIND_LABELS[picked.kind], "territoire": picked.name,
                                              "territoire_code": picked.code}, sessions=[], proposals=[])
    form_key = f"n{picked.kind}{picked.code}"
    territory_label = reference.territory_label(name=picked.name, kind=picked.kind, code=picked.code)

current = values.territory
st.caption(f"Territoire : {widgets.markdown_text(territory_label)}")
if mode == "Corriger un territoire engagé":
    st.download_button("Télécharger sa grille pré-remplie (XLSX)",
                       data=actions.territory_template(campaign.id, int(participation_id)),
                       file_name=actions.territory_template_name(str(current.get("territoire", ""))),
                       mime=actions.XLSX_MIME, icon=":material/download:", key="saisie_grille",
                       help="Les réponses actuelles du territoire dans le modèle : corrigez-le puis importez-le ; "
                            "les cellules inchangées ne modifient rien.")


def _widget(question, default, key):  # type: ignore[no-untyped-def]
    label = question.label + (" *" if question.required else "")
    if question.type == "short_text":
        return st.text_input(label, value=default or "", help=question.help, key=key, max_chars=300)
    if question.type == "long_text":
        return st.text_area(label, value=default or "", help=question.help, key=key)
    if question.type == "single_choice":
        options = definition.choices(question, chapters) if question not in intake.TRACKING_QUESTIONS else list(
            question.choices)
        return st.selectbox(label, options=options, index=options.index(default) if default in options else None,
                            key=key, placeholder="—")
    if question.type == "multiple_choice":
        options = definition.choices(question, chapters)
        return st.multiselect(label, options=options, default=[v for v in (default or []) if v in options], key=key,
                              placeholder="—")
    if question.type == "integer":
        return st.number_input(label, min_value=question.minimum, value=default, step=1, key=key)
    if question.type == "date":
        return st.date_input(label, value=actions.iso(default), format="DD/MM/YYYY", key=key)
    if question.type == "yes_no":
        options = [True, False]
        return st.radio(label, options=options, index=options.index(default) if default in options else None,
                        format_func=lambda v: "Oui" if v else "Non", horizontal=True, key=key)
    return None


slots: dict[str, Any] = {}
with st.form(f"saisie_{form_key}"):
    answers = {k: current.get(k) for k in ("type_collectivite", "territoire", "territoire_code", "pays", "latitude",
                                           "longitude")}
    st.subheader("Étape et dates")
    columns = st.columns(3)
    for column, question in zip(columns, intake.TRACKING_QUESTIONS[1:4], strict=True):
        with column:
            answers[question.id] = _widget(question, current.get(question.id), f"{form_key}_{question.id}")
            slots[question.label] = st.empty()
    for section in definition.sections:
        if section.repeated:
            continue
        st.subheader(section.title)
        for question in section.questions:
            if question.id in SKIPPED:
                continue
            answers[question.id] = _widget(question, current.get(question.id), f"{form_key}_{question.id}")
            slots[question.label] = st.empty()  # this field's messages, filled after « Vérifier » / « Enregistrer »

    st.subheader("Sessions de concertation")
    st.caption("Une ligne par session ; publics séparés par « ; ». Toutes les sessions du territoire sont ici : "
               "une ligne supprimée retire la session.")
    sessions_frame = pd.DataFrame([{
        "date": actions.iso(s.get("sessions.date")), "format": s.get("sessions.format"),
        "publics": " ; ".join(s.get("sessions.publics") or []), "participants": s.get("sessions.participants"),
        "lieu": s.get("sessions.lieu")} for s in values.sessions],
        columns=["date", "format", "publics", "participants", "lieu"])
    edited_sessions = widgets.editable_table(
        sessions_frame, num_rows="dynamic", key=f"{form_key}_sessions",
        column_config={
            "date": st.column_config.DateColumn("Date", format="DD/MM/YYYY", required=True),
            "format": st.column_config.SelectboxColumn("Format", options=definition.formats, required=True),
            "publics": st.column_config.TextColumn("Publics", help=" ; ".join(definition.publics)),
            "participants": st.column_config.NumberColumn("Participants", min_value=0, step=1),
            "lieu": st.column_config.TextColumn("Lieu"),
        },
    )
    sessions_slot = st.empty()
    st.subheader("Propositions")
    st.caption("Une ligne supprimée retire la proposition : elle n'est pas effacée et reste citée par le "
               "manifeste, marquée « retirée par le territoire ».")
    proposals_frame = pd.DataFrame([{
        "texte": p.get("propositions.texte"), "chapitre": p.get("propositions.chapitre"),
        "themes": " ; ".join(p.get("propositions.themes") or [])} for p in values.proposals],
        columns=["texte", "chapitre", "themes"])
    edited_proposals = widgets.editable_table(
        proposals_frame, num_rows="dynamic", key=f"{form_key}_propositions",
        column_config={
            "texte": st.column_config.TextColumn("Proposition", required=True, width="large"),
            "chapitre": st.column_config.SelectboxColumn("Chapitre du manifeste", options=chapters, required=True),
            "themes": st.column_config.TextColumn("Thèmes", help=" ; ".join(definition.themes)),
        },
    )
    proposals_slot = st.empty()
    left, right = st.columns(2)
    check = left.form_submit_button("Vérifier sans enregistrer", icon=":material/rule:")
    save = right.form_submit_button("Enregistrer", type="primary", icon=":material/save:")

if check or save:
    def _cell(value):  # type: ignore[no-untyped-def]
        return None if value is None or (not isinstance(value, (list, str)) and pd.isna(value)) else value

    session_rows = [{**{k: answers[k] for k in ("type_collectivite", "territoire", "territoire_code")},
                     "sessions.date": _cell(r["date"]), "sessions.format": _cell(r["format"]),
                     "sessions.publics": _cell(r["publics"]), "sessions.participants": _cell(r["participants"]),
                     "sessions.lieu": _cell(r["lieu"])} for r in edited_sessions.to_dict("records")]
    proposal_rows = [{**{k: answers[k] for k in ("type_collectivite", "territoire", "territoire_code")},
                      "propositions.texte": _cell(r["texte"]), "propositions.chapitre": _cell(r["chapitre"]),
                      "propositions.themes": _cell(r["themes"])} for r in edited_proposals.to_dict("records")]
    territory = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in answers.items()}
    try:
        report = actions.submit_entry(actor=actor, territory=territory, sessions=session_rows,
                                        proposals=proposal_rows, dry_run=not save)
    except UserFacingError as exc:
        st.error(str(exc))
    else:
        # Each message once, next to what it is about: under its field or table, the rest in one list.
        placed = actions.field_messages(report, set(slots))

        def _show(slot: Any, messages: list[tuple[str, str]]) -> None:
            text = "\n".join(f"- {widgets.markdown_text(message)}" for _, message in messages)
            if any(level == "erreur" for level, _ in messages):
                slot.error(text, icon=":material/error:")
            else:
                slot.warning(text, icon=":material/warning:")

        for label, messages in placed.by_field.items():
            _show(slots[label], messages)
        if placed.sessions:
            _show(sessions_slot, placed.sessions)
        if placed.proposals:
            _show(proposals_slot, placed.proposals)
        if report.ok:
            changes = "; ".join(c for p in report.plans for c in p.changes) or "aucun changement"
            message = "Enregistré" if save else "Vérification réussie (rien n'est enregistré)"
            st.success(f"{message} : {widgets.markdown_text(changes)}.", icon=":material/check_circle:")
        else:
            st.error(f"Rien n'a été enregistré : {formatting.plural(len(report.errors), 'erreur')} à corriger, "
                     "signalées sous les champs concernés."
                     + "".join(f"\n- {widgets.markdown_text(m)}" for _, m in placed.general),
                     icon=":material/error:")
        if report.ok and placed.general:
            _show(st.empty(), placed.general)
