"""``concertations export public --out DIR``: the public page as static files, offline and without
any personal data (no e-mail address, no phone number), in French."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.cli.main import main
from dashboard.exports.offline_html import external_loads
from data_access.db import get_engine, make_engine, session_scope
from data_access.models import Stage
from tests.support import stores
from tests.support.env import APP_DB_URL
from tests.support.factories import make_campaign, make_participation

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?<![\d.])(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
HOSTILE = "<img src=x onerror=alert(1)>Ville"


@pytest.fixture
def public_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = stores.migrated_store("public", tmp_path, "sqlite")
    engine = make_engine(url)
    with session_scope(engine) as session:
        campaign = make_campaign(session)
        rennes = make_participation(session, campaign, stage=Stage.GRILLE_DEPOSEE)
        rennes.contact_phone = "02 99 28 55 55"
        make_participation(session, campaign, code="29019", stage=Stage.CHARTE_SIGNEE)
        lyon = make_participation(session, campaign, code="69123")
        lyon.territory.name = HOSTILE
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    yield url
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", APP_DB_URL)
    get_engine.cache_clear()


def test_export_public_writes_an_offline_french_page_without_personal_data(
        public_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["export", "public", "--out", str(out)]) == 0
    assert "Page publique écrite dans" in capsys.readouterr().out
    assert sorted(path.name for path in out.iterdir()) == ["carte.html", "index.html", "style.css"]
    index = (out / "index.html").read_text(encoding="utf-8")
    carte = (out / "carte.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in index and "<h1>Les territoires engagés</h1>" in index
    assert "Campagne test" in index and "Territoires engagés" in index and "Chartes signées" in index
    assert "<td>Rennes</td><td>Commune</td><td>Bretagne</td><td>Grille déposée</td>" in index
    assert "3 collectivités engagées" in index and 'src="carte.html"' in index
    for text in (index, carte, (out / "style.css").read_text(encoding="utf-8")):
        assert not EMAIL.findall(text), EMAIL.findall(text)[:3]
        assert not PHONE.findall(text)
        assert "Camille" not in text and "camille" not in text
        assert not external_loads(text)  # nothing fetched from a network
        assert HOSTILE not in text  # escaped everywhere
    # The popups say name, type and stage only (the legend travels JSON-escaped).
    assert "Grille remplie" not in carte and "Charte : " not in carte and "tape du territoire" in carte


def test_export_public_refuses_a_file_as_folder(public_store: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fichier.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["export", "public", "--out", str(target)]) != 0
    assert "n'est pas un dossier" in capsys.readouterr().err + capsys.readouterr().out
