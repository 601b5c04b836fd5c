"""Atelier du manifeste (éditeurs): explore and group proposals, assemble sections, trace, edit, restore."""

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import navigation
from dashboard.intake import actions as intake_actions
from dashboard.manifesto import readers, rendering
from dashboard.text import formatting
from dashboard.text.markdown_safe import safe_markdown
from dashboard.ui import auth, state, widgets
from data_access import manifesto
from data_access.errors import UserFacingError
from data_access.manifesto import ManifestoConflict, proposals, similarity
from data_access.manifesto.proposals import STAGE_CHOICES, ProposalQuery
from data_access.territories import reference

STAGE_LABELS = dict(STAGE_CHOICES)
STATUS_LABELS = dict(manifesto.STATUS_CHOICES)

st.title("Atelier du manifeste")
actor = auth.current_actor()
if not actor.can_edit:
    st.error("Cette page est réservée aux éditeurs et aux administrateurs.")
    st.stop()
campaign = widgets.campaign_selector()
if campaign is None:
    widgets.empty_state("Aucune campagne n'est encore enregistrée.")
    st.stop()
flash = state.workshop_flash()
if flash:
    st.success(flash, icon=":material/check_circle:")

REGIONS = reference.region_names()
AUTO_SUGGEST_LIMIT = 5000
FICHE = next((spec for spec in navigation.PAGES if spec.script == "fiche_territoire.py"), None)


def show_conflict(exc: ManifestoConflict) -> None:
    st.error(str(exc), icon=":material/sync_problem:")
    theirs, mine = st.columns(2)
    theirs.text_area(f"Version enregistrée par {exc.other_editor}", exc.theirs, height=180, disabled=True)
    mine.text_area("Votre texte (non enregistré, à copier)", exc.mine, height=180)


def act(write: Callable[..., Any], success: str, **kwargs: Any) -> bool:
    """Run a write; on success show ``success`` after a rerun, on refusal show the French reason."""
    try:
        readers.perform(write, actor=actor, **kwargs)
    except ManifestoConflict as exc:
        show_conflict(exc)
        return False
    except UserFacingError as exc:
        st.error(str(exc))
        return False
    state.set_workshop_flash(success)
    st.rerun()
    return True


def region_label(code: str | None) -> str:
    if not code:
        return "International"
    return REGIONS.get(code, "Outre-mer" if code.startswith("9") else code)


def open_territory(participation_id: int, key: str) -> None:
    if FICHE is None or not FICHE.path.is_file():
        return
    if st.button("Fiche du territoire", key=key, icon=":material/location_city:"):
        state.set_selected_territory(participation_id)
        st.switch_page(str(FICHE.path))


sections = readers.sections(campaign.id)
if not sections:
    st.info(
        "Le manifeste n'a pas encore de section. Créez les chapitres prévus par la campagne : "
        + ", ".join(f"« {widgets.markdown_text(c)} »" for c in campaign.default_chapters) + "."
    )
    if st.button("Créer les sections par défaut", type="primary", icon=":material/add:"):
        act(manifesto.ensure_default_sections, "Sections par défaut créées.", campaign_id=campaign.id)
section_titles = {s.id: f"{n}. {s.title}" for n, s in enumerate(sections, start=1)}

explore_tab, similar_tab, sections_tab, history_tab, coverage_tab = st.tabs(
    ["Explorer", "Propositions proches", "Sections", "Historique", "Couverture"]
)

