"""Atelier du manifeste (éditeurs): explore and group proposals, assemble sections, trace, edit, restore.

Layout only: what each button writes is in dashboard/manifesto/actions.py, the writes' feedback in
workshop.py, the Explorer's pieces in explorer.py, the near-identical proposals' panel in
groupings.py, sentences in captions.py and tables in tables.py. Each step is a fragment: ticking a
box reruns that step alone, and the step control keeps the editor on it.
"""

import datetime

import streamlit as st

from dashboard.access import auth
from dashboard.manifesto import actions, captions, explorer, groupings, readers, tables, workshop
from dashboard.text import formatting
from dashboard.text.markdown_safe import safe_markdown
from dashboard.ui import state, widgets
from data_access import manifesto
from data_access.manifesto import themes
from data_access.manifesto.proposals import ProposalQuery
from data_access.territories import reference

st.title("Atelier du manifeste")
actor = auth.current_actor()
if not actor.can_edit:
    st.error("Cette page est réservée aux éditeurs et aux administrateurs.")
    st.stop()
campaign = widgets.campaign_selector()
if campaign is None:
    widgets.empty_state("Aucune campagne n'est encore enregistrée.")
    st.stop()
REGIONS = reference.region_names()

step = workshop.step_selector()


# --- Explorer --------------------------------------------------------------------------------------
@st.fragment
def explorer_step() -> None:
    workshop.show_flash()
    titles = workshop.section_titles(campaign.id)
    options = readers.filter_options(campaign.id)
    territory_names = explorer.territory_options(campaign.id)
    text = st.text_input("Rechercher dans les propositions", placeholder='Ex. : formation agents, "accueil humain"',
                         help="Majuscules et accents indifférents ; les mots d'une même famille se retrouvent "
                              "(formation, former, formés), ainsi que les thèmes et critères et les notions "
                              "proches (écoles → collèges). Une expression entre guillemets est cherchée telle quelle.")
    first, second, third = st.columns(3)
    chapters = first.multiselect("Chapitre du manifeste", options["chapters"], placeholder="Tous les chapitres")
    themes = second.multiselect("Thème", options["themes"], placeholder="Tous les thèmes")
    criteria = third.multiselect("Critère", options["criteria"], placeholder="Tous les critères")
    kinds = first.multiselect("Type de collectivité", list(widgets.FILTER_KINDS),
                              format_func=reference.KIND_LABELS.__getitem__, placeholder="Tous les types")
    regions = second.multiselect("Région", sorted(REGIONS, key=REGIONS.__getitem__), format_func=REGIONS.__getitem__,
                                 placeholder="Toutes les régions")
    stages = third.multiselect("Étape", list(workshop.STAGE_LABELS), format_func=workshop.STAGE_LABELS.__getitem__,
                               placeholder="Toutes les étapes")
    chosen = st.multiselect("Territoire", list(territory_names), format_func=territory_names.__getitem__,
                            placeholder="Tous les territoires")
    query = ProposalQuery(campaign_id=campaign.id, text=text, chapters=tuple(chapters), themes=tuple(themes),
                          criteria=tuple(criteria), kinds=tuple(kinds), reg_codes=tuple(regions),
                          participation_ids=tuple(chosen), stages=tuple(stages))
    result = readers.search(query, limit=explorer.PAGE_SIZE)
    placed = readers.placements(campaign.id)
    by_text = readers.text_placements(campaign.id)
    c1, c2 = st.columns(2)
    c1.metric("Propositions trouvées", formatting.number(result.total), border=True)
    c2.metric("Territoires", formatting.number(result.territories), border=True)
    if result.total:
        # A toggle, not an expander: an expander converts its four tables (Arrow) at every run, open or not.
        if st.toggle("Répartition des résultats", key="explorer-breakdown",
                     help="Par chapitre, type de collectivité, région et étape."):
            for column, frame in zip(st.columns(4), tables.breakdown(result), strict=True):
                column.dataframe(frame, hide_index=True, placeholder=widgets.EMPTY_CELL)
    else:
        widgets.empty_state("Aucune proposition ne correspond à cette recherche et à ces filtres.")
    caption = explorer.results_caption(result, text)
    if caption:
        st.caption(caption)

    boxes = explorer.result_boxes(result, placed, by_text, state.widget_nonce(explorer.NONCE))
    # The buttons' callbacks read the boxes ticked at click time; here they only enable the buttons.
    picked = [key for key, label in boxes.labels.items() if st.checkbox(label, key=key)]
    # Asked here, by the button the editor clicked: above the list it would be scrolled out of sight.
    explorer.ask_before_adding(actor, placed, by_text)

    if result.rows:
        target_col, add_col, list_col = st.columns([2, 1, 1], vertical_alignment="bottom")
        target = target_col.selectbox("Section de destination", list(titles), format_func=titles.__getitem__,
                                      key=explorer.TARGET)
        add_col.button("Ajouter à la section", type="primary", disabled=not picked or target is None,
                       icon=":material/playlist_add:", **actions.add_ticked(actor, boxes))
        list_col.button("Ajouter à ma sélection", disabled=not picked, icon=":material/bookmark_add:",
                        **actions.add_to_shortlist(actor, boxes.candidates))
        items = explorer.item_options(readers.sections(campaign.id))
        if items:
            item_col, attach_col = st.columns([3, 1], vertical_alignment="bottom")
            item_col.selectbox("Élément existant", list(items), format_func=items.__getitem__,
                               key=explorer.ITEM_TARGET)
            attach_col.button("Rattacher comme sources", disabled=not picked, icon=":material/link:",
                              help="La même idée venue d'autres territoires : pas de nouvel élément.",
                              **actions.attach_sources(actor, boxes.candidates))

    shortlisted = readers.shortlist(actor)
    with st.expander(f"Ma sélection ({formatting.number(len(shortlisted))})", icon=":material/bookmarks:"):
        if not shortlisted:
            st.caption("Votre sélection est vide.")
        short = explorer.shortlist_boxes(readers.proposal_rows(tuple(shortlisted)), placed, by_text)
        kept = [key for key, label in short.labels.items() if st.checkbox(label, key=key)]
        if shortlisted:
            s1, s2, s3 = st.columns([2, 1, 1], vertical_alignment="bottom")
            short_target = s1.selectbox("Section", list(titles), format_func=titles.__getitem__,
                                        key=explorer.SHORT_TARGET)
            s2.button("Ajouter à la section", key="short-add", disabled=not kept or short_target is None,
                      **actions.add_from_shortlist(actor, short.candidates))
            s3.button("Retirer de la sélection", key="short-remove", disabled=not kept,
                      **actions.remove_from_shortlist(actor, short.candidates))


