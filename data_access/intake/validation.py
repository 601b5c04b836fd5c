"""Validation: columns mapped to the grid, territories resolved, every cell parsed, one entry per territory.

Which territory a row is (code, name, homonyms, abroad) is settled by ``territory_identity``; the
rows of the repeated blocks are tied to their territory here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from data_access.config import limits
from data_access.french import normalise
from data_access.intake.cells import (
    CellError,
    _text,
    parse_choice,
    parse_choices,
    parse_date,
    parse_integer,
    parse_yes_no,
)
from data_access.intake.fields import (
    BLOCK_SHEETS,
    ERROR,
    GRID_CONTENT_SECTIONS,
    KIND_BY_LABEL,
    TERRITORY_SHEET,
    WARNING,
    Level,
    flat_targets,
    link_questions,
    sheet_fields,
)
from data_access.intake.grid import (
    DEFAULT_CHAPTERS,
    GridDefinition,
    Question,
    is_answered,
    load_definition,
)
from data_access.intake.mapping import suggest_mapping
from data_access.intake.reading import RawFile, RawTable
from data_access.intake.report import ImportReport, Issue, TerritoryEntry, session_answer
from data_access.intake.row_checks import (
    blank_rows,
    check_email,
    is_note,
    skip_note,
    trailing_notes,
)
from data_access.intake.territory_identity import territory_entry
from data_access.models import (
    STAGE_LABELS,
    Stage,
)
from data_access.territories import resolver
from data_access.territories.reference import ReferenceTerritory


@dataclass
class _Context:
    definition: GridDefinition
    chapters: list[str]
    max_chars: int
    issues: list[Issue]
    international: tuple[ReferenceTerritory, ...] = ()
    ambiguous: dict[str, tuple[int, str]] = field(default_factory=dict)  # name → (row, competing names)
    complete: bool = False  # a grid filed online: every required answer is due
    # (sheet, row, column) of cells refused with their own message: not also « missing ».
    refused: set[tuple[str | None, int | None, str | None]] = field(default_factory=set)

    def add(self, level: Level, message: str, **where: Any) -> None:
        self.issues.append(Issue(level, message, **where))

    def refuse(self, message: str, **where: Any) -> None:
        """A value given but invalid: one error, at its cell; the answer then counts as given."""
        self.add(ERROR, message, **where)
        self.refused.add((where.get("sheet"), where.get("row"), where.get("column")))


def _parse_cell(ctx: _Context, question: Question, raw: Any, *, sheet: str, row: int,
                territory: str) -> Any:
    """Parsed value, or None when empty or refused (the refusal is in the report)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    where = {"sheet": sheet, "row": row, "column": question.label, "territory": territory}
    try:
        if question.type == "date":
            return parse_date(raw)
        if question.type == "integer":
            number = parse_integer(raw)
            if question.minimum is not None and number < question.minimum:
                raise CellError(f"{number} est inférieur au minimum permis ({question.minimum}).")
            return number
        if question.type == "yes_no":
            return parse_yes_no(raw)
        if question.type == "single_choice":
            return parse_choice(raw, ctx.definition.choices(question, ctx.chapters))
        if question.type == "multiple_choice":
            return parse_choices(raw, ctx.definition.choices(question, ctx.chapters)) or None
    except CellError as exc:
        ctx.refuse(exc.message[0].upper() + exc.message[1:], **where)
        return None
    text = _text(raw)
    if text.startswith("="):
        ctx.add(WARNING, "Formule conservée comme texte, jamais calculée.", **where)
    if len(text) > ctx.max_chars:
        ctx.add(ERROR, f"Texte trop long : {len(text):,} caractères, la limite est de "
                       f"{ctx.max_chars:,} caractères.".replace(",", "\u202f"), **where)
        return None
    return text


