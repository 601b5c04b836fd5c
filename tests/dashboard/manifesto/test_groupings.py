"""The near-identical proposals' panel: its captions and the writes of its buttons."""

from __future__ import annotations

from dashboard.manifesto import groupings
from data_access import manifesto
from data_access.manifesto import similarity
from data_access.manifesto.similarity import GroupInfo, Suggestion
from tests.dashboard.manifesto.conftest import EDITOR, Clicks, row

NNBSP = "\u202f"
SUGGESTION = Suggestion(signature="abc", proposal_ids=(1, 2, 3), territories=2, representative="Former",
                        cohesion=0.91)
GROUP = GroupInfo(id=4, status="accepted", wording="Former", proposal_ids=(1, 2), territories=1,
                  created_by="camille.martin@exemple.fr", signature="abc")


def test_captions() -> None:
    assert groupings.suggestion_caption(SUGGESTION) == f"3 propositions · 2 territoires · proximité moyenne 91{NNBSP}%"
    assert groupings.group_caption(GROUP) == "2 propositions · 1 territoire · accepté par camille\\.martin@exemple\\.fr"
    assert groupings.proposal_list([row(1, "Former *vite*"), row(2, name="Saint-Malo")]) == (
        "- Former \\*vite\\* — *Rennes*\n- Proposition 2 — *Saint\\-Malo*")


def test_accepting_reads_the_wording_typed(clicks: Clicks) -> None:
    clicks.widgets["wording-abc"] = "Former les agents"
    clicks.click(groupings.accept(EDITOR, 9, SUGGESTION, "wording-abc"))
    assert clicks.writes == [(similarity.accept, {"actor": EDITOR, "campaign_id": 9, "proposal_ids": [1, 2, 3],
                                                  "wording": "Former les agents"})]
    assert clicks.flash == "Regroupement accepté : proposition consolidée créée."


def test_group_buttons(clicks: Clicks) -> None:
    clicks.widgets["group-target-4"] = 7
    clicks.click(groupings.add_to_section(EDITOR, 4, "group-target-4"))
    assert clicks.flash == "Proposition consolidée ajoutée à la section."
    clicks.click(groupings.reject(EDITOR, 9, SUGGESTION))
    assert clicks.flash == "Suggestion rejetée : elle ne sera plus proposée."
    clicks.click(groupings.dissolve(EDITOR, 4))
    assert clicks.writes == [
        (manifesto.add_group, {"actor": EDITOR, "group_id": 4, "section_id": 7}),
        (similarity.reject, {"actor": EDITOR, "campaign_id": 9, "proposal_ids": [1, 2, 3]}),
        (similarity.dissolve, {"actor": EDITOR, "group_id": 4}),
    ]
    assert clicks.flash == "Regroupement dissous."
