"""AppTest of « Nos engagements » in the territory space (SQLite and PostgreSQL): through its personal
link a territory adds a commitment under a manifesto item and reports its progress; it never sees
another territory's; a report from a stale version is refused with what changed, in French."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from dashboard.space import commitments as space_commitments
from data_access.access import SYSTEM_ACTOR, Actor
from data_access.commitments import readers, statuses, writes
from data_access.commitments.models import Commitment, CommitmentEntry
from data_access.commitments.views import CommitmentInput
from data_access.db import make_engine, session_scope
from data_access.errors import PermissionDenied
from data_access.models import Participation, Role
from data_access.space import personal_links
from tests.support.env import ENTRYPOINT

EDITOR = Actor(email="editrice@exemple.fr", role=Role.EDITEUR)
OTHER_TITLE = "Engagement porté par un autre territoire"


def _setup(url: str) -> dict[str, Any]:
    """An engaged territory without commitments, invited; another territory's commitment beside it."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        carrying = select(Commitment.participation_id).where(Commitment.participation_id.is_not(None))
        own, other = session.scalars(select(Participation).where(Participation.id.not_in(carrying))
                                     .order_by(Participation.id).limit(2)).all()
        campaign_id = own.campaign_id
        items = readers.item_refs(session, campaign_id)
        assert items, "la démo doit avoir un manifeste"
        found = {s.label: s.id for s in statuses.list_statuses(session, campaign_id)}
        theirs = writes.create_commitment(session, actor=EDITOR, campaign_id=campaign_id, data=CommitmentInput(
            title=OTHER_TITLE, committer_kind="territoire", status_id=found["prévu"], item_id=items[0].id,
            participation_id=other.id))
        token = personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=own.id,
                                        email="mairie@exemple.fr").token
        result = {"token": token, "pid": own.id, "other_commitment": theirs.id, "item": items[1],
                  "statuses": found, "campaign_id": campaign_id}
    engine.dispose()
    return result


def _button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def _texts(at: AppTest) -> str:
    """What the page says, Markdown escapes taken off."""
    return " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.success, *at.error, *at.info]
                    ).replace("\\", "")


def test_a_territory_adds_a_commitment_reports_progress_and_meets_a_conflict(
        private_store: str, server_address: Any) -> None:
    data = _setup(private_store)
    at = AppTest.from_file(ENTRYPOINT, default_timeout=90)
    at.query_params["jeton"] = data["token"]
    at.run()
    assert not at.exception
    assert "Nos engagements" in [h.value for h in at.header]
    assert OTHER_TITLE not in _texts(at)

    # Add a commitment under the second item.
    at.selectbox(key="engagement-nouveau-item_id-0").set_value(data["item"].id)
    at.text_input(key="engagement-nouveau-title-0").input("Former 50 agents à l'IA générative")
    _button(at, "Ajouter l'engagement").click().run()
    assert not at.exception and not at.error
    assert any("Engagement « Former 50 agents à l'IA générative » ajouté" in str(s.value) for s in at.success)
    page = _texts(at)
    assert "En attente de validation par la commission" in page and "None" not in page
    assert f"Élément {data['item'].number} du manifeste" in page
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        mine = session.scalars(select(Commitment).where(Commitment.participation_id == data["pid"])).one()
        assert (mine.title, mine.item_id, mine.validated) == ("Former 50 agents à l'IA générative",
                                                               data["item"].id, False)
        commitment_id = mine.id
    # The form is empty again for the next commitment.
    assert at.text_input(key="engagement-nouveau-title-1").value == ""

    # Report progress: « en cours », 40 %, a dated news.
    at.selectbox(key=f"engagement-{commitment_id}-status_id-0").set_value(data["statuses"]["en cours"])
    at.checkbox(key=f"engagement-{commitment_id}-automatic-0").uncheck()
    at.number_input(key=f"engagement-{commitment_id}-progress-0").set_value(40)
    at.text_area(key=f"engagement-{commitment_id}-news-0").input("Délibération votée en conseil municipal")
    _button(at, "Enregistrer l'avancement").click().run()
    assert not at.exception and not at.error
    assert any("Avancement enregistré et l'actualité ajoutée" in str(s.value) for s in at.success)
    page = _texts(at)
    assert "Délibération votée en conseil municipal" in page and "Dernière actualité" in page
    with session_scope(engine) as session:
        mine = session.get(Commitment, commitment_id)
        assert mine is not None and (mine.status_id, mine.progress) == (data["statuses"]["en cours"], 40)
        assert session.scalar(select(func.count(CommitmentEntry.id))
                              .where(CommitmentEntry.commitment_id == commitment_id)) == 1
        version = mine.version

    # Someone else (a colleague of the same territory) marks it « réalisé » meanwhile...
    colleague = Actor(email="dgs@exemple.fr", role=Role.TERRITOIRE, participation_ids=frozenset({data["pid"]}))
    with session_scope(engine) as session:
        writes.report_progress(session, actor=colleague, commitment_id=commitment_id, expected_version=version,
                               status_id=data["statuses"]["réalisé"], progress=None)
    # ...then this agent, who still sees « en cours », reports « abandonné »: refused, with what changed.
    at.selectbox(key=f"engagement-{commitment_id}-status_id-1").set_value(data["statuses"]["abandonné"])
    _button(at, "Enregistrer l'avancement").click().run()
    assert not at.exception
    assert at.error and "Votre modification n'a pas été enregistrée" in at.error[0].value
    page = _texts(at)
    assert "Statut : « en cours » → « réalisé »" in page
    with session_scope(engine) as session:
        mine = session.get(Commitment, commitment_id)
        assert mine is not None and mine.status_id == data["statuses"]["réalisé"]
    # « Reprendre sur la version actuelle » redraws the form from the store; the report then goes through.
    _button(at, "Reprendre sur la version actuelle").click().run()
    at.selectbox(key=f"engagement-{commitment_id}-status_id-2").set_value(data["statuses"]["abandonné"])
    _button(at, "Enregistrer l'avancement").click().run()
    assert not at.error and any("Avancement enregistré" in str(s.value) for s in at.success)
    assert OTHER_TITLE not in _texts(at)
    engine.dispose()


