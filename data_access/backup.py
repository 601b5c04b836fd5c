"""Backups of the store and their restoration into an empty store, both verified.

Three file formats, recognised by their first bytes:
- ``sqlite``: a SQLite store copied with SQLite's online backup API (consistent while the app
  writes); the default for a SQLite store;
- ``pg_dump``: PostgreSQL's custom format, when ``pg_dump`` is on PATH; the default for PostgreSQL;
- ``portable``: gzip'd JSON lines (a header with row counts, key figures and data versions, then
  one line per row), written through SQLAlchemy: any store, restorable into either database.

A restore goes into an empty store at the same schema version, in one transaction, and is
checked against the backup's row counts. Data versions end higher than both the backup's and
the target's, so no process serves a cache entry keyed on an older counter.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Engine,
    Table,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from data_access import audit, migrate
from data_access.access import Actor, require
from data_access.db import session_scope
from data_access.errors import ValidationError
from data_access.models import Base, Campaign, DataVersion, Role
from data_access.monitoring.figures import key_figures

Format = Literal["sqlite", "pg_dump", "portable"]
FORMAT_NAME = "concertations-sauvegarde"
FORMAT_VERSION = 1
BATCH = 1000
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_DUMP_MAGIC = b"PGDMP"
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class Summary:
    """What a backup holds: row counts per table, key figures per campaign, data versions."""

    counts: dict[str, int]
    figures: dict[str, dict[str, int]] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    revision: str | None = None


def data_tables() -> list[Table]:
    """Every table of the models, parents first; ``data_version`` is handled on its own."""
    return [table for table in Base.metadata.sorted_tables if table.name != DataVersion.__tablename__]


def summarise(session: Session) -> Summary:
    counts = {table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
              for table in data_tables()}
    from data_access.filters import Filters

    figures = {slug: asdict(key_figures(session, Filters(campaign_id=campaign_id)))
               for campaign_id, slug in session.execute(select(Campaign.id, Campaign.slug)).all()}
    versions = {name: int(value) for name, value in session.execute(
        select(DataVersion.aggregate, DataVersion.version)).all()}
    revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return Summary(counts, figures, versions, revision)


def detect_format(path: Path) -> Format:
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(_PG_DUMP_MAGIC):
        return "pg_dump"
    if head.startswith(_GZIP_MAGIC):
        return "portable"
    raise ValidationError(f"Le fichier {path} n'est pas une sauvegarde reconnue (SQLite, pg_dump ou portable).")


def default_format(engine: Engine) -> Format:
    if engine.dialect.name == "sqlite":
        return "sqlite"
    return "pg_dump" if shutil.which("pg_dump") else "portable"


def _libpq_url(engine: Engine) -> str:
    """pg_dump and pg_restore speak libpq: the URL without SQLAlchemy's driver suffix."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


# ---------------------------------------------------------------- backup


def backup(engine: Engine, out: Path, *, actor: Actor, fmt: Format | None = None) -> Summary:
    """Write a backup of the store to ``out`` and check it; returns what the backup holds."""
    require(actor, Role.ADMINISTRATEUR, action="sauvegarder la base")
    fmt = fmt or default_format(engine)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        raise ValidationError(f"Le fichier {out} existe déjà : choisissez un autre nom (une sauvegarde n'écrase rien).")
    if fmt == "sqlite":
        if engine.dialect.name != "sqlite":
            raise ValidationError("Le format sqlite ne s'applique qu'à une base SQLite.")
        _sqlite_backup(engine, out)
        reader = read_only_sqlite(out)
        try:
            with reader.connect() as connection:
                if connection.exec_driver_sql("PRAGMA integrity_check").scalar() != "ok":
                    raise ValidationError(f"La sauvegarde {out} est corrompue (contrôle d'intégrité SQLite).")
            with session_scope(reader) as session:
                written = summarise(session)
        finally:
            reader.dispose()
        return written
    with session_scope(engine) as session:
        source = summarise(session)
    if fmt == "pg_dump":
        if engine.dialect.name != "postgresql" or not shutil.which("pg_dump"):
            raise ValidationError("Le format pg_dump demande une base PostgreSQL et la commande pg_dump.")
        with engine.connect() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar()
        # Only the store's schema: a database may hold others (tests, another instance).
        dumped = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--schema={schema}",
                                 f"--file={out}", _libpq_url(engine)], capture_output=True, text=True, check=False)
        if dumped.returncode != 0:
            raise ValidationError(f"pg_dump a échoué : {dumped.stderr.strip()[-500:]}")
        counts = pg_dump_counts(out)
    else:
        _portable_backup(engine, out)
        counts = read_portable(out)[0].counts
    _check_counts(source.counts, counts, what="la sauvegarde")
    return source


def _sqlite_backup(engine: Engine, out: Path) -> None:
    # SQLite's online backup copies a consistent snapshot page by page while others write.
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(out)
        try:
            source.backup(target)
            # One self-contained file: no -wal/-shm companions to forget when copying it elsewhere.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        raw.close()


