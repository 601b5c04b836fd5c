"""Atelier du manifeste (éditeurs): explore and group proposals, assemble sections, trace, edit, restore.

Layout only: the writes and their feedback are in dashboard/manifesto/workshop.py. Each step is a
fragment: ticking a box reruns that step alone, and the step control keeps the editor on it.
"""

import datetime

import pandas as pd
import streamlit as st

from dashboard.access import auth
from dashboard.intake import actions as intake_actions
from dashboard.manifesto import readers, rendering, workshop
from dashboard.text import formatting
from dashboard.text.markdown_safe import safe_markdown
from dashboard.ui import state, widgets
from data_access import manifesto
from data_access.audit_labels import actor_label
from data_access.manifesto import proposals, similarity, suggestions, themes
from data_access.manifesto.proposals import STAGE_CHOICES, ProposalQuery
from data_access.territories import reference

STAGE_LABELS = dict(STAGE_CHOICES)
STATUS_LABELS = dict(manifesto.STATUS_CHOICES)
PAGE_SIZE = 25
AUTO_SUGGEST_LIMIT = 5000
REVIEW_PAGE = 10

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


def section_titles() -> dict[int, str]:
    return {s.id: f"{n}. {s.title}" for n, s in enumerate(readers.sections(campaign.id), start=1)}


