"""The versions of a territory's online grid: what its form shows, whether it may still edit, its history."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from data_access.errors import ValidationError
from data_access.models import FILING_STATUS_LABELS, FilingStatus, Stage
from data_access.space import filing, filing_versions
from tests.support.factories import EDITOR, make_campaign, make_participation
from tests.support.factories.filing import complete_answers, territory_actor


def test_without_a_draft_the_form_shows_what_the_store_holds(session: Session) -> None:
    rennes = make_participation(session, make_campaign(session), stage=Stage.CHARTE_SIGNEE).id
    own = filing_versions.own_filing(session, actor=territory_actor(rennes), participation_id=rennes)
    assert own.status is None and own.version == 0
    assert own.answers["contact_nom"] == "Camille Martin" and own.answers["sessions"] == []
    assert "territoire" not in own.answers and "etape" not in own.answers


def test_a_grid_validated_before_any_online_filing_is_locked(session: Session) -> None:
    """A grid imported and validated by the commission: no draft, and none can be started."""
    rennes = make_participation(session, make_campaign(session), stage=Stage.GRILLE_VALIDEE).id
    own = filing_versions.own_filing(session, actor=territory_actor(rennes), participation_id=rennes)
    assert own.status is None and not own.editable and not own.stale and own.history == ()
    assert own.locked_reason == ("La grille de votre territoire est déjà validée par la commission. "
                                 "Pour la modifier, écrivez-lui.")
    with pytest.raises(ValidationError, match="déjà validée"):
        filing.save_draft(session, actor=territory_actor(rennes), participation_id=rennes, answers={})


def test_the_history_lists_every_version_newest_first(session: Session) -> None:
    rennes = make_participation(session, make_campaign(session), stage=Stage.CHARTE_SIGNEE).id
    actor = territory_actor(rennes)
    filing.file_grid(session, actor=actor, participation_id=rennes, answers=complete_answers())
    filing.return_filing(session, actor=EDITOR, participation_id=rennes, version=1, comment="Précisez les risques.")
    filing.save_draft(session, actor=actor, participation_id=rennes, answers=complete_answers(risques="Coût."))
    own = filing_versions.own_filing(session, actor=actor, participation_id=rennes)
    assert own.status is FilingStatus.BROUILLON and own.version == 2 and own.editable and not own.stale
    assert own.returned_comment == "Précisez les risques."  # the return still shown in the next draft
    assert [(h.version, h.status) for h in own.history] == [(2, FilingStatus.BROUILLON), (1, FilingStatus.RENVOYEE)]
    assert [h.status_label for h in own.history] == [FILING_STATUS_LABELS[h.status] for h in own.history]
    assert own.history[1].review_comment == "Précisez les risques." and own.history[1].reviewed_by == EDITOR.email