# --- Themes ----------------------------------------------------------------------------------------
@st.fragment
def themes_step() -> None:
    workshop.show_flash()
    st.caption("Les thèmes dont parlent les propositions, trouvés sans section définie : leurs mots clés, "
               "combien de propositions, de territoires et de régions les portent, et quelques citations. "
               "Renommez, fusionnez, scindez ou rejetez un thème, ou faites-en une section du manifeste : "
               "vos décisions sont gardées quand de nouvelles grilles arrivent.")
    found = readers.theme_view(campaign.id)
    m1, m2, m3 = st.columns(3)
    m1.metric("Thèmes", formatting.number(len(found.shown)), border=True)
    m2.metric("Propositions sans thème", captions.unthemed_share(found), border=True)
    m3.metric("Thèmes rejetés", formatting.number(len(found.rejected)), border=True)
    if not found.shown:
        widgets.empty_state("Pas assez de propositions pour en dégager des thèmes.")
    labels = {t.ref: t.label for t in found.shown}
    for theme in found.shown:
        with st.container(border=True):
            st.markdown(f"**{widgets.markdown_text(theme.label)}**")
            st.caption(workshop.theme_caption(theme))
            if theme.keywords:
                st.markdown(captions.keywords(theme))
            st.markdown("\n".join(workshop.quote_line(q) for q in theme.quotes))
            # A toggle, not an expander: closed, it draws none of the five actions (dozens of themes).
            if not st.toggle("Agir sur ce thème", key=f"theme-act-{theme.ref}"):
                continue
            r1, r2 = st.columns([3, 1], vertical_alignment="bottom")
            label_key = f"theme-label-{theme.ref}"
            r1.text_input("Nom du thème", theme.label, key=label_key)
            r2.button("Renommer", key=f"theme-rename-{theme.ref}",
                      **actions.rename_theme(actor, campaign.id, theme, label_key))
            others = [ref for ref in labels if ref != theme.ref]
            if others:
                f1, f2 = st.columns([3, 1], vertical_alignment="bottom")
                merge_key = f"theme-merge-target-{theme.ref}"
                f1.selectbox("Fusionner avec", others, format_func=labels.__getitem__, key=merge_key)
                f2.button("Fusionner", key=f"theme-merge-{theme.ref}",
                          **actions.merge_themes(actor, campaign.id, theme, found.shown, merge_key))
            a1, a2, a3 = st.columns(3)
            a1.button("Scinder en deux", key=f"theme-split-{theme.ref}", disabled=theme.status == "section",
                      **actions.split_theme(actor, campaign.id, theme))
            a2.button("Rejeter le thème", key=f"theme-reject-{theme.ref}", disabled=theme.status == "section",
                      **actions.reject_theme(actor, campaign.id, theme))
            a3.button("En faire une section", key=f"theme-section-{theme.ref}", type="primary",
                      disabled=theme.status == "section", **actions.theme_to_section(actor, campaign.id, theme))
    if found.rejected:
        st.caption(captions.rejected_themes(found.rejected))
    st.divider()
    groupings.show(actor, campaign.id)


