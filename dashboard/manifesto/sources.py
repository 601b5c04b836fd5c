"""What each manifesto item stands on, for its readers: the source proposals and the territories
that made them (the product's reason to exist). Plain values and tables, no rendering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from data_access.french import collation_key, plural
from data_access.manifesto.proposals import ProposalRow
from data_access.territories import reference

COLUMNS = ("Territoire", "Type", "Région", "Proposition")


@dataclass(frozen=True)
class ItemSources:
    heading: str  # the expander's label: « Les 12 propositions sources et leurs 9 territoires »
    territories: tuple[str, ...]  # « Rennes (commune, Bretagne) », in French alphabetical order
    table: pd.DataFrame  # one row per proposal, grouped by territory


def item_sources(rows: Sequence[ProposalRow]) -> ItemSources:
    """The sources of one item, from its proposals' display rows (``readers.proposal_rows``)."""
    by_territory: dict[int, ProposalRow] = {}
    for row in rows:
        by_territory.setdefault(row.participation_id, row)
    territories = sorted(by_territory.values(), key=lambda r: collation_key(r.territory_name))
    names = tuple(_name(r) for r in territories)
    ordered = sorted(rows, key=lambda r: (collation_key(r.territory_name), r.id))
    table = pd.DataFrame(
        [(r.territory_name, _kind(r), reference.region_label(r.reg_code), r.text) for r in ordered],
        columns=list(COLUMNS),
    )
    heading = (f"Voir {_the(len(rows), 'proposition source', 'propositions sources')} et "
               f"{_their(len(territories))}")
    return ItemSources(heading=heading, territories=names, table=table)


def _name(row: ProposalRow) -> str:
    """« Rennes (commune, Bretagne) »; a partner abroad has no région: « Abidjan (international) »."""
    if row.kind == reference.INTERNATIONAL:
        return f"{row.territory_name} ({_kind(row).lower()})"
    return f"{row.territory_name} ({_kind(row).lower()}, {reference.region_label(row.reg_code)})"


def _kind(row: ProposalRow) -> str:
    return reference.KIND_LABELS.get(row.kind, row.kind)


def _the(count: int, singular: str, plural_form: str) -> str:
    return f"la {singular}" if count == 1 else f"les {plural(count, singular, plural_form)}"


def _their(count: int) -> str:
    return "son territoire" if count == 1 else f"leurs {plural(count, 'territoire')}"
