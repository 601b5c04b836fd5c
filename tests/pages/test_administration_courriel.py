"""Administration « Inviter un territoire » with e-mail (AppTest, private store): with SMTP settings the
link is sent to the address and not shown; without them the link is shown to copy, as before."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui.widgets import markdown_text
from tests.support.env import ENTRYPOINT, PROJECT_ROOT
from tests.support.smtp import Sink, text_of

PAGE = str(PROJECT_ROOT / "pages" / "administration.py")


def _invite(at: AppTest, address: str) -> None:
    next(s for s in at.selectbox if s.label == "Territoire engagé").select_index(0)
    next(t for t in at.text_input if t.label.startswith("Adresse électronique de la personne")).input(address)
    next(b for b in at.button if b.label == "Créer le lien").click().run()
    assert not at.exception, at.exception


def _open() -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_the_invitation_is_sent_by_e_mail(private_store: str, server_address: Any, smtp_sink: Sink,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in smtp_sink.env().items():
        monkeypatch.setenv(key, value)
    at = _open()
    assert next(c for c in at.checkbox if c.label == "Envoyer par e-mail").value is True
    _invite(at, "Mairie@Exemple.fr")
    assert not at.error, [e.value for e in at.error]
    shown = markdown_text("mairie@exemple.fr")
    assert any(f"envoyé par e-mail à {shown}" in s.value for s in at.success)
    assert not at.code  # the link went by e-mail only
    [message] = smtp_sink.messages()
    assert message["To"] == "mairie@exemple.fr" and "/espace?jeton=" in text_of(message)


def test_without_smtp_the_link_is_shown_and_the_page_says_why(private_store: str, server_address: Any) -> None:
    at = _open()
    assert not any(c.label == "Envoyer par e-mail" for c in at.checkbox)
    assert any("L'envoi de courriels n'est pas configuré" in c.value for c in at.caption)
    _invite(at, "mairie@exemple.fr")
    assert at.code and "/espace?jeton=" in at.code[0].value
