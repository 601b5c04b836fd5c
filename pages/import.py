"""Import des grilles: template, upload, column mapping, ambiguous territories, dry run, import."""

import streamlit as st

from dashboard.access import auth
from dashboard.intake import actions as intake_actions
from dashboard.text import formatting
from dashboard.ui import widgets
from dashboard.ui.territory_picker import choose_territory
from data_access.config import limits
from data_access.errors import UserFacingError

actor = auth.current_actor()
st.title("Import des grilles")
campaigns = widgets.campaign_selector()
if campaigns is None:
    st.info("Aucune campagne n'existe encore : le premier import en créera une à partir des réglages par défaut "
            "(réservé aux administrateurs).", icon=":material/info:")
else:
    st.caption(f"Les fichiers sont importés dans la campagne la plus récente : {widgets.markdown_text(campaigns.name)}.")

steps = iter(range(1, 10))  # numbered as shown: the mapping step exists only for flat exports

with st.container(border=True):
    st.markdown(f"**{next(steps)}. Le modèle à remplir**")
    st.write("Un classeur XLSX généré depuis la grille : instructions, une feuille pour les territoires, "
             "une pour les sessions et une pour les propositions, avec listes déroulantes.")
    st.caption("Pour corriger un territoire déjà engagé, téléchargez plutôt sa grille pré-remplie depuis sa "
               "fiche ou la page « Saisie et correction » : la réimporter sans changement ne modifie rien.")
    st.download_button("Télécharger le modèle XLSX", data=intake_actions.template_bytes(tuple(intake_actions.campaign_chapters())),
                       file_name=intake_actions.TEMPLATE_FILE_NAME, mime=intake_actions.XLSX_MIME, icon=":material/download:")

max_mb = limits().upload_max_mb
st.markdown(f"**{next(steps)}. Le fichier à importer**")
uploaded = st.file_uploader(
    f"Modèle rempli (.xlsx), export CSV ou export d'un outil de formulaire — {max_mb} Mo au plus",
    type=["xlsx", "csv"], accept_multiple_files=False, key="import_fichier",
)
if uploaded is None:
    st.stop()

data = uploaded.getvalue()
upload = intake_actions.read_upload(data, uploaded.name)


def _show_report(report) -> None:  # type: ignore[no-untyped-def]
    issues, actions = intake_actions.report_tables(report)
    if report.ok:
        st.success(report.summary(), icon=":material/check_circle:")
    else:
        st.error(report.summary(), icon=":material/error:")
    st.caption(f"Fichier : {widgets.markdown_text(report.filename)} — empreinte SHA-256 {report.sha256[:16]}…")
    if report.errors or report.warnings:
        st.markdown("**Rapport par ligne et par colonne**")
        widgets.table(issues)
    if actions:
        with st.expander(f"Ce que l'import {'a fait' if report.applied else 'ferait'} "
                         f"({formatting.plural(len(actions), 'territoire')})", expanded=not report.errors):
            widgets.table(actions)
    csv_bytes, xlsx_bytes = intake_actions.report_files(report)
    left, right = st.columns(2)
    left.download_button("Télécharger le rapport (CSV)", data=csv_bytes, file_name="rapport-import.csv",
                         mime="text/csv", icon=":material/download:", key=f"rapport_csv_{report.applied}")
    right.download_button("Télécharger le rapport (XLSX)", data=xlsx_bytes, file_name="rapport-import.xlsx",
                          mime=intake_actions.XLSX_MIME, icon=":material/download:", key=f"rapport_xlsx_{report.applied}")


if upload.refusal is not None or upload.raw is None:
    assert upload.refusal is not None
    _show_report(upload.refusal)
    st.stop()

