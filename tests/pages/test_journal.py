"""Journal d'audit (AppTest): filters, exports, and nothing to edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from streamlit.testing.v1 import AppTest

from dashboard.admin import actions
from data_access.access import LOCAL_ACTOR
from data_access.models import Role
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