# --- Sections --------------------------------------------------------------------------------------
@st.fragment
def sections_step() -> None:
    workshop.show_flash()
    sections = readers.sections(campaign.id)
    titles = workshop.section_titles(campaign.id)
    if not sections:
        st.info(captions.no_section_yet(campaign.default_chapters))
        st.button("Créer les sections par défaut", type="primary", icon=":material/add:",
                  **actions.default_sections(actor, campaign.id))
    with st.expander("Importer un plan rédigé ailleurs (Markdown)", icon=":material/upload_file:",
                     expanded=not sections):
        st.caption("« # Chapitre », puis « ## Section » suivie de son introduction. Une section dont le titre "
                   "existe déjà est conservée telle quelle, jamais dupliquée.")
        uploaded = st.file_uploader("Plan (.md)", type=["md", "markdown", "txt"], key="plan-upload",
                                    max_upload_size=1)
        st.button("Importer le plan", icon=":material/upload:", disabled=uploaded is None, key="plan-import",
                  **actions.import_plan(actor, campaign.id, "plan-upload"))
    with st.expander("Ordre des sections et nouvelle section", icon=":material/reorder:"):
        for position, section in enumerate(sections):
            c1, c2, c3 = st.columns([6, 1, 1])
            c1.markdown(captions.section_line(titles[section.id], section))
            c2.button("↑", key=f"sec-up-{section.id}", disabled=position == 0, help="Monter",
                      **actions.move_section(actor, section.id, -1))
            c3.button("↓", key=f"sec-down-{section.id}", disabled=position == len(sections) - 1, help="Descendre",
                      **actions.move_section(actor, section.id, 1))
        with st.form("new-section", clear_on_submit=True):
            st.text_input("Titre de la nouvelle section", key="new-section-title")
            st.form_submit_button("Créer la section", icon=":material/add:",
                                  **actions.create_section(actor, campaign.id, "new-section-title"))
    if not sections:
        return
    current_id = st.selectbox("Section à éditer", list(titles), format_func=titles.__getitem__, key="section-choice")
    section = next(s for s in sections if s.id == current_id)
    base_key = workshop.section_edit_key(section.id)
    base = workshop.edit_base(base_key, section.version)
    nonce = state.widget_nonce(base_key)
    changed_by = workshop.section_changed_by_someone_else(section, base, actor)
    if changed_by:
        st.warning(captions.changed_meanwhile(base, section, changed_by), icon=":material/info:")
    base = workshop.edit_base(base_key, section.version)
    st.caption(captions.version_line(section))
    fields = workshop.section_fields(section.id, nonce)
    st.text_input("Titre", section.title, key=fields["title"])
    statuses = list(workshop.STATUS_LABELS)
    st.selectbox("Statut", statuses, index=statuses.index(section.status),
                 format_func=workshop.STATUS_LABELS.__getitem__, key=fields["status"])
    introduction = st.text_area("Introduction (Markdown : **gras**, *italique*, listes, liens web)",
                                section.introduction, height=160, key=fields["introduction"])
    with st.expander("Aperçu de l'introduction"):
        st.markdown(safe_markdown(introduction) or "*(vide)*")
    c1, c2, c3 = st.columns([1, 1, 1])
    c1.button("Enregistrer la section", type="primary", icon=":material/save:",
              **actions.save_section(actor, section.id, base, fields))
    c2.button("Recharger la version actuelle", icon=":material/refresh:", on_click=workshop.forget_edits,
              args=(base_key,))
    with c3.popover("Supprimer la section", icon=":material/delete:"):
        st.write("La section et ses éléments seront supprimés (l'historique d'audit garde une trace).")
        st.button("Confirmer la suppression", key=f"delete-{section.id}", **actions.delete_section(actor, section))

    st.subheader(f"Éléments ({formatting.number(len(section.items))})")
    if not section.items:
        st.caption("Aucun élément : ajoutez des propositions depuis l'étape « Explorer » ou une proposition "
                   "consolidée depuis « Thèmes ».")
    others = {sid: label for sid, label in titles.items() if sid != section.id}
    number = list(titles).index(section.id) + 1
    for position, item in enumerate(section.items):
        with st.container(border=True):
            st.markdown(f"**{number}.{position + 1}** {widgets.markdown_text(item.wording)}")
            st.caption(workshop.item_caption(item))
            b1, b2, b3, b4 = st.columns([1, 1, 3, 1], vertical_alignment="bottom")
            b1.button("↑", key=f"item-up-{item.id}", disabled=position == 0, help="Monter",
                      **actions.shift_item(actor, item.id, -1, section.version))
            b2.button("↓", key=f"item-down-{item.id}", disabled=position == len(section.items) - 1, help="Descendre",
                      **actions.shift_item(actor, item.id, 1, section.version))
            if others:
                move_key = f"move-target-{item.id}"
                b3.selectbox("Déplacer vers", list(others), format_func=others.__getitem__, key=move_key)
                b4.button("Déplacer", key=f"move-{item.id}", **actions.move_item(actor, item.id, move_key))
            item_key = f"item-{item.id}"
            item_base = workshop.edit_base(item_key, item.version)
            # A toggle, not an expander: closed, it draws no text area and no buttons (a section holds dozens of items).
            if st.toggle("Reformuler ou retirer", key=f"reword-{item.id}"):
                wording_key = f"wording-{item.id}-{state.widget_nonce(item_key)}"
                st.text_area("Libellé", item.wording, key=wording_key)
                e1, e2, e3 = st.columns(3)
                e1.button("Enregistrer", key=f"save-item-{item.id}", type="primary",
                          **actions.save_item(actor, item.id, item_base, item_key, wording_key))
                e2.button("Recharger", key=f"reload-item-{item.id}", on_click=workshop.forget_edits, args=(item_key,))
                e3.button("Retirer de la section", key=f"delete-item-{item.id}", **actions.delete_item(actor, item))
            # A toggle, not an expander: an expander draws its 50 texts at every run, open or not.
            if st.toggle(f"Textes d'origine ({formatting.number(len(item.proposal_ids))})", key=f"sources-{item.id}"):
                workshop.show_source_texts(item)
    with st.form(f"free-item-{section.id}", clear_on_submit=True):
        free_key = f"free-item-text-{section.id}"
        st.text_area("Ajouter un élément rédigé par la commission (sans proposition source)", key=free_key)
        st.form_submit_button("Ajouter l'élément", **actions.add_item(actor, section.id, free_key))
    # The documents are built when a button is clicked, not at every run of this step.
    today = datetime.date.today()
    d1, d2, _ = st.columns([1, 1, 2])
    d1.download_button("Exporter en Word (.docx)", icon=":material/description:", key="atelier-docx",
                       **actions.docx_download(campaign.id, campaign.name, today))
    d2.download_button("Exporter en Markdown (.md)", key="atelier-md",
                       **actions.markdown_download(campaign.id, campaign.name, today))


