"""The public page « Territoires engagés »: opens without signing in, holds no personal data."""

from __future__ import annotations

import re
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.support.env import ENTRYPOINT, PROJECT_ROOT

PAGE = str(PROJECT_ROOT / "pages" / "territoires_engages.py")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\b0\d(?:[ .]?\d{2}){4}\b")


def _anonymous() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.user = {"is_logged_in": False}
    return at.run()


def _everything(at: AppTest) -> str:
    frames = " ".join(df.value.to_csv() for df in at.dataframe)
    texts = " ".join(str(e.value) for e in (*at.title, *at.caption, *at.markdown, *at.metric))
    return f"{texts} {frames}"


def test_anyone_sees_the_engaged_territories_without_signing_in(signed_in_store: str, server_address: Any) -> None:
    at = _anonymous()
    assert [b.label for b in at.button] == ["Se connecter"]
    at.switch_page(PAGE).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Les territoires engagés"]
    table = at.dataframe[0].value
    assert list(table.columns) == ["Territoire", "Type", "Région ou pays", "Étape", "Engagé le"]
    engaged = int(at.metric[0].value.replace("\u202f", "").replace(" ", ""))
    # One page of the alphabetical list at a time (read from the store with LIMIT/OFFSET), every page reachable.
    pages = next(s for s in at.selectbox if s.label == "Territoires affichés")
    assert len(table) == min(engaged, 50) and len(pages.options) == (engaged - 1) // 50 + 1
    assert pages.options[0] == f"1 à 50 sur {at.metric[0].value}"
    seen = set(table["Territoire"])
    content = _everything(at)
    for number in range(1, len(pages.options)):
        next(s for s in at.selectbox if s.label == "Territoires affichés").set_value(number).run()
        assert not at.exception
        seen |= set(at.dataframe[0].value["Territoire"])
        content += _everything(at)
    assert len(seen) <= engaged and {"Montréal", "Abidjan"} <= seen
    assert not EMAIL.search(content) and not PHONE.search(content)


def test_a_signed_in_reader_finds_it_in_the_menu(signed_in_store: str, server_address: Any) -> None:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.user = {"is_logged_in": True, "email": "lecteur@exemple.fr", "email_verified": True}
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception and [t.value for t in at.title] == ["Les territoires engagés"]


def test_a_network_server_without_auth_shows_only_the_configuration_error(
        private_store: str, server_address: Any) -> None:
    server_address("0.0.0.0")
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60).run()
    assert "connexion sécurisée" in at.error[0].value
    assert not at.dataframe and "Les territoires engagés" not in [t.value for t in at.title]
