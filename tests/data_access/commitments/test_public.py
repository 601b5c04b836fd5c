"""What anyone may see: validated commitments only, with status, progress and last news; no person."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from data_access.commitments import public, writes
from tests.support.factories import EDITOR
from tests.support.factories.commitments import commitment_scenario, make_commitment


def test_only_validated_commitments_and_no_email(session: Session) -> None:
    data = commitment_scenario(session)
    shown = make_commitment(session, data, actor=data.rennes_actor, kind="territoire", participation=data.rennes,
                            title="Adopter une charte d'usage de l'IA générative",
                            description="Contact : camille.martin@rennes.fr ou 02 99 28 55 55.", status="en cours",
                            progress=40)
    make_commitment(session, data, title="Pas encore validé")
    withdrawn = make_commitment(session, data, title="Retiré")
    for commitment_id in (shown.id, withdrawn.id):
        writes.set_validated(session, actor=EDITOR, commitment_id=commitment_id, expected_version=1)
    writes.set_withdrawn(session, actor=EDITOR, commitment_id=withdrawn.id, expected_version=2)
    writes.add_entry(session, actor=data.rennes_actor, commitment_id=shown.id, occurred_on=dt.date(2025, 4, 3),
                     text="Charte présentée en comité social territorial.")
    writes.add_entry(session, actor=data.rennes_actor, commitment_id=shown.id, occurred_on=dt.date(2025, 6, 20),
                     text="Délibération votée ; questions à agent@rennes.fr.")
    result = public.public_commitments(session, data.campaign.id)
    assert result.total == 1 and [item.number for item in result.items] == ["1.1"]
    item = result.items[0]
    assert item.section_title == "IA sociale"
    commitment = item.commitments[0]
    assert (commitment.title, commitment.committer_label, commitment.status_label, commitment.progress) == (
        "Adopter une charte d'usage de l'IA générative", "Rennes", "en cours", 40)
    assert commitment.last_news is not None and commitment.last_news.occurred_on == dt.date(2025, 6, 20)
    assert "@" not in repr(result) and "02 99" not in repr(result)
    assert "[donnée personnelle masquée]" in commitment.description
    assert [(t.name, t.total, t.done) for t in result.territories] == [("Rennes", 1, 0)]
    assert [(t.name, t.total) for t in public.public_map(session, data.campaign.id)] == [("Rennes", 1)]


def test_a_sub_commitment_of_an_unvalidated_parent_stands_alone(session: Session) -> None:
    data = commitment_scenario(session)
    parent = make_commitment(session, data, title="Parent à valider")
    child = make_commitment(session, data, parent=parent, title="Sous-engagement")
    writes.set_validated(session, actor=EDITOR, commitment_id=child.id, expected_version=1)
    [item] = public.public_commitments(session, data.campaign.id).items
    assert [(c.title, c.parent_public_id) for c in item.commitments] == [("Sous-engagement", None)]


def test_no_campaign_no_commitment(session: Session) -> None:
    assert public.public_commitments(session, 999).items == ()