# --- Explorer --------------------------------------------------------------------------------------
@st.fragment
def explorer() -> None:
    workshop.show_flash()
    titles = section_titles()
    options = readers.filter_options(campaign.id)
    territory_names = {pid: f"{name} ({reference.KIND_LABELS.get(kind, kind)})"
                       for pid, name, kind in readers.contributing_territories(campaign.id)}
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
    stages = third.multiselect("Étape", list(STAGE_LABELS), format_func=STAGE_LABELS.__getitem__,
                               placeholder="Toutes les étapes")
    chosen = st.multiselect("Territoire", list(territory_names), format_func=territory_names.__getitem__,
                            placeholder="Tous les territoires")
    query = ProposalQuery(campaign_id=campaign.id, text=text, chapters=tuple(chapters), themes=tuple(themes),
                          criteria=tuple(criteria), kinds=tuple(kinds), reg_codes=tuple(regions),
                          participation_ids=tuple(chosen), stages=tuple(stages))
    result = readers.search(query, limit=PAGE_SIZE)
    placed = readers.placements(campaign.id)
    by_text = readers.text_placements(campaign.id)
    c1, c2 = st.columns(2)
    c1.metric("Propositions trouvées", formatting.number(result.total), border=True)
    c2.metric("Territoires", formatting.number(result.territories), border=True)
    if result.total:
        # A toggle, not an expander: an expander converts its four tables (Arrow) at every run, open or not.
        if st.toggle("Répartition des résultats", key="explorer-breakdown",
                     help="Par chapitre, type de collectivité, région et étape."):
            k1, k2, k3, k4 = st.columns(4)
            k1.dataframe(workshop.counts_frame(result.by_chapter, "Chapitre"), hide_index=True, placeholder=widgets.EMPTY_CELL)
            k2.dataframe(workshop.counts_frame(result.by_kind, "Type", lambda k: reference.KIND_LABELS.get(k, k)),
                         hide_index=True, placeholder=widgets.EMPTY_CELL)
            k3.dataframe(workshop.counts_frame(result.by_region, "Région", reference.region_label), hide_index=True, placeholder=widgets.EMPTY_CELL)
            k4.dataframe(workshop.counts_frame(result.by_stage, "Étape", lambda s: STAGE_LABELS.get(s, s)),
                         hide_index=True, placeholder=widgets.EMPTY_CELL)
    else:
        widgets.empty_state("Aucune proposition ne correspond à cette recherche et à ces filtres.")
    if result.rows and text.strip():
        loose = result.total - result.exact
        st.caption(f"{formatting.plural(result.ideas, 'idée distincte', 'idées distinctes')} (les mêmes formulations "
                   f"de plusieurs territoires ne font qu'un résultat) ; les {min(PAGE_SIZE, result.ideas)} premières, "
                   "les plus pertinentes d'abord, par les mots ou par le sens"
                   + (f" ; {formatting.plural(loose, 'proposition')} ne contiennent pas tous les mots."
                      if loose else "."))
    elif result.rows:
        st.caption("Sans recherche : les propositions les plus récentes, d'un territoire à l'autre.")

    nonce = state.widget_nonce("explorer")
    picked: list[int] = []
    # (box key, proposal ids it stands for): the buttons' callbacks read the boxes ticked at click time.
    candidates: list[tuple[str, tuple[int, ...]]] = []
    marks = {row.id: workshop.where_placed(row, placed, by_text) for row in result.rows}
    for row in result.rows:
        found, same_text = marks[row.id]
        label = workshop.proposal_label(row, found, result.reasons.get(row.id, ()), same_text,
                                        copies=result.same_wording(row.id),
                                        territories=result.idea_territories.get(row.id, 1))
        # The idea's copies from other territories come along, except those already in the manifesto.
        fresh = tuple(pid for pid in result.groups.get(row.id, (row.id,)) if pid == row.id or pid not in placed)
        for pid in fresh:
            marks.setdefault(pid, marks[row.id])
        candidates.append((f"pick-{nonce}-{row.id}", fresh))
        if st.checkbox(label, key=f"pick-{nonce}-{row.id}"):
            picked.extend(fresh)
    placed_ids = frozenset(pid for pid, mark in marks.items() if mark[0])

    def renew_boxes() -> None:
        state.bump_widget_nonce("explorer")

    def picked_now() -> dict[str, object]:
        return {"proposal_ids": workshop.ticked(candidates)}
    # Asked here, by the button the editor clicked: above the list it would be scrolled out of sight.
    pending = state.pending_add()
    if pending is not None:
        target_id, pending_ids = pending
        already = [(row, *workshop.where_placed(row, placed, by_text)) for row in readers.proposal_rows(pending_ids)]
        already = [entry for entry in already if entry[1]]
        with st.container(border=True):
            st.warning(f"{formatting.plural(len(already), 'proposition choisie alimente', 'propositions choisies alimentent')} déjà le manifeste : "
                       + " ; ".join(f"« {widgets.markdown_text(row.text[:80] + ('…' if len(row.text) > 80 else ''))} » ({workshop.placement_mark(found, same_text)})"
                                    for row, found, same_text in already) + ".",
                       icon=":material/content_copy:")
            p1, p2, p3 = st.columns(3)
            p1.button("Les garder comme sources de ces éléments", type="primary", key="pending-keep",
                      help="Aucun élément en double : seules les autres propositions sont ajoutées.",
                      **workshop.on_click(manifesto.keep_as_sources, lambda outcome, _: workshop.kept_message(outcome),
                                          actor=actor, before=lambda: state.set_pending_add(None),
                                          section_id=target_id, proposal_ids=list(pending_ids)))
            p2.button("Créer quand même de nouveaux éléments", key="pending-duplicate",
                      **workshop.on_click(manifesto.add_proposals, workshop.added_message("à la section"), actor=actor,
                                          before=lambda: state.set_pending_add(None),
                                          section_id=target_id, proposal_ids=list(pending_ids)))
            p3.button("Annuler", key="pending-cancel", on_click=state.set_pending_add, args=(None,))

    if result.rows:
        target_col, add_col, list_col = st.columns([2, 1, 1], vertical_alignment="bottom")
        target = target_col.selectbox("Section de destination", list(titles), format_func=titles.__getitem__,
                                      key="explorer-target")
        add_col.button("Ajouter à la section", type="primary", disabled=not picked or target is None,
                       icon=":material/playlist_add:", on_click=workshop.add_ticked,
                       kwargs={"actor": actor, "candidates": candidates, "placed": placed_ids,
                               "target_key": "explorer-target", "nonce_key": "explorer"})
        list_col.button("Ajouter à ma sélection", disabled=not picked, icon=":material/bookmark_add:",
                        **workshop.on_click(proposals.add_to_shortlist, workshop.added_message("à votre sélection"),
                                            actor=actor, read=picked_now, before=renew_boxes))
        items = {i.id: f"{n}.{m} {i.wording[:70]}" for n, s in enumerate(readers.sections(campaign.id), start=1)
                 for m, i in enumerate(s.items, start=1)}
        if items:
            item_col, attach_col = st.columns([3, 1], vertical_alignment="bottom")
            item_col.selectbox("Élément existant", list(items), format_func=items.__getitem__,
                               key="explorer-item-target")
            attach_col.button("Rattacher comme sources", disabled=not picked, icon=":material/link:",
                              help="La même idée venue d'autres territoires : pas de nouvel élément.",
                              **workshop.on_click(manifesto.attach_sources, "Propositions rattachées à l'élément.",
                                                  actor=actor, before=renew_boxes,
                                                  read=lambda: {**picked_now(),
                                                                "item_id": state.widget_value("explorer-item-target")}))

    shortlisted = readers.shortlist(actor)
    with st.expander(f"Ma sélection ({formatting.number(len(shortlisted))})", icon=":material/bookmarks:"):
        if not shortlisted:
            st.caption("Votre sélection est vide.")
        kept = []
        short_boxes: list[tuple[str, tuple[int, ...]]] = []
        for row in readers.proposal_rows(tuple(shortlisted)):
            found, same_text = workshop.where_placed(row, placed, by_text)
            short_boxes.append((f"short-{row.id}", (row.id,)))
            if st.checkbox(workshop.proposal_label(row, found, same_text=same_text), key=f"short-{row.id}"):
                kept.append(row.id)

        def kept_now() -> dict[str, object]:
            return {"proposal_ids": workshop.ticked(short_boxes)}

        if shortlisted:
            s1, s2, s3 = st.columns([2, 1, 1], vertical_alignment="bottom")
            short_target = s1.selectbox("Section", list(titles), format_func=titles.__getitem__, key="short-target")
            s2.button("Ajouter à la section", key="short-add", disabled=not kept or short_target is None,
                      **workshop.on_click(manifesto.add_proposals, workshop.added_message("à la section"), actor=actor,
                                          skip_placed=True,
                                          read=lambda: {**kept_now(), "section_id": state.widget_value("short-target")}))
            s3.button("Retirer de la sélection", key="short-remove", disabled=not kept,
                      **workshop.on_click(proposals.remove_from_shortlist, "Sélection mise à jour.", actor=actor,
                                          read=kept_now))


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
    m2.metric("Propositions sans thème",
              formatting.percent(found.unthemed / found.proposals) if found.proposals else "—", border=True)
    m3.metric("Thèmes rejetés", formatting.number(len(found.rejected)), border=True)
    if not found.shown:
        widgets.empty_state("Pas assez de propositions pour en dégager des thèmes.")
    labels = {t.ref: t.label for t in found.shown}
    for theme in found.shown:
        with st.container(border=True):
            st.markdown(f"**{widgets.markdown_text(theme.label)}**")
            st.caption(workshop.theme_caption(theme))
            if theme.keywords:
                st.markdown("Mots clés : " + ", ".join(f"*{widgets.markdown_text(k)}*" for k in theme.keywords))
            st.markdown("\n".join(workshop.quote_line(q) for q in theme.quotes))
            # A toggle, not an expander: closed, it draws none of the five actions (dozens of themes).
            if not st.toggle("Agir sur ce thème", key=f"theme-act-{theme.ref}"):
                continue
            r1, r2 = st.columns([3, 1], vertical_alignment="bottom")
            label_key = f"theme-label-{theme.ref}"
            r1.text_input("Nom du thème", theme.label, key=label_key)
            r2.button("Renommer", key=f"theme-rename-{theme.ref}",
                      **workshop.on_click(themes.rename, "Thème renommé.", actor=actor, campaign_id=campaign.id,
                                          theme=theme, read=lambda key=label_key: {"label": state.widget_value(key, "")}))
            others = [ref for ref in labels if ref != theme.ref]
            if others:
                f1, f2 = st.columns([3, 1], vertical_alignment="bottom")
                merge_key = f"theme-merge-target-{theme.ref}"
                f1.selectbox("Fusionner avec", others, format_func=labels.__getitem__, key=merge_key)
                by_ref = {t.ref: t for t in found.shown}
                f2.button("Fusionner", key=f"theme-merge-{theme.ref}",
                          **workshop.on_click(themes.merge, "Thèmes fusionnés.", actor=actor, campaign_id=campaign.id,
                                              first=theme, read=lambda key=merge_key, by_ref=by_ref: {
                                                  "second": by_ref[state.widget_value(key)]}))
            a1, a2, a3 = st.columns(3)
            a1.button("Scinder en deux", key=f"theme-split-{theme.ref}", disabled=theme.status == "section",
                      **workshop.on_click(themes.split, "Thème scindé en deux.", actor=actor, campaign_id=campaign.id,
                                          theme=theme, read=lambda: {"analysis": readers.theme_analysis(campaign.id)}))
            a2.button("Rejeter le thème", key=f"theme-reject-{theme.ref}", disabled=theme.status == "section",
                      **workshop.on_click(themes.reject, "Thème rejeté : il ne sera plus proposé.", actor=actor,
                                          campaign_id=campaign.id, theme=theme))
            a3.button("En faire une section", key=f"theme-section-{theme.ref}", type="primary",
                      disabled=theme.status == "section",
                      **workshop.on_click(themes.to_section, "Section créée à partir du thème.", actor=actor,
                                          campaign_id=campaign.id, theme=theme))
    if found.rejected:
        st.caption("Thèmes rejetés : " + ", ".join(f"« {widgets.markdown_text(t.label)} »" for t in found.rejected)
                   + ".")
    st.divider()
    similar()


