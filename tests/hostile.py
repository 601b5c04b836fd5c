"""Fill every text column of a store with hostile payloads (XSS, javascript: links, Markdown links/images).

Used by the hardening browser test on a private copy of the demo store. Columns are discovered
from the models' metadata, so text columns added later are filled too; only structural values
(codes, enum values, keys the app looks up in the grid definition) keep their value, and the
free-text part of chapter names is changed consistently everywhere it appears.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Engine, String, Text, select, update

from data_access.db import make_engine
from data_access.models import Base

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HTML_LINK = '<a href="javascript:alert(1)">lien</a>'
JS_URL = "javascript:alert(1)"
MD_LINK = "[x](javascript:alert(1))"
MD_IMAGE = "![x](http://evil.example/x.png)"
PAYLOADS = (SCRIPT, IMG, HTML_LINK, JS_URL, MD_LINK, MD_IMAGE)
HOSTILE = " ".join(PAYLOADS)

# Structural values: identifiers, enum values and vocabulary keys that the app matches exactly.
KEEP: dict[str, set[str]] = {
    "campaign": {"slug", "grid_version"},
    "territory": {"kind", "code", "siren", "dep_code", "dep_codes", "reg_code", "zone"},
    "participation": {"stage"},
    "stage_transition": {"stage"},
    "grid_response": {"grid_version", "source_hash"},
    "finding": {"category", "theme"},
    "proposal_group": {"status", "signature"},
    "manifesto_section": {"status"},
    "app_user": {"email", "role"},
    "store_meta": {"key", "value"},
    "audit_event": {"action", "entity_type", "entity_id"},
    "import_preset": set(),
    "commitment": {"public_id", "committer_kind"},
}
# Grid answers: keys whose values are vocabulary, dates or codes.
KEEP_ANSWER_KEYS = {"territoire_code", "reseaux", "charte_date", "date", "format", "publics", "themes",
                    "chapitre", "charte_signee", "restitution_prevue", "participants"}


def hostile(original: str | None, limit: int | None = None) -> str:
    """The payloads followed by the original text (pages keep working, lengths stay reasonable).

    Under a column's ``limit`` (PostgreSQL enforces VARCHAR lengths, SQLite does not), only the
    payloads that fit before the original text are kept, at least the first one."""
    original = original or ""
    if limit is None:
        return f"{HOSTILE} {original}".strip()
    kept: list[str] = []
    for payload in PAYLOADS:
        if len(" ".join([*kept, payload, original]).strip()) <= limit:
            kept.append(payload)
    return " ".join([*kept, original]).strip()[:limit] if kept else f"{SCRIPT} {original}"[:limit]


def _limit(column: Any) -> int | None:
    return getattr(column.type, "length", None)


def _hostile_answers(value: Any, key: str | None = None) -> Any:
    if key in KEEP_ANSWER_KEYS:
        return value
    if isinstance(value, str):
        return hostile(value)
    if isinstance(value, list):
        return [_hostile_answers(item) for item in value]
    if isinstance(value, dict):
        return {k: _hostile_answers(v, k) for k, v in value.items()}
    return value


def text_columns() -> dict[str, list[str]]:
    """Every String/Text column of every table, minus the structural ones."""
    found: dict[str, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        keep = KEEP.get(table.name, set())
        columns = [c.name for c in table.columns
                   if isinstance(c.type, (String, Text)) and not isinstance(c.type, JSON)
                   and not c.primary_key and not c.foreign_keys and c.name not in keep]
        if columns:
            found[table.name] = columns
    return found


def fill(engine: Engine) -> dict[str, int]:
    """Rewrite the store in place; returns the number of rows changed per table."""
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    changed: dict[str, int] = {}
    with engine.begin() as connection:
        chapters = {}
        for campaign_id, default_chapters in connection.execute(
            select(tables["campaign"].c.id, tables["campaign"].c.default_chapters)
        ):
            new = [hostile(chapter, _limit(tables["proposal"].c.chapter)) for chapter in default_chapters or []]
            chapters.update(zip(default_chapters or [], new, strict=True))
            connection.execute(update(tables["campaign"]).where(tables["campaign"].c.id == campaign_id)
                               .values(default_chapters=new))
        for old, new in chapters.items():
            connection.execute(update(tables["proposal"]).where(tables["proposal"].c.chapter == old)
                               .values(chapter=new))
        for table_name, columns in text_columns().items():
            table = tables[table_name]
            if table_name == "proposal":
                columns = [c for c in columns if c != "chapter"]
            key = next(iter(table.primary_key.columns))
            rows = connection.execute(select(key, *[table.c[name] for name in columns])).all()
            for row in rows:
                values = {name: hostile(row[index + 1], _limit(table.c[name])) for index, name in enumerate(columns)}
                connection.execute(update(table).where(key == row[0]).values(**values))
            changed[table_name] = len(rows)
        responses = tables["grid_response"]
        for response_id, answers in connection.execute(select(responses.c.id, responses.c.answers)).all():
            connection.execute(update(responses).where(responses.c.id == response_id)
                               .values(answers=_hostile_answers(answers)))
        for participation_id, networks in connection.execute(
            select(tables["participation"].c.id, tables["participation"].c.networks)
        ).all():
            # Network labels are a fixed list used by the filters: keep them, add a hostile one.
            connection.execute(update(tables["participation"]).where(tables["participation"].c.id == participation_id)
                               .values(networks=[*(networks or []), HOSTILE]))
        proposals = tables["proposal"]
        for proposal_id, themes in connection.execute(select(proposals.c.id, proposals.c.themes)).all():
            connection.execute(update(proposals).where(proposals.c.id == proposal_id)
                               .values(themes=[*(themes or []), HOSTILE]))
    return changed


def fill_store(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        return fill(engine)
    finally:
        engine.dispose()