def _answers_json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def validate(
    raw: RawFile,
    *,
    definition: GridDefinition | None = None,
    chapters: Sequence[str] | None = None,
    mapping: Mapping[str, str] | None = None,
    choices: Mapping[int, tuple[str, str]] | None = None,
    resolve: Callable[..., resolver.Resolution] | None = None,
    international: Sequence[ReferenceTerritory] = (),
    complete: bool = False,
) -> ImportReport:
    """Parse and check every row; ``choices`` settles ambiguous territories (row → kind, code).

    ``international``: the store's territories abroad, recognised by name like the reference's.
    ``complete``: a missing required answer is an error (a grid filed online), not a warning.
    """
    definition = definition or load_definition()
    ctx = _Context(definition=definition, chapters=list(chapters or DEFAULT_CHAPTERS),
                   max_chars=limits().text_max_chars, issues=[], international=tuple(international),
                   complete=complete)
    report = ImportReport(filename=raw.filename, sha256=raw.sha256, issues=ctx.issues)
    resolve = resolve or resolver.resolve
    fields = sheet_fields(definition)
    territory_table, block_tables = _tables_by_role(raw, definition, mapping, ctx)
    if territory_table is None:
        return report
    t_rows, t_mapping = territory_table
    targets = {f.id: f for f in fields[TERRITORY_SHEET]}
    if not raw.is_template:
        targets.update({f.id: f for f in flat_targets(definition)})
    sheet = t_rows.name
    # Missing required columns: the territory's identity is the only column every file needs.
    mapped_ids = set(t_mapping.values())
    if not mapped_ids & {"territoire", "territoire_code"}:
        ctx.add(ERROR, "Colonnes obligatoires manquantes : « Nom de la collectivité » ou "
                       "« Code INSEE ou SIREN de la collectivité ». Vérifiez la ligne d'en-tête "
                       "ou la correspondance des colonnes.", sheet=sheet)
        return report
    unmapped = [h for h in t_rows.headers if h not in t_mapping]
    if unmapped:
        ctx.add(WARNING, "Colonnes ignorées (sans correspondance) : "
                + ", ".join(f"« {h[:60]} »" for h in unmapped[:20]) + ("…" if len(unmapped) > 20 else ""),
                sheet=sheet)
    entries: list[TerritoryEntry] = []
    seen: dict[tuple[str, str], int] = {}
    flat_blocks: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    blank_rows(ctx, t_rows)
    notes = trailing_notes(t_rows)
    for raw_row in t_rows.rows:
        if raw_row.number in notes and is_note(ctx, notes[raw_row.number], resolve):
            skip_note(ctx, t_rows.name, raw_row.number, notes[raw_row.number])
            continue
        values: dict[str, Any] = {}
        label = _text(raw_row.cells.get(_header_for(t_mapping, "territoire") or "")) or _text(
            raw_row.cells.get(_header_for(t_mapping, "territoire_code") or ""))
        numbered: dict[tuple[str, int], dict[str, Any]] = defaultdict(dict)
        for header, target_id in t_mapping.items():
            target = targets.get(target_id)
            if target is None:
                continue
            value = _parse_cell(ctx, target.question, raw_row.cells.get(header), sheet=sheet,
                                row=raw_row.number, territory=label)
            parts = target_id.split(".")
            if len(parts) == 3:
                if value is not None:
                    numbered[(parts[0], int(parts[1]))][parts[2]] = value
            else:
                values[target_id] = value
        check_email(ctx, values, sheet=sheet, row=raw_row.number, territory=label)
        entry = territory_entry(ctx, values, sheet=sheet, row=raw_row.number, label=label,
                                choice=(choices or {}).get(raw_row.number), resolve=resolve, report=report)
        if entry is None:
            continue
        if entry.key in seen:
            ctx.add(ERROR, f"Ligne en double : ce territoire figure déjà ligne {seen[entry.key]}.",
                    sheet=sheet, row=raw_row.number, territory=entry.label)
            continue
        seen[entry.key] = raw_row.number
        entries.append(entry)
        for (section_id, number), block in sorted(numbered.items()):
            flat_blocks[section_id].append((raw_row.number, {"__entry": entry, "__number": number, **block}))
    _attach_blocks(ctx, definition, entries, block_tables, flat_blocks)
    for entry in entries:
        _finish_entry(ctx, definition, entry)
    if not entries and not report.errors:
        where = "le fichier" if raw.format == "csv" else f"la feuille « {sheet} »"  # a CSV has no sheets
        ctx.add(ERROR, f"Rien à importer : {where} ne contient aucune ligne de territoire sous son en-tête.",
                sheet=sheet)
    report.entries = entries
    return report


def _header_for(mapping: Mapping[str, str], target_id: str) -> str | None:
    for header, target in mapping.items():
        if target == target_id:
            return header
    return None


def _tables_by_role(
    raw: RawFile, definition: GridDefinition, mapping: Mapping[str, str] | None, ctx: _Context
) -> tuple[tuple[RawTable, dict[str, str]] | None, dict[str, tuple[RawTable, dict[str, str]]]]:
    fields = sheet_fields(definition)
    blocks: dict[str, tuple[RawTable, dict[str, str]]] = {}
    if raw.is_template:
        table = raw.table(TERRITORY_SHEET)
        assert table is not None
        territory = (table, suggest_mapping(table.headers, fields[TERRITORY_SHEET]))
        for section_id, sheet_name in BLOCK_SHEETS.items():
            block = raw.table(sheet_name)
            if block is not None:
                blocks[section_id] = (block, suggest_mapping(block.headers, fields[sheet_name]))
        return territory, blocks
    table = raw.tables[0]
    if len(raw.tables) > 1:
        ctx.add(WARNING, f"Le classeur a plusieurs feuilles sans feuille « {TERRITORY_SHEET} » : "
                         f"seule la première (« {table.name} ») est lue.")
    chosen = dict(mapping) if mapping else suggest_mapping(table.headers, flat_targets(definition))
    known = {f.id for f in flat_targets(definition)}
    chosen = {h: t for h, t in chosen.items() if h in table.headers and t in known}
    return (table, chosen), blocks


