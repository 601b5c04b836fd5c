"""The online grid on /espace: a form built from the grid definition (the XLSX template's own), a
draft saved as it is, and a filing checked like an import."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.space import filing
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access.access import Actor
from data_access.errors import UserFacingError
from data_access.intake.grid import GridDefinition, Question, Section, load_definition
from data_access.models import FilingStatus
from data_access.space.filing import NOT_ASKED, OwnFiling, unfinished_rows

NONCE = "grille_en_ligne"
SINGULAR = {"sessions": "session", "propositions": "proposition"}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _label(question: Question) -> str:
    return question.label + (" *" if question.required else "")


def _widget(definition: GridDefinition, question: Question, default: Any, key: str, chapters: list[str]) -> Any:
    label = _label(question)
    if question.type == "short_text":
        return st.text_input(label, value=default or "", help=question.help, key=key, max_chars=300)
    if question.type == "long_text":
        return st.text_area(label, value=default or "", help=question.help, key=key)
    if question.type == "single_choice":
        options = definition.choices(question, chapters)
        return st.selectbox(label, options=options, index=options.index(default) if default in options else None,
                            key=key, placeholder="Choisissez…", help=question.help)
    if question.type == "multiple_choice":
        options = definition.choices(question, chapters)
        return st.multiselect(label, options=options, default=[v for v in (default or []) if v in options], key=key,
                              placeholder="Choisissez une ou plusieurs réponses…", help=question.help)
    if question.type == "integer":
        return st.number_input(label, min_value=question.minimum, value=default, step=1, key=key, help=question.help)
    if question.type == "date":
        return st.date_input(label, value=_date(default), format="DD/MM/YYYY", key=key, help=question.help)
    if question.type == "yes_no":
        answers: list[Any] = [True, False]
        return st.radio(label, options=answers, index=answers.index(default) if default in answers else None,
                        format_func=lambda v: "Oui" if v else "Non", horizontal=True, key=key, help=question.help)
    return None


def _column(definition: GridDefinition, question: Question, chapters: list[str]) -> Any:
    label = _label(question)
    config = st.column_config
    if question.type == "date":
        return config.DateColumn(label, format="DD/MM/YYYY")
    if question.type == "single_choice":
        return config.SelectboxColumn(label, options=definition.choices(question, chapters))
    if question.type == "multiple_choice":
        return config.MultiselectColumn(label, options=definition.choices(question, chapters))
    if question.type == "integer":
        return config.NumberColumn(label, min_value=question.minimum, step=1, format="%d")
    if question.type == "yes_no":
        return config.CheckboxColumn(label)
    return config.TextColumn(label, width="large" if question.type == "long_text" else "medium")


def _frame(section: Section, rows: list[dict[str, Any]]) -> pd.DataFrame:
    def cell(question: Question, value: Any) -> Any:
        if question.type == "date":
            return _date(value)
        if question.type == "multiple_choice":
            return list(value or [])
        return value
    frame = pd.DataFrame([{q.id: cell(q, row.get(q.id)) for q in section.questions} for row in rows],
                         columns=[q.id for q in section.questions])
    for question in section.questions:  # typed empty columns: the editor offers the right widget
        if question.type == "integer":
            frame[question.id] = frame[question.id].astype("Int64")
        elif question.type in {"short_text", "long_text", "single_choice"}:
            frame[question.id] = frame[question.id].astype("object")
    return frame


def _plain(value: Any) -> Any:
    """A cell of the editor as JSON: no NaN, no NumPy numbers, dates in ISO."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
        if isinstance(value, list):
            return [str(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _status(own: OwnFiling, *, just_saved: bool = False) -> None:
    if just_saved and own.status is FilingStatus.BROUILLON:
        pass  # « Brouillon enregistré (version n)… » just shown above says it: one message in one box (item 20)
    elif own.status is None:
        st.caption("Pas encore commencée : le formulaire reprend ce que la commission a déjà enregistré pour "
                   "votre territoire.")
    elif own.status is FilingStatus.BROUILLON:
        last = own.history[0].updated_at if own.history else None
        when = (f"le {formatting.paris_time(last, pattern='%d/%m/%Y à %H h %M')} ({formatting.TIME_ZONE})"
                if last else "")
        st.info(f"Brouillon (version {own.version}) enregistré {when} : il n'est pas encore transmis à la commission.",
                icon=":material/edit_note:")
    elif own.status is FilingStatus.DEPOSEE:
        filed = own.history[0].submitted_at if own.history else None
        st.success(f"Grille déposée le {formatting.date(filed.date() if filed else None)} (version {own.version}) : "
                   "la commission l'examine.", icon=":material/task:")
    elif own.status is FilingStatus.VALIDEE:
        st.success(f"Grille validée par la commission (version {own.version}).", icon=":material/verified:")
    if own.returned_comment:
        st.warning("La commission vous a renvoyé la grille pour la compléter :\n\n"
                   + widgets.markdown_text(own.returned_comment), icon=":material/undo:")


def render(actor: Actor, participation_id: int) -> None:
    """The « Remplir la grille en ligne » section of a territory's space."""
    st.header("Grille d'information")
    flash = state.grid_flash()
    if flash:
        st.success(flash, icon=":material/check_circle:")
    unfinished = state.grid_warnings()
    if unfinished:
        st.warning("Des lignes du brouillon ont une case obligatoire vide. Si vous l'aviez remplie, saisissez-la "
                   "de nouveau et validez-la (touche Entrée ou clic sur une autre case) avant d'enregistrer :\n\n"
                   + "\n".join(f"- {widgets.markdown_text(message)}" for message in unfinished),
                   icon=":material/warning:")
    refused = state.notice("grille")  # shown under the buttons the person just clicked
    own = filing.own_filing(actor, participation_id)
    definition = load_definition(own.grid_version)
    _status(own, just_saved=bool(flash))
    if own.stale:
        st.warning("La commission a enregistré entre-temps une autre version de votre grille (import d'un fichier). "
                   "Repartez de la grille enregistrée avant de déposer : vos réponses en cours seront remplacées.",
                   icon=":material/sync_problem:")
        st.button("Repartir de la grille enregistrée", icon=":material/restart_alt:", on_click=_restart_on_click,
                  args=(actor, participation_id))
    if not own.editable:
        widgets.show_notice(refused)
        if own.locked_reason and own.status is None:
            st.info(own.locked_reason, icon=":material/lock:")
        elif own.locked_reason:
            st.caption(own.locked_reason)
        _history(actor, own)
        return
    _form(actor, participation_id, own, definition)
    widgets.show_notice(refused)
    _history(actor, own)


def _form(actor: Actor, participation_id: int, own: OwnFiling, definition: GridDefinition) -> None:
    chapters = list(own.chapters)
    answers = own.answers
    # The charter signed above the form (same page, no reload) fills its charter answers: widgets keep
    # the value of their key, so the signature date is part of the key and they are drawn afresh.
    signed = str(answers.get("charte_date") or "") if answers.get("charte_signee") else ""
    prefix = f"grille_v{own.version}_{state.widget_nonce(NONCE)}_{signed}"
    st.caption("Les réponses marquées * sont obligatoires pour déposer la grille. « Enregistrer le brouillon » "
               "garde vos réponses telles quelles, même incomplètes ; vous pouvez revenir plus tard avec votre lien.")
    with st.form(f"{prefix}_formulaire", enter_to_submit=False):
        for section in definition.sections:
            st.subheader(section.title)
            if section.repeated:
                singular = SINGULAR.get(section.id, "ligne")
                st.caption(f"Une ligne par {singular} : cliquez dans la dernière ligne, vide, pour en ajouter une ; "
                           "cochez la case au début d'une ligne puis la corbeille, en haut du tableau, pour la retirer.")
                widgets.editable_table(
                    _frame(section, list(answers.get(section.id) or [])), num_rows="dynamic",
                    key=f"{prefix}_{section.id}",
                    column_config={q.id: _column(definition, q, chapters) for q in section.questions})
                continue
            for question in section.questions:
                if question.id in NOT_ASKED:
                    continue
                _widget(definition, question, answers.get(question.id), f"{prefix}_{question.id}", chapters)
        left, right = st.columns(2)
        # Saved or filed in the buttons' callbacks, from the widgets' state: one script run per click
        # (issue 26), and the page drawn after it already shows the new version.
        form = (actor, participation_id, definition, answers, prefix)
        left.form_submit_button("Enregistrer le brouillon", icon=":material/save:", width="stretch",
                                on_click=_save_draft_on_click, args=form)
        right.form_submit_button("Déposer la grille", type="primary", icon=":material/send:", width="stretch",
                                 on_click=_file_on_click, args=form)


def _typed_values(definition: GridDefinition, answers: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The form as the person left it at click time, read from its widgets' state: a question's
    widget holds its value; a table's editor holds its changes (edited, added and deleted rows),
    applied here to the rows it was drawn from."""
    values: dict[str, Any] = {}
    for section in definition.sections:
        if section.repeated:
            values[section.id] = _edited_rows(section, list(answers.get(section.id) or []),
                                              state.widget_value(f"{prefix}_{section.id}"))
            continue
        for question in section.questions:
            if question.id in NOT_ASKED:
                continue
            value = state.widget_value(f"{prefix}_{question.id}")
            values[question.id] = value.isoformat() if isinstance(value, dt.date) else value
    return values


def _edited_rows(section: Section, stored: list[dict[str, Any]], changes: Any) -> list[dict[str, Any]]:
    records = widgets.edited_records(_frame(section, stored).astype("object").to_dict("records"), changes,
                                     [q.id for q in section.questions])
    return [{str(k): _plain(v) for k, v in record.items()} for record in records]


def _restart_on_click(actor: Actor, participation_id: int) -> None:
    try:
        filing.restart_draft(actor, participation_id)
    except UserFacingError as exc:
        state.set_notice("grille", "error", str(exc))
    else:
        state.bump_widget_nonce(NONCE)
        state.set_grid_flash("Le brouillon reprend la grille enregistrée par la commission.")


def _save_draft_on_click(actor: Actor, participation_id: int, definition: GridDefinition, answers: dict[str, Any],
                         prefix: str) -> None:
    values = _typed_values(definition, answers, prefix)
    try:
        version = filing.save_draft(actor, participation_id, values)
    except UserFacingError as exc:
        state.set_notice("grille", "error", str(exc))
    else:
        state.set_grid_flash(f"Brouillon enregistré (version {version}). Il n'est pas encore transmis à la "
                             "commission.")
        state.set_grid_warnings(unfinished_rows(values, definition))


def _file_on_click(actor: Actor, participation_id: int, definition: GridDefinition, answers: dict[str, Any],
                   prefix: str) -> None:
    values = _typed_values(definition, answers, prefix)
    try:
        outcome = filing.file_grid(actor, participation_id, values)
    except UserFacingError as exc:
        state.set_notice("grille", "error", str(exc))
        return
    if not outcome.ok:
        state.set_notice(
            "grille", "error", "La grille n'a pas été déposée : "
            + formatting.plural(len(outcome.errors), "point à corriger", "points à corriger")
            + ". Vos réponses sont toujours dans le formulaire ; « Enregistrer le brouillon » les garde.\n\n"
            + "\n".join(f"- {widgets.markdown_text(message)}" for message in outcome.errors))
        return
    state.set_grid_flash(f"Merci : votre grille est déposée (version {outcome.version}). La commission la voit "
                         "dès maintenant ; elle la validera ou vous la renverra avec un commentaire.")


def _history(actor: Actor, own: OwnFiling) -> None:
    filed = [h for h in own.history if h.status is not FilingStatus.BROUILLON]
    if not filed:
        return
    answers = filing.own_filed_versions(actor, own.participation_id)
    with st.expander(f"Versions déposées ({len(filed)})"):
        for item in filed:
            line = (f"**Version {item.version}** — {item.status_label}, déposée le "
                    f"{formatting.date(item.submitted_at.date() if item.submitted_at else None)}")
            if item.reviewed_at:
                line += f", examinée le {formatting.date(item.reviewed_at.date())}"
            st.markdown(line + ".")
            if item.review_comment:
                st.caption(f"Commentaire de la commission : {widgets.markdown_text(item.review_comment)}")
            # Each filed version stays readable as filed (docs/espace-territoire.md).
            if st.toggle(f"Relire la version {item.version}", key=f"relire_version_{item.version}"):
                for section in answers.get(item.version, ()):
                    st.markdown(f"**{widgets.markdown_text(section.title)}**")
                    st.markdown("\n".join(f"- {widgets.markdown_text(a.label)} : {widgets.markdown_text(a.text)}"
                                           for a in section.answers))