def read_only_sqlite(path: Path) -> Engine:
    """An engine on a backup file that never writes to it (no WAL switch, no companion files)."""
    from sqlalchemy import create_engine

    resolved = path.resolve()
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(
        f"file:{resolved}?mode=ro&immutable=1", uri=True, check_same_thread=False))


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _portable_backup(engine: Engine, out: Path) -> None:
    tmp = out.with_name(out.name + ".partiel")
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            # One snapshot for every table: counts, figures and rows agree.
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        session = Session(bind=connection)
        summary = summarise(session)
        with gzip.open(tmp, "wt", encoding="utf-8") as handle:
            header = {"format": FORMAT_NAME, "version": FORMAT_VERSION, **asdict(summary),
                      "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            handle.write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in [*data_tables(), DataVersion.__table__]:
                assert isinstance(table, Table)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns)).mappings():
                    record = {key: _encode(value) for key, value in row.items()}
                    handle.write(json.dumps({"t": table.name, "r": record}, ensure_ascii=False) + "\n")
        session.close()
    os.replace(tmp, out)


def read_portable(path: Path) -> tuple[Summary, Iterator[tuple[str, dict[str, Any]]]]:
    """The header and, lazily, every (table, row) of a portable backup; counts are re-counted."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = json.loads(handle.readline())
        counted: dict[str, int] = {}
        for line in handle:
            table = json.loads(line)["t"]
            counted[table] = counted.get(table, 0) + 1
    if header.get("format") != FORMAT_NAME:
        raise ValidationError(f"Le fichier {path} n'est pas une sauvegarde de l'observatoire.")
    counts = {table.name: counted.get(table.name, 0) for table in data_tables()}
    summary = Summary(counts, header.get("figures", {}), header.get("versions", {}), header.get("revision"))
    if header["counts"] != counts:
        raise ValidationError("La sauvegarde est incomplète : le nombre de lignes ne correspond pas à son en-tête.")

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            handle.readline()
            for line in handle:
                record = json.loads(line)
                yield record["t"], record["r"]

    return summary, rows()


_COPY = re.compile(r"^COPY (?:\w+\.)?\"?(\w+)\"? ")


def pg_dump_counts(path: Path) -> dict[str, int]:
    return pg_dump_contents(path)[0]


def pg_dump_contents(path: Path) -> tuple[dict[str, int], str | None]:
    """Row counts and schema version of a pg_dump file, read back from the dump (``pg_restore -f -``)."""
    listing = subprocess.run(["pg_restore", "--data-only", "-f", "-", str(path)], check=True,
                             capture_output=True, text=True).stdout
    counts: dict[str, int] = {}
    current: str | None = None
    revision: str | None = None
    for line in listing.splitlines():
        if current is None:
            match = _COPY.match(line)
            if match:
                current = match.group(1)
                counts[current] = 0
        elif line == "\\.":
            current = None
        else:
            counts[current] += 1
            if current == "alembic_version":
                revision = line.strip()
    return {table.name: counts.get(table.name, 0) for table in data_tables()}, revision


def _check_counts(expected: dict[str, int], found: dict[str, int], *, what: str) -> None:
    differences = [f"{name} : {expected.get(name, 0)} attendues, {found.get(name, 0)} trouvées"
                   for name in sorted(set(expected) | set(found)) if expected.get(name, 0) != found.get(name, 0)]
    if differences:
        raise ValidationError(f"Vérification de {what} échouée ({'; '.join(differences)}).")


# ---------------------------------------------------------------- restore


def _decoder(table: Table) -> dict[str, type]:
    return {column.name: type(column.type) for column in table.columns
            if isinstance(column.type, Date | DateTime) and not isinstance(column.type, JSON)}


def _decode(row: dict[str, Any], kinds: dict[str, type]) -> dict[str, Any]:
    for name, kind in kinds.items():
        value = row.get(name)
        if isinstance(value, str):
            row[name] = dt.datetime.fromisoformat(value) if issubclass(kind, DateTime) else dt.date.fromisoformat(value)
    return row


def _source_rows(path: Path, fmt: Format) -> tuple[Summary, Iterator[tuple[str, dict[str, Any]]]]:
    if fmt == "portable":
        return read_portable(path)
    source = read_only_sqlite(path)
    with session_scope(source) as session:
        summary = summarise(session)

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        with source.connect() as connection:
            for table in [*data_tables(), DataVersion.__table__]:
                assert isinstance(table, Table)
                for row in connection.execute(select(table)).mappings():
                    yield table.name, dict(row)
        source.dispose()

    return summary, rows()


def ensure_empty(session: Session) -> None:
    filled = [table.name for table in data_tables()
              if session.execute(select(func.count()).select_from(table)).scalar()]
    if filled:
        raise ValidationError(
            "La base cible n'est pas vide (tables " + ", ".join(filled[:5]) + ("…" if len(filled) > 5 else "")
            + ") : une restauration ne se fait que dans une base vide, pour ne rien mélanger ni écraser. "
            "Créez une base neuve (concertations db upgrade sur une adresse vide) et restaurez-y la sauvegarde."
        )


def restore(engine: Engine, path: Path, *, actor: Actor) -> tuple[Summary, Summary]:
    """Restore ``path`` into the empty store of ``engine``; returns (backup, restored) summaries."""
    require(actor, Role.ADMINISTRATEUR, action="restaurer une sauvegarde")
    fmt = detect_format(path)
    current, head = migrate.current_revision(engine), migrate.head_revision()
    if current != head:
        raise ValidationError("La base cible n'est pas à jour : lancez d'abord « concertations db upgrade ».")
    with session_scope(engine) as session:
        ensure_empty(session)
        before = {name: int(value) for name, value in session.execute(
            select(DataVersion.aggregate, DataVersion.version)).all()}
    if fmt == "pg_dump":
        counts, revision = pg_dump_contents(path)
        expected = Summary(counts, revision=revision)
        if revision != head:
            raise ValidationError(
                f"La sauvegarde est au schéma {revision}, la base cible au schéma {head} : "
                "restaurez avec la version du logiciel qui l'a écrite, puis mettez le schéma à jour.")
        _pg_restore(engine, path, before, head)
    else:
        expected, rows = _source_rows(path, fmt)
        if expected.revision != head:
            raise ValidationError(
                f"La sauvegarde est au schéma {expected.revision}, la base cible au schéma {head} : "
                "restaurez avec la version du logiciel qui l'a écrite, puis mettez le schéma à jour.")
        with session_scope(engine) as session:
            ensure_empty(session)  # again, inside the transaction that writes
            _insert_rows(session, rows, expected)
    with session_scope(engine) as session:
        restored = summarise(session)
        _check_counts(expected.counts, restored.counts, what="la restauration")
        if expected.figures and expected.figures != restored.figures:
            raise ValidationError("Vérification de la restauration échouée : les chiffres clés diffèrent.")
        _raise_versions(session, before, expected.versions, restored.versions)
        audit.record(session, actor=actor, action="restauration", entity_type="base",
                     summary=f"Restauration de la sauvegarde {path.name}")
    with session_scope(engine) as session:
        restored.versions = {name: int(value) for name, value in session.execute(
            select(DataVersion.aggregate, DataVersion.version)).all()}
    return expected, restored


def _insert_rows(session: Session, rows: Iterator[tuple[str, dict[str, Any]]], expected: Summary) -> None:
    tables = {table.name: table for table in data_tables()}
    decoders = {name: _decoder(table) for name, table in tables.items()}
    batch: list[dict[str, Any]] = []
    batch_table: str | None = None

    def flush() -> None:
        if batch and batch_table:
            session.execute(insert(tables[batch_table]), batch)
            batch.clear()

    for name, row in rows:
        if name not in tables:  # data_version: taken from the summary, raised afterwards
            continue
        if name != batch_table or len(batch) >= BATCH:
            flush()
            batch_table = name
        batch.append(_decode(row, decoders[name]))
    flush()
    if session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)
        # Bulk-loaded tables have no statistics yet: the planner would pick poor plans until autovacuum.
        session.execute(text("ANALYZE"))


def _reset_sequences(session: Session) -> None:
    """Explicit ids were inserted: move each serial sequence past them, or the next insert collides."""
    for table in data_tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].autoincrement is False or not hasattr(keys[0].type, "python_type"):
            continue
        key = keys[0]
        try:
            if key.type.python_type is not int:
                continue
        except NotImplementedError:
            continue
        sequence = session.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                   {"t": table.name, "c": key.name}).scalar()
        if sequence:
            highest = select(func.max(key)).scalar_subquery()
            session.execute(select(func.setval(sequence, func.coalesce(highest, 0) + 1, False)))


def _raise_versions(session: Session, before: dict[str, int], backup_versions: dict[str, int],
                    restored: dict[str, int]) -> None:
    """Every counter above what any process may have cached, from this store or the backup's."""
    table = DataVersion.__table__
    assert isinstance(table, Table)
    for name in sorted(set(before) | set(backup_versions) | set(restored)):
        value = max(before.get(name, 0), backup_versions.get(name, 0), restored.get(name, 0)) + 1
        if name in restored or name in before:
            session.execute(update(table).where(table.c.aggregate == name).values(version=value))
        else:
            session.execute(insert(table).values(aggregate=name, version=value))


def _pg_restore(engine: Engine, path: Path, before: dict[str, int], head: str | None) -> None:
    if engine.dialect.name != "postgresql" or not shutil.which("pg_restore"):
        raise ValidationError("Une sauvegarde pg_dump ne se restaure que dans PostgreSQL, avec la commande pg_restore.")
    with session_scope(engine) as session:
        # The dump carries its own schema version and counters; the empty store's rows would collide.
        session.execute(text("DELETE FROM alembic_version"))
        session.execute(delete(DataVersion))
    result = subprocess.run(
        ["pg_restore", "--data-only", "--single-transaction", "--exit-on-error", "--no-owner",
         "--disable-triggers", f"--dbname={_libpq_url(engine)}", str(path)],
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        with session_scope(engine) as session:  # put the empty store back as it was
            session.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": head})
            session.execute(insert(DataVersion), [{"aggregate": k, "version": v} for k, v in before.items()])
        raise ValidationError(f"pg_restore a échoué : {result.stderr.strip()[-500:]}")
