"""The project's benchmark (``concertations bench``): speed and memory targets live here, not in tests.

Each module listed in ``BENCH_MODULES`` exposes ``run(context: BenchContext) -> list[Measure]``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_MODULES: tuple[str, ...] = (
    "tools.bench.pages",
    "tools.bench.reference",
    "tools.bench.intake",
    "tools.bench.exports",
    "tools.bench.manifesto",
    "tools.bench.load",
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
    """Shared between modules: demo stores by scale are built once per run."""

    scales: tuple[int, ...] = (1, 20)
    # The load group (tools/bench/load.py): simultaneous users, app processes, extra ``streamlit run`` options.
    users: tuple[int, ...] = (1, 5, 10, 20)
    processes: int = 1
    streamlit_options: tuple[str, ...] = ()
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="concertations-bench-")))
    _stores: dict[int, str] = field(default_factory=dict)

    def store_url(self, scale: int) -> str:
        """A migrated SQLite store holding the demo campaign at ``scale`` (built in a subprocess)."""
        if scale not in self._stores:
            path = self.workdir / f"demo-{scale}.sqlite3"
            url = f"sqlite:///{path}"
            env_prefix = {"CONCERTATIONS_DATABASE_URL": url}
            for args in (["db", "upgrade"], ["demo", "--scale", str(scale), "--reset"]):
                subprocess.run([sys.executable, "-m", "dashboard.cli.main", *args], check=True,
                               env={**_environ(), **env_prefix}, stdout=subprocess.DEVNULL)
            self._stores[scale] = url
        return self._stores[scale]


PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def _environ() -> dict[str, str]:
    """This environment, with the project root importable (``tools`` is not an installed package)."""
    paths = [str(PROJECT_ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