def similar() -> None:
    """Near-identical wordings from several territories and the consolidated proposals (« Propositions proches »)."""
    st.subheader("Propositions quasi identiques")
    titles = section_titles()
    st.caption("Propositions très proches venues de territoires différents. Ce ne sont que des suggestions : "
               "acceptez un regroupement pour en faire une proposition consolidée (elle garde le lien vers "
               "chaque proposition et chaque territoire), ou rejetez-le (il ne sera plus proposé).")
    # Grouping takes seconds to a minute on tens of thousands of proposals: computed on demand there.
    wanted = st.toggle("Chercher les propositions proches",
                       value=len(readers.search_index(campaign.id)) <= AUTO_SUGGEST_LIMIT, key="suggest-toggle",
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
                # One Markdown list, not 30 elements: an expander draws its content at every run, open or not.
                st.markdown("\n".join(f"- {widgets.markdown_text(row.text)} — *{widgets.markdown_text(row.territory_name)}*"
                                      for row in readers.proposal_rows(suggestion.proposal_ids[:30])))
                if len(suggestion.proposal_ids) > 30:
                    st.caption(f"… et {formatting.number(len(suggestion.proposal_ids) - 30)} autres.")
            wording_key = f"wording-{suggestion.signature}"
            st.text_input("Libellé de la proposition consolidée", suggestion.representative, key=wording_key)
            accept_col, reject_col, _ = st.columns([1, 1, 2])
            accept_col.button("Accepter le regroupement", key=f"accept-{suggestion.signature}", type="primary",
                              **workshop.on_click(similarity.accept, "Regroupement accepté : proposition consolidée créée.",
                                                  actor=actor, campaign_id=campaign.id,
                                                  proposal_ids=list(suggestion.proposal_ids),
                                                  read=lambda key=wording_key: {"wording": state.widget_value(key, "")}))
            reject_col.button("Rejeter", key=f"reject-{suggestion.signature}",
                              **workshop.on_click(similarity.reject, "Suggestion rejetée : elle ne sera plus proposée.",
                                                  actor=actor, campaign_id=campaign.id,
                                                  proposal_ids=list(suggestion.proposal_ids)))
    groups = readers.accepted_groups(campaign.id)
    st.subheader("Propositions consolidées")
    if not groups:
        st.caption("Aucun regroupement accepté pour l'instant.")
    for group in groups:
        with st.container(border=True):
            st.markdown(f"**{widgets.markdown_text(group.wording)}**")
            st.caption(f"{formatting.plural(len(group.proposal_ids), 'proposition')} · "
                       f"{formatting.plural(group.territories, 'territoire')} · accepté par "
                       f"{widgets.markdown_text(actor_label(group.created_by))}")
            g1, g2, g3 = st.columns([2, 1, 1], vertical_alignment="bottom")
            target_key = f"group-target-{group.id}"
            group_target = g1.selectbox("Section", list(titles), format_func=titles.__getitem__, key=target_key)
            g2.button("Ajouter à la section", key=f"group-add-{group.id}", disabled=group_target is None,
                      **workshop.on_click(manifesto.add_group, "Proposition consolidée ajoutée à la section.",
                                          actor=actor, group_id=group.id,
                                          read=lambda key=target_key: {"section_id": state.widget_value(key)}))
            g3.button("Dissoudre", key=f"group-dissolve-{group.id}",
                      **workshop.on_click(similarity.dissolve, "Regroupement dissous.", actor=actor, group_id=group.id))


# --- Sections --------------------------------------------------------------------------------------
@st.fragment
def sections_step() -> None:
    workshop.show_flash()
    sections = readers.sections(campaign.id)
    titles = section_titles()
    if not sections:
        st.info("Le manifeste n'a pas encore de section. Créez les chapitres prévus par la campagne : "
                + ", ".join(f"« {widgets.markdown_text(c)} »" for c in campaign.default_chapters) + ".")
        st.button("Créer les sections par défaut", type="primary", icon=":material/add:",
                  **workshop.on_click(manifesto.ensure_default_sections, "Sections par défaut créées.", actor=actor,
                                      campaign_id=campaign.id))
    with st.expander("Importer un plan rédigé ailleurs (Markdown)", icon=":material/upload_file:",
                     expanded=not sections):
        st.caption("« # Chapitre », puis « ## Section » suivie de son introduction. Une section dont le titre "
                   "existe déjà est conservée telle quelle, jamais dupliquée.")
        uploaded = st.file_uploader("Plan (.md)", type=["md", "markdown", "txt"], key="plan-upload",
                                    max_upload_size=1)
        st.button("Importer le plan", icon=":material/upload:", disabled=uploaded is None, key="plan-import",
                  on_click=workshop.import_uploaded_plan,
                  kwargs={"actor": actor, "campaign_id": campaign.id, "upload_key": "plan-upload"})
    with st.expander("Ordre des sections et nouvelle section", icon=":material/reorder:"):
        for position, section in enumerate(sections):
            c1, c2, c3 = st.columns([6, 1, 1])
            c1.markdown(f"{titles[section.id]} — *{section.status_label}*, "
                        f"{formatting.plural(len(section.items), 'élément')}")
            c2.button("↑", key=f"sec-up-{section.id}", disabled=position == 0, help="Monter",
                      **workshop.on_click(manifesto.move_section, "Ordre des sections modifié.", actor=actor,
                                          section_id=section.id, offset=-1))
            c3.button("↓", key=f"sec-down-{section.id}", disabled=position == len(sections) - 1, help="Descendre",
                      **workshop.on_click(manifesto.move_section, "Ordre des sections modifié.", actor=actor,
                                          section_id=section.id, offset=1))
        with st.form("new-section", clear_on_submit=True):
            st.text_input("Titre de la nouvelle section", key="new-section-title")
            st.form_submit_button("Créer la section", icon=":material/add:",
                                  **workshop.on_click(manifesto.create_section, "Section créée.", actor=actor,
                                                      campaign_id=campaign.id,
                                                      read=lambda: {"title": state.widget_value("new-section-title", "")}))
    if not sections:
        return
    current_id = st.selectbox("Section à éditer", list(titles), format_func=titles.__getitem__, key="section-choice")
    section = next(s for s in sections if s.id == current_id)
    base_key = f"section-{section.id}"
    base = workshop.edit_base(base_key, section.version)
    nonce = state.widget_nonce(base_key)
    changed_by = workshop.section_changed_by_someone_else(section, base, actor)
    if changed_by:
        st.warning(f"Cette section a changé depuis que vous l'avez ouverte (version {base} → {section.version}, "
                   f"par {widgets.markdown_text(actor_label(changed_by))}). Votre enregistrement sera refusé si vous "
                   "modifiez les mêmes champs : rechargez pour repartir de la version actuelle.", icon=":material/info:")
    base = workshop.edit_base(base_key, section.version)
    st.caption(f"Version {section.version} · modifiée le {formatting.date(section.updated_at.date())} par "
               f"{widgets.markdown_text(actor_label(section.updated_by))}")
    fields = {"title": f"title-{section.id}-{nonce}", "status": f"status-{section.id}-{nonce}",
              "introduction": f"intro-{section.id}-{nonce}"}
    st.text_input("Titre", section.title, key=fields["title"])
    statuses = list(STATUS_LABELS)
    st.selectbox("Statut", statuses, index=statuses.index(section.status),
                 format_func=STATUS_LABELS.__getitem__, key=fields["status"])
    introduction = st.text_area("Introduction (Markdown : **gras**, *italique*, listes, liens web)",
                                section.introduction, height=160, key=fields["introduction"])
    with st.expander("Aperçu de l'introduction"):
        st.markdown(safe_markdown(introduction) or "*(vide)*")
    c1, c2, c3 = st.columns([1, 1, 1])
    c1.button("Enregistrer la section", type="primary", icon=":material/save:",
              **workshop.on_click(manifesto.update_section, "Section enregistrée.", actor=actor, edit_base=base_key,
                                  section_id=section.id, expected_version=base, read=workshop.widget_values(fields)))
    c2.button("Recharger la version actuelle", icon=":material/refresh:", on_click=workshop.forget_edits,
              args=(base_key,))
    with c3.popover("Supprimer la section", icon=":material/delete:"):
        st.write("La section et ses éléments seront supprimés (l'historique d'audit garde une trace).")
        st.button("Confirmer la suppression", key=f"delete-{section.id}",
                  **workshop.on_click(manifesto.delete_section, "Section supprimée.", actor=actor, edit_base=base_key,
                                      section_id=section.id, expected_version=section.version))

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
                      **workshop.on_click(manifesto.shift_item, "Ordre modifié.", actor=actor, item_id=item.id,
                                          offset=-1, expected_section_version=section.version))
            b2.button("↓", key=f"item-down-{item.id}", disabled=position == len(section.items) - 1, help="Descendre",
                      **workshop.on_click(manifesto.shift_item, "Ordre modifié.", actor=actor, item_id=item.id,
                                          offset=1, expected_section_version=section.version))
            if others:
                move_key = f"move-target-{item.id}"
                b3.selectbox("Déplacer vers", list(others), format_func=others.__getitem__, key=move_key)
                b4.button("Déplacer", key=f"move-{item.id}",
                          **workshop.on_click(manifesto.move_item, "Élément déplacé.", actor=actor, item_id=item.id,
                                              read=workshop.widget_values({"target_section_id": move_key})))
            item_key = f"item-{item.id}"
            item_base = workshop.edit_base(item_key, item.version)
            # A toggle, not an expander: closed, it draws no text area and no buttons (a section holds dozens of items).
            if st.toggle("Reformuler ou retirer", key=f"reword-{item.id}"):
                wording_key = f"wording-{item.id}-{state.widget_nonce(item_key)}"
                st.text_area("Libellé", item.wording, key=wording_key)
                e1, e2, e3 = st.columns(3)
                e1.button("Enregistrer", key=f"save-item-{item.id}", type="primary",
                          **workshop.on_click(manifesto.update_item, "Élément enregistré.", actor=actor,
                                              edit_base=item_key, item_id=item.id, expected_version=item_base,
                                              read=workshop.widget_values({"wording": wording_key})))
                e2.button("Recharger", key=f"reload-item-{item.id}", on_click=workshop.forget_edits, args=(item_key,))
                e3.button("Retirer de la section", key=f"delete-item-{item.id}",
                          **workshop.on_click(manifesto.delete_item, "Élément retiré.", actor=actor, item_id=item.id,
                                              expected_version=item.version))
            # A toggle, not an expander: an expander draws its 50 texts at every run, open or not.
            if st.toggle(f"Textes d'origine ({formatting.number(len(item.proposal_ids))})", key=f"sources-{item.id}"):
                withdrawn = intake_actions.withdrawn_marks(item.proposal_ids[:50])
                for row in readers.proposal_rows(item.proposal_ids[:50]):
                    st.markdown(f"> {widgets.markdown_text(row.text)}")
                    if row.id in withdrawn:
                        st.caption(f"« {intake_actions.withdrawn_label(withdrawn[row.id])} »")
                    t1, t2 = st.columns([3, 1], vertical_alignment="center")
                    t1.caption(workshop.origin(row, chapter=False))
                    with t2:
                        workshop.open_territory(row.participation_id, key=f"fiche-{item.id}-{row.id}")
                if len(item.proposal_ids) > 50:
                    st.caption(f"… et {formatting.number(len(item.proposal_ids) - 50)} autres.")
    with st.form(f"free-item-{section.id}", clear_on_submit=True):
        free_key = f"free-item-text-{section.id}"
        st.text_area("Ajouter un élément rédigé par la commission (sans proposition source)", key=free_key)
        st.form_submit_button("Ajouter l'élément",
                              **workshop.on_click(manifesto.add_item, "Élément ajouté.", actor=actor,
                                                  section_id=section.id,
                                                  read=workshop.widget_values({"wording": free_key})))
    # The documents are built when a button is clicked, not at every run of this step.
    today = datetime.date.today()
    d1, d2, _ = st.columns([1, 1, 2])
    d1.download_button("Exporter en Word (.docx)", data=lambda: readers.docx_bytes(campaign.id),
                       file_name=rendering.file_name_for(campaign.name, today, "docx"), icon=":material/description:",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       key="atelier-docx")
    d2.download_button("Exporter en Markdown (.md)", data=lambda: readers.markdown_text(campaign.id).encode("utf-8"),
                       file_name=rendering.file_name_for(campaign.name, today, "md"), mime="text/markdown",
                       key="atelier-md")



