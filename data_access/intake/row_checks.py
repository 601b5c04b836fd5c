"""Row-level checks of an upload: the contact's e-mail, blank rows, notes typed under the table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from email_validator import EmailNotValidError, validate_email

from data_access.intake.cells import _text
from data_access.intake.fields import WARNING
from data_access.intake.reading import RawTable
from data_access.territories import resolver

if TYPE_CHECKING:  # validation imports this module
    from data_access.intake.validation import _Context


def check_email(ctx: _Context, values: dict[str, Any], **where: Any) -> None:
    """The contact's e-mail through a maintained parser (syntax only: no network at import)."""
    address = values.get("contact_email")
    if not address:
        return
    try:
        values["contact_email"] = validate_email(str(address), check_deliverability=False).normalized
    except EmailNotValidError:
        ctx.refuse(f"« {str(address)[:80]} » n'est pas une adresse électronique valide "
                   "(attendu : prenom.nom@domaine.fr).", column=_email_label(ctx), **where)
        values["contact_email"] = None


def _email_label(ctx: _Context) -> str:
    """The e-mail question's label in this grid: the column a message names and ``refused`` keys on."""
    for section in ctx.definition.sections:
        for question in section.questions:
            if question.id == "contact_email":
                return question.label
    return "Courriel du ou de la référente"


def blank_rows(ctx: _Context, table: RawTable) -> None:
    for number in table.blank_rows:
        ctx.add(WARNING, f"Ligne {number} vide : ignorée.", sheet=table.name, row=number)


def trailing_notes(table: RawTable) -> dict[int, str]:
    """Rows under the table whose only text is in the first column (« Remarque : … »): number → text."""
    if len(table.headers) < 2:
        return {}
    first = table.headers[0]
    notes: dict[int, str] = {}
    for row in reversed(table.rows):  # from the bottom: usually the last row is data and this stops at once
        filled = [h for h, v in row.cells.items() if v is not None and _text(v)]
        if len(filled) >= 2:
            break
        if filled == [first]:
            notes[row.number] = _text(row.cells[first])
    return notes


def is_note(ctx: _Context, text: str, resolve: Callable[..., resolver.Resolution]) -> bool:
    """A lone cell under the table is a note unless it names a territory (a row with only a name)."""
    return resolve(text, **({"international": ctx.international} if ctx.international else {})).status == "unknown"


def skip_note(ctx: _Context, sheet: str, number: int, text: str) -> None:
    shown = text if len(text) <= 60 else text[:59] + "…"
    ctx.add(WARNING, f"Ligne {number} ignorée : texte sous le tableau (« {shown} »), pas une ligne de données.",
            sheet=sheet, row=number)
