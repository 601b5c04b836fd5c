"""AppTest of the online grid: the territory's form on /espace (draft, refused and accepted filing, only
its own grid), the commission's review on Fiche territoire, and the list on Suivi."""

from __future__ import annotations

from typing import Any
from unittest import mock

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.models import GridFiling, Participation, Stage
from data_access.space import filing, personal_links
from tests.support.apptest import open_page, texts
from tests.support.env import ENTRYPOINT
from tests.support.factories import READER
from tests.support.factories.filing import complete_answers, territory_actor


def _engaged(url: str, count: int = 1) -> list[int]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        ids = list(session.scalars(select(Participation.id).where(Participation.stage == Stage.ENGAGE.value)
                                   .order_by(Participation.id).limit(count)))
    engine.dispose()
    return ids


def _link(url: str, participation_id: int) -> str:
    engine = make_engine(url)
    with session_scope(engine) as session:
        token = personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=participation_id,
                                        email="mairie@exemple.fr").token
    engine.dispose()
    return token


def _with_store(url: str, work: Any) -> Any:
    engine = make_engine(url)
    with session_scope(engine) as session:
        result = work(session)
    engine.dispose()
    return result


def _space(token: str) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=90)
    at.query_params["jeton"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _filings(url: str, participation_id: int) -> list[tuple[int, str]]:
    return _with_store(url, lambda s: [tuple(r) for r in s.execute(
        select(GridFiling.version, GridFiling.status).where(GridFiling.participation_id == participation_id)
        .order_by(GridFiling.version))])


def test_the_territory_saves_a_draft_and_an_incomplete_filing_is_refused_in_french(
        private_store: str, server_address: Any) -> None:
    [pid] = _engaged(private_store)
    at = _space(_link(private_store, pid))
    assert "Grille d'information" in [h.value for h in at.header]
    labels = {w.label for w in at.text_area}
    assert "Quelles opportunités l'IA offre-t-elle pour votre territoire ? *" in labels  # from the grid definition
    next(w for w in at.text_area if w.label.startswith("Quelles opportunités")).input("Un début de réponse")
    _click(at, "Enregistrer le brouillon")
    assert any("Brouillon enregistré (version 1)" in s.value for s in at.success)
    assert not any("Brouillon (version 1) enregistré le" in i.value for i in at.info)  # said once, above
    assert _filings(private_store, pid) == [(1, "brouillon")]
    # The draft survives a new session: a reload shows it.
    again = AppTest.from_file(ENTRYPOINT, default_timeout=90)
    access = at.query_params["acces"]
    again.query_params["acces"] = access if isinstance(access, str) else access[0]
    again.run()
    assert next(w for w in again.text_area if w.label.startswith("Quelles opportunités")).value == "Un début de réponse"
    _click(again, "Déposer la grille")
    refusal = " ".join(e.value for e in again.error)
    assert "La grille n'a pas été déposée" in refusal and "Grille incomplète, réponses obligatoires manquantes" in refusal
    assert "À quelles conditions déployer l'IA ?" in refusal
    assert _filings(private_store, pid) == [(1, "brouillon")]
    stage = _with_store(private_store, lambda s: s.get(Participation, pid).stage)
    assert stage == Stage.ENGAGE.value


def test_a_complete_draft_is_filed_and_only_the_own_grid_is_shown(private_store: str, server_address: Any) -> None:
    pid, other = _engaged(private_store, 2)
    _with_store(private_store, lambda s: filing.save_draft(s, actor=territory_actor(pid), participation_id=pid,
                                                           answers=complete_answers()))
    _with_store(private_store, lambda s: filing.save_draft(
        s, actor=territory_actor(other), participation_id=other,
        answers={"opportunites": "Réponse confidentielle d'un autre territoire"}))
    at = _space(_link(private_store, pid))
    # By URL: the commission's pages (Fiche territoire, Suivi, Saisie) are not even registered for a link.
    registered = {str(info.get("script_path", "")).rsplit("/", 1)[-1] for info in at._registered_pages.values()}
    assert not registered & {"fiche_territoire.py", "suivi.py", "saisie.py", "import.py"}
    shown = " ".join(str(w.value) for w in at.text_area)
    assert "Simplifier les démarches des habitants." in shown and "confidentielle" not in shown
    _click(at, "Déposer la grille")
    assert not at.error, [e.value for e in at.error]
    assert any("votre grille est déposée (version 1)" in s.value for s in at.success)
    assert any("Grille déposée le" in s.value for s in at.success)
    assert not [b for b in at.button if b.label == "Déposer la grille"]  # filed: the form is closed
    assert _filings(private_store, pid) == [(1, "deposee")]
    assert _filings(private_store, other) == [(1, "brouillon")]
    stage = _with_store(private_store, lambda s: s.get(Participation, pid).stage)
    assert stage == Stage.GRILLE_DEPOSEE.value


def test_the_commission_returns_then_validates_on_the_territory_sheet(private_store: str) -> None:
    [pid] = _engaged(private_store)
    actor = territory_actor(pid)
    _with_store(private_store, lambda s: filing.file_grid(s, actor=actor, participation_id=pid,
                                                          answers=complete_answers()))
    suivi = open_page("suivi")
    assert "Grilles en ligne" in [h.value for h in suivi.header]
    assert "1 grille déposée à examiner" in texts(suivi)
    at = open_page("fiche_territoire")
    at.selectbox[0].set_value(pid).run()
    assert "Grille déposée en ligne" in [h.value for h in at.subheader]
    assert "Simplifier les démarches des habitants" in texts(at)
    _click(at, "Renvoyer au territoire")
    assert any("commentaire est obligatoire" in e.value for e in at.error)
    assert _filings(private_store, pid) == [(1, "deposee")]
    next(w for w in at.text_area if w.label.startswith("Commentaire pour le territoire")).input(
        "Précisez les risques exprimés.")
    _click(at, "Renvoyer au territoire")
    assert any("Grille renvoyée" in s.value for s in at.success)
    assert _filings(private_store, pid) == [(1, "renvoyee")]
    # Issue 24 item 12: the commission sees the comment it has just sent, before the territory files again.
    assert any("Commentaire envoyé au territoire" in i.value and "Précisez les risques exprimés" in i.value
               for i in at.info)
    # The territory reads the comment, files again; the commission validates the second version.
    space_at = _space(_link(private_store, pid))
    assert any("Précisez les risques exprimés" in w.value for w in space_at.warning)
    # Issue 24 item 12: what it filed stays readable, not only its number and date.
    next(t for t in space_at.toggle if t.label == "Relire la version 1").set_value(True).run()
    assert "Simplifier les démarches des habitants" in texts(space_at)
    _click(space_at, "Déposer la grille")
    assert _filings(private_store, pid) == [(1, "renvoyee"), (2, "deposee")]
    at = open_page("fiche_territoire")
    at.selectbox[0].set_value(pid).run()
    _click(at, "Valider la grille")
    assert any("Grille validée" in s.value for s in at.success)
    assert _filings(private_store, pid) == [(1, "renvoyee"), (2, "validee")]
    stage = _with_store(private_store, lambda s: s.get(Participation, pid).stage)
    assert stage == Stage.GRILLE_VALIDEE.value


def test_a_reader_sees_the_filed_grid_without_contacts_nor_buttons(private_store: str) -> None:
    [pid] = _engaged(private_store)
    _with_store(private_store, lambda s: filing.file_grid(s, actor=territory_actor(pid), participation_id=pid,
                                                          answers=complete_answers()))
    with mock.patch("dashboard.access.auth.current_actor", return_value=READER):
        at = open_page("fiche_territoire")
        at.selectbox[0].set_value(pid).run()
    assert "Grille déposée en ligne" in [h.value for h in at.subheader]
    body = texts(at)
    assert "Camille Martin" not in body and "donnée personnelle, visible des éditeurs" in body
    assert not [b for b in at.button if b.label in {"Valider la grille", "Renvoyer au territoire"}]


def test_the_charter_signed_above_the_form_shows_in_its_answers_without_a_reload(
        private_store: str, server_address: Any) -> None:
    """Issue 24 item 10: the charter answers stayed blank until a reload; a draft then stored the blanks."""
    import datetime as dt

    [pid] = _engaged(private_store)
    at = _space(_link(private_store, pid))
    charter_question = "La charte d'engagement a-t-elle été signée ? *"
    assert next(w for w in at.radio if w.label == charter_question).value is None
    at.text_input[0].input("Camille Martin")
    at.text_input[1].input("Maire")
    next(c for c in at.checkbox if c.label.startswith("J'ai lu la charte")).check()
    _click(at, "Signer la charte")
    assert next(w for w in at.radio if w.label == charter_question).value is True
    assert next(w for w in at.date_input if w.label == "Date de signature").value == dt.date.today()
    _click(at, "Enregistrer le brouillon")
    answers = _with_store(private_store, lambda s: s.scalar(
        select(GridFiling.answers).where(GridFiling.participation_id == pid)))
    assert answers["charte_signee"] is True and answers["charte_date"] == dt.date.today().isoformat()
