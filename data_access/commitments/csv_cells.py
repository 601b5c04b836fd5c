"""Reading the cells of a commitments CSV row: what the store holds to check them (``Context``, loaded
once per file), and one parser per column, whose French error names the cell."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from data_access.commitments import csv_format as f
from data_access.commitments.csv_report import CommitmentImportReport
from data_access.commitments.models import (
    COMMITTER_KIND_LABELS,
    DEFAULT_STATUSES,
    Commitment,
    CommitmentStatus,
    CommitterKind,
)
from data_access.commitments.readers import item_refs
from data_access.commitments.versioning import links
from data_access.commitments.views import MAX_DESCRIPTION, MAX_NAME, MAX_TITLE, ItemRef
from data_access.french import normalise
from data_access.intake.cells import CellError, parse_date, parse_integer, parse_yes_no
from data_access.intake.reading import RawRow
from data_access.models import Participation, Territory

_KINDS: dict[str, CommitterKind] = {
    **{normalise(label): kind for kind, label in COMMITTER_KIND_LABELS.items()},
    **{normalise(kind.value): kind for kind in CommitterKind},
    "reseau partenaire": CommitterKind.RESEAU,
}
_NUMBERED = re.compile(r"^\d+\.\d+$")
# The same few labels on thousands of rows (« territoire », « en cours »): normalised once each.
_normalised = lru_cache(maxsize=4096)(normalise)


@dataclass
class Context:
    """What the cells are checked against, read from the store once for the whole file."""

    campaign_id: int
    items_by_id: dict[int, ItemRef]
    items_by_number: dict[str, ItemRef]
    statuses: dict[str, int]  # normalised label → id
    status_labels: dict[int, str]
    status_default: dict[int, int]
    territory_by_key: dict[str, int]  # « kind:code » (case-folded) → participation id
    territory_by_code: dict[str, list[tuple[int, str]]]  # bare code → (participation id, « kind:code »)
    current: dict[str, dict[str, Any]]  # public id → {"id", "version", "values", "validated_at"…}

    @classmethod
    def load(cls, session: Session, campaign_id: int) -> Context:
        refs = item_refs(session, campaign_id)
        statuses = [(int(sid), str(label), int(default)) for sid, label, default in session.execute(
            select(CommitmentStatus.id, CommitmentStatus.label, CommitmentStatus.default_progress)
            .where(CommitmentStatus.campaign_id == campaign_id))]
        if not statuses:  # a dry run before any status exists: the defaults the import will create
            statuses = [(-index - 1, label, default) for index, (label, default, _, _) in enumerate(DEFAULT_STATUSES)]
        by_key: dict[str, int] = {}
        by_code: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for pid, kind, code in session.execute(
                select(Participation.id, Territory.kind, Territory.code)
                .join(Territory, Participation.territory_id == Territory.id)
                .where(Participation.campaign_id == campaign_id)):
            by_key[f"{kind}:{code}".casefold()] = pid
            by_code[code.casefold()].append((pid, f"{kind}:{code}"))
        return cls(campaign_id=campaign_id, items_by_id={r.id: r for r in refs},
                   items_by_number={r.number: r for r in refs},
                   statuses={normalise(label): sid for sid, label, _ in statuses},
                   status_labels={sid: label for sid, label, _ in statuses},
                   status_default={sid: default for sid, _, default in statuses},
                   territory_by_key=by_key, territory_by_code=dict(by_code),
                   current=_current(session, campaign_id))


def _current(session: Session, campaign_id: int) -> dict[str, dict[str, Any]]:
    parent = aliased(Commitment)
    c = Commitment
    rows = session.execute(
        select(c.id, c.public_id, c.version, c.title, c.description, c.item_id, parent.public_id, c.committer_kind,
               c.committer_name, c.participation_id, c.status_id, c.progress, c.progress_set_by_hand, c.start_date,
               c.end_date, c.validated, c.withdrawn, c.validated_at, c.validated_by, c.withdrawn_at)
        .outerjoin(parent, c.parent_id == parent.id).where(c.campaign_id == campaign_id)).all()
    proposals, territories = links(session, [r[0] for r in rows])
    current: dict[str, dict[str, Any]] = {}
    for r in rows:
        values = {"title": r[3], "description": r[4], "item_id": r[5], "parent_ref": r[6], "committer_kind": r[7],
                  "committer_name": r[8], "participation_id": r[9], "status_id": r[10], "progress": r[11],
                  "progress_set_by_hand": bool(r[12]), "start_date": r[13], "end_date": r[14],
                  "validated": bool(r[15]), "withdrawn": bool(r[16]), "proposal_ids": proposals.get(r[0], []),
                  "territory_ids": territories.get(r[0], [])}
        current[r[1]] = {"id": r[0], "version": r[2], "values": values, "validated_at": r[17],
                         "validated_by": r[18], "withdrawn_at": r[19]}
    return current


def cell_text(value: Any) -> str:
    """A cell as text: a whole number without « .0 », the export's formula mark taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return f.unneutralise(str(value).strip())


def _bounded(text: str, limit: int, *, one_line: bool = True) -> str:
    cleaned = " ".join(text.split()) if one_line else text.strip()
    if len(cleaned) > limit:
        raise CellError(f"le texte dépasse {limit} caractères ({len(cleaned)}).")
    return cleaned


