"""« Ce que disent les territoires »: themes from the grid, the manifesto or the suggestions; filters; quotes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from data_access import manifesto
from data_access.filters import Filters
from data_access.models import Finding
from data_access.monitoring import voices
from tests.support.factories import EDITOR, make_proposal
from tests.support.factories.manifesto import scenario


def test_themes_counts_quotes_and_filters(session: Session) -> None:
    data = scenario(session)
    section = manifesto.create_section(session, actor=EDITOR, campaign_id=data.campaign.id, title="Libertés")
    blank = make_proposal(session, data.participations[0], text="Pas de caméras qui reconnaissent les visages.",
                          themes=())
    placed = make_proposal(session, data.participations[1], text="Un registre public des caméras.", themes=())
    manifesto.add_proposals(session, actor=EDITOR, section_id=section.id, proposal_ids=[placed.id])
    session.add(Finding(participation_id=data.participations[0].id, category="risque", theme="Emploi et formation",
                        text="Les agents craignent pour leurs postes."))
    session.flush()
    found = voices.voices(session, Filters(campaign_id=data.campaign.id), {blank.id: "Libertés"})
    by_id = {(v.kind, v.id): v for v in found}
    assert (by_id[("proposition", blank.id)].theme, by_id[("proposition", blank.id)].theme_source) == (
        "Libertés", voices.FROM_SUGGESTION)
    assert by_id[("proposition", placed.id)].theme_source == voices.FROM_SECTION
    assert by_id[("proposition", data.proposals[0].id)].theme == "Emploi et formation"
    themes = {t.theme: t for t in voices.by_theme(found)}
    emploi = themes["Emploi et formation"]
    assert (emploi.proposals, emploi.findings) == (3, 1)
    assert emploi.territories == 3 and len(emploi.quotes) == 3
    assert len({q.participation_id for q in emploi.quotes}) == 3
    assert themes["Libertés"].proposals == 2
    # Bretagne only: Toulouse's proposal and the overseas one are gone.
    breton = voices.voices(session, Filters(campaign_id=data.campaign.id, reg_codes=("53",)), {})
    assert {v.reg_code for v in breton} == {"53"}
    assert voices.by_theme([])[:1] == []
