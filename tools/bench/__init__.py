"""The project's benchmark (``concertations bench``): speed and memory targets live here, not in tests.

Each module listed in ``BENCH_MODULES`` exposes ``run(context: BenchContext) -> list[Measure]``.

With ``CONCERTATIONS_BENCH_POSTGRES_URL`` set (a PostgreSQL server URL), the page timings are also
taken on PostgreSQL: each scale gets a throwaway schema on that server, dropped at exit.
"""

from __future__ import annotations

import atexit
import os
import resource
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

POSTGRES_URL_ENV = "CONCERTATIONS_BENCH_POSTGRES_URL"
Backend = Literal["sqlite", "postgres"]
BACKEND_LABELS: dict[str, str] = {"sqlite": "SQLite", "postgres": "PostgreSQL"}

BENCH_MODULES: tuple[str, ...] = (
    "tools.bench.pages",
    "tools.bench.reference",
    "tools.bench.intake",
    "tools.bench.exports",
    "tools.bench.manifesto",
    "tools.bench.load",
    "tools.bench.public",
    "tools.bench.commitments",
    "tools.bench.browser",
    "tools.bench.collector",
)


@dataclass(frozen=True)
class Measure:
    group: str
    name: str
    value: float
    unit: str
    scale: int | None = None
    target: float | None = None  # upper bound; None = reported only

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.value <= self.target

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


@dataclass
class BenchContext:
    """Shared between modules: demo stores by backend and scale are built once per run."""

    scales: tuple[int, ...] = (1, 20)
    # The load group (tools/bench/load.py): simultaneous users, app processes, extra ``streamlit run`` options.
    users: tuple[int, ...] = (1, 5, 10, 20)
    processes: int = 1
    streamlit_options: tuple[str, ...] = ()
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="concertations-bench-")))
    postgres_url: str | None = field(default_factory=lambda: os.environ.get(POSTGRES_URL_ENV) or None)
    _stores: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def backends(self) -> tuple[Backend, ...]:
        return ("sqlite", "postgres") if self.postgres_url else ("sqlite",)

    def store_url(self, scale: int, backend: Backend = "sqlite") -> str:
        """A migrated store holding the demo campaign at ``scale`` (built in a subprocess, as an
        operator would: ``concertations db upgrade`` then ``demo``)."""
        if (backend, scale) not in self._stores:
            if backend == "postgres":
                url = _postgres_schema(self._require_postgres(), f"concertations_bench_{os.getpid()}_{scale}")
            else:
                url = f"sqlite:///{self.workdir / f'demo-{scale}.sqlite3'}"
            env_prefix = {"CONCERTATIONS_DATABASE_URL": url}
            for args in (["db", "upgrade"], ["demo", "--scale", str(scale), "--reset"]):
                subprocess.run([sys.executable, "-m", "dashboard.cli.main", *args], check=True,
                               env={**_environ(), **env_prefix}, stdout=subprocess.DEVNULL)
            self._stores[(backend, scale)] = url
        return self._stores[(backend, scale)]

    def _require_postgres(self) -> str:
        if not self.postgres_url:
            raise RuntimeError(f"{POSTGRES_URL_ENV} n'est pas défini : pas de mesure sur PostgreSQL.")
        return self.postgres_url


def _postgres_schema(server_url: str, schema: str) -> str:
    """A fresh schema on the server (dropped when this process exits); the URL that uses it."""
    from sqlalchemy import text

    from data_access.db import make_engine

    def execute(statement: str) -> None:
        engine = make_engine(server_url)
        with engine.begin() as connection:
            connection.execute(text(statement))
        engine.dispose()

    execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    execute(f"CREATE SCHEMA {schema}")
    atexit.register(execute, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    separator = "&" if "?" in server_url else "?"
    return f"{server_url}{separator}options=-csearch_path%3D{schema}"


PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def _environ() -> dict[str, str]:
    """This environment, with the project root importable (``tools`` is not an installed package)."""
    paths = [str(PROJECT_ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