# --- Suggested sections ----------------------------------------------------------------------------
@st.fragment
def suggestions_step() -> None:
    workshop.show_flash()
    sections = readers.sections(campaign.id)
    titles = section_titles()
    if not sections:
        st.info("Aucune section : créez-en ou importez un plan à l'étape « Sections », les suggestions suivront.")
        return
    queue = readers.suggestion_queue(campaign.id)
    decided = readers.suggestion_decisions(campaign.id)
    m1, m2, m3 = st.columns(3)
    m1.metric("Propositions hors du manifeste", formatting.number(queue.proposals), border=True)
    m2.metric("Formulations à classer", formatting.number(len(queue.entries)), border=True)
    m3.metric("Première suggestion retenue",
              "—" if decided.first_right is None else formatting.percent(decided.first_right), border=True,
              help=f"{formatting.plural(decided.accepted, 'acceptée')}, {formatting.plural(decided.corrected, 'corrigée')}, "
                   f"{formatting.plural(decided.dismissed, 'écartée')} par les éditeurs.")
    st.caption("Pour chaque proposition, jusqu'à trois sections tirées de leur titre, de leur introduction et des "
               "propositions déjà rattachées : plus vous rattachez, meilleures sont les suggestions. Acceptez, "
               "choisissez une autre section, ou écartez.")
    focus = st.selectbox("Section suggérée en premier", [None, *titles],
                         format_func=lambda s: "Toutes les sections" if s is None else titles[s], key="review-focus")
    entries = [e for e in queue.entries if focus is None or (e.best and e.best[0] == focus)]
    if not entries:
        widgets.empty_state("Aucune proposition en attente pour ce choix.")
        return
    rows = {row.id: row for row in readers.proposal_rows(tuple(e.proposal_ids[0] for e in entries[:REVIEW_PAGE]))}
    for entry in entries[:REVIEW_PAGE]:
        first = entry.proposal_ids[0]
        # The key names the card (class st-key-review-card-…): a test finds its own block, not the step's.
        with st.container(border=True, key=f"review-card-{first}"):
            st.markdown(widgets.markdown_text(entry.text))
            row = rows.get(first)
            origin = workshop.origin(row) if row else ""
            if entry.territories > 1:
                origin += f" · même texte dans {formatting.plural(entry.territories, 'territoire')}"
            st.caption(origin)
            confidence = dict(entry.choices)
            options = [sid for sid, _ in entry.choices] + [sid for sid in titles if sid not in confidence]
            section_key = f"review-section-{first}"
            chosen = st.selectbox("Section", options, key=section_key,
                                  format_func=lambda sid, c=confidence: workshop.confidence_label(titles[sid], c.get(sid)))
            section = next(s for s in sections if s.id == chosen)
            items: list[int | None] = [None, *(i.id for i in section.items)]
            number = list(titles).index(chosen) + 1
            item_labels = {i.id: f"{number}.{n} {i.wording[:70]}" for n, i in enumerate(section.items, start=1)}
            item_key = f"review-item-{first}-{chosen}"
            st.selectbox("Élément", items, key=item_key,
                         format_func=lambda i, labels=item_labels: "Nouvel élément" if i is None else labels[i])
            a1, a2, _ = st.columns([1, 1, 2])
            best = entry.best
            a1.button("Accepter" if best and chosen == best[0] else "Classer ici", type="primary",
                      key=f"review-accept-{first}", icon=":material/check:",
                      **workshop.on_click(suggestions.accept, workshop.placed_message({s.id: s.title for s in sections}, best), actor=actor,
                                          proposal_ids=list(entry.proposal_ids),
                                          suggested_section_id=best[0] if best else None,
                                          confidence=best[1] if best else None,
                                          read=workshop.widget_values({"section_id": section_key, "item_id": item_key})))
            a2.button("Écarter", key=f"review-dismiss-{first}", icon=":material/block:",
                      help="Elle ne sera plus proposée ici ; elle reste trouvable dans « Explorer ».",
                      **workshop.on_click(suggestions.dismiss, "Proposition écartée de la file.", actor=actor,
                                          proposal_ids=list(entry.proposal_ids), campaign_id=campaign.id,
                                          suggested_section_id=best[0] if best else None,
                                          confidence=best[1] if best else None))
    if len(entries) > REVIEW_PAGE:
        st.caption(f"Les {REVIEW_PAGE} plus sûres sur {formatting.number(len(entries))} : les suivantes apparaissent "
                   "à mesure que vous décidez.")


