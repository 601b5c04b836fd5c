"""The one CSV format of commitments, written by the export and read back by the import.

Same columns both ways (``COLUMNS``): a file exported, edited in a spreadsheet and imported again
updates the commitments it names by ``identifiant`` instead of duplicating them. Semicolons,
UTF-8 with a BOM (what French spreadsheet software opens correctly), French dates and « oui » /
« non »; text a spreadsheet would evaluate is neutralised, and the import takes that mark off.

« élément » is the item's number in the store (stable when the manifesto is reordered, and a plain
integer no spreadsheet turns into a date, as it would « 1.10 »); the import also accepts « 1.2 ».
Two columns only inform and are ignored on import: « libellé de l'élément » (« 1.2 » and the
wording) and « dernière actualité ». ``version`` is the version exported: a row changed since in
the store is refused, not overwritten.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.access import Actor, require
from data_access.commitments.models import COMMITTER_KIND_LABELS, CommitmentEntry, CommitterKind
from data_access.commitments.readers import read_rows
from data_access.commitments.versioning import links
from data_access.commitments.views import CommitmentFilters, CommitmentRow
from data_access.models import Participation, Role, Territory
from data_access.spreadsheet import FORMULA_PREFIXES, neutralise

ID = "identifiant"
PARENT = "identifiant parent"
ITEM = "élément"
ITEM_WORDING = "libellé de l'élément"
KIND = "porteur"
NAME = "nom du porteur"
TERRITORY = "territoire porteur"
TITLE = "titre"
DESCRIPTION = "description"
STATUS = "statut"
PROGRESS = "avancement (%)"
AUTOMATIC = "avancement automatique"
START = "date de début"
END = "date de fin"
VALIDATED = "validé"
WITHDRAWN = "retiré"
PROPOSALS = "propositions"
TERRITORIES = "territoires concernés"
NEWS = "dernière actualité"
VERSION = "version"

COLUMNS: tuple[str, ...] = (ID, PARENT, ITEM, ITEM_WORDING, KIND, NAME, TERRITORY, TITLE, DESCRIPTION, STATUS,
                            PROGRESS, AUTOMATIC, START, END, VALIDATED, WITHDRAWN, PROPOSALS, TERRITORIES, NEWS,
                            VERSION)
REQUIRED: tuple[str, ...] = (ID, ITEM, KIND, TITLE, STATUS)
INFORMATIVE: tuple[str, ...] = (ITEM_WORDING, NEWS)
LIST_SEPARATOR = " ; "
DATE_FORMAT = "%d/%m/%Y"
KIND_BY_LABEL: dict[str, CommitterKind] = {label: kind for kind, label in COMMITTER_KIND_LABELS.items()}


def yes_no(value: bool) -> str:
    return "oui" if value else "non"


def unneutralise(text: str) -> str:
    """The export's mark against formulas (a leading apostrophe) taken off: « '=A1 » was « =A1 »."""
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_PREFIXES:
        return text[1:]
    return text


def territory_codes(session: Session, participation_ids: Sequence[int]) -> dict[int, str]:
    """participation id → « kind:code », the territory column's unambiguous form."""
    if not participation_ids:
        return {}
    return {pid: f"{kind}:{code}" for pid, kind, code in session.execute(
        select(Participation.id, Territory.kind, Territory.code).join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.id.in_(list(participation_ids))))}


def _last_entries(session: Session, ids: Sequence[int]) -> dict[int, str]:
    latest: dict[int, str] = {}
    for start in range(0, len(ids), 5000):
        for commitment_id, occurred_on, text in session.execute(
                select(CommitmentEntry.commitment_id, CommitmentEntry.occurred_on, CommitmentEntry.text)
                .where(CommitmentEntry.commitment_id.in_(list(ids[start:start + 5000])))
                .order_by(CommitmentEntry.commitment_id, CommitmentEntry.occurred_on, CommitmentEntry.id)):
            latest[commitment_id] = f"{occurred_on.strftime(DATE_FORMAT)} : {' '.join(text.split())}"
    return latest


def export_rows(session: Session, campaign_id: int) -> list[dict[str, str]]:
    """Every commitment of the campaign (withdrawn ones too: the file is the whole list), as CSV cells."""
    rows: list[CommitmentRow] = read_rows(session, campaign_id, CommitmentFilters(include_withdrawn=True))
    ids = [row.id for row in rows]
    proposals, territories = links(session, ids)
    codes = territory_codes(session, sorted({t for ts in territories.values() for t in ts}))
    news = _last_entries(session, ids)
    return [{
        ID: row.public_id, PARENT: row.parent_public_id or "", ITEM: str(row.item_id or ""),
        ITEM_WORDING: f"{row.item_number} {row.item_wording}" if row.item_id is not None else "",
        KIND: row.committer_kind_label,
        NAME: row.committer_label, TERRITORY: row.territory_code, TITLE: row.title, DESCRIPTION: row.description,
        STATUS: row.status_label, PROGRESS: str(row.progress), AUTOMATIC: yes_no(not row.progress_set_by_hand),
        START: row.start_date.strftime(DATE_FORMAT) if row.start_date else "",
        END: row.end_date.strftime(DATE_FORMAT) if row.end_date else "",
        VALIDATED: yes_no(row.validated), WITHDRAWN: yes_no(row.withdrawn),
        PROPOSALS: LIST_SEPARATOR.join(str(p) for p in proposals.get(row.id, [])),
        TERRITORIES: LIST_SEPARATOR.join(codes[t] for t in territories.get(row.id, []) if t in codes),
        NEWS: news.get(row.id, ""), VERSION: str(row.version),
    } for row in rows]


def to_csv(rows: Sequence[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


def export_file(session: Session, *, actor: Actor, campaign_id: int) -> tuple[bytes, int]:
    """The file's bytes and how many commitments it holds."""
    require(actor, Role.LECTEUR, action="exporter les engagements")
    rows = export_rows(session, campaign_id)
    return to_csv(rows), len(rows)


def export_csv(session: Session, *, actor: Actor, campaign_id: int) -> bytes:
    """« engagements.csv »: the commission's file to edit and import again (same columns)."""
    require(actor, Role.LECTEUR, action="exporter les engagements")
    return export_file(session, actor=actor, campaign_id=campaign_id)[0]
