"""AppTest of « Suivi des engagements » on each backend: the demo's commitments shown; the commission
creates, validates and reports progress (one click, one write, in the button's callback); a stale
version is refused in French; a CSV dry run names row and column and writes nothing; a territory's
link never reaches the page."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import Any

import pytest
import streamlit as st
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from dashboard.commitments import actions
from dashboard.ui import state
from data_access import campaigns
from data_access.access import SYSTEM_ACTOR, Actor
from data_access.commitments import csv_format, writes
from data_access.commitments.models import Commitment, CommitmentEntry
from data_access.db import make_engine, session_scope
from data_access.models import Participation, Role, Stage
from data_access.space import personal_links
from tests.support.apptest import page_path
from tests.support.env import ENTRYPOINT

PAGE = page_path("engagements")
OTHER = Actor(email="autre.editrice@exemple.fr", role=Role.EDITEUR)


def _open(view: str | None = None, selected: int | None = None) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.run()
    if selected is not None:
        at.session_state[state.COMMITMENTS_SELECTED] = selected
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    if view is not None:
        at.segmented_control[0].set_value(view).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [s.value for s in at.subheader] + [m.label for m in at.metric] + [m.value for m in at.metric]
    return "\n".join(str(p) for p in parts)


def _button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def _query(url: str, statement: Any) -> Any:
    engine = make_engine(url)
    with session_scope(engine) as session:
        result = session.execute(statement).all()
    engine.dispose()
    return result


def _unvalidated(url: str) -> tuple[int, str]:
    [(commitment_id, title)] = _query(url, select(Commitment.id, Commitment.title).where(
        Commitment.validated.is_(False), Commitment.withdrawn.is_(False)).order_by(Commitment.id).limit(1))
    return commitment_id, title


def test_the_page_shows_the_demo_commitments_in_every_view(demo_store: str) -> None:
    at = _open()
    assert at.title[0].value == "Suivi des engagements"
    figures = {m.label: m.value for m in at.metric}
    assert {"Engagements", "Validés", "Part réalisée"} <= set(figures)
    assert int(figures["Engagements"].replace("\u202f", "")) > 0 and figures["Part réalisée"].endswith("\u202f%")
    assert list(at.segmented_control[1].options) == ["Par élément", "Par statut", "Par territoire", "Par région"]
    for grouping in ("Par statut", "Par territoire", "Par région"):
        at.segmented_control[1].set_value(grouping).run()
        assert not at.exception, [e.value for e in at.exception]
    at.segmented_control[0].set_value("Carte").run()
    assert not at.exception
    payload = str(at.get("component_instance")[0].proto.json_args)
    # The legend and the tooltips reach the map as JSON inside its script: accents as \\u escapes.
    assert all(json.dumps(text)[1:-1].replace("\\", "\\\\") in payload
               for text in ("Part des engagements réalisés", "réalisé"))
    for view in ("Sans nouvelles", "Engagements", "Nouvel engagement", "Statuts", "Import et export"):
        at.segmented_control[0].set_value(view).run()
        assert not at.exception, (view, [e.value for e in at.exception])
        assert not at.error, (view, [e.value for e in at.error])
        text = _texts(at)
        assert "None" not in text and "nan" not in text.split(), view
    assert any(b.label.startswith("Télécharger les engagements (CSV") for b in at.get("download_button"))


def test_the_commission_creates_a_commitment_under_an_item(private_store: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = _query(private_store, select(func.count(Commitment.id)))[0][0]
    at = _open("Nouvel engagement")
    item_id = at.selectbox(key="engagement_nouveau_element").value
    at.text_input(key="engagement_nouveau_titre").input("Ouvrir un atelier IA par département")
    _RunCounter(monkeypatch).click(at, _button(at, "Créer l'engagement"))
    assert not at.error, [e.value for e in at.error]
    assert any("créé" in s.value for s in at.success)
    assert _query(private_store, select(func.count(Commitment.id)))[0][0] == before + 1
    [(item_id_stored, kind, validated)] = _query(private_store, select(Commitment.item_id, Commitment.committer_kind,
                                                                Commitment.validated).where(
        Commitment.title == "Ouvrir un atelier IA par département"))
    assert item_id == item_id_stored and kind == "commission" and not validated
    # The page opens the new commitment's sheet, under its item.
    assert at.segmented_control[0].value == "Engagements"
    assert "Ouvrir un atelier IA par département" in at.subheader[0].value
    assert "**Élément du manifeste** : " in _texts(at) and "**À valider**" in _texts(at)


class _RunCounter:
    """Counts the page's script runs (the flash is shown once per run) and any st.rerun call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs = 0
        original = actions.show_flash

        def counted() -> None:
            self.runs += 1
            original()

        def rerun(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("une écriture a demandé une seconde exécution (st.rerun)")

        monkeypatch.setattr(actions, "show_flash", counted)
        monkeypatch.setattr(st, "rerun", rerun)

    def click(self, at: AppTest, button: Any) -> None:
        self.runs = 0
        button.click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert self.runs == 1, "une action doit coûter une seule exécution de la page"


def test_the_commission_validates_a_commitment(private_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    commitment_id, title = _unvalidated(private_store)
    at = _open("Engagements", selected=commitment_id)
    assert title in at.subheader[0].value
    _RunCounter(monkeypatch).click(at, _button(at, "Valider"))
    assert not at.error
    assert any("validé" in s.value for s in at.success)
    assert _query(private_store, select(Commitment.validated).where(Commitment.id == commitment_id))[0][0] is True
    assert any(b.label == "Retirer la validation" for b in at.button)


def test_the_commission_reports_progress_with_a_dated_news(private_store: str) -> None:
    commitment_id, _title = _unvalidated(private_store)
    [(version,)] = _query(private_store, select(Commitment.version).where(Commitment.id == commitment_id))
    at = _open("Engagements", selected=commitment_id)
    prefix = f"engagement_{commitment_id}_{version}_avancement_"
    at.checkbox(key=prefix + "auto").uncheck().run()
    at.slider(key=prefix + "avancement").set_value(80)
    at.text_area(key=prefix + "texte").input("Délibération votée en conseil")
    _button(at, "Enregistrer l'avancement").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Avancement" in s.value and "enregistré" in s.value for s in at.success)
    [(progress, by_hand)] = _query(private_store, select(Commitment.progress, Commitment.progress_set_by_hand)
                                   .where(Commitment.id == commitment_id))
    assert progress == 80 and by_hand
    texts = [t for (t,) in _query(private_store, select(CommitmentEntry.text)
                                  .where(CommitmentEntry.commitment_id == commitment_id))]
    assert "Délibération votée en conseil" in texts


def test_a_stale_version_is_refused_in_french(private_store: str) -> None:
    commitment_id, _title = _unvalidated(private_store)
    at = _open("Engagements", selected=commitment_id)
    engine = make_engine(private_store)
    with session_scope(engine) as session:  # someone else saves while the sheet is open
        data = writes.input_of(session, commitment_id)
        [(version,)] = session.execute(select(Commitment.version).where(Commitment.id == commitment_id)).all()
        writes.update_commitment(session, actor=OTHER, commitment_id=commitment_id, expected_version=version,
                                 data=replace(data, title="Titre changé entre-temps"))
    engine.dispose()
    _button(at, "Valider").click().run()
    assert not at.exception
    message = " ".join(str(e.value) for e in at.error)
    assert "Titre changé entre-temps" in message and "a été modifié par" in message
    assert "n'a pas été enregistrée" in message
    assert _query(private_store, select(Commitment.validated).where(Commitment.id == commitment_id))[0][0] is False


def _exported(url: str) -> list[dict[str, str]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        data = csv_format.export_csv(session, actor=SYSTEM_ACTOR, campaign_id=campaign.id)
    engine.dispose()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def test_a_csv_dry_run_names_row_and_column_and_writes_nothing(private_store: str) -> None:
    rows = _exported(private_store)
    rows[0][csv_format.STATUS] = "terminé"
    rows[1][csv_format.TITLE] = "Un titre modifié qui ne sera pas importé"
    versions = _query(private_store, select(Commitment.id, Commitment.version).order_by(Commitment.id))
    at = _open("Import et export")
    at.file_uploader[0].set_value(("engagements.csv", _csv(rows), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    summary = " ".join(str(e.value) for e in at.error)
    assert "Import refusé : 1 erreur" in summary and "Aucun engagement n'a été modifié" in summary
    issues = at.dataframe[0].value
    assert list(issues["Colonne"]) == [csv_format.STATUS] and list(issues["Ligne"]) == ["2"]
    assert "« terminé » n'est pas un statut de la campagne" in issues["Message"].iloc[0]
    assert not any(b.label == "Importer" for b in at.button)
    assert _query(private_store, select(Commitment.id, Commitment.version).order_by(Commitment.id)) == versions


def test_a_csv_import_applies_after_its_dry_run(private_store: str) -> None:
    rows = _exported(private_store)
    rows[0][csv_format.TITLE] = "Titre corrigé dans le tableur"
    at = _open("Import et export")
    at.file_uploader[0].set_value(("engagements.csv", _csv(rows), "text/csv")).run()
    assert any("Simulation" in s.value for s in at.success)
    _button(at, "Importer").click().run()
    assert not at.exception and not at.error
    assert any(s.value.startswith("Import effectué") for s in at.success)
    assert _query(private_store, select(func.count(Commitment.id)).where(
        Commitment.title == "Titre corrigé dans le tableur"))[0][0] == 1


def test_a_territory_link_never_reaches_the_page(private_store: str, server_address: Any) -> None:
    engine = make_engine(private_store)
    with session_scope(engine) as session:
        participation = session.scalars(select(Participation).where(Participation.stage != Stage.ENGAGE.value)
                                        .order_by(Participation.id)).first()
        assert participation is not None
        token = personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=participation.id,
                                        email="mairie@exemple.fr").token
    engine.dispose()
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.query_params["jeton"] = token
    at.run()
    assert not at.exception
    registered = {str(info.get("script_path", "")).rsplit("/", 1)[-1] for info in at._registered_pages.values()}
    assert "engagements.py" not in registered
    try:
        at.switch_page(PAGE).run()
    except ValueError:
        return
    assert at.title[0].value != "Suivi des engagements"
