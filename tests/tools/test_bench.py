"""The benchmark's stores: SQLite always, PostgreSQL too when its server URL is given."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from data_access.db import make_engine
from tests.support import stores
from tools.bench import POSTGRES_URL_ENV, BenchContext, _postgres_schema
from tools.bench import pages as bench_pages


def test_postgres_is_measured_only_when_its_url_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(POSTGRES_URL_ENV, raising=False)
    assert BenchContext(scales=(1,)).backends == ("sqlite",)
    monkeypatch.setenv(POSTGRES_URL_ENV, "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert BenchContext(scales=(1,)).backends == ("sqlite", "postgres")


@pytest.mark.postgres
def test_each_scale_gets_a_throwaway_schema() -> None:
    url = _postgres_schema(stores.postgres_url(), "concertations_bench_test_schema")
    assert url.endswith("?options=-csearch_path%3Dconcertations_bench_test_schema")
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT current_schema()")) == "concertations_bench_test_schema"
    engine.dispose()


def test_postgres_figures_say_their_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_pages, "PAGES", ("accueil",))
    monkeypatch.setattr(bench_pages, "measure_page", lambda url, page: {
        "cold": 0.5 if "postgresql" in url else 0.25, "warm": 0.1, "payload": None, "problems": [], "imports": 1.0})
    context = BenchContext(scales=(20,), postgres_url="postgresql+psycopg://x@127.0.0.1/test")
    context._stores.update({("sqlite", 20): "sqlite:///demo.sqlite3", ("postgres", 20): "postgresql+psycopg://x/y"})
    cold = {m.name: m.value for m in bench_pages.run(context) if "froid" in m.name}
    assert cold == {"accueil : premier affichage (froid)": 0.25,
                    "accueil : premier affichage (froid) [PostgreSQL]": 0.5}
