"""Which territory a row of the territory sheet is: its code or its name resolved in the
reference (a spelling corrected, homonyms left to the user's choice), or a territory abroad."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from data_access.french import normalise
from data_access.intake.fields import (
    ERROR,
    KIND_BY_LABEL,
    STAGE_BY_LABEL,
    TRACKING_QUESTIONS,
    WARNING,
)
from data_access.intake.report import ImportReport, TerritoryEntry
from data_access.models import Stage
from data_access.territories import reference, resolver
from data_access.territories.matching import WORDING_SCORE
from data_access.territories.reference import INTERNATIONAL, ReferenceTerritory

if TYPE_CHECKING:  # validation imports this module
    from data_access.intake.validation import _Context


def territory_entry(
    ctx: _Context, values: dict[str, Any], *, sheet: str, row: int, label: str,
    choice: tuple[str, str] | None, resolve: Callable[..., resolver.Resolution], report: ImportReport,
) -> TerritoryEntry | None:
    """The row's entry, or None when it names no territory the import can tell (the error is in the
    report; an ambiguous name also goes to ``report.ambiguous()`` for the user's choice)."""
    where = {"sheet": sheet, "row": row, "territory": label}
    name = values.get("territoire")
    code = values.get("territoire_code")
    kind = KIND_BY_LABEL.get(values.get("type_collectivite") or "")
    if not name and not code:
        ctx.add(ERROR, "Ni nom ni code de collectivité : la ligne ne peut être rattachée à aucun territoire.",
                **where)
        return None
    ref: ReferenceTerritory | None = None
    international: dict[str, Any] | None = None
    country = values.get("pays")
    stored_abroad = {t.code: t for t in ctx.international}
    abroad = kind == INTERNATIONAL or bool(country and normalise(str(country)) != "france")
    if choice is not None and choice[0] == INTERNATIONAL:
        abroad, known = True, stored_abroad.get(choice[1])
    elif not abroad and kind is None and not code and name and ctx.international:
        # A known partner abroad, named without type nor country (« Montréal »): the partner, not
        # the French homonyms (the store's partner is who files grids under that name).
        known = next((t for t in ctx.international if normalise(t.name) == normalise(str(name))), None)
        abroad = known is not None
    else:
        known = None
    if abroad:
        international = _international(ctx, values, where, known)
        if international is None:
            return None
        key = (INTERNATIONAL, international["code"])
    else:
        if choice is not None:
            ref = reference.get(*choice)
        if ref is None and code:
            resolution = resolve(str(code), kind=kind)
            if resolution.status == "resolved":
                ref = resolution.territory
            else:
                ctx.add(ERROR, f"Code de collectivité « {code} » inconnu ou ambigu dans le référentiel.", **where,
                        column="Code INSEE ou SIREN de la collectivité")
                return None
        if ref is None:
            resolution = resolve(str(name), kind=kind, **({"international": ctx.international}
                                                           if ctx.international else {}))
            if resolution.status == "resolved":
                ref = resolution.territory
                if ref is not None and resolution.score is not None and resolution.score < WORDING_SCORE:
                    # A spelling corrected (« Rennnes » → Rennes): never silent, in the dry run and the report.
                    ctx.add(WARNING, f"Nom corrigé : « {str(name)[:80]} » a été lu comme « {ref.name} » "
                                     f"({candidate_names([resolution.candidates[0]])}, code {ref.code}). Vérifiez-le, "
                                     "ou ajoutez une colonne de code INSEE/SIREN.",
                            **where, column="Nom de la collectivité")
            elif resolution.status == "ambiguous":
                names = candidate_names(resolution.candidates)
                if all(c.score < WORDING_SCORE for c in resolution.candidates):
                    # Only names close to it, no collectivité of that name: unknown, with candidates.
                    ctx.add(ERROR, f"Territoire inconnu : « {str(name)[:80]} » ne figure pas dans le référentiel. "
                                   f"Noms proches : {names}. Choisissez le bon dans la page d'import ou corrigez "
                                   "le nom.", **where, column="Nom de la collectivité")
                else:
                    ctx.add(ERROR, f"Territoire ambigu : « {name} » désigne plusieurs collectivités ({names}). "
                                   "Choisissez-la dans la page d'import ou ajoutez une colonne de code INSEE/SIREN.",
                            **where, column="Nom de la collectivité")
                report._ambiguous.append((row, str(name), resolution.candidates))
                ctx.ambiguous[normalise(str(name))] = (row, names)
                return None
            else:
                ctx.add(ERROR, f"Territoire inconnu : « {str(name)[:80]} » ne figure pas dans le référentiel.",
                        **where, column="Nom de la collectivité")
                return None
        if ref is not None and name and code and normalise(str(name)) not in {
                normalise(ref.name), normalise(ref.long_name or "")}:
            ctx.add(WARNING, f"Le nom « {str(name)[:80]} » diffère du nom officiel « {ref.name} » du code {code}.",
                    **where)
        assert ref is not None
        key = ref.key
    stage_label = values.get("etape")
    display = ref.name if ref else international["name"] if international else label
    return TerritoryEntry(
        row=row, sheet=sheet, label=display, kind=key[0], code=key[1], reference=ref, international=international,
        networks=list(values.get("reseaux") or []),
        contact={"contact_name": values.get("contact_nom"), "contact_email": values.get("contact_email"),
                 "contact_phone": values.get("contact_telephone")},
        stage=STAGE_BY_LABEL[stage_label] if stage_label else Stage.ENGAGE, explicit_stage=bool(stage_label),
        engaged_on=values.get("date_engagement"), stage_on=values.get("date_etape"),
        charter=None, sessions=None, proposals=[],
        answers={k: v for k, v in values.items() if k not in {q.id for q in TRACKING_QUESTIONS}},
        has_grid=False,
    )