# --- History ---------------------------------------------------------------------------------------
@st.fragment
def history_step() -> None:
    workshop.show_flash()
    sections = readers.sections(campaign.id)
    titles = section_titles()
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
    widgets.table(pd.DataFrame({
        "Version": [r.version for r in revisions],
        f"Date ({formatting.TIME_ZONE})": [formatting.paris_time(r.created_at) for r in revisions],
        "Par": [actor_label(r.created_by) for r in revisions],
        "Éléments": [len(r.snapshot.get("items", [])) for r in revisions],
    }))
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
                  **workshop.on_click(manifesto.restore,
                                      lambda _result, arguments: f"Version {arguments['version']} restaurée "
                                                                 "(nouvelle version créée).",
                                      actor=actor, edit_base=f"section-{history_id}", section_id=history_id,
                                      expected_version=history_section.version,
                                      before=lambda: state.bump_widget_nonce(f"section-{history_id}"),
                                      read=workshop.widget_values({"version": restore_key})))


# --- Coverage --------------------------------------------------------------------------------------
@st.fragment
def coverage_step() -> None:
    workshop.show_flash()
    titles = section_titles()
    scope_options: list[int | None] = [None, *titles]
    scope = st.selectbox("Périmètre", scope_options,
                         format_func=lambda s: "Manifeste entier" if s is None else titles[s], key="coverage-scope")
    cover = readers.coverage(campaign.id, scope)
    m1, m2, m3 = st.columns(3)
    m1.metric("Territoires représentés", formatting.number(cover.represented), border=True)
    m2.metric("Territoires engagés", formatting.number(cover.engaged), border=True)
    m3.metric("Outre-mer représentés",
              f"{formatting.number(cover.overseas.represented)} / {formatting.number(cover.overseas.engaged)}",
              border=True)
    k1, k2 = st.columns(2)
    k1.markdown("**Types de collectivité**")
    with k1:
        widgets.table(workshop.coverage_frame(cover.by_kind, "Type"))
    k2.markdown("**Taille (population)**")
    with k2:
        widgets.table(workshop.coverage_frame(cover.by_size, "Taille"))
    st.markdown("**Régions**")
    widgets.table(workshop.coverage_frame(cover.by_region, "Région"))
    if cover.overseas_names:
        st.caption("Outre-mer représentés : " + ", ".join(widgets.markdown_text(n) for n in cover.overseas_names))
    st.markdown(f"**Territoires engagés non représentés ({formatting.number(len(cover.missing))})**")
    if cover.missing:
        widgets.table(pd.DataFrame({"Territoire": [m.name for m in cover.missing],
                                    "Type": [reference.KIND_LABELS.get(m.kind, m.kind) for m in cover.missing],
                                    "Région": [reference.region_label(m.reg_code) for m in cover.missing]}))
    else:
        st.caption("Tous les territoires engagés sont représentés.")
    missing_themes = themes.uncovered(readers.theme_view(campaign.id))
    st.markdown(f"**Thèmes qu'aucune section ne couvre encore ({formatting.number(len(missing_themes))})**")
    if missing_themes:
        widgets.table(pd.DataFrame({"Thème": [t.label for t in missing_themes],
                                    "Propositions": [len(t.proposal_ids) for t in missing_themes],
                                    "Territoires": [t.territories for t in missing_themes],
                                    "Régions": [t.regions for t in missing_themes]}))
    else:
        st.caption("Chaque thème trouvé dans les propositions est couvert par une section.")


{workshop.EXPLORER: explorer, workshop.THEMES: themes_step, workshop.SECTIONS: sections_step,
 workshop.SUGGESTIONS: suggestions_step, workshop.HISTORY: history_step, workshop.COVERAGE: coverage_step}[step]()