def test_another_territorys_commitment_is_refused_in_french(private_store: str) -> None:
    data = _setup(private_store)
    territory = Actor(email="mairie@exemple.fr", role=Role.TERRITOIRE, participation_ids=frozenset({data["pid"]}))
    with pytest.raises(PermissionDenied, match=r"Action refusée .* ses propres engagements|n'est pas le vôtre"):
        space_commitments.report(territory, commitment_id=data["other_commitment"], expected_version=1,
                                 status_id=data["statuses"]["en cours"], progress=None, news="",
                                 occurred_on=dt.date.today())
    own = space_commitments.own(territory, data["pid"])
    assert OTHER_TITLE not in [item.row.title for item in own.commitments]


def test_a_territory_corrects_its_public_commitment_then_withdraws_and_restores_it(
        private_store: str, server_address: Any) -> None:
    """Issue 25, scope 3: a territory updates its own commitments from its space — what it promises
    (a correction of a public one sends it back to the commission's validation) and its withdrawal."""
    data = _setup(private_store)
    engine = make_engine(private_store)
    territory = Actor(email="mairie@exemple.fr", role=Role.TERRITOIRE, participation_ids=frozenset({data["pid"]}))
    with session_scope(engine) as session:
        mine = writes.create_commitment(session, actor=territory, campaign_id=data["campaign_id"], data=CommitmentInput(
            title="Former 50 agnets", committer_kind="territoire", status_id=data["statuses"]["en cours"],
            item_id=data["item"].id, participation_id=data["pid"]))
        writes.set_validated(session, actor=EDITOR, commitment_id=mine.id, expected_version=mine.version)
        commitment_id = mine.id
    at = AppTest.from_file(ENTRYPOINT, default_timeout=90)
    at.query_params["jeton"] = data["token"]
    at.run()
    assert not at.exception
    assert "Cet engagement est public : le modifier le fait repasser en attente de validation." in _texts(at)
    title = at.text_input(key=f"engagement-{commitment_id}-modifier-title-0")
    assert title.value == "Former 50 agnets"
    title.input("Former 50 agents à l'IA générative")
    at.date_input(key=f"engagement-{commitment_id}-modifier-end_date-0").set_value(dt.date(2027, 6, 30))
    _button(at, "Enregistrer les modifications").click().run()
    assert not at.exception and not at.error
    assert any("Engagement modifié. Il repasse en attente de validation par la commission" in str(s.value)
               for s in at.success)
    assert "En attente de validation par la commission" in _texts(at)
    with session_scope(engine) as session:
        saved = session.get(Commitment, commitment_id)
        assert saved is not None
        assert (saved.title, saved.end_date, saved.validated) == ("Former 50 agents à l'IA générative",
                                                                  dt.date(2027, 6, 30), False)

    _button(at, "Retirer l'engagement").click().run()
    assert not at.exception and not at.error
    assert any("Engagement retiré" in str(s.value) for s in at.success)
    assert "Retiré" in _texts(at)
    _button(at, "Rétablir l'engagement").click().run()
    assert any(str(s.value) == "Engagement rétabli." for s in at.success)
    with session_scope(engine) as session:
        saved = session.get(Commitment, commitment_id)
        assert saved is not None and not saved.withdrawn and saved.version >= 4  # nothing deleted: versioned
    engine.dispose()