def _item(text: str, context: Context) -> int | None:
    if not text:
        return None
    if text.isdigit():
        if int(text) not in context.items_by_id:
            raise CellError(f"l'élément n° {text} n'existe pas dans le manifeste de la campagne.")
        return int(text)
    if _NUMBERED.match(text):
        ref = context.items_by_number.get(text)
        if ref is None:
            raise CellError(f"le manifeste n'a pas d'élément « {text} ».")
        return ref.id
    raise CellError(f"« {text[:40]} » n'est pas un élément du manifeste (son numéro d'export, ou « 1.2 »).")


def _kind(text: str) -> str | None:
    if not text:
        return None
    kind = _KINDS.get(_normalised(text))
    if kind is None:
        raise CellError(f"« {text[:40]} » n'est pas un porteur (commission, réseau partenaire ou territoire).")
    return kind.value


def _territory(text: str, context: Context) -> int | None:
    if not text:
        return None
    found = context.territory_by_key.get(text.casefold())
    if found is not None:
        return found
    kind, _, code = text.rpartition(":")
    matches = context.territory_by_code.get(code.strip().casefold(), []) if not kind else []
    if len(matches) == 1:
        return matches[0][0]
    if len(matches) > 1:
        raise CellError(f"le code « {text[:40]} » désigne plusieurs territoires "
                        f"({', '.join(key for _, key in matches)}) : précisez le type.")
    raise CellError(f"aucun territoire engagé dans la campagne n'a le code « {text[:40]} » "
                    "(attendu : « type:code », par exemple « commune:35238 »).")


def _territories(text: str, context: Context) -> list[int]:
    found: list[int] = []
    for part in re.split(r"[;,\n]", text):
        if part.strip():
            pid = _territory(part.strip(), context)
            if pid is not None and pid not in found:
                found.append(pid)
    return found


def _proposals(text: str) -> list[int]:
    ids: list[int] = []
    for part in re.split(r"[;,\s]+", text):
        if part:
            if not part.isdigit():
                raise CellError(f"« {part[:20]} » n'est pas un numéro de proposition.")
            if int(part) not in ids:
                ids.append(int(part))
    return ids


def _status(text: str, context: Context) -> int | None:
    if not text:
        return None
    found = context.statuses.get(_normalised(text))
    if found is None:
        listed = ", ".join(f"« {label} »" for label in context.status_labels.values())
        raise CellError(f"« {text[:40]} » n'est pas un statut de la campagne ({listed or 'aucun statut défini'}).")
    return found


def _progress(text: str) -> int | None:
    if not text:
        return None
    value = parse_integer(text.removesuffix("%").strip())
    if not 0 <= value <= 100:
        raise CellError(f"l'avancement est un pourcentage entre 0 et 100 (et non {value}).")
    return value


def _optional(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda text: parse(text) if text else None


Parser = Callable[[Any, Context], Any]  # text, or a date cell of a spreadsheet
# Column → (key of the parsed values, parser of the cell's text).
PARSERS: Mapping[str, tuple[str, Parser]] = {
    f.ID: ("public_id", lambda t, c: t or None),
    f.PARENT: ("parent_ref", lambda t, c: t or None),
    f.ITEM: ("item_id", _item),
    f.KIND: ("committer_kind", lambda t, c: _kind(t)),
    f.NAME: ("committer_name", lambda t, c: _bounded(t, MAX_NAME) or None),
    f.TERRITORY: ("participation_id", _territory),
    f.TITLE: ("title", lambda t, c: _bounded(t, MAX_TITLE)),
    f.DESCRIPTION: ("description", lambda t, c: _bounded(t, MAX_DESCRIPTION, one_line=False)),
    f.STATUS: ("status_id", _status),
    f.PROGRESS: ("progress", lambda t, c: _progress(t)),
    f.AUTOMATIC: ("automatic", lambda t, c: _optional(parse_yes_no)(t)),
    f.START: ("start_date", lambda t, c: _optional(parse_date)(t)),
    f.END: ("end_date", lambda t, c: _optional(parse_date)(t)),
    f.VALIDATED: ("validated", lambda t, c: _optional(parse_yes_no)(t)),
    f.WITHDRAWN: ("withdrawn", lambda t, c: _optional(parse_yes_no)(t)),
    f.PROPOSALS: ("proposal_ids", lambda t, c: _proposals(t)),
    f.TERRITORIES: ("territory_ids", _territories),
    f.VERSION: ("version", lambda t, c: _optional(parse_integer)(t)),
}


def parse_row(raw: RawRow, headers: Mapping[str, str], context: Context, report: CommitmentImportReport
              ) -> dict[str, Any]:
    """The row's values, keyed as ``PARSERS`` says, for the columns the file has (none for a cell in
    error: the error is in ``report``, and nothing will be written)."""
    given: dict[str, Any] = {}
    for column, header in headers.items():
        if column in f.INFORMATIVE:
            continue
        key, parse = PARSERS[column]
        value = raw.cells.get(header)
        # A spreadsheet's date cell (XLSX) goes to the date parser as a date; anything else as text.
        keep = isinstance(value, (dt.date, dt.datetime)) and key in {"start_date", "end_date"}
        try:
            given[key] = parse(value if keep else cell_text(value), context)
        except CellError as exc:
            report.error(exc.message[:1].upper() + exc.message[1:], row=raw.number, column=header)
    return given
