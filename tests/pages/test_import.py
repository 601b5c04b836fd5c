"""AppTest of the import page (the upload itself is exercised in the browser test)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.env import ENTRYPOINT, PROJECT_ROOT


@pytest.fixture
def app(demo_store: str) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.run()
    return at


def test_import_page_offers_the_template_and_an_upload(app: AppTest) -> None:
    app.switch_page(str(PROJECT_ROOT / "pages" / "import.py")).run()
    assert not app.exception
    assert app.title[0].value == "Import des grilles"
    assert any("campagne la plus récente" in c.value for c in app.caption)
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Télécharger le modèle XLSX" in labels
    uploaders = app.get("file_uploader")
    assert uploaders and "Mo au plus" in uploaders[0].proto.label