# --- Explorer --------------------------------------------------------------------------------------
with explore_tab:
    options = readers.filter_options(campaign.id)
    territories = readers.contributing_territories(campaign.id)
    territory_names = {pid: f"{name} ({reference.KIND_LABELS.get(kind, kind)})" for pid, name, kind in territories}
    text = st.text_input("Rechercher dans les propositions",
                         placeholder='Ex. : formation agents, "accueil humain"',
                         help="Majuscules et accents indifférents ; les formes d'un mot se retrouvent "
                              "(former, formé, formés). Mettez une expression entre guillemets pour la "
                              "chercher telle quelle.")
    first, second, third = st.columns(3)
    chapters = first.multiselect("Chapitre du manifeste", options["chapters"], placeholder="Tous les chapitres")
    themes = second.multiselect("Thème", options["themes"], placeholder="Tous les thèmes")
    criteria = third.multiselect("Critère", options["criteria"], placeholder="Tous les critères")
    kinds = first.multiselect("Type de collectivité", list(widgets.FILTER_KINDS),
                              format_func=reference.KIND_LABELS.__getitem__, placeholder="Tous les types")
    regions = second.multiselect("Région", sorted(REGIONS, key=REGIONS.__getitem__), format_func=REGIONS.__getitem__,
                                 placeholder="Toutes les régions")
    stages = third.multiselect("Étape", list(STAGE_LABELS), format_func=STAGE_LABELS.__getitem__,
                               placeholder="Toutes les étapes")
    chosen_territories = st.multiselect("Territoire", list(territory_names), format_func=territory_names.__getitem__,
                                        placeholder="Tous les territoires")
    query = ProposalQuery(campaign_id=campaign.id, text=text, chapters=tuple(chapters), themes=tuple(themes),
                          criteria=tuple(criteria), kinds=tuple(kinds), reg_codes=tuple(regions),
                          participation_ids=tuple(chosen_territories), stages=tuple(stages))
    page_size = 25
    result = readers.search(query, limit=page_size)
    count_cols = st.columns(2)
    count_cols[0].metric("Propositions trouvées", formatting.number(result.total), border=True)
    count_cols[1].metric("Territoires", formatting.number(result.territories), border=True)
    if result.total:
        with st.expander("Répartition des résultats", icon=":material/bar_chart:"):
            c1, c2, c3, c4 = st.columns(4)
            c1.dataframe(pd.DataFrame({"Chapitre": list(result.by_chapter), "Propositions": list(result.by_chapter.values())}),
                         hide_index=True)
            c2.dataframe(pd.DataFrame({"Type": [reference.KIND_LABELS.get(k, k) for k in result.by_kind],
                                       "Propositions": list(result.by_kind.values())}), hide_index=True)
            c3.dataframe(pd.DataFrame({"Région": [region_label(r) for r in result.by_region],
                                       "Propositions": list(result.by_region.values())}), hide_index=True)
            c4.dataframe(pd.DataFrame({"Étape": [STAGE_LABELS.get(s, s) for s in result.by_stage],
                                       "Propositions": list(result.by_stage.values())}), hide_index=True)
    if not result.total:
        widgets.empty_state("Aucune proposition ne correspond à cette recherche et à ces filtres.")
    nonce = state.widget_nonce("explorer")
    picked: list[int] = []
    if result.rows:
        st.caption(f"Les {min(page_size, result.total)} premières, les plus pertinentes d'abord. "
                   "Cochez des propositions pour les ajouter à une section ou à votre sélection.")
    for row in result.rows:
        origin = (f"{widgets.markdown_text(row.territory_name)} · {reference.KIND_LABELS.get(row.kind, row.kind)} · "
                  f"{widgets.markdown_text(region_label(row.reg_code))} · {widgets.markdown_text(row.chapter)}")
        if st.checkbox(f"{widgets.markdown_text(row.text)}  \n:gray[{origin}]", key=f"pick-{nonce}-{row.id}"):
            picked.append(row.id)
    if result.rows:
        target_col, add_col, list_col = st.columns([2, 1, 1], vertical_alignment="bottom")
        target = target_col.selectbox("Section de destination", list(section_titles),
                                      format_func=section_titles.__getitem__, key="explorer-target")
        if add_col.button("Ajouter à la section", type="primary", disabled=not picked or target is None,
                          icon=":material/playlist_add:"):
            state.bump_widget_nonce("explorer")
            act(manifesto.add_proposals, f"{len(picked)} proposition(s) ajoutée(s) à la section.",
                section_id=target, proposal_ids=picked)
        if list_col.button("Ajouter à ma sélection", disabled=not picked, icon=":material/bookmark_add:"):
            state.bump_widget_nonce("explorer")
            act(proposals.add_to_shortlist, f"{len(picked)} proposition(s) ajoutée(s) à votre sélection.",
                proposal_ids=picked)

    shortlisted = readers.shortlist(actor)
    with st.expander(f"Ma sélection ({formatting.number(len(shortlisted))})", icon=":material/bookmarks:"):
        if not shortlisted:
            st.caption("Votre sélection est vide.")
        kept: list[int] = []
        for row in readers.proposal_rows(tuple(shortlisted)):
            origin = f"{widgets.markdown_text(row.territory_name)} · {widgets.markdown_text(region_label(row.reg_code))}"
            if st.checkbox(f"{widgets.markdown_text(row.text)}  \n:gray[{origin}]", key=f"short-{row.id}"):
                kept.append(row.id)
        if shortlisted:
            c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
            short_target = c1.selectbox("Section", list(section_titles), format_func=section_titles.__getitem__,
                                        key="short-target")
            if c2.button("Ajouter à la section", key="short-add", disabled=not kept or short_target is None):
                act(manifesto.add_proposals, f"{len(kept)} proposition(s) ajoutée(s) à la section.",
                    section_id=short_target, proposal_ids=kept)
            if c3.button("Retirer de la sélection", key="short-remove", disabled=not kept):
                act(proposals.remove_from_shortlist, "Sélection mise à jour.", proposal_ids=kept)