def _attach_blocks(
    ctx: _Context, definition: GridDefinition, entries: list[TerritoryEntry],
    block_tables: dict[str, tuple[RawTable, dict[str, str]]],
    flat_blocks: dict[str, list[tuple[int, dict[str, Any]]]],
) -> None:
    """Parse the repeated blocks and link each row to its territory's entry."""
    by_code: dict[str, list[TerritoryEntry]] = defaultdict(list)
    by_name: dict[str, list[TerritoryEntry]] = defaultdict(list)
    for entry in entries:
        for code in {entry.code, entry.reference.siren if entry.reference else None,
                     str(entry.answers.get("territoire_code") or "")}:
            if code:
                by_code[code.upper()].append(entry)
        for name in {entry.label, str(entry.answers.get("territoire") or "")}:
            if name:
                by_name[normalise(name)].append(entry)
    parsed: dict[str, list[tuple[TerritoryEntry, int, str, dict[str, Any]]]] = defaultdict(list)
    for section_id, (table, mapping) in block_tables.items():
        section = definition.section(section_id)
        link_by_id = {q.id: q for q in link_questions(definition)}
        blank_rows(ctx, table)
        notes = trailing_notes(table)
        for raw_row in table.rows:
            if raw_row.number in notes:
                skip_note(ctx, table.name, raw_row.number, notes[raw_row.number])
                continue
            link: dict[str, Any] = {}
            values: dict[str, Any] = {}
            label = _text(raw_row.cells.get(_header_for(mapping, "territoire") or "")) or _text(
                raw_row.cells.get(_header_for(mapping, "territoire_code") or ""))
            for header, target_id in mapping.items():
                if target_id in link_by_id:
                    link[target_id] = _parse_cell(ctx, link_by_id[target_id], raw_row.cells.get(header),
                                                  sheet=table.name, row=raw_row.number, territory=label)
                else:
                    question_id = target_id.split(".", 1)[1]
                    question = next(q for q in section.questions if q.id == question_id)
                    values[question_id] = _parse_cell(ctx, question, raw_row.cells.get(header),
                                                      sheet=table.name, row=raw_row.number, territory=label)
            owner = _link(ctx, link, by_code, by_name, sheet=table.name, row=raw_row.number, label=label)
            if owner is not None:
                parsed[section_id].append((owner, raw_row.number, table.name, values))
    for section_id, flat_rows in flat_blocks.items():
        for number, values in flat_rows:
            owner = values.pop("__entry")
            block_number = values.pop("__number")
            parsed[section_id].append((owner, number, f"{TERRITORY_SHEET} (bloc {block_number})", values))
    for section_id, rows in parsed.items():
        section = definition.section(section_id)
        seen: dict[tuple[tuple[str, str], str], int] = {}
        for owner, number, sheet, values in rows:
            missing = [q.label for q in section.questions if q.required and values.get(q.id) in (None, [], "")]
            if missing:
                ctx.add(ERROR, "Réponse obligatoire manquante : " + ", ".join(f"« {m} »" for m in missing) + ".",
                        sheet=sheet, row=number, territory=owner.label)
                continue
            fingerprint = repr(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))
            if (owner.key, fingerprint) in seen:
                ctx.add(WARNING, f"Ligne identique à la ligne {seen[(owner.key, fingerprint)]} "
                                 "(importée deux fois, comme dans le fichier).",
                        sheet=sheet, row=number, territory=owner.label)
            seen.setdefault((owner.key, fingerprint), number)
            if section_id == "sessions":
                owner.sessions = [*(owner.sessions or []), {
                    "held_on": values["date"], "format": values["format"], "publics": list(values["publics"]),
                    "participants": values["participants"], "place": values.get("lieu")}]
            else:
                owner.proposals.append({"text": values["texte"], "chapter": values["chapitre"],
                                        "themes": list(values.get("themes") or [])})


