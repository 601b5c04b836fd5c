"""The published public page (``concertations publier``): regenerated after a write that affects it,
only then, atomically, and served by nginx (deploy/nginx/publication.conf) with caching headers."""

from __future__ import annotations

import datetime as dt
import gzip
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dashboard.space import publication
from data_access.access import Actor
from data_access.models import Participation, Role, Stage
from data_access.space import participations
from tests.support.factories import make_campaign, make_participation
from tools.bench import public as public_bench

EDITOR = Actor(email="editrice@exemple.fr", role=Role.EDITEUR)
TODAY = dt.date(2025, 3, 1)


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, b""


def _cycle(engine: Engine, folder: Path, last: publication.Stamp | None) -> publication.Cycle:
    with Session(engine) as session:
        return publication.cycle(session, folder, last, today=TODAY)


@pytest.fixture
def campaign_store(engine: Engine) -> Engine:
    with Session(engine) as session:
        campaign = make_campaign(session)
        make_participation(session, campaign, stage=Stage.ENGAGE)
        session.commit()
    return engine


def test_a_write_is_published_and_served_by_nginx_with_caching_headers(
        campaign_store: Engine, tmp_path: Path) -> None:
    if public_bench.nginx_binary() is None:
        pytest.skip("nginx n'est pas installé (apt-get install nginx ; .ci/run l'installe)")
    folder = tmp_path / "publication"
    first = _cycle(campaign_store, folder, None)
    assert first.published and first.territories == 1
    with public_bench.serve(folder) as url:
        status, headers, body = _get(url)
        assert status == 200 and "text/html" in headers["content-type"]
        assert headers["cache-control"] == "public, max-age=30, must-revalidate"
        etag = headers["etag"]
        page = body.decode("utf-8")
        assert "<td>Rennes</td><td>Commune</td><td>Bretagne</td><td>Engagé</td>" in page
        # Unchanged: the browser's copy is confirmed without a body.
        assert _get(url, **{"If-None-Match": etag})[0] == 304
        zipped = _get(url, **{"Accept-Encoding": "gzip"})
        assert zipped[1].get("content-encoding") == "gzip" and gzip.decompress(zipped[2]) == body
        assert _get(url + "carte.html")[0] == 200 and _get(url + "style.css")[0] == 200

        # A write through the data layer (an editor records the signed charter)...
        with Session(campaign_store) as session:
            rennes = session.query(Participation).one()
            participations.advance(session, actor=EDITOR, participation=rennes, stage=Stage.CHARTE_SIGNEE,
                                   occurred_on=dt.date(2025, 2, 1))
            session.commit()
        # ...then one publisher cycle: the served page shows it, under a new ETag.
        second = _cycle(campaign_store, folder, first.stamp)
        assert second.published
        status, headers, body = _get(url)
        assert status == 200 and headers["etag"] != etag
        assert headers["cache-control"] == "public, max-age=30, must-revalidate"
        assert "<td>Rennes</td><td>Commune</td><td>Bretagne</td><td>Charte signée</td>" in body.decode("utf-8")
        assert _get(url, **{"If-None-Match": etag})[0] == 200


def test_nothing_is_rewritten_while_the_public_data_stays_the_same(campaign_store: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "publication"
    first = _cycle(campaign_store, folder, None)
    target = (folder / "courant").resolve()
    again = _cycle(campaign_store, folder, first.stamp)
    assert not again.published and (folder / "courant").resolve() == target
    # The day changes « données au … »: published again; only the current and one previous folder are kept.
    with Session(campaign_store) as session:
        later = publication.cycle(session, folder, first.stamp, today=TODAY + dt.timedelta(days=1))
        publication.cycle(session, folder, later.stamp, today=TODAY + dt.timedelta(days=2))
    assert later.published
    kept = [p.name for p in folder.iterdir() if p.name.startswith(".version-")]
    assert len(kept) == 2 and (folder / "courant").is_symlink()
    assert sorted(p.name for p in (folder / "courant").iterdir()) == [
        "carte.html", "carte.html.gz", "index.html", "index.html.gz", "style.css", "style.css.gz"]


def test_a_plain_folder_in_the_way_is_refused_in_french(campaign_store: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "publication"
    (folder / "courant").mkdir(parents=True)
    with pytest.raises(Exception, match="dossier ordinaire"):
        _cycle(campaign_store, folder, None)