# --- Similar proposals -----------------------------------------------------------------------------
with similar_tab:
    st.caption("Propositions très proches venues de territoires différents. Ce ne sont que des suggestions : "
               "acceptez un regroupement pour en faire une proposition consolidée (elle garde le lien vers "
               "chaque proposition et chaque territoire), ou rejetez-le (il ne sera plus proposé).")
    proposal_count = len(readers.search_index(campaign.id))
    # Grouping takes seconds to a minute on tens of thousands of proposals: computed on demand there.
    wanted = st.toggle("Chercher les propositions proches", value=proposal_count <= AUTO_SUGGEST_LIMIT,
                       key="suggest-toggle",
                       help="Le calcul compare toutes les propositions de la campagne ; il est gardé en cache.")
    pending = readers.suggestions(campaign.id) if wanted else []
    if wanted:
        st.metric("Suggestions en attente", formatting.number(len(pending)))
    for suggestion in pending[:15]:
        with st.container(border=True):
            st.markdown(f"**{widgets.markdown_text(suggestion.representative)}**")
            st.caption(f"{formatting.plural(len(suggestion.proposal_ids), 'proposition')} · "
                       f"{formatting.plural(suggestion.territories, 'territoire')} · "
                       f"proximité moyenne {formatting.percent(suggestion.cohesion)}")
            with st.expander("Voir les propositions"):
                for row in readers.proposal_rows(suggestion.proposal_ids[:30]):
                    st.markdown(f"- {widgets.markdown_text(row.text)} — *{widgets.markdown_text(row.territory_name)}*")
                if len(suggestion.proposal_ids) > 30:
                    st.caption(f"… et {formatting.number(len(suggestion.proposal_ids) - 30)} autres.")
            wording = st.text_input("Libellé de la proposition consolidée", suggestion.representative,
                                    key=f"wording-{suggestion.signature}")
            accept_col, reject_col, _ = st.columns([1, 1, 2])
            if accept_col.button("Accepter le regroupement", key=f"accept-{suggestion.signature}", type="primary"):
                act(similarity.accept, "Regroupement accepté : proposition consolidée créée.",
                    campaign_id=campaign.id, proposal_ids=list(suggestion.proposal_ids), wording=wording)
            if reject_col.button("Rejeter", key=f"reject-{suggestion.signature}"):
                act(similarity.reject, "Suggestion rejetée : elle ne sera plus proposée.",
                    campaign_id=campaign.id, proposal_ids=list(suggestion.proposal_ids))
    groups = readers.accepted_groups(campaign.id)
    st.subheader("Propositions consolidées")
    if not groups:
        st.caption("Aucun regroupement accepté pour l'instant.")
    for group in groups:
        with st.container(border=True):
            st.markdown(f"**{widgets.markdown_text(group.wording)}**")
            st.caption(f"{formatting.plural(len(group.proposal_ids), 'proposition')} · "
                       f"{formatting.plural(group.territories, 'territoire')} · accepté par "
                       f"{widgets.markdown_text(group.created_by)}")
            c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
            group_target = c1.selectbox("Section", list(section_titles), format_func=section_titles.__getitem__,
                                        key=f"group-target-{group.id}")
            if c2.button("Ajouter à la section", key=f"group-add-{group.id}", disabled=group_target is None):
                act(manifesto.add_group, "Proposition consolidée ajoutée à la section.",
                    section_id=group_target, group_id=group.id)
            if c3.button("Dissoudre", key=f"group-dissolve-{group.id}"):
                act(similarity.dissolve, "Regroupement dissous.", group_id=group.id)

