"""AppTest of « Manifeste »: the draft of the demo campaign, with both downloads."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support.env import ENTRYPOINT, PROJECT_ROOT


def test_manifesto_page_shows_the_draft(demo_store: str) -> None:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.run()
    at.switch_page(str(PROJECT_ROOT / "pages" / "manifeste.py")).run()
    assert not at.exception
    assert at.title[0].value == "Manifeste"
    headers = [h.value for h in at.header]
    assert headers == ["1. IA sociale", "2. IA ouverte et démocratique", "3. IA utile et proportionnée",
                       "4. Gouvernance partagée et territoriale"]
    captions = " ".join(c.value for c in at.caption)
    assert "Portée par" in captions and "territoires" in captions
    downloads = at.get("download_button")
    assert len(downloads) == 2
    labels = [d.proto.label for d in downloads]
    assert labels == ["Télécharger (Word, .docx)", "Télécharger (Markdown, .md)"]
    markdown = " ".join(m.value for m in at.markdown)
    assert "**renforce le lien humain**" in markdown
