"""AppTest of « Manifeste »: the draft of the demo campaign, with both downloads."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.ui.widgets import markdown_text
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


def test_the_head_counts_items_and_their_source_proposals_apart(demo_store: str) -> None:
    """Issue 24 item 5: « 18 propositions » counted the manifesto's items, each backed by 5–63 proposals."""
    import re

    from dashboard.text import formatting
    from data_access.campaigns import current_campaign
    from data_access.db import make_engine, session_scope
    from data_access.manifesto.coverage import export_document

    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.run()
    at.switch_page(str(PROJECT_ROOT / "pages" / "manifeste.py")).run()
    engine = make_engine(demo_store)
    with session_scope(engine) as session:
        campaign = current_campaign(session)
        assert campaign is not None
        document = export_document(session, campaign.id)
    engine.dispose()
    assert 0 < document.item_count < document.source_count
    head = at.caption[0].value
    assert f"{formatting.plural(document.item_count, 'élément')}, issus de " \
           f"{formatting.plural(document.source_count, 'proposition')}" in head, head
    assert not re.search(rf"\b{document.item_count} propositions\b", head)


def test_a_reader_opens_the_sources_of_each_item(demo_store: str) -> None:
    """Each item opens onto its source proposals and their territories, counted as in « Portée par »."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.run()
    at.switch_page(str(PROJECT_ROOT / "pages" / "manifeste.py")).run()
    assert not at.exception
    expanders = [e for e in at.expander if e.label.startswith("Voir ")]
    attributions = [c.value for c in at.caption if c.value.startswith("Portée par")]
    assert expanders and len(expanders) == len(attributions)
    for expander, attribution in zip(expanders, attributions, strict=True):
        carried = attribution.removeprefix("Portée par ").split(" territoire")[0]
        assert f"leurs {carried} territoires" in expander.label or (carried == "1" and "son territoire" in expander.label)
        table = expander.dataframe[0].value
        assert list(table.columns) == ["Territoire", "Type", "Région", "Proposition"]
        assert table["Territoire"].nunique() == int(carried.replace("\u202f", ""))
        assert table["Proposition"].str.len().min() > 0 and not table.isna().any().any()
        names = expander.markdown[0].value
        assert names.startswith("**Territoires** :") and markdown_text(table["Territoire"].iloc[0]) in names