# --- Sections --------------------------------------------------------------------------------------
with sections_tab:
    with st.expander("Ordre des sections et nouvelle section", icon=":material/reorder:"):
        for position, section in enumerate(sections):
            c1, c2, c3 = st.columns([6, 1, 1])
            c1.markdown(f"{section_titles[section.id]} — *{section.status_label}*, "
                        f"{formatting.plural(len(section.items), 'élément')}")
            if c2.button("↑", key=f"sec-up-{section.id}", disabled=position == 0, help="Monter"):
                act(manifesto.move_section, "Ordre des sections modifié.", section_id=section.id, offset=-1)
            if c3.button("↓", key=f"sec-down-{section.id}", disabled=position == len(sections) - 1,
                         help="Descendre"):
                act(manifesto.move_section, "Ordre des sections modifié.", section_id=section.id, offset=1)
        with st.form("new-section", clear_on_submit=True):
            new_title = st.text_input("Titre de la nouvelle section")
            if st.form_submit_button("Créer la section", icon=":material/add:"):
                act(manifesto.create_section, "Section créée.", campaign_id=campaign.id, title=new_title)
    if sections:
        current_id = st.selectbox("Section à éditer", list(section_titles), format_func=section_titles.__getitem__,
                                  key="section-choice")
        section = next(s for s in sections if s.id == current_id)
        base_key = f"section-{section.id}"
        if state.edit_base(base_key) is None:
            state.set_edit_base(base_key, section.version)
        base = state.edit_base(base_key) or section.version
        nonce = state.widget_nonce(base_key)
        if base != section.version:
            st.warning(f"Cette section a changé depuis que vous l'avez ouverte (version {base} → {section.version}, "
                       f"par {widgets.markdown_text(section.updated_by)}). Votre enregistrement sera refusé si "
                       "vous modifiez les mêmes champs : rechargez pour repartir de la version actuelle.",
                       icon=":material/info:")
        st.caption(f"Version {section.version} · modifiée le {formatting.date(section.updated_at.date())} par "
                   f"{widgets.markdown_text(section.updated_by)}")
        title = st.text_input("Titre", section.title, key=f"title-{section.id}-{nonce}")
        statuses = list(STATUS_LABELS)
        status = st.selectbox("Statut", statuses, index=statuses.index(section.status),
                              format_func=STATUS_LABELS.__getitem__,
                              key=f"status-{section.id}-{nonce}")
        introduction = st.text_area("Introduction (Markdown : **gras**, *italique*, listes, liens web)",
                                    section.introduction, height=160, key=f"intro-{section.id}-{nonce}")
        with st.expander("Aperçu de l'introduction"):
            st.markdown(safe_markdown(introduction) or "*(vide)*")
        c1, c2, c3 = st.columns([1, 1, 1])
        if c1.button("Enregistrer la section", type="primary", icon=":material/save:"):
            try:
                readers.perform(manifesto.update_section, actor=actor, section_id=section.id,
                                          expected_version=base, title=title, introduction=introduction,
                                          status=status)
            except ManifestoConflict as exc:
                show_conflict(exc)
            except UserFacingError as exc:
                st.error(str(exc))
            else:
                state.set_edit_base(base_key, None)
                state.set_workshop_flash("Section enregistrée.")
                st.rerun()
        if c2.button("Recharger la version actuelle", icon=":material/refresh:"):
            state.set_edit_base(base_key, None)
            state.bump_widget_nonce(base_key)
            st.rerun()
        with c3.popover("Supprimer la section", icon=":material/delete:"):
            st.write("La section et ses éléments seront supprimés (l'historique d'audit garde une trace).")
            if st.button("Confirmer la suppression", key=f"delete-{section.id}"):
                state.set_edit_base(base_key, None)
                act(manifesto.delete_section, "Section supprimée.", section_id=section.id,
                    expected_version=section.version)

        st.subheader(f"Éléments ({formatting.number(len(section.items))})")
        if not section.items:
            st.caption("Aucun élément : ajoutez des propositions depuis l'onglet « Explorer » ou une proposition "
                       "consolidée depuis « Propositions proches ».")
        others = {sid: label for sid, label in section_titles.items() if sid != section.id}
        for position, item in enumerate(section.items):
            with st.container(border=True):
                st.markdown(f"**{position + 1}.** {widgets.markdown_text(item.wording)}")
                kinds = ", ".join(f"{reference.KIND_LABELS.get(k, k)} ({n})" for k, n in item.kinds)
                regions_text = ", ".join(f"{region_label(r)} ({n})" for r, n in item.regions[:8])
                st.caption(f"Portée par {formatting.plural(item.territories, 'territoire')}"
                           + (f" · {kinds}" if kinds else "") + (f" · {regions_text}" if regions_text else "")
                           + (" · proposition consolidée" if item.group_id else ""))
                b1, b2, b3, b4 = st.columns([1, 1, 3, 1], vertical_alignment="bottom")
                if b1.button("↑", key=f"item-up-{item.id}", disabled=position == 0, help="Monter"):
                    act(manifesto.shift_item, "Ordre modifié.", item_id=item.id, offset=-1,
                        expected_section_version=section.version)
                if b2.button("↓", key=f"item-down-{item.id}", disabled=position == len(section.items) - 1,
                             help="Descendre"):
                    act(manifesto.shift_item, "Ordre modifié.", item_id=item.id, offset=1,
                        expected_section_version=section.version)
                if others:
                    destination = b3.selectbox("Déplacer vers", list(others), format_func=others.__getitem__,
                                               key=f"move-target-{item.id}")
                    if b4.button("Déplacer", key=f"move-{item.id}"):
                        act(manifesto.move_item, "Élément déplacé.", item_id=item.id, target_section_id=destination)
                item_key = f"item-{item.id}"
                if state.edit_base(item_key) is None:
                    state.set_edit_base(item_key, item.version)
                item_base = state.edit_base(item_key) or item.version
                item_nonce = state.widget_nonce(item_key)
                with st.expander("Reformuler ou retirer"):
                    wording = st.text_area("Libellé", item.wording, key=f"wording-{item.id}-{item_nonce}")
                    e1, e2, e3 = st.columns(3)
                    if e1.button("Enregistrer", key=f"save-item-{item.id}", type="primary"):
                        try:
                            readers.perform(manifesto.update_item, actor=actor, item_id=item.id,
                                                      expected_version=item_base, wording=wording)
                        except ManifestoConflict as exc:
                            show_conflict(exc)
                        except UserFacingError as exc:
                            st.error(str(exc))
                        else:
                            state.set_edit_base(item_key, None)
                            state.set_workshop_flash("Élément enregistré.")
                            st.rerun()
                    if e2.button("Recharger", key=f"reload-item-{item.id}"):
                        state.set_edit_base(item_key, None)
                        state.bump_widget_nonce(item_key)
                        st.rerun()
                    if e3.button("Retirer de la section", key=f"delete-item-{item.id}"):
                        act(manifesto.delete_item, "Élément retiré.", item_id=item.id, expected_version=item.version)
                with st.expander(f"Textes d'origine ({formatting.number(len(item.proposal_ids))})"):
                    withdrawn = intake_actions.withdrawn_marks(item.proposal_ids[:50])
                    for row in readers.proposal_rows(item.proposal_ids[:50]):
                        st.markdown(f"> {widgets.markdown_text(row.text)}")
                        if row.id in withdrawn:
                            st.caption(f"« {intake_actions.withdrawn_label(withdrawn[row.id])} »")
                        t1, t2 = st.columns([3, 1], vertical_alignment="center")
                        t1.caption(f"{widgets.markdown_text(row.territory_name)} · "
                                   f"{reference.KIND_LABELS.get(row.kind, row.kind)} · {region_label(row.reg_code)}")
                        with t2:
                            open_territory(row.participation_id, key=f"fiche-{item.id}-{row.id}")
                    if len(item.proposal_ids) > 50:
                        st.caption(f"… et {formatting.number(len(item.proposal_ids) - 50)} autres.")
        with st.form(f"free-item-{section.id}", clear_on_submit=True):
            free = st.text_area("Ajouter un élément rédigé par la commission (sans proposition source)")
            if st.form_submit_button("Ajouter l'élément"):
                act(manifesto.add_item, "Élément ajouté.", section_id=section.id, wording=free)

