"""The commitments' CSV: French headers, « ; », UTF-8 with a BOM, French dates, formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy.orm import Session

from data_access.commitments import csv_format as f
from data_access.errors import PermissionDenied
from tests.support.factories import READER
from tests.support.factories.commitments import commitment_scenario, make_commitment


def read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_export_columns_and_values(session: Session) -> None:
    data = commitment_scenario(session)
    parent = make_commitment(session, data, title="=SOMME(A1) guide", proposals=data.proposals[:2],
                             territories=[data.participations[2]], start=dt.date(2025, 4, 1), status="en cours")
    make_commitment(session, data, kind="territoire", participation=data.rennes, parent=parent,
                    title="Former 200 agents", progress=30)
    exported = f.export_csv(session, actor=READER, campaign_id=data.campaign.id)
    assert exported.decode("utf-8-sig").splitlines()[0] == ";".join(f.COLUMNS)
    first, second = read(exported)
    assert first[f.TITLE] == "'=SOMME(A1) guide"  # a spreadsheet shows it, never evaluates it
    assert (first[f.ITEM], first[f.ITEM_WORDING]) == (str(data.items[0].id),
                                                     "1.1 Former tous les agents aux usages de l'IA générative")
    assert (first[f.KIND], first[f.NAME], first[f.STATUS], first[f.PROGRESS], first[f.AUTOMATIC]) == (
        "Commission", "Commission de l'Observatoire", "en cours", "30", "oui")
    assert (first[f.START], first[f.VALIDATED], first[f.WITHDRAWN], first[f.VERSION]) == ("01/04/2025", "non",
                                                                                         "non", "1")
    assert first[f.PROPOSALS] == " ; ".join(str(p.id) for p in data.proposals[:2])
    assert first[f.TERRITORIES] == "epci:243500139"
    assert (second[f.PARENT], second[f.KIND], second[f.NAME], second[f.TERRITORY], second[f.AUTOMATIC]) == (
        first[f.ID], "Territoire", "Rennes", "commune:35238", "non")


def test_unneutralise_takes_the_mark_off_only() -> None:
    assert f.unneutralise("'=A1") == "=A1"
    assert f.unneutralise("'hello") == "'hello"
    assert f.unneutralise("-5 %") == "-5 %"


def test_a_territory_does_not_export_the_campaign(session: Session) -> None:
    data = commitment_scenario(session)
    with pytest.raises(PermissionDenied):
        f.export_csv(session, actor=data.rennes_actor, campaign_id=data.campaign.id)
