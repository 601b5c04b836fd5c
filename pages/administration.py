"""Administration (administrateurs): roles, campaign settings, erasure of a contact (RGPD), territories' links and charter."""

import streamlit as st

from dashboard.access import auth
from dashboard.admin import actions
from dashboard.admin.actions import COMMISSION_ROLES, ROLE_LABELS, Role
from dashboard.intake import actions as intake_actions
from dashboard.space import links as space_links
from dashboard.space import mail as space_mail
from dashboard.space import registration
from dashboard.space import sharing as space_sharing
from dashboard.text import formatting
from dashboard.ui import widgets
from data_access import labels
from data_access.audit_labels import actor_label
from data_access.errors import UserFacingError

actor = auth.current_actor()
st.title("Administration")
campaign = widgets.campaign_selector()
if campaign is not None:
    # Above the tabs: a rerun (after « Valider ») shows the first tab again, never hides these.
    waiting = registration.pending_count(actor, campaign.id)
    if waiting:
        st.info(f"{formatting.plural(waiting, 'demande')} d'inscription en attente de validation : onglet "
                "« Espace des territoires », section « Demandes d'inscription ».", icon=":material/how_to_reg:")
    just_validated = registration.validated()
    if just_validated is not None:
        validated_id, validated_name, validated_email = just_validated
        with st.container(border=True):
            st.success(f"Inscription de {widgets.markdown_text(validated_name)} validée : le territoire est engagé "
                       "et figure désormais sur la page publique.", icon=":material/check_circle:")
            with st.form("validated_invite_form"):
                st.write("Créer tout de suite son lien personnel vers l'espace du territoire ?")
                invited_email = st.text_input("Adresse électronique de la personne invitée", value=validated_email,
                                              max_chars=200)
                invited_days = st.number_input("Validité (jours)", min_value=1, max_value=365, value=30, step=1)
                create, later = st.columns(2)
                create_link = create.form_submit_button("Créer le lien personnel", type="primary")
                later.form_submit_button("Plus tard", on_click=registration.forget_validated)
            if create_link:
                try:
                    issued, url = registration.invite(actor, validated_id, invited_email, int(invited_days))
                except UserFacingError as exc:
                    st.error(str(exc))
                else:
                    registration.forget_validated()
                    st.success(f"Lien n° {issued.link_id} créé, valable jusqu'au "
                               f"{formatting.date(issued.expires_at.date())}. Copiez-le maintenant : il ne sera "
                               "plus affiché.")
                    st.code(url, language=None)
roles_tab, campaign_tab, contacts_tab, territories_tab = st.tabs(
    ["Rôles", "Paramètres de la campagne", "Contacts (RGPD)", "Espace des territoires"])

with roles_tab:
    if auth.decide().local_mode:
        st.info("Mode local : les rôles enregistrés ici s'appliqueront une fois la connexion par compte "
                "mise en place. C'est la personne qui installe l'application qui la configure, en suivant "
                "le guide « Connexion » fourni avec l'application (dossier docs, fichier connexion.md).",
                icon=":material/info:")
    st.subheader("Attribuer ou modifier un rôle")
    st.caption(
        "Le rôle est associé à l'adresse électronique de connexion. Lecteur : pages de suivi et "
        "manifeste ; éditeur : en plus, atelier, saisie, import et contacts ; administrateur : tout."
    )
    with st.form("role_form", clear_on_submit=True):
        email = st.text_input("Adresse électronique", max_chars=200, placeholder="prenom.nom@collectivite.fr")
        role = st.selectbox("Rôle", options=COMMISSION_ROLES, format_func=ROLE_LABELS.__getitem__)
        if st.form_submit_button("Enregistrer le rôle", type="primary"):
            try:
                actions.set_role(actor, email, Role(role))
                st.success(f"Rôle « {ROLE_LABELS[Role(role)]} » enregistré pour {email.strip().lower()}.")
            except UserFacingError as exc:
                st.error(str(exc))

    try:
        people = actions.list_users(actor)
    except UserFacingError as exc:
        st.error(str(exc))
        people = []
    st.subheader("Accès enregistrés")
    bootstrap = actions.bootstrap_admins()
    if bootstrap:
        st.caption("Administrateurs de départ (fichier de secrets) : " + ", ".join(bootstrap) + ".")
    if not people:
        widgets.empty_state("Aucun rôle n'est encore enregistré dans la base.")
    else:
        widgets.table(
            [{"Adresse": p.email, "Rôle": ROLE_LABELS[p.role],
              "Depuis le": formatting.short_date(p.created_at.date()), "Par": actor_label(p.created_by)}
             for p in people],
        )
        with st.form("remove_form"):
            to_remove = st.selectbox("Retirer l'accès de", options=[p.email for p in people], index=None,
                                     placeholder="Choisissez une adresse")
            confirmed = st.checkbox("Je confirme le retrait de cet accès")
            if st.form_submit_button("Retirer l'accès"):
                if not to_remove or not confirmed:
                    st.warning("Choisissez une adresse et cochez la confirmation.")
                else:
                    try:
                        actions.remove_user(actor, to_remove)
                        st.success(f"Accès retiré à {to_remove}.")
                    except UserFacingError as exc:
                        st.error(str(exc))