# --- History ---------------------------------------------------------------------------------------
with history_tab:
    if sections:
        history_id = st.selectbox("Section", list(section_titles), format_func=section_titles.__getitem__,
                                  key="history-choice")
        history_section = next(s for s in sections if s.id == history_id)
        revisions = readers.section_history(history_id)
        st.dataframe(pd.DataFrame({
            "Version": [r.version for r in revisions],
            "Date (UTC)": [r.created_at.strftime("%d/%m/%Y %H:%M") for r in revisions],
            "Par": [r.created_by for r in revisions],
            "Éléments": [len(r.snapshot.get("items", [])) for r in revisions],
        }), hide_index=True)
        versions = [r.version for r in revisions]
        if len(versions) < 2:
            st.caption("Une seule version enregistrée : rien à comparer pour l'instant.")
        else:
            h1, h2 = st.columns(2)
            old_version = h1.selectbox("Comparer la version", versions, index=1, key="diff-old")
            new_version = h2.selectbox("avec la version", versions, index=0, key="diff-new")
            by_version = {r.version: r for r in revisions}
            text_diff = manifesto.diff(by_version[old_version].snapshot, by_version[new_version].snapshot,
                                       old_label=f"version {old_version}", new_label=f"version {new_version}")
            st.code(text_diff or "Aucune différence.", language="diff")
        if versions:
            r1, r2 = st.columns([2, 1], vertical_alignment="bottom")
            restore_version = r1.selectbox("Version à restaurer", versions, key="restore-version")
            if r2.button("Restaurer cette version", icon=":material/restore:",
                         disabled=restore_version == history_section.version):
                state.set_edit_base(f"section-{history_id}", None)
                state.bump_widget_nonce(f"section-{history_id}")
                act(manifesto.restore, f"Version {restore_version} restaurée (nouvelle version créée).",
                    section_id=history_id, version=restore_version, expected_version=history_section.version)