def _link(
    ctx: _Context, link: dict[str, Any], by_code: dict[str, list[TerritoryEntry]],
    by_name: dict[str, list[TerritoryEntry]], *, sheet: str, row: int, label: str,
) -> TerritoryEntry | None:
    kind = KIND_BY_LABEL.get(link.get("type_collectivite") or "")
    code, name = link.get("territoire_code"), link.get("territoire")
    if not code and not name:
        ctx.add(ERROR, "Ligne non rattachée : indiquez le nom ou le code de la collectivité.", sheet=sheet, row=row)
        return None
    candidates = by_code.get(str(code).upper(), []) if code else by_name.get(normalise(str(name)), [])
    if kind:
        candidates = [c for c in candidates if c.kind == kind]
    if code and name and len(candidates) > 1:
        candidates = [c for c in candidates if normalise(str(name)) in {normalise(c.label),
                                                                        normalise(str(c.answers.get("territoire")))}]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates and name and normalise(str(name)) in ctx.ambiguous:
        where, names = ctx.ambiguous[normalise(str(name))]
        ctx.add(ERROR, f"Ligne rattachée à « {label[:80]} », nom ambigu (feuille « {TERRITORY_SHEET} », ligne "
                       f"{where}) : il désigne {names}{'' if names.endswith('…') else '.'} Précisez la collectivité sur sa ligne de la feuille "
                       f"« {TERRITORY_SHEET} » (choix dans la page d'import ou code INSEE/SIREN).",
                sheet=sheet, row=row, territory=label)
    elif not candidates:
        ctx.add(ERROR, f"Ligne rattachée à « {label[:80]} », qui ne figure pas dans la feuille « {TERRITORY_SHEET} ».",
                sheet=sheet, row=row, territory=label)
    else:
        ctx.add(ERROR, f"Ligne rattachée à « {label[:80]} », qui désigne plusieurs lignes de la feuille "
                       f"« {TERRITORY_SHEET} » : précisez le type de collectivité.", sheet=sheet, row=row,
                territory=label)
    return None


def _finish_entry(ctx: _Context, definition: GridDefinition, entry: TerritoryEntry) -> None:
    """Charter, grid presence, inferred stage and the answers as stored."""
    answers = entry.answers
    where = {"sheet": entry.sheet, "row": entry.row, "territory": entry.label}
    if answers.get("charte_signee"):
        if answers.get("charte_date") is None:
            ctx.add(ERROR, "Charte signée sans date de signature.", **where, column="Date de signature")
        else:
            entry.charter = {"signed_on": answers["charte_date"], "signatory_role": answers.get("charte_signataire")}
    content = [q.id for s in definition.sections if s.id in GRID_CONTENT_SECTIONS for q in s.questions]
    entry.has_grid = any(is_answered(answers.get(q)) for q in content) or bool(entry.proposals) or (
        entry.explicit_stage and entry.stage.rank >= Stage.GRILLE_DEPOSEE.rank)
    inferred = Stage.ENGAGE
    if entry.charter:
        inferred = Stage.CHARTE_SIGNEE
    if entry.sessions:
        inferred = Stage.CONCERTATION_TENUE
    if entry.has_grid:
        inferred = Stage.GRILLE_DEPOSEE
    if entry.explicit_stage and entry.stage.rank < inferred.rank:
        ctx.add(WARNING, f"Étape « {STAGE_LABELS[entry.stage]} » antérieure à ce que la ligne contient : "
                         f"étape retenue « {STAGE_LABELS[inferred]} ».", **where, column="Étape de la participation")
    if inferred.rank > entry.stage.rank:
        entry.stage = inferred
    if entry.has_grid or ctx.complete:
        missing = [q.label for s in definition.sections if not s.repeated for q in s.questions
                   if q.required and not is_answered(answers.get(q.id))
                   and (entry.sheet, entry.row, q.label) not in ctx.refused]
        shown = len(missing) if ctx.complete else 6  # the online form names every missing answer
        if missing:
            ctx.add(ERROR if ctx.complete else WARNING, "Grille incomplète, réponses obligatoires manquantes : "
                    + ", ".join(f"« {m} »" for m in missing[:shown]) + ("…" if len(missing) > shown else "") + ".", **where)
    stored = _answers_json({k: v for k, v in answers.items() if v is not None})
    stored["sessions"] = [session_answer(s) for s in entry.sessions or []]
    stored["propositions"] = [{"texte": p["text"], "chapitre": p["chapter"], "themes": p["themes"]}
                              for p in entry.proposals]
    entry.answers = stored
    if entry.engaged_on and entry.stage_on and entry.stage_on < entry.engaged_on:
        ctx.add(ERROR, "La date de l'étape précède la date d'engagement.", **where, column="Date de l'étape")
