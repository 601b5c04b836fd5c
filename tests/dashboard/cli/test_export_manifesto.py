"""``concertations export manifesto``: DOCX and Markdown from the store, French errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from dashboard.cli.main import main
from data_access import db, demo
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.demo import corpus
from tests.support import stores


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = stores.migrated_store("store", tmp_path, "sqlite")
    engine = make_engine(url)
    with session_scope(engine) as session:
        demo.generate(session, actor=SYSTEM_ACTOR, scale=1, seed=7)
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    db.get_engine.cache_clear()
    yield url
    db.get_engine.cache_clear()


def test_export_docx_and_markdown(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docx_path, md_path = tmp_path / "m.docx", tmp_path / "m.md"
    assert main(["export", "manifesto", "--format", "docx", "--out", str(docx_path)]) == 0
    # The demo manifesto quotes 4 corpus texts in each chapter the corpus covers.
    covered = {corpus.themes_by_id()[p.theme].chapter for p in corpus.load_proposals()}
    out = capsys.readouterr().out
    found = re.fullmatch(rf"Manifeste exporté \(docx\) : {re.escape(str(docx_path))} — 4 sections, "
                         r"(\d+) éléments, (\d+) territoires contributeurs\.\n", out)
    assert found is not None, out
    assert int(found[1]) == 4 * len(covered) and int(found[2]) >= 5, out
    headings = [p.text for p in Document(str(docx_path)).paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings[:4] == ["1. IA sociale", "2. IA ouverte et démocratique", "3. IA utile et proportionnée",
                            "4. Gouvernance partagée et territoriale"]
    assert main(["export", "manifesto", "--format", "md", "--out", str(md_path)]) == 0
    text = md_path.read_text(encoding="utf-8")
    assert "Portée par" in text and "## Annexe — Territoires contributeurs" in text


def test_unknown_campaign_is_a_french_error(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "manifesto", "--out", str(tmp_path / "x.docx"), "--campaign", "999"]) == 2
    assert "Aucune campagne ne porte l'identifiant 999" in capsys.readouterr().err