# --- Suggested sections ----------------------------------------------------------------------------
@st.fragment
def suggestions_step() -> None:
    workshop.show_flash()
    sections = readers.sections(campaign.id)
    titles = workshop.section_titles(campaign.id)
    if not sections:
        st.info("Aucune section : créez-en ou importez un plan à l'étape « Sections », les suggestions suivront.")
        return
    queue = readers.suggestion_queue(campaign.id)
    decided = readers.suggestion_decisions(campaign.id)
    m1, m2, m3 = st.columns(3)
    m1.metric("Propositions hors du manifeste", formatting.number(queue.proposals), border=True)
    m2.metric("Formulations à classer", formatting.number(len(queue.entries)), border=True)
    m3.metric("Première suggestion retenue", captions.first_right(decided), border=True,
              help=captions.decisions(decided))
    st.caption("Pour chaque proposition, jusqu'à trois sections tirées de leur titre, de leur introduction et des "
               "propositions déjà rattachées : plus vous rattachez, meilleures sont les suggestions. Acceptez, "
               "choisissez une autre section, ou écartez.")
    focus = st.selectbox("Section suggérée en premier", [None, *titles],
                         format_func=lambda s: "Toutes les sections" if s is None else titles[s], key="review-focus")
    entries = workshop.suggested_first(queue.entries, focus)
    if not entries:
        widgets.empty_state("Aucune proposition en attente pour ce choix.")
        return
    shown = entries[:workshop.REVIEW_PAGE]
    rows = {row.id: row for row in readers.proposal_rows(tuple(e.proposal_ids[0] for e in shown))}
    for entry in shown:
        first = entry.proposal_ids[0]
        # The key names the card (class st-key-review-card-…): a test finds its own block, not the step's.
        with st.container(border=True, key=f"review-card-{first}"):
            st.markdown(widgets.markdown_text(entry.text))
            st.caption(captions.entry_origin(entry, rows.get(first)))
            section_key = f"review-section-{first}"
            chosen = st.selectbox("Section", workshop.section_choices(entry, titles), key=section_key,
                                  format_func=lambda sid, c=dict(entry.choices): workshop.confidence_label(titles[sid], c.get(sid)))
            section = next(s for s in sections if s.id == chosen)
            items: list[int | None] = [None, *(i.id for i in section.items)]
            item_labels = workshop.item_labels(list(titles).index(chosen) + 1, section)
            item_key = f"review-item-{first}-{chosen}"
            st.selectbox("Élément", items, key=item_key,
                         format_func=lambda i, labels=item_labels: "Nouvel élément" if i is None else labels[i])
            a1, a2, _ = st.columns([1, 1, 2])
            a1.button("Accepter" if entry.best and chosen == entry.best[0] else "Classer ici", type="primary",
                      key=f"review-accept-{first}", icon=":material/check:",
                      **actions.accept_suggestion(actor, entry, sections, section_key, item_key))
            a2.button("Écarter", key=f"review-dismiss-{first}", icon=":material/block:",
                      help="Elle ne sera plus proposée ici ; elle reste trouvable dans « Explorer ».",
                      **actions.dismiss_suggestion(actor, campaign.id, entry))
    if len(entries) > workshop.REVIEW_PAGE:
        st.caption(captions.review_page(len(entries)))