with campaign_tab:
    if campaign is None:
        widgets.empty_state("Aucune campagne n'est enregistrée.")
    else:
        with st.form("campaign_form"):
            name = st.text_input("Nom de la campagne", value=campaign.name, max_chars=200)
            left, right = st.columns(2)
            start_date = left.date_input("Début", value=campaign.start_date, format="DD/MM/YYYY")
            end_date = right.date_input("Fin (facultatif)", value=campaign.end_date, format="DD/MM/YYYY")
            forum_date = left.date_input("Date du forum (facultatif)", value=campaign.forum_date,
                                         format="DD/MM/YYYY")
            forum_place = right.text_input(
                "Lieu du forum", value=campaign.forum_place or "", max_chars=200,
                placeholder="Rennes, Couvent des Jacobins",
                help="Une ville ou un lieu, sans préposition : l'application écrit « à Rennes », "
                     "« au Couvent des Jacobins », « au Havre ».")
            chapters = st.text_area("Chapitres par défaut du manifeste (un par ligne)",
                                    value="\n".join(campaign.default_chapters))
            if st.form_submit_button("Enregistrer les paramètres", type="primary"):
                try:
                    actions.update_campaign_settings(actor, campaign.id, actions.CampaignSettings(
                        name=name, start_date=start_date, end_date=end_date, forum_date=forum_date,
                        forum_place=forum_place, default_chapters=chapters.splitlines(),
                    ))
                    st.success("Paramètres de la campagne enregistrés.")
                except UserFacingError as exc:
                    st.error(str(exc))

with contacts_tab:
    st.caption(
        "Les contacts des coordinateurs sont des données personnelles : ils servent uniquement aux "
        "relances de la campagne. L'effacement retire le nom, l'adresse et le téléphone ; la "
        "participation du territoire est conservée."
    )
    contacts = []
    if campaign is not None:
        try:
            contacts = [c for c in actions.contacts(actor, campaign.id) if not c.is_empty]
        except UserFacingError as exc:
            st.error(str(exc))
    if not contacts:
        widgets.empty_state("Aucun contact enregistré pour cette campagne.")
    else:
        by_id = {c.participation_id: c for c in contacts}
        chosen = st.selectbox("Territoire", options=list(by_id), index=None,
                              format_func=lambda pid: by_id[pid].territory_name,
                              placeholder="Choisissez un territoire")
        if chosen is not None:
            contact = by_id[chosen]
            st.markdown(
                "\n".join(f"- **{label}** : {widgets.markdown_text(value) or '—'}"
                          for label, value in (("Nom", contact.name), ("Adresse", contact.email),
                                               ("Téléphone", contact.phone)))
            )
            confirmed = st.checkbox("Je confirme l'effacement définitif de ce contact", key="erase_confirm")
            if st.button("Effacer le contact", type="primary", disabled=not confirmed):
                try:
                    actions.erase_contact(actor, chosen)
                    st.success(f"Contact de {contact.territory_name} effacé.")
                except UserFacingError as exc:
                    st.error(str(exc))

