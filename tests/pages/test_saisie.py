"""AppTest of the entry form on a private store (it writes): correct a territory, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access.db import make_engine, session_scope
from data_access.models import AuditEvent, GridResponse, Participation, Stage
from tests.support.env import ENTRYPOINT, PROJECT_ROOT
from tests.support.factories import make_campaign, make_participation

PAGE = str(PROJECT_ROOT / "pages" / "saisie.py")


@pytest.fixture
def private_store(fresh_store: str) -> str:
    engine = make_engine(fresh_store)
    with session_scope(engine) as session:
        campaign = make_campaign(session, slug="saisie")
        make_participation(session, campaign, stage=Stage.CHARTE_SIGNEE)
    engine.dispose()
    return fresh_store


def _open() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _by_label(widgets, label: str):  # type: ignore[no-untyped-def]
    return next(w for w in widgets if w.label.startswith(label))


def test_correcting_a_territory_creates_its_grid_and_is_audited(private_store: str) -> None:
    at = _open()
    assert at.title[0].value == "Saisie et correction"
    assert at.selectbox(key="saisie_territoire").value is not None
    _by_label(at.text_area, "Quelles opportunités").input("<b>Des services plus proches</b>")
    _by_label(at.text_area, "À quelles conditions").input("Former les agents.")
    _by_label(at.multiselect, "Thèmes abordés").select("Mobilités")
    at.button[1].click().run()  # « Enregistrer »
    assert not at.exception, at.exception
    assert any("Enregistré" in s.value for s in at.success), [e.value for e in at.error]

    engine = make_engine(private_store)
    with session_scope(engine) as session:
        response = session.scalars(select(GridResponse)).one()
        assert response.answers["opportunites"] == "<b>Des services plus proches</b>"
        assert session.scalars(select(Participation.stage)).one() == Stage.GRILLE_DEPOSEE.value
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "saisie.participation")).one()
        assert event.summary.startswith("Saisie et correction — ")
        assert event.before is not None and event.before["stage"] == Stage.CHARTE_SIGNEE.value
        assert event.after is not None and event.after["stage"] == Stage.GRILLE_DEPOSEE.value
    engine.dispose()


def test_an_invalid_entry_changes_nothing(private_store: str) -> None:
    at = _open()
    _by_label(at.text_area, "Quelles opportunités").input("x" * 10_001)
    at.button[1].click().run()
    assert any("Rien n'a été enregistré" in e.value for e in at.error)
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        assert session.scalars(select(GridResponse)).all() == []
    engine.dispose()


def test_registering_a_new_territory_with_a_session(private_store: str) -> None:
    at = _open()
    at.radio(key="saisie_mode").set_value("Enregistrer un nouveau territoire").run()
    at.text_input(key="saisie_nouveau").input("29019").run()
    assert not at.exception, at.exception
    assert any("Brest" in c.value for c in at.caption)
    _by_label(at.text_input, "Nom du ou de la référente").input("Alex Le Gall")
    at.button[1].click().run()
    assert any("Enregistré" in s.value for s in at.success), [e.value for e in at.error]
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        names = session.scalars(select(Participation.contact_name).order_by(Participation.id)).all()
        assert names == ["Camille Martin", "Alex Le Gall"]
    engine.dispose()


def test_a_phone_correction_is_not_a_new_grid_version(private_store: str) -> None:
    at = _open()
    _by_label(at.text_area, "Quelles opportunités").input("Des services plus proches.")
    _by_label(at.text_area, "À quelles conditions").input("Former les agents.")
    _by_label(at.multiselect, "Thèmes abordés").select("Mobilités")
    at.button[1].click().run()
    assert any("Enregistré" in s.value for s in at.success), [e.value for e in at.error]
    assert any(b.label.startswith("Télécharger sa grille pré-remplie") for b in at.get("download_button"))
    _by_label(at.text_input, "Téléphone du ou de la référente").input("02 99 00 00 00")
    at.button[1].click().run()
    assert any("contact" in s.value and "téléphone" in s.value for s in at.success), (
        [s.value for s in at.success], [e.value for e in at.error], [b.label for b in at.button])
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        assert len(session.scalars(select(GridResponse)).all()) == 1
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event is not None and event.summary.endswith(": contact (téléphone)")
        assert "Import du fichier" not in event.summary
    engine.dispose()


def test_errors_sit_next_to_their_field_once(private_store: str) -> None:
    """An invalid e-mail: one message, under the e-mail field, named by the field, not by a sheet and
    a spreadsheet row; not also reported as a missing answer; the territory named as everywhere."""
    at = _open()
    assert any(c.value == "Territoire : Rennes \\(commune, 35238\\)" for c in at.caption), [c.value for c in at.caption]
    _by_label(at.text_input, "Courriel du ou de la référente").input("camille-at-exemple.fr")
    at.button[0].click().run()  # « Vérifier sans enregistrer »
    assert not at.exception, at.exception
    boxes = [e.value for e in at.error]
    about_email = [b for b in boxes if "n'est pas une adresse" in b]
    assert len(about_email) == 1 and "Territoires" not in about_email[0], boxes
    assert not any("manquantes" in b and "Courriel" in b for b in boxes), boxes
    assert not any("Feuille" in str(d.value.columns) for d in at.dataframe)
