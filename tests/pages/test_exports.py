"""AppTest of « Exports et données ouvertes »."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.access import auth
from tests.support.env import ENTRYPOINT, PROJECT_ROOT
from tests.support.factories import READER

PAGE = str(PROJECT_ROOT / "pages" / "exports.py")


def _labels(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("download_button")]


def _open(demo_store: str) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_administrator_gets_every_download(demo_store: str) -> None:
    at = _open(demo_store)
    assert at.title[0].value == "Exports et données ouvertes"
    assert _labels(at) == [
        "Télécharger la carte", "Télécharger la carte interactive (HTML)",
        "Télécharger les chiffres clés (PNG)", "Télécharger les données ouvertes (zip)",
    ]
    assert [s.label for s in at.selectbox][-4:] == ["Couche", "Couleur selon", "Format de publication", "Type de fichier"]


def test_preview_renders_the_map_image(demo_store: str) -> None:
    at = _open(demo_store)
    at.toggle[0].set_value(True).run()
    assert not at.exception
    assert len(at.get("image")) == 1


def test_reader_has_no_open_data_button(demo_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "decide", lambda: auth.AccessDecision(actor=READER))
    at = _open(demo_store)
    assert "Télécharger les données ouvertes (zip)" not in _labels(at)
    assert "Télécharger la carte" in _labels(at)
    assert any("réservée aux administrateurs" in info.value for info in at.info)