with territories_tab:
    if campaign is None:
        widgets.empty_state("Aucune campagne n'est enregistrée.")
        st.stop()
    queue = registration.pending(actor, campaign.id)
    st.subheader(f"Demandes d'inscription ({len(queue)} en attente)" if queue else "Demandes d'inscription")
    st.caption("Demandes reçues par la page publique « S'inscrire ». Rien n'est public avant la validation ; "
               "valider engage le territoire (étape « Engagé ») avec ce contact.")
    if not queue:
        widgets.empty_state("Aucune demande d'inscription en attente.")
    else:
        st.dataframe(
            [{"Territoire": r.territory_label, "Contact": f"{r.name or '—'} ({r.role or '—'})",
              "Adresse": r.email or "—", "Téléphone": r.phone or "—",
              "Réseaux": ", ".join(r.networks) or "—", "Reçue le": formatting.date(r.created_at.date())}
             for r in queue],
            hide_index=True, width="stretch", placeholder=widgets.EMPTY_CELL,
        )
        by_request = {r.id: r for r in queue}
        chosen_request = st.selectbox("Demande à traiter", options=list(by_request), index=None,
                                      format_func=lambda rid: f"{by_request[rid].territory_label} — reçue le "
                                                              f"{formatting.date(by_request[rid].created_at.date())}",
                                      placeholder="Choisissez une demande", key="inscription_demande")
        if chosen_request is not None:
            request = by_request[chosen_request]
            if request.message:
                st.markdown(f"**Message** : {widgets.markdown_text(request.message)}")
            st.button("Valider l'inscription", type="primary", icon=":material/check:",
                      on_click=registration.validate_on_click, args=(actor, request))
            refused = registration.refusal()
            if refused:
                st.error(refused)
            st.caption("Valider ou refuser efface de la demande les coordonnées, le message et l'empreinte "
                       "de l'adresse réseau (une validation les reporte sur le territoire engagé) : si vous "
                       "refusez, écrivez d'abord à la personne.")
            with st.form("refuse_registration_form", clear_on_submit=True):
                reason = st.text_area("Motif du refus", max_chars=1000, height=80,
                                      placeholder="Par exemple : demande en double, collectivité hors du champ")
                if st.form_submit_button("Refuser la demande"):
                    try:
                        registration.refuse(actor, request.id, reason)
                    except UserFacingError as exc:
                        st.error(str(exc))
                    else:
                        st.success(f"Demande de {widgets.markdown_text(request.territory_name)} refusée.")

    st.subheader("Charte d'engagement")
    charter_text, charter_version = space_links.charter(campaign.id)
    st.caption(f"Version publiée : {charter_version or 'aucune'}. Les territoires la lisent et la signent dans "
               "leur espace ; chaque signature garde la version acceptée.")
    with st.form("charter_form"):
        text = st.text_area("Texte de la charte (Markdown simple)", value=charter_text, height=240)
        if st.form_submit_button("Publier cette version"):
            try:
                version = space_links.publish_charter(actor, campaign.id, text)
                st.success(f"Charte publiée (version {version}).")
            except UserFacingError as exc:
                st.error(str(exc))
    space_sharing.defaults_form(actor, campaign.id)

    st.subheader("Inviter un territoire")
    st.caption("Le lien personnel ouvre l'espace de ce seul territoire (charte, grille). Il est à usage unique : "
               "à la première ouverture, il devient l'adresse de l'espace, à garder dans ses favoris.")
    choices = intake_actions.participation_choices(campaign.id)
    address_note = space_links.public_address_warning()
    if address_note:
        st.warning(address_note, icon=":material/link_off:")
    mail_off = space_mail.unavailable_reason()
    mail_on = mail_off is None
    if mail_off:
        st.caption(mail_off)
    with st.form("invite_form", clear_on_submit=True):
        participation_id = st.selectbox("Territoire engagé", options=list(choices), index=None,
                                        format_func=choices.__getitem__, placeholder="Choisissez un territoire")
        invited = st.text_input("Adresse électronique de la personne invitée", max_chars=200,
                                placeholder="prenom.nom@collectivite.fr")
        days = st.number_input("Validité (jours)", min_value=1, max_value=365, value=30, step=1)
        send = mail_on and st.checkbox("Envoyer par e-mail", value=True,
                                       help="Le lien part aussitôt à cette adresse, avec la date d'expiration.")
        if st.form_submit_button("Créer le lien", type="primary"):
            if participation_id is None:
                st.warning("Choisissez un territoire.")
            elif send:
                try:
                    outcome = space_links.invite_by_mail(actor, participation_id, invited, int(days))
                    if outcome.mail_error:
                        st.error(f"Lien n° {outcome.issued.link_id} créé, mais le courriel n'est pas parti : "
                                 f"{outcome.mail_error}")
                        st.code(outcome.url, language=None)
                    else:
                        st.success(f"Lien n° {outcome.issued.link_id} créé et envoyé par e-mail à "
                                   f"{widgets.markdown_text(outcome.sent_to or '')}, valable jusqu'au "
                                   f"{formatting.date(outcome.issued.expires_at.date())}.")
                except UserFacingError as exc:
                    st.error(str(exc))
            else:
                try:
                    issued, url = space_links.invite(actor, participation_id, invited, int(days))
                    st.success(f"Lien n° {issued.link_id} créé, valable jusqu'au "
                               f"{formatting.date(issued.expires_at.date())}. Copiez-le maintenant : "
                               "il ne sera plus affiché.")
                    st.code(url, language=None)
                except UserFacingError as exc:
                    st.error(str(exc))
    existing = space_links.links(actor)
    if existing:
        st.dataframe(
            [{"N°": link.id, "Territoire": link.territory_name, "Adresse": link.email,
              "Type": labels.link_kind_label(link.kind), "État": labels.link_status_label(link.status),
              "Expire le": formatting.date(link.expires_at.date())} for link in existing],
            hide_index=True, width="stretch", placeholder=widgets.EMPTY_CELL,
        )
        active = [link for link in existing if link.status == "actif"]
        with st.form("revoke_form"):
            to_revoke = st.selectbox("Révoquer le lien", options=[link.id for link in active], index=None,
                                     format_func=lambda lid: next(f"n° {link.id} — {link.territory_name} ({link.email})"
                                                                  for link in active if link.id == lid),
                                     placeholder="Choisissez un lien actif")
            if st.form_submit_button("Révoquer"):
                if to_revoke is None:
                    st.warning("Choisissez un lien.")
                else:
                    space_links.revoke(actor, to_revoke)
                    st.success(f"Lien n° {to_revoke} révoqué.")
