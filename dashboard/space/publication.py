"""The public page published as static files, for nginx to serve (``concertations publier``).

On forum day hundreds of phones open the public address at once: a Streamlit page runs its script
once per visitor, files served by nginx cost almost nothing. The publisher polls the data versions
of the aggregates the public page reads (one small query) and, only when they moved (or the day
changed: the page says « données au … »), writes the site of ``public_export`` into a new folder
and switches the ``courant`` link to it in one ``rename``: a visitor gets the old page or the new
one, never half of each. nginx serves ``<dossier>/courant`` (deploy/nginx/publication.conf), each
file with its gzip copy written here (``gzip_static``: nginx spends no CPU compressing).
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from dashboard.space import public_export
from data_access import versions
from data_access.commitments import public as commitments_public
from data_access.commitments.views import PublicCommitments
from data_access.errors import ValidationError
from data_access.space import public
from data_access.versions import Aggregate

# What data_access.space.public and data_access.commitments.public read (the items' wording is the
# manifesto's): a write to any other aggregate leaves the page as is.
PUBLISHED_AGGREGATES: tuple[Aggregate, ...] = ("campaigns", "territories", "participations", "commitments",
                                               "manifesto")
CURRENT = "courant"
_VERSION_PREFIX = ".version-"
KEEP_PREVIOUS = 2  # a request already reading an older folder finishes on it


@dataclass(frozen=True)
class Stamp:
    """What the published files were made from: the aggregates' versions and the day."""

    versions: tuple[tuple[str, int], ...]
    data_date: dt.date


@dataclass(frozen=True)
class Cycle:
    stamp: Stamp
    published: bool
    territories: int = 0
    seconds: float = 0.0


def stamp(session: Session, today: dt.date | None = None) -> Stamp:
    current = versions.current(session)
    return Stamp(versions=tuple((a, current.get(a, 0)) for a in PUBLISHED_AGGREGATES),
                 data_date=today or dt.date.today())


def current_folder(folder: Path) -> Path:
    """The folder nginx serves: ``<dossier>/courant``."""
    return folder / CURRENT


def cycle(session: Session, folder: Path, last: Stamp | None, *, today: dt.date | None = None) -> Cycle:
    """One round of the publisher: rewrite the files if what they show may have changed."""
    now = stamp(session, today)
    if now == last:
        return Cycle(stamp=now, published=False)
    started = time.perf_counter()
    campaign_id = public.latest_campaign_id(session)
    data = (public.summary(session, campaign_id) if campaign_id is not None
            else public.PublicSummary(campaign_name="", territories=(), charters=0, grids=0))
    commitments = commitments_public.public_commitments(session, campaign_id) if campaign_id is not None else None
    publish(folder, data, data_date=now.data_date, commitments=commitments)
    return Cycle(stamp=now, published=True, territories=data.engaged, seconds=time.perf_counter() - started)


def publish(folder: Path, data: public.PublicSummary, *, data_date: dt.date,
            commitments: PublicCommitments | None = None) -> Path:
    """Write the site into a new folder, then point ``courant`` at it atomically; returns that folder."""
    folder.mkdir(parents=True, exist_ok=True)
    link = current_folder(folder)
    if link.exists() and not link.is_symlink():
        raise ValidationError(f"{link} est un dossier ordinaire : le publieur le remplace par un lien. "
                              "Déplacez-le, puis relancez.")
    target = folder / f"{_VERSION_PREFIX}{time.time_ns()}"
    target.mkdir(mode=0o755)
    target.chmod(0o755)  # nginx's workers run as another user: readable by all, whatever the umask
    for path in public_export.write_site(target, data, data_date=data_date, commitments=commitments):
        path.chmod(0o644)
        # Compressed once here, not by nginx at each of 500 requests (gzip_static): ~10 × fewer bytes.
        packed = path.with_name(path.name + ".gz")
        packed.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        packed.chmod(0o644)
    pending = folder / f".{CURRENT}-{time.time_ns()}"
    pending.symlink_to(target.name)  # relative: the folder can move
    os.replace(pending, link)
    _prune(folder, keep=target.name)
    return target


def _prune(folder: Path, *, keep: str) -> None:
    olds = sorted((p for p in folder.iterdir() if p.name.startswith(_VERSION_PREFIX) and p.name != keep),
                  key=lambda p: int(p.name.removeprefix(_VERSION_PREFIX)), reverse=True)
    for old in olds[KEEP_PREVIOUS - 1:]:
        shutil.rmtree(old, ignore_errors=True)