# --- History ---------------------------------------------------------------------------------------
@st.fragment
def history_step() -> None:
    workshop.show_flash()
    sections = readers.sections(campaign.id)
    titles = workshop.section_titles(campaign.id)
    latest = workshop.latest_section(sections)
    if latest is None:
        st.caption("Aucune section : rien à afficher.")
        return
    # Keyed on the latest change: after any new save, « Historique » opens on it again.
    marker = f"{latest.id}-{latest.version}"
    history_id = st.selectbox("Section", list(titles), index=list(titles).index(latest.id),
                              format_func=titles.__getitem__, key=f"history-choice-{marker}")
    history_section = next(s for s in sections if s.id == history_id)
    revisions = readers.section_history(history_id)
    widgets.table(tables.history_frame(revisions))
    versions = [r.version for r in revisions]
    if len(versions) < 2:
        st.caption("Une seule version enregistrée : rien à comparer pour l'instant.")
    else:
        h1, h2 = st.columns(2)
        old_version = h1.selectbox("Comparer la version", versions, index=1, key=f"diff-old-{history_id}-{versions[0]}")
        new_version = h2.selectbox("avec la version", versions, index=0, key=f"diff-new-{history_id}-{versions[0]}")
        by_version = {r.version: r for r in revisions}
        changes = manifesto.compare(by_version[old_version].snapshot, by_version[new_version].snapshot)
        if changes:
            st.caption(workshop.comparison_summary(changes))
            st.markdown(workshop.comparison_markdown(changes))
        else:
            st.caption("Aucune différence entre ces deux versions.")
    if versions:
        r1, r2 = st.columns([2, 1], vertical_alignment="bottom")
        restore_key = f"restore-version-{history_id}-{versions[0]}"
        restore_version = r1.selectbox("Version à restaurer", versions, key=restore_key)
        r2.button("Restaurer cette version", icon=":material/restore:",
                  disabled=restore_version == history_section.version,
                  **actions.restore_version(actor, history_section, restore_key))


