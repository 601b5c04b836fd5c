"""One-sentence summaries shown on the pages."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session

from dashboard.text import summaries
from data_access.models import CharterSignature
from data_access.monitoring.territory_sheet import territory_sheet
from tests.support.factories import make_campaign, make_participation


def test_charter_signature_names_the_signatory_only_with_personal_data(session: Session) -> None:
    participation = make_participation(session, make_campaign(session))
    session.add(CharterSignature(participation_id=participation.id, signed_on=dt.date(2025, 2, 3),
                                 signatory_name="Camille Martin", signatory_role="maire", charter_version=2))
    session.flush()
    editor_view = territory_sheet(session, participation.id, with_contacts=True)
    reader_view = territory_sheet(session, participation.id, with_contacts=False)
    assert editor_view is not None and reader_view is not None
    assert summaries.charter_signature(editor_view) == (
        "Signée le 3 février 2025 par Camille Martin (maire), version 2 de la charte.")
    assert summaries.charter_signature(reader_view) == "Signée le 3 février 2025 (signataire : maire), version 2 de la charte."
    unsigned = dataclasses.replace(reader_view, charter_on=None)
    assert summaries.charter_signature(unsigned) == "La charte n'est pas encore signée."