# --- Coverage --------------------------------------------------------------------------------------
with coverage_tab:
    scope_options: list[int | None] = [None, *section_titles]
    scope = st.selectbox("Périmètre", scope_options,
                         format_func=lambda s: "Manifeste entier" if s is None else section_titles[s],
                         key="coverage-scope")
    cover = readers.coverage(campaign.id, scope)
    m1, m2, m3 = st.columns(3)
    m1.metric("Territoires représentés", formatting.number(cover.represented), border=True)
    m2.metric("Territoires engagés", formatting.number(cover.engaged), border=True)
    m3.metric("Outre-mer représentés",
              f"{formatting.number(cover.overseas.represented)} / {formatting.number(cover.overseas.engaged)}",
              border=True)

    def coverage_frame(rows: tuple[manifesto.CoverageRow, ...], label: str) -> pd.DataFrame:
        return pd.DataFrame({label: [r.label for r in rows], "Engagés": [r.engaged for r in rows],
                             "Représentés": [r.represented for r in rows],
                             "Part": [formatting.percent(r.represented / r.engaged) if r.engaged else "—"
                                      for r in rows]})

    k1, k2 = st.columns(2)
    k1.markdown("**Types de collectivité**")
    k1.dataframe(coverage_frame(cover.by_kind, "Type"), hide_index=True)
    k2.markdown("**Taille (population)**")
    k2.dataframe(coverage_frame(cover.by_size, "Taille"), hide_index=True)
    st.markdown("**Régions**")
    st.dataframe(coverage_frame(cover.by_region, "Région"), hide_index=True)
    if cover.overseas_names:
        st.caption("Outre-mer représentés : " + ", ".join(widgets.markdown_text(n) for n in cover.overseas_names))
    st.markdown(f"**Territoires engagés non représentés ({formatting.number(len(cover.missing))})**")
    if cover.missing:
        st.dataframe(pd.DataFrame({
            "Territoire": [m.name for m in cover.missing],
            "Type": [reference.KIND_LABELS.get(m.kind, m.kind) for m in cover.missing],
            "Région": [region_label(m.reg_code) for m in cover.missing],
        }), hide_index=True)
    else:
        st.caption("Tous les territoires engagés sont représentés.")

st.divider()
document = readers.export_document(campaign.id)
d1, d2, _ = st.columns([1, 1, 2])
d1.download_button("Exporter en Word (.docx)", data=readers.docx_bytes(campaign.id),
                   file_name=rendering.file_name(document, "docx"), icon=":material/description:",
                   mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", key="atelier-docx")
d2.download_button("Exporter en Markdown (.md)", data=readers.markdown_text(campaign.id).encode("utf-8"),
                   file_name=rendering.file_name(document, "md"), mime="text/markdown", key="atelier-md")
