"""Import of the commitments' CSV (``csv_format``): check every row, then write all or nothing.

A row whose ``identifiant`` is a commitment of the campaign updates it (only the columns present
in the file; unchanged rows write nothing); an empty ``identifiant`` creates a commitment (a new
identifier is given), and so does an identifier the store does not know yet, which lets a file
create a commitment and its sub-commitments together. Every error names its row and column
(``intake.Issue``, as grid imports); one error and nothing is written. ``dry_run`` checks and
plans without writing. Writes are bulk statements: 5,000 rows import in a few seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.commitments import csv_format as f
from data_access.commitments import statuses
from data_access.commitments.csv_cells import Context, parse_row
from data_access.commitments.csv_report import CommitmentImportReport, RowOutcome
from data_access.commitments.csv_writes import apply
from data_access.commitments.models import COMMISSION_NAME, Commitment, CommitterKind
from data_access.commitments.rules import proposals_in_campaign
from data_access.errors import ValidationError
from data_access.intake.fields import clean_filename, sha256
from data_access.intake.reading import RawTable, read_upload
from data_access.models import Campaign, Role

IMPORT_ACTION = "engagement.import"
PUBLIC_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
# Final value → the column that sets it, to name what a row changes.
COLUMN_OF = {"title": f.TITLE, "description": f.DESCRIPTION, "item_id": f.ITEM, "parent_ref": f.PARENT,
             "committer_kind": f.KIND, "committer_name": f.NAME, "participation_id": f.TERRITORY,
             "status_id": f.STATUS, "progress": f.PROGRESS, "progress_set_by_hand": f.AUTOMATIC,
             "start_date": f.START, "end_date": f.END, "validated": f.VALIDATED, "withdrawn": f.WITHDRAWN,
             "proposal_ids": f.PROPOSALS, "territory_ids": f.TERRITORIES}
NEW_DEFAULTS: dict[str, Any] = {
    "title": "", "description": "", "item_id": None, "parent_ref": None, "committer_kind": None,
    "committer_name": None, "participation_id": None, "status_id": None, "progress": None,
    "progress_set_by_hand": False, "start_date": None, "end_date": None, "validated": False, "withdrawn": False,
    "proposal_ids": [], "territory_ids": [],
}


@dataclass
class PlannedRow:
    """One row of the file, parsed, then completed with what the store holds."""

    number: int
    public_id: str | None
    given: dict[str, Any]
    headers: dict[str, str]  # canonical column → the file's own header
    current: dict[str, Any] | None = None  # the stored values (an update), None for a creation
    final: dict[str, Any] = field(default_factory=dict)
    changed: tuple[str, ...] = ()  # the columns an update changes (none: the row writes nothing)

    def column(self, name: str) -> str:
        return self.headers.get(name, name)


def import_csv(session: Session, *, actor: Actor, campaign_id: int, data: bytes, filename: str,
               dry_run: bool = False) -> CommitmentImportReport:
    """Check, plan and (unless ``dry_run`` or any error) write the file, in the caller's transaction."""
    require(actor, Role.EDITEUR, action="importer des engagements")
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas.")
    report = CommitmentImportReport(filename=clean_filename(filename), sha256=sha256(data))
    try:
        table = read_upload(data, filename).tables[0]
    except ValidationError as exc:
        report.error(str(exc))
        return report
    if not dry_run:  # the campaign's first import brings the default statuses (a dry run reads them)
        statuses.ensure_default_statuses(session, actor=actor, campaign_id=campaign_id)
    context = Context.load(session, campaign_id)
    headers = _headers(table, report)
    if not report.ok:
        return report
    rows = [PlannedRow(number=raw.number, public_id=None, given=parse_row(raw, headers, context, report),
                       headers=headers) for raw in table.rows]
    if not rows:
        report.error("Le fichier ne contient aucune ligne d'engagement sous la ligne d'en-tête.")
        return report
    _plan(session, campaign_id, rows, context, report)
    if report.ok and not dry_run and any(o.action != "inchangé" for o in report.outcomes):
        apply(session, author=actor.email, campaign_id=campaign_id, rows=rows, context=context)
        counts = report.counts()
        audit.record(session, actor=actor, action=IMPORT_ACTION, entity_type="campaign", entity_id=campaign_id,
                     summary=f"Import d'engagements « {report.filename} » : {report.summary()}",
                     after={"fichier": report.filename, "source_hash": report.sha256,
                            "created": counts["création"], "updated": counts["mise à jour"]})
    report.applied = report.ok and not dry_run
    return report