# --- Coverage --------------------------------------------------------------------------------------
@st.fragment
def coverage_step() -> None:
    workshop.show_flash()
    titles = workshop.section_titles(campaign.id)
    scope_options: list[int | None] = [None, *titles]
    scope = st.selectbox("Périmètre", scope_options,
                         format_func=lambda s: "Manifeste entier" if s is None else titles[s], key="coverage-scope")
    cover = readers.coverage(campaign.id, scope)
    m1, m2, m3 = st.columns(3)
    m1.metric("Territoires représentés", formatting.number(cover.represented), border=True)
    m2.metric("Territoires engagés", formatting.number(cover.engaged), border=True)
    m3.metric("Outre-mer représentés", captions.overseas(cover), border=True)
    k1, k2 = st.columns(2)
    k1.markdown("**Types de collectivité**")
    with k1:
        widgets.table(tables.coverage_frame(cover.by_kind, "Type"))
    k2.markdown("**Taille (population)**")
    with k2:
        widgets.table(tables.coverage_frame(cover.by_size, "Taille"))
    st.markdown("**Régions**")
    widgets.table(tables.coverage_frame(cover.by_region, "Région"))
    if cover.overseas_names:
        st.caption(captions.overseas_names(cover))
    st.markdown(f"**Territoires engagés non représentés ({formatting.number(len(cover.missing))})**")
    if cover.missing:
        widgets.table(tables.missing_territories(cover.missing))
    else:
        st.caption("Tous les territoires engagés sont représentés.")
    missing_themes = themes.uncovered(readers.theme_view(campaign.id))
    st.markdown(f"**Thèmes qu'aucune section ne couvre encore ({formatting.number(len(missing_themes))})**")
    if missing_themes:
        widgets.table(tables.uncovered_themes(missing_themes))
    else:
        st.caption("Chaque thème trouvé dans les propositions est couvert par une section.")


{workshop.EXPLORER: explorer_step, workshop.THEMES: themes_step, workshop.SECTIONS: sections_step,
 workshop.SUGGESTIONS: suggestions_step, workshop.HISTORY: history_step, workshop.COVERAGE: coverage_step}[step]()
