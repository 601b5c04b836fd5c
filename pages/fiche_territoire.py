"""Fiche territoire: everything about one engaged territory, down to where the manifesto uses it."""

import streamlit as st

from dashboard import navigation
from dashboard.access import auth
from dashboard.admin import actions
from dashboard.intake import actions as intake_actions
from dashboard.monitoring import charts, layout, readers, territory_tables
from dashboard.space import grid_review
from dashboard.text import formatting, summaries
from dashboard.ui import state, widgets
from data_access.territories import reference

campaign, filters = layout.page_start("Fiche territoire")
actor = auth.current_actor()

options = readers.territory_options(filters)
if not options:
    widgets.empty_state("Aucun territoire engagé ne correspond aux filtres choisis.")
    st.stop()
labels = dict(options)
ids = list(labels)
selected = state.selected_territory()
state.prepare_territory_choice(selected if selected in labels else ids[0])
chosen = st.selectbox("Territoire", options=ids, key=state.TERRITORY_CHOICE, format_func=labels.__getitem__,
                      on_change=state.keep_territory_choice, placeholder="Choisissez un territoire")
state.set_selected_territory(chosen)
sheet = readers.territory_sheet(chosen, actor.sees_personal_data)
if sheet is None:
    widgets.empty_state("Ce territoire n'existe plus dans la base.")
    st.stop()
assert sheet is not None

st.header(widgets.markdown_text(sheet.name))
if sheet.long_name and sheet.long_name != sheet.name:
    st.caption(widgets.markdown_text(sheet.long_name))
identity, stage_column = st.columns([1.3, 1])
with identity:
    st.subheader("Identité")
    departement = reference.departement_names().get(sheet.dep_code or "", "")
    facts = [
        ("Type", reference.KIND_LABELS.get(sheet.kind, sheet.kind)),
        # An international partner's stored code (« CI-abidjan ») is internal: its country says it.
        *([] if sheet.kind == reference.INTERNATIONAL else [("Code officiel", sheet.code)]),
        ("SIREN", sheet.siren or "—"),
        ("Département", f"{departement} ({sheet.dep_code})" if sheet.dep_code else "—"),
        ("Région", charts.region_label(sheet.reg_code)),
        ("Pays", sheet.country),
        ("Population", formatting.number(sheet.population) if sheet.population else "—"),
        ("Réseaux", ", ".join(sheet.networks) or "—"),
    ]
    if actor.sees_personal_data:
        contact = actions.contact(actor, chosen)
        facts.append(("Contact", " · ".join(v for v in (contact.name, contact.email, contact.phone) if v)
                      if contact else "—"))
    st.markdown("\n".join(f"- **{label}** : {widgets.markdown_text(value)}" for label, value in facts))
with stage_column:
    st.subheader("Étapes")
    st.metric("Étape actuelle", layout.stage_label(sheet.stage), border=True)
    widgets.table(layout.arrow_table(layout.data_table(territory_tables.stage_history, sheet.transitions)))

st.subheader("Charte d'engagement")
if sheet.charter_on:
    st.markdown(widgets.markdown_text(summaries.charter_signature(sheet)))
else:
    widgets.empty_state("La charte n'est pas encore signée.")

st.subheader("Sessions de concertation")
if sheet.sessions:
    widgets.table(layout.arrow_table(layout.data_table(territory_tables.sessions, sheet.sessions)))
else:
    widgets.empty_state("Aucune session de concertation enregistrée.")

st.subheader("Grille d'information")
if not sheet.sections:
    widgets.empty_state("La grille n'a pas encore été déposée.")
else:
    st.markdown(widgets.markdown_text(
        f"Grille version {sheet.grid_version}, déposée le {formatting.date(sheet.grid_submitted_on)} : "
        f"remplie à {formatting.percent(sheet.grid_completion)}."))
    for section in sheet.sections:
        with st.expander(f"{section.title} — {formatting.percent(section.completion)}"):
            for answer in section.answers:
                if answer.personal and not actor.sees_personal_data:
                    shown = "(donnée personnelle, visible des éditeurs)" if answer.answered else "—"
                else:
                    shown = answer.label if section.repeated else layout.answer_text(answer.value)
                label = section.title if section.repeated else answer.label
                st.markdown(f"**{widgets.markdown_text(label)}**  \n{widgets.markdown_text(shown)}")

grid_review.render(actor, sheet.participation_id)

st.subheader("Enseignements")
if sheet.findings:
    categories = layout.finding_category_labels(sheet.grid_version or campaign.grid_version)
    widgets.table(layout.arrow_table(layout.data_table(territory_tables.findings, sheet.findings, categories)))
else:
    widgets.empty_state("Aucun enseignement enregistré pour ce territoire.")

if actor.can_edit:  # the pre-filled grid holds the contact: editors only
    # Built on click: eager bytes were unpickled, hashed and kept in every session's media store on each view.
    campaign_id, participation_id = sheet.campaign_id, sheet.participation_id
    st.download_button("Télécharger sa grille pré-remplie (XLSX)", icon=":material/download:",
                       data=lambda: intake_actions.territory_template(campaign_id, participation_id),
                       file_name=intake_actions.territory_template_name(sheet.name), mime=intake_actions.XLSX_MIME)
st.subheader("Propositions")
if sheet.proposals:
    withdrawn = intake_actions.withdrawn_marks(tuple(i for i, _, _, _ in sheet.proposals))
    if withdrawn:
        st.caption("1 proposition retirée par le territoire (absente de sa dernière grille) : si le manifeste la "
                   "cite, elle y reste, marquée « retirée »." if len(withdrawn) == 1 else
                   f"{formatting.number(len(withdrawn))} propositions retirées par le territoire (absentes de sa "
                   "dernière grille) : celles que le manifeste cite y restent, marquées « retirée ».")
    labels = {i: intake_actions.withdrawn_label(day) for i, day in withdrawn.items()}
    widgets.table(layout.arrow_table(layout.data_table(territory_tables.proposals, sheet.proposals, labels)))
else:
    widgets.empty_state("Aucune proposition enregistrée pour ce territoire.")

st.subheader("Dans le manifeste")
if not sheet.manifesto_uses:
    widgets.empty_state("Aucune proposition de ce territoire n'est encore reprise dans le manifeste.")
else:
    st.markdown(widgets.markdown_text(
        "Le manifeste reprend des propositions de ce territoire dans "
        f"{formatting.plural(len(sheet.manifesto_uses), 'élément')} :"))
    manifesto_page = navigation.PAGES_DIR / "manifeste.py"
    for use in sheet.manifesto_uses:
        with st.container(border=True):
            st.markdown(f"**{widgets.markdown_text(use.section_title)}**  \n{widgets.markdown_text(use.wording)}")
            st.caption(f"{formatting.plural(use.proposals, 'proposition')} de ce territoire à la source.")
            st.page_link(str(manifesto_page), label="Voir dans le manifeste", icon=":material/menu_book:")
