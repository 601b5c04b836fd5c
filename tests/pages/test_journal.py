"""Journal d'audit (AppTest): filters, exports, and nothing to edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.admin import actions
from data_access import campaigns, db, manifesto
from data_access.access import LOCAL_ACTOR
from data_access.db import session_scope
from data_access.models import Participation, Role
from data_access.space import participations
from tests.support.env import ENTRYPOINT, PROJECT_ROOT

PAGE = PROJECT_ROOT / "pages" / "journal.py"


def _open() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60).run()
    at.switch_page(str(PAGE)).run()
    assert not at.exception, at.exception
    return at


def test_journal_lists_filters_and_exports(private_store: str, server_address: Any) -> None:
    actions.set_role(LOCAL_ACTOR, "lectrice@exemple.fr", Role.LECTEUR)
    at = _open()
    assert at.title[0].value == "Journal d'audit"
    assert len(at.dataframe) == 1
    total = len(at.dataframe[0].value)
    assert total >= 2  # demo generation + role change
    action = next(s for s in at.selectbox if s.label == "Action")
    action.select("role.attribution").run()
    frame = at.dataframe[0].value
    # Labels, never codes: « role.attribution » and « mode-local@localhost » stay in the store.
    assert list(frame["Action"]) == ["Attribution d'un rôle"]
    assert list(frame["Utilisateur"]) == ["Mode local"]
    assert next(iter(frame["Objet"])).startswith("Utilisateur")
    user = next(s for s in at.selectbox if s.label == "Utilisateur")
    user.select("systeme@concertations").run()
    assert any("Aucun événement" in i.value for i in at.info)
    labels = [e.proto.label for e in at.get("download_button")]
    assert labels == ["Exporter en CSV", "Exporter en XLSX"] or not labels  # hidden when empty


def test_journal_period_filter(private_store: str, server_address: Any) -> None:
    at = _open()
    period = next(d for d in at.date_input if d.label == "Période")
    period.set_value((dt.date(2021, 1, 1), dt.date(2021, 1, 2))).run()
    assert any("Aucun événement" in i.value for i in at.info)
    period.set_value((dt.date(2021, 1, 1), dt.date.today())).run()
    assert len(at.dataframe) == 1


def test_journal_offers_no_way_to_edit() -> None:
    source = PAGE.read_text(encoding="utf-8")
    # Only read-only elements: no data_editor, no text input, no button that is not a download.
    assert "data_editor" not in source and "text_input" not in source and "st.button" not in source
    assert "form_submit_button" not in source


def test_journal_has_download_buttons_and_no_editor(private_store: str, server_address: Any) -> None:
    at = _open()
    assert not at.button and not at.text_input and not at.text_area
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == ["Exporter en CSV", "Exporter en XLSX"]
    assert not at.get("arrow_data_editor")


def test_journal_names_objects_and_reads_in_french(private_store: str, server_address: Any) -> None:
    """Objects by what they are (the territory, « élément 1.1 »), the erasure says whose, times in
    Paris time saying so, « avant / après » in words rather than JSON."""
    with session_scope(db.get_engine(private_store)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        participation = session.scalars(select(Participation).where(Participation.campaign_id == campaign.id)
                                        .order_by(Participation.id).limit(1)).one()
        name = participation.territory.name
        participations.erase_contact(session, actor=LOCAL_ACTOR, participation_id=participation.id)
        section = manifesto.list_sections(session, campaign.id)[0]
        item = section.items[0]
        manifesto.update_item(session, actor=LOCAL_ACTOR, item_id=item.id, expected_version=item.version,
                              wording=item.wording + " (révisé)")
    at = _open()
    frame = at.dataframe[0].value
    assert "Date (heure de Paris)" in frame.columns
    assert any("heure de Paris" in c.value for c in at.caption)
    erased = frame[frame["Action"] == "Effacement d'un contact (RGPD)"].iloc[0]
    assert erased["Objet"] == name and name in erased["Résumé"]
    edited = frame[frame["Objet"] == "Élément 1.1 du manifeste"]
    assert len(edited) >= 1
    shown = " ".join(str(v) for v in frame[["Objet", "Avant", "Après"]].to_numpy().ravel())
    assert "{" not in shown and '"' not in shown
    assert "Participation n°" not in shown and "Proposition du manifeste n°" not in shown
