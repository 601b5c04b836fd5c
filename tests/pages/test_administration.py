"""Administration page (AppTest, private store): roles, campaign settings, erasure of a contact."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from dashboard.admin.actions import audit_events, contacts, list_users
from dashboard.ui.widgets import markdown_text
from data_access.access import LOCAL_ACTOR
from data_access.models import Role
from tests.support.env import ENTRYPOINT, PROJECT_ROOT

PAGE = str(PROJECT_ROOT / "pages" / "administration.py")


def _open() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_page_shows_four_tabs_in_french(private_store: str, server_address: Any) -> None:
    at = _open()
    assert [t.label for t in at.tabs] == ["Rôles", "Paramètres de la campagne", "Contacts (RGPD)",
                                          "Espace des territoires"]
    assert any("Aucun rôle" in i.value for i in at.info)
    assert any("Mode local" in i.value for i in at.info)


def test_admin_grants_changes_and_removes_a_role(private_store: str, server_address: Any) -> None:
    at = _open()
    at.text_input[0].input("Nouvelle.Editrice@Exemple.fr")
    at.selectbox[0].select(Role.EDITEUR)
    at.button[0].click().run()  # form submit
    assert not at.error, [e.value for e in at.error]
    assert any("nouvelle.editrice@exemple.fr" in s.value for s in at.success)
    assert [(u.email, u.role) for u in list_users(LOCAL_ACTOR)] == [("nouvelle.editrice@exemple.fr", Role.EDITEUR)]

    at.text_input[0].input("nouvelle.editrice@exemple.fr")
    at.selectbox[0].select(Role.LECTEUR)
    at.button[0].click().run()
    assert [u.role for u in list_users(LOCAL_ACTOR)] == [Role.LECTEUR]

    remove = next(s for s in at.selectbox if s.label == "Retirer l'accès de")
    remove.select("nouvelle.editrice@exemple.fr")
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Retirer l'accès").click().run()
    assert not at.error
    assert list_users(LOCAL_ACTOR) == []
    actions = [e.action for e in audit_events(LOCAL_ACTOR)]
    assert actions[:3] == ["role.retrait", "role.attribution", "role.attribution"]


def test_invalid_email_shows_a_french_error(private_store: str, server_address: Any) -> None:
    at = _open()
    at.text_input[0].input("pas une adresse")
    at.button[0].click().run()
    assert "n'est pas une adresse électronique valide" in at.error[0].value
    assert list_users(LOCAL_ACTOR) == []


def test_campaign_settings_are_saved_and_readers_refreshed(private_store: str, server_address: Any) -> None:
    at = _open()
    name = next(t for t in at.text_input if t.label == "Nom de la campagne")
    name.input("Campagne 2025-2026")
    next(t for t in at.text_input if t.label == "Lieu du forum").input("Forum, Lyon")
    at.text_area[0].input("IA sociale\n\nIA frugale\n")
    next(b for b in at.button if b.label == "Enregistrer les paramètres").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("Paramètres de la campagne enregistrés" in s.value for s in at.success)
    at.switch_page(str(PROJECT_ROOT / "pages" / "accueil.py")).run()
    assert "Campagne 2025-2026" in [h.value.replace("\\", "") for h in at.subheader]  # Markdown escapes
    event = audit_events(LOCAL_ACTOR, action="campagne.parametres")[0]
    assert event.after and event.after["default_chapters"] == ["IA sociale", "IA frugale"]
    assert event.before and event.before["name"] != "Campagne 2025-2026"


def test_empty_campaign_name_is_refused(private_store: str, server_address: Any) -> None:
    at = _open()
    next(t for t in at.text_input if t.label == "Nom de la campagne").input("   ")
    next(b for b in at.button if b.label == "Enregistrer les paramètres").click().run()
    assert "Le nom de la campagne est obligatoire." in at.error[0].value


def test_admin_erases_a_contact_and_the_participation_stays(private_store: str, server_address: Any) -> None:
    at = _open()
    territory = next(s for s in at.selectbox if s.label == "Territoire")
    campaign_id = 1
    before = contacts(LOCAL_ACTOR, campaign_id)
    target = next(c for c in before if not c.is_empty)
    territory.select(target.participation_id).run()
    shown = next(m.value for m in at.markdown if m.value.startswith("- **Nom**"))
    assert shown.splitlines() == [f"- **{label}** : {markdown_text(value) or '—'}" for label, value in
                                  (("Nom", target.name), ("Adresse", target.email), ("Téléphone", target.phone))]
    next(c for c in at.checkbox if "effacement" in c.label).check().run()
    next(b for b in at.button if b.label == "Effacer le contact").click().run()
    assert not at.error, [e.value for e in at.error]
    after = {c.participation_id: c for c in contacts(LOCAL_ACTOR, campaign_id)}
    assert after[target.participation_id].is_empty
    assert len(after) == len(before)
    event = audit_events(LOCAL_ACTOR, action="contact.effacement")[0]
    assert event.entity_id == str(target.participation_id) and target.email not in str(event)


def test_admin_publishes_the_charter_invites_a_territory_and_revokes_the_link(
        private_store: str, server_address: Any) -> None:
    at = _open()
    charter = next(t for t in at.text_area if t.label.startswith("Texte de la charte"))
    assert "Charte d'engagement" in charter.value  # the demo campaign's charter
    charter.input("Nous nous engageons à une concertation sincère.")
    next(b for b in at.button if b.label == "Publier cette version").click().run()
    assert any("version 2" in s.value for s in at.success)

    territory = next(s for s in at.selectbox if s.label == "Territoire engagé")
    territory.select_index(0)
    next(t for t in at.text_input if t.label.startswith("Adresse électronique de la personne")).input("mairie@exemple.fr")
    next(b for b in at.button if b.label == "Créer le lien").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.code and "/espace?jeton=" in at.code[0].value
    assert any("il ne sera plus affiché" in s.value for s in at.success)

    revoke = next(s for s in at.selectbox if s.label == "Révoquer le lien")
    revoke.select_index(0)
    next(b for b in at.button if b.label == "Révoquer").click().run()
    assert any("révoqué" in s.value for s in at.success)