def _headers(table: RawTable, report: CommitmentImportReport) -> dict[str, str]:
    from data_access.french import normalise

    wanted = {normalise(column): column for column in f.COLUMNS}
    found: dict[str, str] = {}
    for header in table.headers:
        column = wanted.get(normalise(header))
        if column is None:
            report.warning(f"Colonne « {header} » inconnue : elle est ignorée.", row=1, column=header)
        elif column not in found:
            found[column] = header
    for column in f.REQUIRED:
        if column not in found:
            report.error(f"Colonne obligatoire « {column} » absente de la ligne d'en-tête.", row=1, column=column)
    return found


def _plan(session: Session, campaign_id: int, rows: list[PlannedRow], context: Context,
          report: CommitmentImportReport) -> None:
    seen: dict[str, int] = {}
    elsewhere = _ids_elsewhere(session, campaign_id, [r.given.get("public_id") or "" for r in rows])
    for row in rows:
        public_id = row.given.get("public_id")
        if public_id:
            if public_id in seen:
                report.error(f"L'identifiant « {public_id} » figure déjà ligne {seen[public_id]}.", row=row.number,
                             column=row.column(f.ID))
            elif public_id in elsewhere:
                report.error(f"L'identifiant « {public_id} » est celui d'un engagement d'une autre campagne.",
                             row=row.number, column=row.column(f.ID))
            elif public_id not in context.current and not PUBLIC_ID_PATTERN.match(public_id):
                report.error(f"« {public_id[:50]} » n'est pas un identifiant valable (lettres, chiffres, « - », "
                             "« . » ou « _ », 40 caractères au plus) ; laissez la case vide pour en créer un.",
                             row=row.number, column=row.column(f.ID))
            seen.setdefault(public_id, row.number)
            row.public_id = public_id
        row.current = context.current.get(public_id) if public_id else None
        _complete(row, context, report)
    _resolve_parents(rows, context, report)
    _check_proposals(session, campaign_id, rows, report)
    for row in rows:
        _outcome(row, report)


def _ids_elsewhere(session: Session, campaign_id: int, ids: list[str]) -> set[str]:
    wanted = sorted({i for i in ids if i})
    found: set[str] = set()
    for start in range(0, len(wanted), 5000):
        found.update(session.scalars(select(Commitment.public_id).where(
            Commitment.public_id.in_(wanted[start:start + 5000]), Commitment.campaign_id != campaign_id)))
    return found


def _complete(row: PlannedRow, context: Context, report: CommitmentImportReport) -> None:
    """The row's final values: the stored ones (or the defaults) with the file's cells on top."""
    given, number = row.given, row.number
    final = dict(row.current["values"] if row.current else NEW_DEFAULTS)
    # An empty cell keeps the stored value (« validé », « élément »…) except where empty means empty.
    final.update({k: v for k, v in given.items() if (k in NEW_DEFAULTS and v is not None) or k in _CLEARABLE})
    if not final.get("title"):
        report.error("Le titre est obligatoire.", row=number, column=row.column(f.TITLE))
    if final.get("status_id") is None:
        report.error("Le statut est obligatoire.", row=number, column=row.column(f.STATUS))
    kind = final.get("committer_kind")
    if kind is None:
        report.error("Le porteur est obligatoire (commission, réseau partenaire ou territoire).", row=number,
                     column=row.column(f.KIND))
    elif kind == CommitterKind.TERRITOIRE.value:
        final["committer_name"] = None
        if final.get("participation_id") is None:
            report.error("Indiquez le territoire porteur (par exemple « commune:35238 »).", row=number,
                         column=row.column(f.TERRITORY))
    else:
        final["participation_id"] = None
        if kind == CommitterKind.RESEAU.value and not final.get("committer_name"):
            report.error("Indiquez le nom du réseau partenaire.", row=number, column=row.column(f.NAME))
        if kind == CommitterKind.COMMISSION.value and not final.get("committer_name"):
            final["committer_name"] = COMMISSION_NAME
    # The carrying territory is not among those it answers (as ``rules.checked`` stores them).
    final["territory_ids"] = [t for t in final["territory_ids"] if t != final.get("participation_id")]
    _complete_progress(row, final, context, report)
    if final.get("start_date") and final.get("end_date") and final["end_date"] < final["start_date"]:
        report.error("La date de fin précède la date de début.", row=number, column=row.column(f.END))
    row.final = final


# Columns whose empty cell means « empty » (a date removed, no proposal), not « unchanged ».
_CLEARABLE = frozenset({"description", "start_date", "end_date", "proposal_ids", "territory_ids", "parent_ref",
                        "title", "status_id", "committer_kind"})