raw = upload.raw
mapping: dict[str, str] | None = None
if not raw.is_template:
    table = raw.tables[0]
    targets = intake_actions.mapping_targets()
    with st.container(border=True):
        st.markdown(f"**{next(steps)}. Correspondance des colonnes** (export d'un outil de formulaire : "
                    "une ligne par territoire)")
        saved = intake_actions.presets()
        preset_name = st.selectbox("Correspondance enregistrée", options=["", *saved], index=0,
                                   format_func=lambda n: n or "Aucune (suggestion automatique)", key="import_preset")
        base = saved.get(preset_name) if preset_name else None
        suggestion = {h: t for h, t in (base or intake_actions.suggested_mapping(table.headers)).items()
                      if h in table.headers}
        options = ["", *targets]
        mapping = {}
        columns = st.columns(2)
        for index, header in enumerate(table.headers):
            default = suggestion.get(header, "")
            chosen = columns[index % 2].selectbox(
                f"Colonne « {widgets.markdown_text(header)} »", options=options, index=options.index(default) if default in options else 0,
                format_func=lambda t: targets.get(t, "— ignorer —") if t else "— ignorer —",
                key=f"import_map_{preset_name}_{index}",
            )
            if chosen:
                mapping[header] = chosen
        name_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
        new_name = name_column.text_input("Nom de la correspondance", value=preset_name, max_chars=200,
                                          key="import_preset_nom")
        if button_column.button("Enregistrer la correspondance", icon=":material/save:"):
            try:
                intake_actions.save_preset(actor=actor, name=new_name, mapping=mapping)
                st.success(f"Correspondance « {widgets.markdown_text(new_name)} » enregistrée.")
            except UserFacingError as exc:
                st.error(str(exc))

report = intake_actions.preview(actor=actor, data=data, filename=uploaded.name, mapping=mapping, choices={})
choices: dict[int, tuple[str, str]] = {}
if report.ambiguous():
    with st.container(border=True):
        st.markdown("**Territoires à préciser** : plusieurs collectivités portent ce nom.")
        for row, query, candidates in report.ambiguous():
            st.caption(f"Ligne {row}")
            resolution = intake_actions.ambiguous_resolution(query, candidates)
            picked = choose_territory(resolution, key=f"import_ambigu_{row}")
            if picked is not None:
                choices[row] = (picked.kind, picked.code)
    if choices:
        report = intake_actions.preview(actor=actor, data=data, filename=uploaded.name, mapping=mapping, choices=choices)

def _withdrawals(report) -> None:  # type: ignore[no-untyped-def]
    """Per territory, the proposals the import would withdraw and the manifesto items citing them."""
    st.warning(f"Cet import retirerait {formatting.plural(report.withdrawals, 'proposition')}, absentes de la "
               "nouvelle version de la grille. Elles restent citées par le manifeste, marquées « retirée par le "
               "territoire », jusqu'à ce qu'un éditeur décide.", icon=":material/warning:")
    for plan in report.plans:
        if not plan.withdrawn:
            continue
        lines = "\n".join(f"- {widgets.markdown_text(line)}" for line in plan.withdrawn)
        items = ("\n\n  Éléments du manifeste concernés : "
                 + " ; ".join(f"« {widgets.markdown_text(label)} »" for label in plan.manifesto_items)
                 if plan.manifesto_items else "\n\n  Aucun élément du manifeste ne les cite.")
        st.markdown(f"**{widgets.markdown_text(plan.entry.label)}** — retirées :\n{lines}{items}")


stage = st.empty()  # the simulation, replaced by the result once the import is done
with stage.container():
    st.markdown(f"**{next(steps)}. Simulation**")
    _show_report(report)
    confirmed = True
    clicked = False
    if report.ok and not report.already_imported:
        if report.withdrawals:
            _withdrawals(report)
            confirmed = st.checkbox(f"Je confirme le retrait de {formatting.plural(report.withdrawals, 'proposition')}",
                                    key="import_confirmer_retraits")
        clicked = st.button("Importer", type="primary", icon=":material/upload:", disabled=not confirmed)
    elif report.already_imported:
        st.info("Ce fichier a déjà été importé : l'importer de nouveau ne changerait rien.", icon=":material/info:")
if clicked:
    try:
        done = intake_actions.confirm(actor=actor, data=data, filename=uploaded.name, mapping=mapping,
                                      choices=choices, confirm_removals=confirmed)
    except UserFacingError as exc:
        st.error(str(exc))
    else:
        stage.empty()
        with stage.container():
            st.markdown("**Résultat de l'import**")
            _show_report(done)
