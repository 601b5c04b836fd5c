"""What a manifesto item stands on, as the Manifeste page opens it."""

from __future__ import annotations

from dashboard.manifesto import sources
from data_access.manifesto.proposals import ProposalRow


def _row(pid: int, participation: int, name: str, kind: str = "commune", reg: str | None = "53") -> ProposalRow:
    return ProposalRow(id=pid, text=f"Proposition {pid}", chapter="IA sociale", themes=(), criteria=(),
                       participation_id=participation, territory_name=name, kind=kind, reg_code=reg, zone=None,
                       stage="engage")


def test_sources_list_each_territory_once_in_french_order() -> None:
    cited = sources.item_sources([_row(3, 2, "Rennes"), _row(1, 1, "Île-de-France", "region", "11"),
                                  _row(2, 2, "Rennes"), _row(4, 3, "Abidjan", "international", None)])
    assert cited.heading == "Voir les 4 propositions sources et leurs 3 territoires"
    assert cited.territories == ("Abidjan (international)", "Île-de-France (région, Île-de-France)",
                                 "Rennes (commune, Bretagne)")
    assert list(cited.table["Territoire"]) == ["Abidjan", "Île-de-France", "Rennes", "Rennes"]
    assert list(cited.table["Proposition"])[2:] == ["Proposition 2", "Proposition 3"]


def test_a_single_source_reads_in_the_singular() -> None:
    assert sources.item_sources([_row(1, 1, "Rennes")]).heading == "Voir la proposition source et son territoire"