def _complete_progress(row: PlannedRow, final: dict[str, Any], context: Context,
                       report: CommitmentImportReport) -> None:
    """« avancement automatique » oui: computed; non: the number typed; empty: typed if a number is."""
    automatic, typed = row.given.get("automatic"), row.given.get("progress")
    if automatic is None and "progress" not in row.given:
        automatic = not final["progress_set_by_hand"] if row.current else True
    elif automatic is None:
        automatic = typed is None
    if automatic:
        stored = row.current["values"]["progress"] if row.current else None
        expected = stored if stored is not None else context.status_default.get(final.get("status_id") or 0)
        if typed is not None and typed != expected:
            report.warning("Avancement ignoré : « avancement automatique » vaut oui (il est calculé) ; mettez non "
                           "pour le saisir à la main.", row=row.number, column=row.column(f.PROGRESS))
        final["progress_set_by_hand"] = False
        final["progress"] = stored
    else:
        if typed is None:
            report.error("Indiquez l'avancement (0 à 100) : « avancement automatique » vaut non.", row=row.number,
                         column=row.column(f.PROGRESS))
        final["progress_set_by_hand"] = True
        final["progress"] = typed


def _resolve_parents(rows: list[PlannedRow], context: Context, report: CommitmentImportReport) -> None:
    """Parents named by identifier (stored, or created by the file), no cycle, items inherited."""
    in_file = {row.public_id: row for row in rows if row.public_id}
    parent_of = {pid: current["values"]["parent_ref"] for pid, current in context.current.items()}
    item_of = {pid: current["values"]["item_id"] for pid, current in context.current.items()}
    for row in rows:
        ref = row.final.get("parent_ref")
        if ref and ref not in context.current and ref not in in_file:
            report.error(f"L'identifiant parent « {ref[:50]} » n'est ni un engagement de la campagne ni une ligne "
                         "du fichier.", row=row.number, column=row.column(f.PARENT))
            row.final["parent_ref"] = ref = None
        if row.public_id:
            parent_of[row.public_id] = ref
            item_of[row.public_id] = row.final.get("item_id")
    for row in rows:
        if not row.public_id or not row.final.get("parent_ref"):
            continue
        chain, current = [row.public_id], row.final["parent_ref"]
        while current and current not in chain:
            chain.append(current)
            current = parent_of.get(current)
        if current == row.public_id:
            report.error("Cet engagement serait placé sous lui-même (directement ou par ses sous-engagements).",
                         row=row.number, column=row.column(f.PARENT))
    for row in rows:
        if row.final.get("item_id") is None:
            current, visited = row.final.get("parent_ref"), set()
            while current and current not in visited and item_of.get(current) is None:
                visited.add(current)
                current = parent_of.get(current)
            row.final["item_id"] = item_of.get(current) if current else None
            if row.final["item_id"] is None and row.current is None:
                report.error("Indiquez l'élément du manifeste (ou un identifiant parent dont il sera repris).",
                             row=row.number, column=row.column(f.ITEM))


def _check_proposals(session: Session, campaign_id: int, rows: list[PlannedRow],
                     report: CommitmentImportReport) -> None:
    wanted = {p for row in rows for p in row.given.get("proposal_ids") or []}
    if not wanted:
        return
    unknown = wanted - proposals_in_campaign(session, campaign_id, sorted(wanted))
    for row in rows:
        missing = [p for p in row.given.get("proposal_ids") or [] if p in unknown]
        if missing:
            listed = ", ".join(f"n° {p}" for p in missing[:10])
            what = "Proposition introuvable" if len(missing) == 1 else "Propositions introuvables"
            report.error(f"{what} dans la campagne : {listed}.", row=row.number, column=row.column(f.PROPOSALS))


def _changed_columns(row: PlannedRow) -> tuple[str, ...]:
    assert row.current is not None
    before, after = row.current["values"], row.final
    changed = []
    for key, column in COLUMN_OF.items():
        if key == "progress" and not after["progress_set_by_hand"] and not before["progress_set_by_hand"]:
            continue  # automatic both times: recomputed, not imported
        old, new = before.get(key), after.get(key)
        if key in {"proposal_ids", "territory_ids"}:
            old, new = sorted(old or []), sorted(new or [])
        if old != new:
            changed.append(column)
    return tuple(dict.fromkeys(changed))


def _outcome(row: PlannedRow, report: CommitmentImportReport) -> None:
    title = str(row.final.get("title") or "")
    if row.current is None:
        report.outcomes.append(RowOutcome(row=row.number, public_id=row.public_id or "(nouveau)", title=title,
                                          action="création"))
        return
    changed = row.changed = _changed_columns(row)
    version = row.given.get("version")
    if changed and version is not None and version != row.current["version"]:
        report.error(f"Cet engagement a été modifié depuis l'export (version {row.current['version']} dans la base, "
                     f"{version} dans le fichier) : exportez à nouveau puis reportez vos changements.",
                     row=row.number, column=row.column(f.VERSION))
    report.outcomes.append(RowOutcome(row=row.number, public_id=row.public_id or "", title=title,
                                      action="mise à jour" if changed else "inchangé", changed=changed))