def _international(ctx: _Context, values: dict[str, Any], where: dict[str, Any],
                   known: ReferenceTerritory | None = None) -> dict[str, Any] | None:
    """A territory abroad: the stored one when known (« Montréal »), otherwise created from the row."""
    name = values.get("territoire") or (known.name if known else None)
    country = values.get("pays") or (known.country if known else None)
    if known is None and name and country:
        key = (normalise(str(name)), normalise(str(country)))
        known = next((t for t in ctx.international if (normalise(t.name), normalise(t.country)) == key), None)
    if not name or not country:
        ctx.add(ERROR, "Une collectivité hors de France demande son nom et son pays.", **where)
        return None
    coordinates: dict[str, float | None] = {}
    for axis, bound in (("latitude", 90.0), ("longitude", 180.0)):
        text = values.get(axis)
        if not text:
            stored = getattr(known, "lat" if axis == "latitude" else "lon", None) if known else None
            coordinates[axis] = stored
            continue
        try:
            number = float(str(text).replace(",", "."))
        except ValueError:
            number = bound + 1
        if abs(number) > bound:
            ctx.add(ERROR, f"« {text} » n'est pas une {axis} valide.", **where, column=axis.capitalize())
            return None
        coordinates[axis] = number
    code = str(known.code if known else values.get("territoire_code") or _slug(f"{country}-{name}")[:20])
    if len(code) > 20 and known is None:
        ctx.add(ERROR, f"Le code « {code[:40]} » dépasse 20 caractères.", **where,
                column="Code INSEE ou SIREN de la collectivité")
        return None
    return {"code": code, "name": str(name)[:300], "country": str(country)[:80],
            "lat": coordinates["latitude"], "lon": coordinates["longitude"]}


def candidate_names(candidates: Sequence[resolver.Candidate]) -> str:
    """« Sainte-Colombe (05), Sainte-Colombe (16), Montréal (International)… »."""
    def where(c: resolver.Candidate) -> str:
        return c.dep_code or reference.KIND_LABELS.get(c.kind, c.kind)
    names = ", ".join(f"{c.name} ({where(c)})" for c in candidates[:5])
    return names + ("…" if len(candidates) > 5 else "")


def _slug(text: str) -> str:
    return "-".join(normalise(text).split())
